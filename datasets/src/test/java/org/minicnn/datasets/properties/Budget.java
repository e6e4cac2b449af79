package org.minicnn.datasets.properties;

/**
 * Which generated sizes a property may actually allocate: small ones are run and checked; ones no
 * heap can hold (more than {@code Integer.MAX_VALUE − 8} values, or more bytes than {@code -Xmx})
 * must be refused with a message; the ones in between are valid but too slow or too large for a
 * fast test, and are skipped.
 */
final class Budget {

  /** Values a checked call may allocate. */
  static final long SMALL = 1 << 15;

  private Budget() {}

  /** True when {@code values} values of {@code bytes} bytes each cannot fit in one array or in the heap. */
  static boolean hopeless(long values, int bytes) {
    return values > Integer.MAX_VALUE - 8 || values > Runtime.getRuntime().maxMemory() / bytes;
  }

  /** True when the call should be run: small, or hopeless (must be refused). */
  static boolean runnable(long values, int bytes) {
    return values <= SMALL || hopeless(values, bytes);
  }

  /** The exact product of the arguments, or Long.MAX_VALUE on overflow; factors are positive. */
  static long product(long... factors) {
    long p = 1;
    for (long f : factors) {
      if (f != 0 && p > Long.MAX_VALUE / f) {
        return Long.MAX_VALUE;
      }
      p *= f;
    }
    return p;
  }
}
