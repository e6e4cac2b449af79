package org.minicnn.engine.conv.fast;

import java.util.Arrays;
import org.minicnn.engine.conv.ConvSpec;

/**
 * The one entry point of the fast kernels: it picks the kernel for a geometry, the way EJML's
 * {@code CommonOps_DDRM.mult} picks among its variants. Every kernel has the contract of
 * {@link org.minicnn.engine.conv.ReferenceConvolution} and is tested equal to it.
 *
 * <ul>
 *   <li>{@link DirectConvolution}: one input channel, one filter, no padding (the teaching cases);
 *   <li>{@link SmallPatchConvolution}: patches of at most {@value SmallPatchConvolution#MAX_PATCH} values
 *       (small first layers), taps read straight from the input;
 *   <li>{@link BlockedConvolution}: everything else, im2col on cache-sized blocks and a register-tiled multiply.
 * </ul>
 */
public final class FastConvolution {

  /** The kernels, tried in this order: each computes the geometries it applies to. */
  enum Kernel { DIRECT, SMALL_PATCH, BLOCKED }

  private FastConvolution() {}

  /** The kernel for {@code s}: the first that applies; the blocked multiply takes every geometry. */
  static Kernel choose(ConvSpec s) {
    if (DirectConvolution.applies(s)) {
      return Kernel.DIRECT;
    }
    return SmallPatchConvolution.applies(s) ? Kernel.SMALL_PATCH : Kernel.BLOCKED;
  }

  /** Same contract as {@link org.minicnn.engine.conv.ReferenceConvolution#forward}: {@code y} is overwritten. */
  public static void forward(ConvSpec s, double[] x, double[] w, double[] bias, double[] y) {
    switch (choose(s)) {
      case DIRECT -> DirectConvolution.forward(s, x, w, bias, y);
      case SMALL_PATCH -> SmallPatchConvolution.forward(s, x, w, bias, y);
      case BLOCKED -> BlockedConvolution.forward(s, x, w, bias, y);
    }
  }

  /**
   * Same contract as {@link org.minicnn.engine.conv.ReferenceConvolution#backward}: gradients are added
   * into {@code dx}, {@code dw}, {@code db} (each may be null when not wanted).
   */
  public static void backward(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx, double[] dw,
      double[] db) {
    switch (choose(s)) {
      case DIRECT -> DirectConvolution.backward(s, x, w, dy, dx, dw, db);
      case SMALL_PATCH -> SmallPatchConvolution.backward(s, x, w, dy, dx, dw, db);
      case BLOCKED -> BlockedConvolution.backward(s, x, w, dy, dx, dw, db);
    }
  }

  /**
   * {@link #backward}, except that {@code dx} is overwritten with dL/dx (what it held is ignored), as
   * {@link #forward} overwrites {@code y}; {@code dw} and {@code db} are still added into. For a caller that
   * reuses its dL/dx array: the blocked and small-patch kernels clear each image's slice in the task that
   * computes it, just before, rather than the caller clearing the whole array on one thread first (a pass over
   * memory of its own). The same bits as clearing {@code dx} and calling {@link #backward}.
   */
  public static void backwardOverwritingDx(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx,
      double[] dw, double[] db) {
    switch (choose(s)) {
      case DIRECT -> {
        if (dx != null) {
          Arrays.fill(dx, 0.0);  // one input channel and filter: dx is as small as dY
        }
        DirectConvolution.backward(s, x, w, dy, dx, dw, db);
      }
      case SMALL_PATCH -> SmallPatchConvolution.backward(s, x, w, dy, dx, dw, db, VectorApi.ENABLED, true);
      case BLOCKED -> BlockedConvolution.backward(s, x, w, dy, dx, dw, db, true);
    }
  }
}
