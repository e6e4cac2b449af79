package org.minicnn.notebooks;

import java.util.Arrays;
import java.util.Objects;
import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;

/**
 * The checks notebook cells make: each prints one line {@code ok <what>: <value>} when the value is
 * right and throws {@link IllegalStateException} naming what was expected and what came otherwise, so
 * a notebook with a wrong number fails when executed (Java's {@code assert} is off by default and is
 * not used). The test harness reads the printed lines.
 *
 * <p>The {@code answer} methods grade code a student writes in an exercise: a missing answer ({@code null},
 * or NaN for a number: what the student edition's stubs return) or a wrong one throws an {@link ExerciseFailure}
 * that says what is missing or where the answer differs, and gives a hint, without a stack trace.
 */
public final class Check {
  private Check() {}

  /** Requires {@code actual} to hold exactly {@code expected}, in row-major order, whatever its shape. */
  public static void values(String what, Tensor actual, double... expected) {
    if (!Arrays.equals(actual.toArray(), expected)) {
      throw new IllegalStateException(what + ": expected " + Arrays.toString(expected) + ", got "
          + Arrays.toString(actual.toArray()) + " (shape " + Arrays.toString(actual.shape()) + ")");
    }
    System.out.println("ok " + what + ": " + Arrays.toString(expected));
  }

  /** Requires {@code actual} to have exactly the shape {@code expected}. */
  public static void shape(String what, Tensor actual, int... expected) {
    if (!Arrays.equals(actual.shape(), expected)) {
      throw new IllegalStateException(what + ": expected shape " + Arrays.toString(expected) + ", got "
          + Arrays.toString(actual.shape()));
    }
    System.out.println("ok " + what + ": shape " + Arrays.toString(expected));
  }

  /** Requires {@code actual == expected} exactly. */
  public static void equal(String what, double expected, double actual) {
    if (Double.compare(expected, actual) != 0) {
      throw new IllegalStateException(what + ": expected " + expected + ", got " + actual);
    }
    System.out.println("ok " + what + ": " + format(expected));
  }

  /** Requires {@code |actual − expected| ≤ tolerance}. */
  public static void close(String what, double expected, double actual, double tolerance) {
    if (!(Math.abs(actual - expected) <= tolerance)) {
      throw new IllegalStateException(what + ": expected " + expected + " ± " + tolerance + ", got " + actual);
    }
    System.out.println("ok " + what + ": " + format(actual) + " (expected " + format(expected) + " ± " + tolerance + ")");
  }

  /** Requires {@code actual ≤ limit}. */
  public static void atMost(String what, double limit, double actual) {
    if (!(actual <= limit)) {
      throw new IllegalStateException(what + ": expected at most " + limit + ", got " + actual);
    }
    System.out.println("ok " + what + ": " + format(actual) + " ≤ " + limit);
  }

  /** Requires {@code actual ≥ limit}. */
  public static void atLeast(String what, double limit, double actual) {
    if (!(actual >= limit)) {
      throw new IllegalStateException(what + ": expected at least " + limit + ", got " + actual);
    }
    System.out.println("ok " + what + ": " + format(actual) + " ≥ " + limit);
  }

  /** Requires a condition that the caller describes in {@code what}. */
  public static void that(String what, boolean condition) {
    if (!condition) {
      throw new IllegalStateException("expected " + what + ", but it is not so");
    }
    System.out.println("ok " + what);
  }

  /**
   * Grades an exercise's tensor: {@code actual} must have {@code expected}'s shape and every value within
   * {@code tolerance} of it. {@code hint} is shown with a missing or wrong answer.
   */
  public static void answer(String what, Tensor expected, Tensor actual, double tolerance, String hint) {
    if (actual == null) {
      throw notAnswered(what, hint);
    }
    if (!Arrays.equals(expected.shape(), actual.shape())) {
      throw new ExerciseFailure(what + ": expected shape " + Shapes.format(expected.shape()) + ", your answer has shape "
          + Shapes.format(actual.shape()) + ". Hint: " + hint);
    }
    double[] e = expected.toArray();
    double[] a = actual.toArray();
    int wrong = 0;
    int first = -1;
    for (int i = 0; i < e.length; i++) {
      if (!(Math.abs(a[i] - e[i]) <= tolerance)) {
        wrong++;
        first = first < 0 ? i : first;
      }
    }
    if (wrong > 0) {
      throw new ExerciseFailure(what + ": " + wrong + " of " + e.length + " values are wrong; the first at index "
          + Shapes.format(Shapes.unravel(first, expected.shape())) + ": expected " + e[first] + ", got " + a[first]
          + ". Hint: " + hint);
    }
    System.out.println("ok " + what + ": " + (e.length <= 16 ? Arrays.toString(e) : "all " + e.length + " values"));
  }

  /** Grades an exercise's number: within {@code tolerance} of {@code expected}; NaN means not answered yet. */
  public static void answer(String what, double expected, double actual, double tolerance, String hint) {
    if (Double.isNaN(actual)) {
      throw notAnswered(what, hint);
    }
    if (!(Math.abs(actual - expected) <= tolerance)) {
      throw new ExerciseFailure(what + ": expected " + format(expected) + (tolerance > 0 ? " ± " + tolerance : "")
          + ", got " + format(actual) + ". Hint: " + hint);
    }
    System.out.println("ok " + what + ": " + format(expected));
  }

  /** Grades any other answer (a list, an array) by deep equality; {@code null} means not answered yet. */
  public static void answer(String what, Object expected, Object actual, String hint) {
    if (actual == null) {
      throw notAnswered(what, hint);
    }
    if (!Objects.deepEquals(expected, actual)) {
      throw new ExerciseFailure(what + ": expected " + show(expected)
          + ", got " + show(actual) + ". Hint: " + hint);
    }
    System.out.println("ok " + what + ": " + show(expected));
  }

  /** {@code value} as text, arrays (also of primitives) with their elements. */
  private static String show(Object value) {
    String wrapped = Arrays.deepToString(new Object[] {value});
    return wrapped.substring(1, wrapped.length() - 1);
  }

  private static ExerciseFailure notAnswered(String what, String hint) {
    return new ExerciseFailure(what + ": no answer yet. Write your code where the cell above says YOUR CODE HERE, run it, "
        + "then run this cell again. Hint: " + hint);
  }

  /**
   * A missing or wrong exercise answer. It carries no stack trace: the message is all a student needs, and the
   * notebook kernel shows the frames of an exception's trace under its message.
   */
  public static final class ExerciseFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ExerciseFailure(String message) {
      super(message, null, false, false);
    }
  }

  private static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
  }
}
