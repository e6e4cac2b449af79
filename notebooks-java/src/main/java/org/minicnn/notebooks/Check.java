package org.minicnn.notebooks;

import java.util.Arrays;
import org.minicnn.engine.Tensor;

/**
 * The checks notebook cells make: each prints one line {@code ok <what>: <value>} when the value is
 * right and throws {@link IllegalStateException} naming what was expected and what came otherwise, so
 * a notebook with a wrong number fails when executed (Java's {@code assert} is off by default and is
 * not used). The test harness reads the printed lines.
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

  private static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
  }
}
