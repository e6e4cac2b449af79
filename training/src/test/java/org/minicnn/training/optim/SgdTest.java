package org.minicnn.training.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.minicnn.engine.Parameter;
import org.minicnn.engine.Tensor;
import org.junit.jupiter.api.Test;

/** Each update equals the value worked out by hand from PyTorch's rule (also what torch.optim.SGD prints). */
class SgdTest {

  /** Rounding of a few double operations. */
  private static final double TOLERANCE = 1e-15;

  static Parameter scalar(double value) {
    return new Parameter("w", Tensor.of(new double[] {value}, 1));
  }

  /** Sets the gradient, steps, and returns the new value. */
  static double stepWith(Optimizer optimizer, Parameter p, double grad) {
    p.grad().data()[0] = grad;
    optimizer.step(List.of(p));
    return p.value().data()[0];
  }

  @Test
  void plainStepIsValueMinusLearningRateTimesGradient() {
    Parameter p = scalar(1.0);
    assertEquals(1.0 - 0.1 * 0.5, stepWith(new Sgd(0.1), p, 0.5), TOLERANCE);   // 0.95
  }

  @Test
  void weightDecayAddsLambdaTimesValueToTheGradient() {
    Parameter p = scalar(2.0);
    // g = 0.5 + 0.1·2 = 0.7; p = 2 − 0.1·0.7
    assertEquals(1.93, stepWith(new Sgd(0.1).weightDecay(0.1), p, 0.5), TOLERANCE);
  }

  @Test
  void momentumBufferStartsAtTheGradientThenAccumulates() {
    Sgd sgd = new Sgd(0.1).momentum(0.9);
    Parameter p = scalar(1.0);
    assertEquals(0.9, stepWith(sgd, p, 1.0), TOLERANCE);     // b = 1,   p = 1 − 0.1
    assertEquals(0.71, stepWith(sgd, p, 1.0), TOLERANCE);    // b = 1.9, p = 0.9 − 0.19
    assertEquals(0.439, stepWith(sgd, p, 1.0), TOLERANCE);   // b = 2.71, p = 0.71 − 0.271
    assertEquals(2.71, sgd.state(List.of(p)).get(0).get("momentum_buffer").get(0), TOLERANCE);
  }

  @Test
  void nesterovLooksAheadAlongTheBuffer() {
    Sgd sgd = new Sgd(0.1).momentum(0.9).nesterov(true);
    Parameter p = scalar(1.0);
    assertEquals(0.81, stepWith(sgd, p, 1.0), TOLERANCE);    // b = 1,   g = 1 + 0.9·1   = 1.9
    assertEquals(0.539, stepWith(sgd, p, 1.0), TOLERANCE);   // b = 1.9, g = 1 + 0.9·1.9 = 2.71
  }

  @Test
  void nesterovWithWeightDecay() {
    Sgd sgd = new Sgd(0.1).momentum(0.5).nesterov(true).weightDecay(0.2);
    Parameter p = scalar(2.0);
    // g = 1 + 0.2·2 = 1.4; b = 1.4; g = 1.4 + 0.5·1.4 = 2.1; p = 2 − 0.21
    assertEquals(1.79, stepWith(sgd, p, 1.0), TOLERANCE);
    // g = −1 + 0.2·1.79 = −0.642; b = 0.5·1.4 − 0.642 = 0.058; g = −0.642 + 0.029 = −0.613; p = 1.79 + 0.0613
    assertEquals(1.8513, stepWith(sgd, p, -1.0), TOLERANCE);
  }

  @Test
  void updatesEveryElementAndLeavesGradientsAlone() {
    Parameter p = new Parameter("kernel", Tensor.of(new double[] {1, 2, 3, 4}, 2, 2));
    p.grad().copyFrom(Tensor.of(new double[] {1, -1, 0.5, 0}, 2, 2));
    new Sgd(0.5).step(List.of(p));
    assertArrayEquals(new double[] {0.5, 2.5, 2.75, 4}, p.value().toArray(), TOLERANCE);
    assertArrayEquals(new double[] {1, -1, 0.5, 0}, p.grad().toArray(), TOLERANCE);
  }

  @Test
  void stateBelongsToTheParameterObjectNotItsValue() {
    Sgd sgd = new Sgd(0.1).momentum(0.9);
    Parameter a = scalar(1.0);
    Parameter b = scalar(1.0);
    stepWith(sgd, a, 1.0);
    stepWith(sgd, a, 1.0);
    assertEquals(0.9, stepWith(sgd, b, 1.0), TOLERANCE);   // b's first step: its buffer starts fresh
  }

  @Test
  void loadedStateContinuesExactlyLikeTheOriginal() {
    Sgd original = new Sgd(0.1).momentum(0.9).nesterov(true);
    Parameter p = scalar(1.0);
    stepWith(original, p, 1.0);
    Sgd resumed = new Sgd(0.1).momentum(0.9).nesterov(true);
    Parameter q = scalar(p.value().get(0));
    resumed.loadState(List.of(q), original.state(List.of(p)));
    assertEquals(stepWith(original, p, 0.3), stepWith(resumed, q, 0.3), 0.0);
  }

  @Test
  void badHyperParametersAreRefusedWithTheValue() {
    IllegalArgumentException lr = assertThrows(IllegalArgumentException.class, () -> new Sgd(0));
    assertEquals("Sgd: learning rate must be a finite number > 0, got 0.0", lr.getMessage());
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> new Sgd(Double.NaN));
    assertEquals("Sgd: learning rate must be a finite number > 0, got NaN", nan.getMessage());
    IllegalArgumentException momentum = assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1).momentum(-0.5));
    assertEquals("Sgd: momentum must be a finite number >= 0, got -0.5", momentum.getMessage());
    IllegalStateException nesterov = assertThrows(IllegalStateException.class,
        () -> new Sgd(0.1).nesterov(true).step(List.of(scalar(1))));
    assertEquals("Sgd: Nesterov momentum requires a momentum greater than 0, got momentum 0", nesterov.getMessage());
  }

  @Test
  void stateOfTheWrongShapeIsRefused() {
    Parameter p = scalar(1.0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1).momentum(0.9)
        .loadState(List.of(p), List.of(Map.of("momentum_buffer", Tensor.zeros(2)))));
    assertTrue(e.getMessage().contains("expected shape [1], got [2]"), e.getMessage());
  }
}
