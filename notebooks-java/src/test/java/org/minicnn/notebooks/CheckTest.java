package org.minicnn.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.minicnn.engine.Tensor;

class CheckTest {
  @Test
  void wrongValuesThrowNamingExpectedAndActual() {
    IllegalStateException error = assertThrows(IllegalStateException.class,
        () -> Check.values("map", Tensor.of(new double[] {0, 3}, 1, 2), 0, 2));
    assertEquals("map: expected [0.0, 2.0], got [0.0, 3.0] (shape [1, 2])", error.getMessage());
  }

  @Test
  void wrongShapesAndNumbersThrow() {
    assertEquals("out: expected shape [1, 6], got [1, 2]", assertThrows(IllegalStateException.class,
        () -> Check.shape("out", Tensor.zeros(1, 2), 1, 6)).getMessage());
    assertEquals("x: expected 1.0 ± 0.1, got 1.5", assertThrows(IllegalStateException.class,
        () -> Check.close("x", 1, 1.5, 0.1)).getMessage());
    assertEquals("x: expected 1.0 ± 0.1, got NaN", assertThrows(IllegalStateException.class,
        () -> Check.close("x", 1, Double.NaN, 0.1)).getMessage());
    assertEquals("loss: expected at most 0.01, got 0.5", assertThrows(IllegalStateException.class,
        () -> Check.atMost("loss", 0.01, 0.5)).getMessage());
    assertEquals("acc: expected at least 0.99, got 0.5", assertThrows(IllegalStateException.class,
        () -> Check.atLeast("acc", 0.99, 0.5)).getMessage());
    assertEquals("expected rank 2, but it is not so", assertThrows(IllegalStateException.class,
        () -> Check.that("rank 2", false)).getMessage());
  }

  @Test
  void rightValuesPass() {
    Check.values("map", Tensor.of(new double[] {0, 3}, 1, 2), 0, 3);
    Check.equal("dot", 3, 3.0);
    Check.close("x", 1, 1.05, 0.1);
  }
}
