package org.minicnn.datasets;

/** Background noise shared by the generators. */
final class ImageNoise {

  private ImageNoise() {}

  /**
   * Adds noise to {@code data[offset .. offset + length)} (modified): first {@code N(0, std²)} to each
   * value when {@code std > 0}, then, when {@code saltAndPepper > 0}, each value is replaced with that
   * probability by {@code high} or {@code low} (equally likely). Draws from {@code rng} (modified) in
   * that order, value by value.
   */
  static void apply(double[] data, int offset, int length, double std, double saltAndPepper, double high, double low,
      Rng rng) {
    if (std > 0) {
      for (int i = offset; i < offset + length; i++) {
        data[i] += std * rng.gaussian();
      }
    }
    if (saltAndPepper > 0) {
      for (int i = offset; i < offset + length; i++) {
        if (rng.uniform() < saltAndPepper) {
          data[i] = rng.uniform() < 0.5 ? high : low;
        }
      }
    }
  }
}
