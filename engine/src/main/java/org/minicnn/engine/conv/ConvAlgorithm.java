package org.minicnn.engine.conv;

import java.util.Arrays;
import org.minicnn.engine.conv.fast.FastConvolution;
import org.minicnn.engine.conv.fast.VectorApi;

/**
 * The implementations of {@link ConvSpec} convolutions. Each computes the same numbers (tested
 * equal to {@link #REFERENCE} within 1e-12); they differ only in speed.
 */
public enum ConvAlgorithm {
  /** The nested-loop definition, {@link ReferenceConvolution}. */
  REFERENCE(ReferenceConvolution::forward, ReferenceConvolution::backward,
      clearingDx(ReferenceConvolution::backward)),
  /** Patches unrolled into a matrix and multiplied, {@link Im2colConvolution}. */
  IM2COL(Im2colConvolution::forward, Im2colConvolution::backward, clearingDx(Im2colConvolution::backward)),
  /**
   * The fast kernels, {@link FastConvolution}: direct, small-patch or blocked im2col with a register-tiled
   * multiply, the batch split over threads; bit-identical for every thread count.
   */
  BLOCKED(FastConvolution::forward, FastConvolution::backward, FastConvolution::backwardOverwritingDx);

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
  private final Backward backwardOverwritingDx;

  ConvAlgorithm(Forward forward, Backward backward, Backward backwardOverwritingDx) {
    this.forward = forward;
    this.backward = backward;
    this.backwardOverwritingDx = backwardOverwritingDx;
  }

  /** {@code adding} (a backward that adds into dx) after clearing dx. */
  private static Backward clearingDx(Backward adding) {
    return (s, x, w, dy, dx, dw, db) -> {
      if (dx != null) {
        Arrays.fill(dx, 0.0);
      }
      adding.run(s, x, w, dy, dx, dw, db);
    };
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

  /**
   * {@link #backward}, except that {@code dx} is overwritten with dL/dx (what it held is ignored), as
   * {@link #forward} overwrites {@code y}; the gradients are still added into {@code dw} and {@code db}. For a
   * caller that reuses its dL/dx array: {@link #BLOCKED} then clears it image by image inside its tasks
   * ({@link FastConvolution#backwardOverwritingDx}). The same bits as clearing {@code dx} and calling
   * {@link #backward}.
   */
  public void backwardOverwritingDx(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx, double[] dw,
      double[] db) {
    backwardOverwritingDx.run(s, x, w, dy, dx, dw, db);
  }
}
