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

  /** What a scratch array of doubles holds. */
  enum DoubleUse {
    /** Per-task partial bias gradients. */
    BIAS_PARTIALS,
    /** The input rounded to float values. */
    INPUT,
    /** The kernel rounded to float values. */
    KERNEL,
    /** The output gradient rounded to float values. */
    OUTPUT_GRADIENT,
    /** Results before they are rounded to float. */
    RESULT
  }

  private final float[][] arrays = new float[Use.values().length][0];
  private final double[][] doubles = new double[DoubleUse.values().length][0];

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

  /**
   * The array of doubles for {@code use}, exactly {@code size} long (the direct kernels take an array's length for
   * the tensor's size); a new one only when the size changes, as it rarely does from one training step to the next.
   */
  double[] doubles(DoubleUse use, int size) {
    if (doubles[use.ordinal()].length != size) {
      doubles[use.ordinal()] = new double[size];
    }
    return doubles[use.ordinal()];
  }
}
