package org.minicnn.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.GradientCheck;
import org.minicnn.engine.Initializers;
import org.minicnn.engine.Parameter;
import org.minicnn.engine.Tensor;

class DenseTest extends EngineTestBase {

  private static Dense handMade() {
    Dense dense = new Dense(3);
    dense.setWeights(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3), Tensor.of(new double[] {0.5, 0, -1}, 3));
    return dense;
  }

  @Test
  void forwardIsInputTimesKernelPlusBias() {
    Dense dense = handMade();
    // [1, 2]·[[1, 2, 3], [4, 5, 6]] + [0.5, 0, -1] = [9, 12, 15] + [0.5, 0, -1]
    Tensor y = dense.forward(Tensor.of(new double[] {1, 2}, 1, 2));
    assertArrayEquals(new int[] {1, 3}, y.shape());
    assertArrayEquals(new double[] {9.5, 12, 14}, y.toArray());
  }

  @Test
  void backwardGivesKernelBiasAndInputGradients() {
    Dense dense = handMade();
    dense.forward(Tensor.of(new double[] {1, 2}, 1, 2));
    Tensor dx = dense.backward(Tensor.of(new double[] {1, 0, 2}, 1, 3));
    assertArrayEquals(new double[] {7, 16}, dx.toArray());                    // dy·Wᵀ
    assertArrayEquals(new double[] {1, 0, 2, 2, 0, 4}, dense.kernelGrad().toArray());   // xᵀ·dy
    assertArrayEquals(new double[] {1, 0, 2}, dense.biasGrad().toArray());
  }

  @Test
  void backwardAddsIntoTheGradients() {
    Dense dense = handMade();
    for (int i = 0; i < 2; i++) {
      dense.forward(Tensor.of(new double[] {1, 2}, 1, 2));
      dense.backward(Tensor.of(new double[] {1, 0, 2}, 1, 3));
    }
    assertArrayEquals(new double[] {2, 0, 4, 4, 0, 8}, dense.kernelGrad().toArray());
    assertArrayEquals(new double[] {2, 0, 4}, dense.biasGrad().toArray());
  }

  @Test
  void higherRankInputIsTransformedAlongTheLastAxis() {
    Dense dense = handMade();
    Tensor y = dense.forward(Tensor.of(new double[] {1, 2, 0, 1, 1, 0, 0, 0}, 2, 2, 2));
    assertArrayEquals(new int[] {2, 2, 3}, y.shape());
    assertArrayEquals(new double[] {9.5, 12, 14, 4.5, 5, 5, 1.5, 2, 2, 0.5, 0, -1}, y.toArray());
    assertArrayEquals(new int[] {4, 7, 3}, dense.outputShape(4, 7, 2));
  }

  @Test
  void glorotUniformKernelFromTheSeedAndZeroBias() {
    Dense dense = new Dense(4).seed(42);
    dense.build(8, 6);
    assertEquals(Initializers.glorotUniform(42, 6, 4, 6, 4), dense.kernel());
    assertEquals(Tensor.zeros(4), dense.bias());
    Dense same = new Dense(4).seed(42);
    same.forward(Tensor.zeros(1, 6));
    assertEquals(dense.kernel(), same.kernel());
    Dense other = new Dense(4).seed(43);
    other.build(1, 6);
    assertNotEquals(dense.kernel(), other.kernel());
  }

  @Test
  void parametersInKerasOrder() {
    Dense dense = handMade();
    List<Parameter> parameters = dense.parameters();
    assertEquals(List.of("kernel", "bias"), parameters.stream().map(Parameter::name).toList());
    Dense noBias = new Dense(2).useBias(false);
    noBias.build(1, 3);
    assertEquals(1, noBias.parameters().size());
    assertNull(noBias.bias());
    assertNull(noBias.biasGrad());
    assertArrayEquals(new int[] {3, 2}, noBias.kernel().shape());
  }

  @RepeatedTest(30)
  void gradientsMatchCentralDifferences() {
    Dense dense = new Dense(between(1, 5)).useBias(random.nextBoolean()).seed(random.nextLong());
    Tensor x = random.nextBoolean()
        ? randomTensor(between(1, 4), between(1, 6))
        : randomTensor(between(1, 3), between(1, 3), between(1, 6));
    GradientCheck.check(dense, x, random.nextLong()).assertWithin(GRADIENT_TOLERANCE);
  }
}
