package org.minicnn.engine.conv;

import org.minicnn.engine.conv.fast.FastConvolution;
import org.minicnn.engine.conv.fast.VectorApi;

/**
 * The implementations of {@link ConvSpec} convolutions. Each computes the same numbers (tested
 * equal to {@link #REFERENCE} within 1e-12); they differ only in speed.
 */
public enum ConvAlgorithm {
  /** The nested-loop definition, {@link ReferenceConvolution}. */
  REFERENCE {
    @Override
    public void forward(ConvSpec s, double[] x, double[] w, double[] bias, double[] y) {
      ReferenceConvolution.forward(s, x, w, bias, y);
    }

    @Override
    public void backward(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx, double[] dw, double[] db) {
      ReferenceConvolution.backward(s, x, w, dy, dx, dw, db);
    }
  },
  /** Patches unrolled into a matrix and multiplied, {@link Im2colConvolution}. */
  IM2COL {
    @Override
    public void forward(ConvSpec s, double[] x, double[] w, double[] bias, double[] y) {
      Im2colConvolution.forward(s, x, w, bias, y);
    }

    @Override
    public void backward(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx, double[] dw, double[] db) {
      Im2colConvolution.backward(s, x, w, dy, dx, dw, db);
    }
  },
  /**
   * The fast kernels, {@link FastConvolution}: direct, small-patch or blocked im2col with a register-tiled
   * multiply, the batch split over threads; bit-identical for every thread count.
   */
  BLOCKED {
    @Override
    public void forward(ConvSpec s, double[] x, double[] w, double[] bias, double[] y) {
      FastConvolution.forward(s, x, w, bias, y);
    }

    @Override
    public void backward(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx, double[] dw, double[] db) {
      FastConvolution.backward(s, x, w, dy, dx, dw, db);
    }
  };

  /** The algorithm layers use unless told otherwise: the fastest on the benchmark workloads. */
  public static final ConvAlgorithm DEFAULT = BLOCKED;

  /**
   * Whether the fast paths run the Vector API kernels: the {@code jdk.incubator.vector} module is in the
   * boot layer and the system property {@code minicnn.scalar} is not set; otherwise plain Java.
   */
  public static boolean vectorKernels() {
    return VectorApi.ENABLED;
  }

  /** See {@link ReferenceConvolution#forward}: {@code y} is overwritten. */
  public abstract void forward(ConvSpec s, double[] x, double[] w, double[] bias, double[] y);

  /** See {@link ReferenceConvolution#backward}: gradients are added into {@code dx}, {@code dw}, {@code db}. */
  public abstract void backward(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx, double[] dw, double[] db);
}
