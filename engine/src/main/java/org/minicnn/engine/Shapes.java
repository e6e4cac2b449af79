package org.minicnn.engine;

import java.util.Arrays;

/** Shape arithmetic and the shape checks whose messages every layer shares. */
public final class Shapes {

  private Shapes() {}

  /** {@code [1, 8, 8, 1]}. */
  public static String format(int... shape) {
    return shape == null ? "null" : Arrays.toString(shape);
  }

  /** The number of elements of a tensor of this shape, as a long; {@code Long.MAX_VALUE} if even that overflows. */
  public static long product(int... shape) {
    long p = 1;
    try {
      for (int d : shape) {
        p = Math.multiplyExact(p, d);
      }
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
    return p;
  }

  /** The multi-index of flat offset {@code flat} in a row-major tensor of {@code shape}. */
  public static int[] unravel(int flat, int... shape) {
    int[] index = new int[shape.length];
    for (int i = shape.length - 1; i >= 0; i--) {
      index[i] = flat % shape[i];
      flat /= shape[i];
    }
    return index;
  }

  /** Throws unless {@code actual} equals {@code expected}: "{where}: expected shape [..], got [..]". */
  public static void requireEqual(String where, int[] expected, int[] actual) {
    if (!Arrays.equals(expected, actual)) {
      throw new IllegalArgumentException(where + ": expected shape " + format(expected) + ", got " + format(actual));
    }
  }

  /**
   * Throws unless {@code shape} has {@code rank} dimensions: "{where}: expected input of rank 4
   * [batch, rows, cols, channels], got shape [8, 8]".
   */
  public static void requireRank(String where, int rank, String layout, int[] shape) {
    if (shape == null || shape.length != rank) {
      throw new IllegalArgumentException(where + ": expected input of rank " + rank + " " + layout + ", got shape "
          + format(shape));
    }
    requirePositive(where, shape);
  }

  /** Throws unless every dimension is positive. */
  public static void requirePositive(String where, int[] shape) {
    for (int d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException(where + ": expected positive dimensions, got shape " + format(shape));
      }
    }
  }

  /** Throws unless {@code value} is positive: "{where}: {what} must be positive, got 0". */
  public static int requirePositive(String where, String what, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(where + ": " + what + " must be positive, got " + value);
    }
    return value;
  }

  /** Concatenation of two shapes. */
  public static int[] concat(int[] a, int... b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
