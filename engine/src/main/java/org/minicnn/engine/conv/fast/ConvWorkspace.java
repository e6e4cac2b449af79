package org.minicnn.engine.conv.fast;

/**
 * Per-thread scratch arrays of {@link BlockedConvolution}, grown on demand and kept, so repeated
 * calls allocate nothing. Contents are undefined between calls; callers initialise what they read.
 */
final class ConvWorkspace {

  private static final ThreadLocal<ConvWorkspace> LOCAL = ThreadLocal.withInitial(ConvWorkspace::new);

  private double[] patches = new double[0];
  private double[] patchGrads = new double[0];
  private double[] kernelT = new double[0];
  private double[] partials = new double[0];
  private double[] packedKernel = new double[0];
  private int[] pixelBases = new int[0];
  private double[] borderedImage = new double[0];

  private ConvWorkspace() {}

  /** The calling thread's workspace. */
  static ConvWorkspace get() {
    return LOCAL.get();
  }

  /** A block of im2col patches, at least {@code size} long. */
  double[] patches(int size) {
    if (patches.length < size) {
      patches = new double[size];
    }
    return patches;
  }

  /** A block of patch gradients, at least {@code size} long. */
  double[] patchGrads(int size) {
    if (patchGrads.length < size) {
      patchGrads = new double[size];
    }
    return patchGrads;
  }

  /** Room for the transposed kernel, at least {@code size} long. */
  double[] kernelT(int size) {
    if (kernelT.length < size) {
      kernelT = new double[size];
    }
    return kernelT;
  }

  /** Room for the kernel (or its transpose) packed for {@link Gemm#multiplyAddPacked}, at least {@code size} long. */
  double[] packedKernel(int size) {
    if (packedKernel.length < size) {
      packedKernel = new double[size];
    }
    return packedKernel;
  }

  /** Input offsets of a run of output pixels' windows, at least {@code size} long. */
  int[] pixelBases(int size) {
    if (pixelBases.length < size) {
      pixelBases = new int[size];
    }
    return pixelBases;
  }

  /** One image inside its zero border, at least {@code size} long. */
  double[] borderedImage(int size) {
    if (borderedImage.length < size) {
      borderedImage = new double[size];
    }
    return borderedImage;
  }

  /** Room for per-task partial kernel gradients, at least {@code size} long. */
  double[] partials(int size) {
    if (partials.length < size) {
      partials = new double[size];
    }
    return partials;
  }
}
