package org.minicnn.engine.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.GradientCheck;
import org.minicnn.engine.Tensor;

class MeanSquaredErrorTest extends EngineTestBase {

  @Test
  void meanOverAllElementsAsKerasAndPyTorch() {
    MeanSquaredError mse = new MeanSquaredError();
    // differences 1, -2, 0, 3 → (1 + 4 + 0 + 9) / 4
    double loss = mse.forward(Tensor.of(new double[] {1, 0, 2, 3}, 2, 2), Tensor.of(new double[] {0, 2, 2, 0}, 2, 2));
    assertEquals(3.5, loss);
    assertArrayEquals(new double[] {0.5, -1.0, 0.0, 1.5}, mse.backward().toArray());
  }

  @RepeatedTest(20)
  void gradientMatchesCentralDifferences() {
    int[] shape = {between(1, 4), between(1, 5), between(1, 3)};
    GradientCheck.check(new MeanSquaredError(), randomTensor(shape), randomTensor(shape)).assertWithin(GRADIENT_TOLERANCE);
  }

  @Test
  void badInput() {
    assertThrowsMessage(IllegalArgumentException.class,
        "MeanSquaredError: expected target of the predictions' shape [1, 6, 6, 1], got [1, 6, 6]",
        () -> new MeanSquaredError().forward(Tensor.zeros(1, 6, 6, 1), Tensor.zeros(1, 6, 6)));
    assertThrowsMessage(IllegalStateException.class, "MeanSquaredError.backward called before forward",
        () -> new MeanSquaredError().backward());
  }

  /** The summed version (d2l's {@code ((Y_hat - Y) ** 2).sum()}): no division by the count. */
  @Test
  void summedSquaredErrorDoesNotDivide() {
    SummedSquaredError sse = new SummedSquaredError();
    double loss = sse.forward(Tensor.of(new double[] {1, 0, 2, 3}, 2, 2), Tensor.of(new double[] {0, 2, 2, 0}, 2, 2));
    assertEquals(14.0, loss);
    assertArrayEquals(new double[] {2.0, -4.0, 0.0, 6.0}, sse.backward().toArray());
  }
}
