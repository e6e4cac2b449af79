package org.minicnn.datasets;

import org.minicnn.engine.Shapes;

/** The argument checks of the generators, with one message style: "{where}: {what} must be …, got …". */
final class Checks {

  /**
   * A bound on |N(0, 1)| as {@link Rng#gaussian} draws it: {@code sqrt(−2 ln 2⁻⁵³) ≈ 8.57}, since its
   * uniform {@code u1} is at least 2⁻⁵³. A generator whose largest value plus this many standard
   * deviations is finite never produces an infinity.
   */
  static final double GAUSSIAN_REACH = 9;

  private Checks() {}

  static int positive(String where, String what, int value) {
    return Shapes.requirePositive(where, what, value);
  }

  static int nonNegative(String where, String what, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(where + ": " + what + " must be ≥ 0, got " + value);
    }
    return value;
  }

  static int atMost(String where, String what, int value, int max) {
    if (value > max) {
      throw new IllegalArgumentException(where + ": " + what + " must be at most " + max + ", got " + value);
    }
    return value;
  }

  static double finite(String where, String what, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(where + ": " + what + " must be finite, got " + value);
    }
    return value;
  }

  static double nonNegativeFinite(String where, String what, double value) {
    if (!(value >= 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(where + ": " + what + " must be finite and ≥ 0, got " + value);
    }
    return value;
  }

  static double probability(String where, String what, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(where + ": " + what + " must be a probability in [0, 1], got " + value);
    }
    return value;
  }

  /** Throws unless one sample of this shape fits in one array together with a batch of at least one. */
  static void sampleSize(String where, int... sampleShape) {
    long size = Shapes.product(sampleShape);
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(where + ": one sample of shape " + Shapes.format(sampleShape) + " has "
          + size + " values; at most " + (Integer.MAX_VALUE - 8) + " fit in one array");
    }
  }

  /** Throws unless {@code n} samples of {@code sampleSize} values fit in one tensor and in the heap's maximum. */
  static void batchSize(String where, int n, long sampleSize) {
    if (n <= 0) {
      throw new IllegalArgumentException(where + ": number of samples must be positive, got " + n);
    }
    if ((long) n * sampleSize > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(where + ": " + n + " samples of " + sampleSize + " values are "
          + (long) n * sampleSize + " values; at most " + (Integer.MAX_VALUE - 8) + " fit in one tensor");
    }
    long bytes = (long) n * sampleSize * Double.BYTES;
    if (bytes > Runtime.getRuntime().maxMemory()) {
      throw new IllegalArgumentException(where + ": " + n + " samples of " + sampleSize + " values need " + bytes
          + " bytes, more than the Java heap's maximum of " + Runtime.getRuntime().maxMemory() + " (-Xmx)");
    }
  }
}
