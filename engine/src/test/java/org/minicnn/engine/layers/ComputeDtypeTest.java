package org.minicnn.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.conv.ConvAlgorithm;

/**
 * The compute dtype of the convolution layers: float64 by default and unchanged bit for bit; float32 computes
 * within float rounding of float64 (outputs and all gradients, 1D and 2D, strides, dilation, padding, a flipped
 * kernel, no input gradient, reused outputs), and hands out floats.
 */
class ComputeDtypeTest extends EngineTestBase {

  /** Float rounding of sums of a few dozen terms of magnitude about 1, relative to the largest value. */
  private static final double FLOAT_TOLERANCE = 1e-5;

  @Test
  void theDefaultIsFloat64AndComputesWhatTheAlgorithmComputes() {
    Conv2D layer = new Conv2D(5, 3, 3);
    assertSame(ComputeDtype.FLOAT64, layer.computeDtype());
    Tensor x = randomTensor(2, 7, 6, 3);
    Tensor dy = randomTensor(layer.outputShape(2, 7, 6, 3));
    Conv2D explicit = new Conv2D(5, 3, 3).computeDtype(ComputeDtype.FLOAT64).algorithm(ConvAlgorithm.DEFAULT);
    layer.forward(x);  // builds the weights
    explicit.setWeights(layer.kernel(), layer.bias());
    assertArrayEquals(explicit.forward(x).data(), layer.forward(x).data());
    assertArrayEquals(explicit.backward(dy).data(), layer.backward(dy).data());
    assertArrayEquals(explicit.kernelGrad().data(), layer.kernelGrad().data());
  }

  @Test
  void float32Conv2dIsWithinFloatRoundingOfFloat64() {
    Conv2D wide = new Conv2D(9, 3, 2).strides(2, 1).dilation(1, 2).padding(Padding.SAME);
    Conv2D narrow = new Conv2D(9, 3, 2).strides(2, 1).dilation(1, 2).padding(Padding.SAME)
        .computeDtype(ComputeDtype.FLOAT32);
    assertSame(ComputeDtype.FLOAT32, narrow.computeDtype());
    assertFloat32Close(wide, narrow, 3, 11, 10, 4);
  }

  @Test
  void float32Conv1dWithCausalPaddingAndAFlippedKernelIsWithinFloatRoundingOfFloat64() {
    Conv1D wide = new Conv1D(6, 4).padding(Padding.CAUSAL).flipKernel(true);
    Conv1D narrow = new Conv1D(6, 4).padding(Padding.CAUSAL).flipKernel(true).computeDtype(ComputeDtype.FLOAT32);
    assertFloat32Close(wide, narrow, 4, 30, 3);
  }

  @Test
  void float32HonoursNoInputGradientAndReusedOutputs() {
    Conv2D narrow = new Conv2D(4, 2, 2).computeDtype(ComputeDtype.FLOAT32).needsInputGradient(false)
        .reuseOutputs(true);
    Conv2D wide = new Conv2D(4, 2, 2).needsInputGradient(false);
    Tensor x = randomTensor(2, 5, 5, 2);
    Tensor y = narrow.forward(x);
    wide.setWeights(narrow.kernel(), narrow.bias());
    assertClose(wide.forward(x).data(), y.data(), FLOAT_TOLERANCE);
    Tensor dy = randomTensor(y.shape());
    assertNull(narrow.backward(dy));
    wide.backward(dy);
    assertClose(wide.kernelGrad().data(), narrow.kernelGrad().data(), FLOAT_TOLERANCE);
    assertClose(wide.biasGrad().data(), narrow.biasGrad().data(), FLOAT_TOLERANCE);
    assertSame(y.data(), narrow.forward(x).data(), "the kept output array");
  }

  /** Float32 outputs are floats, and differ from float64's in the last bits: the option really computes in float. */
  @Test
  void float32OutputsAreFloatsThatDifferFromFloat64() {
    Conv2D narrow = new Conv2D(3, 3, 3).computeDtype(ComputeDtype.FLOAT32);
    Tensor x = randomTensor(2, 6, 6, 4);
    double[] y = narrow.forward(x).data();
    Conv2D wide = new Conv2D(3, 3, 3);
    wide.setWeights(narrow.kernel(), narrow.bias());
    double[] expected = wide.forward(x).data();
    int differ = 0;
    for (int i = 0; i < y.length; i++) {
      assertEquals(y[i], (double) (float) y[i], "a float");
      differ += y[i] == expected[i] ? 0 : 1;
    }
    assertNotEquals(0, differ, "float32 and float64 give other bits");
  }

  @Test
  void nullComputeDtypeIsRefused() {
    assertThrowsMessage(IllegalArgumentException.class,
        "Conv2D: expected a compute dtype (FLOAT64 or FLOAT32), got null",
        () -> new Conv2D(1, 3, 3).computeDtype(null));
  }

  @Test
  void dtypesAreNamedAndParsedAsPyTorchNamesThem() {
    assertEquals("float64", ComputeDtype.FLOAT64.dtypeName());
    assertEquals("float32", ComputeDtype.FLOAT32.dtypeName());
    assertSame(ComputeDtype.FLOAT64, ComputeDtype.parse("float64"));
    assertSame(ComputeDtype.FLOAT64, ComputeDtype.parse(" Double"));
    assertSame(ComputeDtype.FLOAT32, ComputeDtype.parse("FLOAT32"));
    assertSame(ComputeDtype.FLOAT32, ComputeDtype.parse("float"));
    assertThrowsMessage(IllegalArgumentException.class,
        "expected a compute dtype float64 (double) or float32 (float), got 'float16'",
        () -> ComputeDtype.parse("float16"));
    assertThrowsMessage(IllegalArgumentException.class,
        "expected a compute dtype float64 (double) or float32 (float), got 'null'", () -> ComputeDtype.parse(null));
  }

  /** Same weights, same input and upstream gradient: float32's output and gradients within float rounding. */
  private void assertFloat32Close(BaseConv<?> wide, BaseConv<?> narrow, int... inputShape) {
    Tensor x = randomTensor(inputShape);
    Tensor y = narrow.forward(x);
    wide.setWeights(narrow.kernel(), narrow.bias());
    assertClose(wide.forward(x).data(), y.data(), FLOAT_TOLERANCE);
    Tensor dy = randomTensor(y.shape());
    assertClose(wide.backward(dy).data(), narrow.backward(dy).data(), FLOAT_TOLERANCE);
    assertClose(wide.kernelGrad().data(), narrow.kernelGrad().data(), FLOAT_TOLERANCE);
    assertClose(wide.biasGrad().data(), narrow.biasGrad().data(), FLOAT_TOLERANCE);
  }
}
