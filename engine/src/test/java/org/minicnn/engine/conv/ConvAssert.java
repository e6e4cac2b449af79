package org.minicnn.engine.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Comparison of arrays by relative error, as the fast-path tests use it. */
final class ConvAssert {

  private ConvAssert() {}

  /**
   * Fails unless {@code ‖actual − expected‖∞ ≤ tolerance · max(‖expected‖∞, 1e-300)} (elements
   * outside the compared slices count too, so writes outside them are caught).
   */
  static void assertClose(double[] expected, double[] actual, double tolerance, String where) {
    assertEquals(expected.length, actual.length, where + ": length");
    double scale = 1e-300;
    double worst = 0.0;
    int worstAt = -1;
    for (int i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      double error = Math.abs(actual[i] - expected[i]);
      if (!(error <= worst)) {
        worst = error;
        worstAt = i;
      }
    }
    if (!(worst <= tolerance * scale)) {
      throw new AssertionError(where + ": relative error " + worst / scale + " > " + tolerance + " at index " + worstAt
          + " (expected " + expected[worstAt] + ", got " + actual[worstAt] + ")");
    }
  }
}
