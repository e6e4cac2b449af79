package org.minicnn.training.experiments;

import java.util.Locale;

/**
 * What a run needs before anything is allocated: data that fits in one array and in the Java heap. The memory budget is {@value #HEAP_SHARE} of
 * {@link Runtime#maxMemory()}: the run's data and the activations of one pass over it, at 8 bytes a
 * value, may take at most that share; the rest is headroom for the garbage collector, the plots and
 * the JVM. Over budget, the run is refused with the numbers and the flags to change, never left to end
 * in an {@link OutOfMemoryError} part-way through.
 */
public final class RunBudget {

  /** The share of the maximum heap a run's planned data and activations may take. */
  public static final double HEAP_SHARE = 0.5;
  /** The longest Java array (the JVM reserves a few header words). */
  static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private RunBudget() {}

  /**
   * @param c the run's configuration (its {@code size}, {@code samples}, {@code val_samples} where it has them)
   * @param dims 2 for images ({@code size × size}), 1 for signals
   * @param valuesPerPixel how many doubles a pixel of a sample costs in total: input, targets, activations
   * @throws IllegalArgumentException naming the flags, the need and the budget
   */
  static void check(RunConfig c, int dims, int valuesPerPixel) {
    if (!c.has(Option.SIZE) || !c.has(Option.SAMPLES)) {
      return;
    }
    int size = c.size();
    long pixels = dims == 2 ? (long) size * size : size;
    long samples = Math.max(c.samples(), c.has(Option.VAL_SAMPLES) ? c.valSamples() : 0);
    String flags = Option.SAMPLES.flag() + " " + c.samples() + (c.has(Option.VAL_SAMPLES) ? " and "
        + Option.VAL_SAMPLES.flag() + " " + c.valSamples() : "") + " with " + Option.SIZE.flag() + " " + size;
    if ((double) samples * pixels > MAX_ARRAY) {
      throw new IllegalArgumentException(flags + ": " + samples + " samples of " + pixels + " values are more than"
          + " one array holds (" + MAX_ARRAY + " values)");
    }
    double total = 8.0 * ((double) c.samples() + (c.has(Option.VAL_SAMPLES) ? c.valSamples() : 0)) * pixels
        * valuesPerPixel;
    double budget = HEAP_SHARE * Runtime.getRuntime().maxMemory();
    if (total > budget) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: the data and activations need about %s,"
          + " more than the memory budget of %s (half the Java heap of %s; raise it with java -Xmx)", flags,
          megabytes(total), megabytes(budget), megabytes(Runtime.getRuntime().maxMemory())));
    }
  }

  private static String megabytes(double bytes) {
    return String.format(Locale.ROOT, "%.0f MB", bytes / (1 << 20));
  }
}
