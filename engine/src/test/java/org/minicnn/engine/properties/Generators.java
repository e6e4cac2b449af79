package org.minicnn.engine.properties;

import java.util.SplittableRandom;

/**
 * Sizes as a careless or hostile caller would pass them: mostly small and valid, sometimes zero,
 * negative, or so large that products overflow an int or a long.
 */
public final class Generators {

  private Generators() {}

  /** The huge values: sqrt(Integer.MAX_VALUE) rounded up, 2^16, 2^30, Integer.MAX_VALUE. */
  public static final int[] HUGE = {46341, 1 << 16, 1 << 30, Integer.MAX_VALUE};

  /** Zero and negative values, including the most negative int. */
  public static final int[] NOT_POSITIVE = {0, -1, -2, Integer.MIN_VALUE};

  /** A size in {@code [1, max]} with probability 85%, else zero or negative (7%) or huge (8%). */
  public static int size(SplittableRandom random, int max) {
    int roll = random.nextInt(100);
    if (roll < 85) {
      return random.nextInt(1, max + 1);
    }
    return roll < 92 ? pick(random, NOT_POSITIVE) : pick(random, HUGE);
  }

  /** A shape of {@code minRank..maxRank} dimensions drawn from {@link #size}. */
  public static int[] shape(SplittableRandom random, int minRank, int maxRank, int maxDim) {
    int[] shape = new int[random.nextInt(minRank, maxRank + 1)];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = size(random, maxDim);
    }
    return shape;
  }

  /** A shape of {@code minRank..maxRank} dimensions in {@code [1, maxDim]}. */
  public static int[] validShape(SplittableRandom random, int minRank, int maxRank, int maxDim) {
    int[] shape = new int[random.nextInt(minRank, maxRank + 1)];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = random.nextInt(1, maxDim + 1);
    }
    return shape;
  }

  /** True with probability {@code percent}/100. */
  public static boolean chance(SplittableRandom random, int percent) {
    return random.nextInt(100) < percent;
  }

  public static int pick(SplittableRandom random, int... values) {
    return values[random.nextInt(values.length)];
  }

  @SafeVarargs
  public static <T> T pickOf(SplittableRandom random, T... values) {
    return values[random.nextInt(values.length)];
  }

  /** A value in [-1, 1) most of the time, else NaN, an infinity, -0.0 or an extreme. */
  public static double value(SplittableRandom random) {
    if (random.nextInt(100) < 90) {
      return random.nextDouble(-1, 1);
    }
    double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MAX_VALUE,
        Double.MIN_VALUE};
    return special[random.nextInt(special.length)];
  }

  /** The element count of a shape in exact arithmetic: -1 when null, empty or a dimension is not positive; Long.MAX_VALUE on overflow. */
  public static long count(int[] shape) {
    if (shape == null || shape.length == 0) {
      return -1;
    }
    long n = 1;
    for (int d : shape) {
      if (d <= 0) {
        return -1;
      }
      if (n > Long.MAX_VALUE / d) {
        return Long.MAX_VALUE;
      }
      n *= d;
    }
    return n;
  }
}
