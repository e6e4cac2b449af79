package org.minicnn.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.conv.ConvAlgorithm;

/**
 * {@code reuseOutputs(true)}: the same numbers, bit for bit, as fresh arrays, on every algorithm and
 * kernel path, although each call finds the previous call's values in its arrays.
 */
class ReuseOutputsTest extends EngineTestBase {

  /**
   * Two steps of forward and backward through a fresh-array layer and a reusing one built alike;
   * the second step's output, dL/dx and accumulated gradients must be identical.
   */
  private void check(Supplier<BaseConv<?>> make, int... inputShape) {
    for (ConvAlgorithm algorithm : ConvAlgorithm.values()) {
      BaseConv<?> fresh = make.get().algorithm(algorithm);
      BaseConv<?> reusing = make.get().algorithm(algorithm).reuseOutputs(true);
      Tensor[] outputs = new Tensor[2];
      Tensor[] inputGradients = new Tensor[2];
      for (int step = 0; step < 2; step++) {
        Tensor x = randomTensor(inputShape);
        Tensor y = fresh.forward(x);
        outputs[step] = reusing.forward(x);
        assertArrayEquals(y.data(), outputs[step].data(), 0.0, algorithm + " output, step " + step);
        Tensor dy = randomTensor(y.shape());
        Tensor dx = fresh.backward(dy);
        inputGradients[step] = reusing.backward(dy);
        assertArrayEquals(dx.data(), inputGradients[step].data(), 0.0, algorithm + " dL/dx, step " + step);
        assertArrayEquals(fresh.kernelGrad().data(), reusing.kernelGrad().data(), 0.0, algorithm + " dL/dw");
        if (fresh.usesBias()) {
          assertArrayEquals(fresh.biasGrad().data(), reusing.biasGrad().data(), 0.0, algorithm + " dL/db");
        }
      }
      assertSame(outputs[0].data(), outputs[1].data(), "the output array is reused");
      assertSame(inputGradients[0].data(), inputGradients[1].data(), "the dL/dx array is reused");
    }
  }

  @Test
  void givesTheNumbersOfFreshArraysOnEveryPath() {
    // the direct one-channel one-filter kernel (the vertical-line job)
    check(() -> new Conv2D(1, 3, 3).seed(1), 4, 8, 8, 1);
    // small patches: S2-like, strided and dilated with SAME padding, flipped, and 1D causal (S4-like)
    check(() -> new Conv2D(8, 3, 3).seed(2), 3, 9, 10, 1);
    check(() -> new Conv2D(5, 3, 2).seed(3).strides(2, 1).dilation(1, 2).padding(Padding.SAME), 2, 9, 8, 2);
    check(() -> new Conv2D(4, 3, 3).seed(4).flipKernel(true).useBias(false), 2, 6, 7, 3);
    check(() -> new Conv1D(16, 5).seed(5).padding(Padding.CAUSAL), 2, 30, 4);
    // patches beyond the small-patch limit: the blocked multiply
    check(() -> new Conv2D(7, 3, 3).seed(6).padding(Padding.SAME), 2, 8, 9, 5);
  }

  /** The float32 kernels add into dL/dx, so the reused array must be cleared first: the second step shows it. */
  @Test
  void float32GivesTheNumbersOfFreshArrays() {
    check(() -> new Conv2D(16, 3, 3).seed(9).computeDtype(ComputeDtype.FLOAT32), 2, 8, 8, 4);
    check(() -> new Conv2D(8, 3, 3).seed(10).computeDtype(ComputeDtype.FLOAT32).padding(Padding.SAME), 2, 7, 6, 1);
  }

  @Test
  void aBatchOfAnotherSizeGetsArraysOfItsOwnSize() {
    Conv2D layer = new Conv2D(2, 3, 3).seed(7).reuseOutputs(true);
    Conv2D fresh = new Conv2D(2, 3, 3).seed(7);
    for (int batch : new int[] {4, 3, 4}) {
      Tensor x = randomTensor(batch, 6, 6, 1);
      Tensor y = layer.forward(x);
      assertArrayEquals(new int[] {batch, 4, 4, 2}, y.shape());
      assertArrayEquals(fresh.forward(x).data(), y.data(), 0.0);
      Tensor dy = randomTensor(y.shape());
      assertArrayEquals(fresh.backward(dy).data(), layer.backward(dy).data(), 0.0);
    }
  }

  @Test
  void isOffByDefaultSoEveryCallReturnsNewArrays() {
    Conv2D layer = new Conv2D(1, 3, 3).seed(8);
    assertFalse(layer.reuseOutputs());
    assertTrue(new Conv1D(1, 3).reuseOutputs(true).reuseOutputs());
    Tensor x = randomTensor(2, 5, 5, 1);
    Tensor first = layer.forward(x);
    Tensor firstGrad = layer.backward(randomTensor(first.shape()));
    Tensor second = layer.forward(x);
    assertNotSame(first.data(), second.data());
    assertNotSame(firstGrad.data(), layer.backward(randomTensor(second.shape())).data());
  }
}
