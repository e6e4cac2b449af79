package org.minicnn.datasets;

import java.util.SplittableRandom;

/**
 * The one source of randomness of the generators: a {@link SplittableRandom} plus a Gaussian drawn
 * with {@link StrictMath} (Box–Muller), so that a seed gives bit-identical data on every JVM and
 * platform. Modified by every draw.
 */
final class Rng {

  private final SplittableRandom random;

  Rng(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** Uniform in {@code [0, 1)}. */
  double uniform() {
    return random.nextDouble();
  }

  /** Uniform in {@code [low, high)}; {@code low < high}, both finite, with a finite width. */
  double uniform(double low, double high) {
    double v = low + (high - low) * random.nextDouble();
    // Rounding can land exactly on high when the range is a few ulps wide; the range is half-open.
    return v < high ? v : Math.nextDown(high);
  }

  /** Uniform integer in {@code [0, bound)}; {@code bound > 0}. */
  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  /** Uniform integer in {@code [low, high]} (both inclusive). */
  int between(int low, int high) {
    return low + random.nextInt(high - low + 1);
  }

  /**
   * Standard normal, Box–Muller: {@code sqrt(−2 ln u1) · cos(2π u2)} with {@code u1 ∈ (0, 1]}. One
   * value per call (the sine partner is discarded) keeps the draw count per sample fixed.
   */
  double gaussian() {
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
  }
}
