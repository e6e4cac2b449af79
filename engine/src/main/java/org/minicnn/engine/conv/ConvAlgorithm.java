package org.minicnn.engine.conv;

import org.minicnn.engine.conv.fast.FastConvolution;
import org.minicnn.engine.conv.fast.VectorApi;

/**
 * The implementations of {@link ConvSpec} convolutions. Each computes the same numbers (tested
 * equal to {@link #REFERENCE} within 1e-12); they differ only in speed.
 */
public enum ConvAlgorithm {
  /** The nested-loop definition, {@link ReferenceConvolution}. */
  REFERENCE(ReferenceConvolution::forward, ReferenceConvolution::backward),
  /** Patches unrolled into a matrix and multiplied, {@link Im2colConvolution}. */
  IM2COL(Im2colConvolution::forward, Im2colConvolution::backward),
  /**
   * The fast kernels, {@link FastConvolution}: direct, small-patch or blocked im2col with a register-tiled
   * multiply, the batch split over threads; bit-identical for every thread count.
   */
  BLOCKED(FastConvolution::forward, FastConvolution::backward);

  /** The algorithm layers use unless told otherwise: the fastest on the benchmark workloads. */
  public static final ConvAlgorithm DEFAULT = BLOCKED;

  private interface Forward {
    void run(ConvSpec s, double[] x, double[] w, double[] bias, double[] y);
  }

  private interface Backward {
    void run(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx, double[] dw, double[] db);
  }

  private final Forward forward;
  private final Backward backward;

  ConvAlgorithm(Forward forward, Backward backward) {
    this.forward = forward;
    this.backward = backward;
  }

  /**
   * Whether the fast paths run the Vector API kernels: the {@code jdk.incubator.vector} module is in the
   * boot layer and the system property {@code minicnn.scalar} is not set; otherwise plain Java.
   */
  public static boolean vectorKernels() {
    return VectorApi.ENABLED;
  }

  /** See {@link ReferenceConvolution#forward}: {@code y} is overwritten. */
  public void forward(ConvSpec s, double[] x, double[] w, double[] bias, double[] y) {
    forward.run(s, x, w, bias, y);
  }

  /** See {@link ReferenceConvolution#backward}: gradients are added into {@code dx}, {@code dw}, {@code db}. */
  public void backward(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx, double[] dw, double[] db) {
    backward.run(s, x, w, dy, dx, dw, db);
  }
}
