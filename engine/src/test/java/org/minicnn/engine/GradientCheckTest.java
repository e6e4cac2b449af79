package org.minicnn.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.minicnn.engine.layers.Dense;

/** GradientCheck's own arithmetic, on numbers worked out by hand. */
class GradientCheckTest {

  @Test
  void relativeErrorIsTheLargestDifferenceOverTheLargestMagnitude() {
    // differences 0.1, 0, 0.25 → 0.25; magnitudes max(1, 1.1), max(2, 2), max(0.5, 0.25) → 2; 0.25 / 2
    assertEquals(0.125, GradientCheck.relativeError(Tensor.of(new double[] {1, -2, 0.5}, 3),
        Tensor.of(new double[] {1.1, -2, 0.25}, 3)), 1e-15);
    // the scale may come from the numeric side: |0 − (−4)| / 4
    assertEquals(1.0, GradientCheck.relativeError(Tensor.of(new double[] {0, 0}, 2), Tensor.of(new double[] {0, -4}, 2)));
    // an error of 3 on a gradient of scale 300 is 1 %
    assertEquals(0.01, GradientCheck.relativeError(Tensor.of(new double[] {300, 3}, 2),
        Tensor.of(new double[] {297, 3}, 2)), 1e-15);
  }

  @Test
  void relativeErrorOfZeroGradientsIsZeroAndOfNaNIsNaN() {
    assertEquals(0.0, GradientCheck.relativeError(Tensor.zeros(2, 2), Tensor.zeros(2, 2)));
    assertTrue(Double.isNaN(GradientCheck.relativeError(Tensor.wrap(new double[] {1, Double.NaN}, 2),
        Tensor.of(new double[] {1, 2}, 2))));
    assertTrue(Double.isNaN(GradientCheck.relativeError(Tensor.of(new double[] {1, 2}, 2),
        Tensor.wrap(new double[] {Double.NaN, 2}, 2))));
  }

  @Test
  void relativeErrorOfTensorsOfDifferentShapesIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GradientCheck.relativeError(Tensor.zeros(2, 3), Tensor.zeros(3, 2)));
    assertEquals("GradientCheck.relativeError: expected shape [2, 3], got [3, 2]", e.getMessage());
  }

  /**
   * Layers add their gradients to what the parameters hold (so that a model can sum over batches); the check
   * must clear them first, or a correct backward pass would fail. Here the stale gradient is 100 times the
   * right one.
   */
  @Test
  void aLayerThatAlreadyHoldsGradientsIsCheckedOnFreshOnes() {
    Dense dense = new Dense(2).seed(3);
    Tensor x = Tensor.of(new double[] {0.5, -1, 2, 0.25, 1.5, -0.75}, 2, 3);
    dense.forward(x);
    dense.backward(Tensor.of(new double[] {100, -100, 50, 25}, 2, 2));
    assertTrue(Math.abs(dense.parameters().get(0).grad().get(0, 0)) > 10, "the stale gradient is large");

    GradientCheck.Report report = GradientCheck.check(dense, x, 11).assertWithin(GradientCheck.TOLERANCE);
    assertEquals(3, report.maxRelativeErrors().size());
    assertTrue(report.worst() <= GradientCheck.TOLERANCE, report.toString());
    // After the check the gradients are the analytic ones of L = Σ r·y alone: dL/db = Σ over rows of r.
    Tensor r = Initializers.uniform(11, -1.0, 1.0, 2, 2);
    for (int u = 0; u < 2; u++) {
      assertEquals(r.get(0, u) + r.get(1, u), dense.parameters().get(1).grad().get(u), 1e-15);
    }
  }

  @Test
  void aWrongGradientGivesAnErrorOfOrderOne() {
    GradientCheck.Report report = new GradientCheck.Report("made up", new java.util.LinkedHashMap<>(
        java.util.Map.of("input", 0.5)));
    AssertionError e = assertThrows(AssertionError.class, () -> report.assertWithin(GradientCheck.TOLERANCE));
    assertEquals("gradient check of made up failed: input max relative error 0.5 > 1.0E-7 (all: {input=0.5})",
        e.getMessage());
  }

  /** An error exactly at the tolerance passes; the worst error is the largest over all tensors. */
  @Test
  void theToleranceIsInclusiveAndTheWorstIsTheLargest() {
    java.util.Map<String, Double> errors = new java.util.LinkedHashMap<>();
    errors.put("input", 2e-9);
    errors.put("dense/kernel", 1e-7);
    errors.put("dense/bias", 3e-8);
    GradientCheck.Report report = new GradientCheck.Report("two", errors);
    assertSame(report, report.assertWithin(1e-7));
    assertEquals(1e-7, report.worst(), 0.0);
  }
}
