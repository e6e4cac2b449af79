package org.minicnn.engine.conv.fast;

/**
 * Per-thread scratch arrays of {@link FloatBlockedConvolution}, one per {@link Use}, grown on demand and kept, so
 * repeated calls allocate nothing. Contents are undefined between calls; callers initialise what they read.
 */
final class FloatWorkspace {

  /** What a scratch array holds. */
  enum Use {
    /** One image rounded to float inside its zero border. */
    IMAGE,
    /** A block of patches, one padded row per output pixel. */
    PATCHES,
    /** A block of float outputs or patch gradients. */
    PRODUCTS,
    /** A block of the output gradient rounded to float, rows padded to whole panels. */
    OUTPUT_GRADIENT,
    /** One image's input gradient inside its zero border. */
    INPUT_GRADIENT,
    /** The kernel (or its transpose) rounded to float and packed in panels. */
    PACKED_KERNEL,
    /** Per-task partial kernel gradients. */
    PARTIALS
  }

  private static final ThreadLocal<FloatWorkspace> LOCAL = ThreadLocal.withInitial(FloatWorkspace::new);

  private final float[][] arrays = new float[Use.values().length][0];
  private double[] doubles = new double[0];

  private FloatWorkspace() {}

  /** The calling thread's workspace. */
  static FloatWorkspace get() {
    return LOCAL.get();
  }

  /** The array for {@code use}, at least {@code size} long. */
  float[] floats(Use use, int size) {
    if (arrays[use.ordinal()].length < size) {
      arrays[use.ordinal()] = new float[size];
    }
    return arrays[use.ordinal()];
  }

  /** Room for per-task partial bias gradients, summed in double, at least {@code size} long. */
  double[] doubles(int size) {
    if (doubles.length < size) {
      doubles = new double[size];
    }
    return doubles;
  }
}
