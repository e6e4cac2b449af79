package org.minicnn.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
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

  @Test
  void aMissingAnswerSaysWhereToWriteItAndGivesTheHintWithoutAStackTrace() {
    Check.ExerciseFailure missing = assertThrows(Check.ExerciseFailure.class,
        () -> Check.answer("exercise 1: dW", Tensor.zeros(3), null, 0, "dW[k] = Σ_t X[t+k]·dY[t]"));
    assertEquals("exercise 1: dW: no answer yet. Write your code where the cell above says YOUR CODE HERE, run it, then run "
        + "this cell again. Hint: dW[k] = Σ_t X[t+k]·dY[t]", missing.getMessage());
    assertEquals(0, missing.getStackTrace().length);
    assertEquals("n: no answer yet. Write your code where the cell above says YOUR CODE HERE, run it, then run this cell again. "
        + "Hint: h", assertThrows(Check.ExerciseFailure.class, () -> Check.answer("n", 5, Double.NaN, 0, "h")).getMessage());
    assertEquals("l: no answer yet. Write your code where the cell above says YOUR CODE HERE, run it, then run this cell again. "
        + "Hint: h", assertThrows(Check.ExerciseFailure.class, () -> Check.answer("l", List.of(1), null, "h")).getMessage());
  }

  @Test
  void aWrongAnswerSaysWhereItDiffers() {
    assertEquals("dX: expected shape [2, 2], your answer has shape [4]. Hint: h", assertThrows(Check.ExerciseFailure.class,
        () -> Check.answer("dX", Tensor.zeros(2, 2), Tensor.zeros(4), 0, "h")).getMessage());
    assertEquals("dX: 2 of 4 values are wrong; the first at index [0, 1]: expected 1.0, got 0.0. Hint: h",
        assertThrows(Check.ExerciseFailure.class, () -> Check.answer("dX", Tensor.of(new double[] {0, 1, 2, 3}, 2, 2),
            Tensor.of(new double[] {0, 0, 2, 0}, 2, 2), 1e-9, "h")).getMessage());
    assertEquals("size: expected 5, got 3. Hint: h",
        assertThrows(Check.ExerciseFailure.class, () -> Check.answer("size", 5, 3, 0, "h")).getMessage());
    assertEquals("x: expected 1 ± 0.1, got 1.5. Hint: h",
        assertThrows(Check.ExerciseFailure.class, () -> Check.answer("x", 1, 1.5, 0.1, "h")).getMessage());
    assertEquals("zeros: expected [1, 3], got [1, 2]. Hint: h", assertThrows(Check.ExerciseFailure.class,
        () -> Check.answer("zeros", new int[] {1, 3}, new int[] {1, 2}, "h")).getMessage());
  }

  @Test
  void rightAnswersPass() {
    Check.answer("dX", Tensor.of(new double[] {1, 2}, 2), Tensor.of(new double[] {1, 2 + 1e-12}, 2), 1e-9, "h");
    Check.answer("size", 5, 5, 0, "h");
    Check.answer("zeros", new int[] {1, 3}, new int[] {1, 3}, "h");
    Check.answer("classes", List.of("a", "b"), List.of("a", "b"), "h");
  }
}
