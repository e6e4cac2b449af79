package org.minicnn.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.Tensor;

class PaddingAndFlipTest extends EngineTestBase {

  @Test
  void outputSizesAsKeras() {
    // n = 8, k = 3
    assertEquals(6, Padding.VALID.outputSize(8, 3, 1, 1));
    assertEquals(8, Padding.SAME.outputSize(8, 3, 1, 1));
    assertEquals(3, Padding.VALID.outputSize(8, 3, 2, 1));   // floor((8 - 3) / 2) + 1
    assertEquals(4, Padding.SAME.outputSize(8, 3, 2, 1));    // ceil(8 / 2)
    assertEquals(4, Padding.VALID.outputSize(8, 3, 1, 2));   // dilated extent 5
    assertEquals(8, Padding.CAUSAL.outputSize(8, 3, 1, 2));
    // SAME with an even total pad splits evenly, with an odd one puts the extra zero at the end.
    assertEquals(1, Padding.SAME.padBefore(8, 3, 1, 1));
    assertEquals(0, Padding.SAME.padBefore(8, 2, 1, 1));     // total 1: none before, one after
    assertEquals(0, Padding.SAME.padBefore(8, 3, 2, 1));     // total max((4-1)·2+3-8, 0) = 1
    assertEquals(4, Padding.CAUSAL.padBefore(8, 3, 1, 2));
  }

  @Test
  void sameKeepsTheSizeAndCausalSeesOnlyThePast() {
    Conv1D same = new Conv1D(1, 3).padding(Padding.SAME);
    same.setWeights(Tensor.of(new double[] {1, 1, 1}, 3, 1, 1), Tensor.zeros(1));
    assertArrayEquals(new double[] {2, 3, 3, 2}, same.forward(Tensor.full(1.0, 1, 4, 1)).toArray());

    Conv1D causal = new Conv1D(1, 2).padding(Padding.CAUSAL);
    causal.setWeights(Tensor.of(new double[] {10, 1}, 2, 1, 1), Tensor.zeros(1));
    // y[t] = 10·x[t−1] + x[t]
    assertArrayEquals(new double[] {1, 12, 23, 34}, causal.forward(Tensor.of(new double[] {1, 2, 3, 4}, 1, 4, 1)).toArray());
  }

  @Test
  void flipKernelTurnsCrossCorrelationIntoConvolution() {
    Tensor impulse = Tensor.of(new double[] {0, 0, 1, 0, 0}, 1, 5, 1);
    Tensor kernel = Tensor.of(new double[] {1, 2, 3}, 3, 1, 1);
    Conv1D correlation = new Conv1D(1, 3);
    correlation.setWeights(kernel, Tensor.zeros(1));
    Conv1D convolution = new Conv1D(1, 3).flipKernel(true);
    convolution.setWeights(kernel, Tensor.zeros(1));
    // Cross-correlation of an impulse gives the kernel reversed; convolution gives it as it is.
    assertArrayEquals(new double[] {3, 2, 1}, correlation.forward(impulse).toArray());
    assertArrayEquals(new double[] {1, 2, 3}, convolution.forward(impulse).toArray());
    // The stored kernel is untouched by the flip.
    assertArrayEquals(new double[] {1, 2, 3}, convolution.kernel().toArray());
  }
}
