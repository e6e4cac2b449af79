package org.minicnn.engine.conv.fast;

import java.util.Arrays;
import org.minicnn.engine.conv.ConvSpec;
import org.minicnn.engine.conv.fast.FloatWorkspace.DoubleUse;

/**
 * The one entry point of the float32 compute option ({@link org.minicnn.engine.layers.ComputeDtype#FLOAT32}):
 * the contract of {@link org.minicnn.engine.conv.ReferenceConvolution} with the input, kernel, bias and output
 * gradient rounded to float and every output and gradient element a float.
 *
 * <ul>
 *   <li>Most geometries (many channels: every layer where the multiply-adds dominate) run
 *       {@link FloatBlockedConvolution}, which accumulates in float as PyTorch's and oneDNN's float32 kernels do.
 *   <li>Patches of at most {@value SmallPatchConvolution#MAX_PATCH} values with at least a float vector of filters
 *       (when the Vector API is present) run {@link FloatSmallPatchConvolution}, the small-patch kernel in float.
 *   <li>The other geometries {@link FastConvolution} gives its direct kernels (one channel and one filter, or small
 *       patches with fewer filters) are memory-bound first layers whose double kernels outrun a float im2col and
 *       the float kernel's half-empty vectors: there the rounded operands go through those kernels and each result
 *       is rounded to float once. A product of two floats is exact in double, so this is
 *       the float accumulation without its intermediate roundings: within the same tolerance, and closer.
 * </ul>
 * Either way the gradients are added into {@code dx}, {@code dw}, {@code db} as floats widened to double (the
 * kernel and bias gradients summed per task, the task sums added in double). Deterministic for any thread count.
 */
public final class FloatConvolution {

  private FloatConvolution() {}

  /** Whether {@code s} goes through the double direct kernels with rounded operands (see the class comment). */
  static boolean direct(ConvSpec s) {
    return FastConvolution.choose(s) != FastConvolution.Kernel.BLOCKED;
  }

  /** Same contract as {@link org.minicnn.engine.conv.ReferenceConvolution#forward}, computed in float32. */
  public static void forward(ConvSpec s, double[] x, double[] w, double[] bias, double[] y) {
    if (!direct(s)) {
      FloatBlockedConvolution.forward(s, x, w, bias, y);
      return;
    }
    if (FloatSmallPatchConvolution.applies(s)) {
      FloatSmallPatchConvolution.forward(s, x, w, bias, y);
      return;
    }
    FloatWorkspace ws = FloatWorkspace.get();
    double[] b = bias == null ? null : rounded(bias, new double[bias.length]);
    FastConvolution.forward(s, roundedByImage(s, x, ws.doubles(DoubleUse.INPUT, x.length), false),
        rounded(w, ws.doubles(DoubleUse.KERNEL, w.length)), b, y);
    roundedByImage(s, y, y, false);
  }

  /**
   * Same contract as {@link org.minicnn.engine.conv.ReferenceConvolution#backward}, computed in float32: the
   * gradients are added into {@code dx}, {@code dw}, {@code db} (each may be null when not wanted).
   */
  public static void backward(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx, double[] dw,
      double[] db) {
    backward(s, x, w, dy, dx, dw, db, false);
  }

  /**
   * {@link #backward}, except that {@code dx} is overwritten with dL/dx (what it held is ignored), as
   * {@link #forward} overwrites {@code y}; {@code dw} and {@code db} are still added into. For a caller that
   * reuses its dL/dx array, as {@link FastConvolution#backwardOverwritingDx} is: the blocked and small-patch kernels
   * write each image's slice in the task that computes it, where adding would first read it and the caller would
   * first have cleared it (two passes over memory). The same bits as clearing {@code dx} and calling
   * {@link #backward}.
   */
  public static void backwardOverwritingDx(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx,
      double[] dw, double[] db) {
    backward(s, x, w, dy, dx, dw, db, true);
  }

  private static void backward(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx, double[] dw,
      double[] db, boolean overwriteDx) {
    if (!direct(s)) {
      FloatBlockedConvolution.backward(s, x, w, dy, dx, dw, db, overwriteDx);
      return;
    }
    if (dx == null && dw == null && db == null) {
      return;
    }
    if (FloatSmallPatchConvolution.applies(s)) {
      FloatSmallPatchConvolution.backward(s, x, w, dy, dx, dw, db, VectorApi.ENABLED, overwriteDx);
      return;
    }
    FloatWorkspace ws = FloatWorkspace.get();
    double[] xr = roundedByImage(s, x, ws.doubles(DoubleUse.INPUT, x.length), false);
    double[] wr = rounded(w, ws.doubles(DoubleUse.KERNEL, w.length));
    double[] dyr = roundedByImage(s, dy, ws.doubles(DoubleUse.OUTPUT_GRADIENT, dy.length), false);
    // each gradient into zeros, then rounded and added (or set), so that what is added is a float
    double[] dxT = dx == null ? null : ws.doubles(DoubleUse.RESULT, dx.length);
    if (dxT != null) {
      Arrays.fill(dxT, 0, dx.length, 0.0);
    }
    double[] dwT = dw == null ? null : new double[dw.length];
    double[] dbT = db == null ? null : new double[db.length];
    FastConvolution.backward(s, xr, wr, dyr, dxT, dwT, dbT);
    if (dx != null) {
      roundedByImage(s, dxT, dx, !overwriteDx);
    }
    addRounded(dwT, dw);
    addRounded(dbT, db);
  }

  /** {@code out[i] = (float) values[i]}, widened again; returns {@code out}. */
  private static double[] rounded(double[] values, double[] out) {
    FloatGemm.roundValues(values, out, 0, values.length, false);
    return out;
  }

  /** {@code to[i] += (float) from[i]} for every element of {@code to}; nothing when {@code to} is null. */
  private static void addRounded(double[] from, double[] to) {
    if (to != null) {
      FloatGemm.roundValues(from, to, 0, to.length, true);
    }
  }

  /**
   * {@link #rounded} (with {@code add}, {@link #addRounded}) of a whole batch's input, output or gradient
   * ({@code from.length} a whole number of images), image by image in the tasks of {@code s}: on the workers
   * when the call is large, because on the caller's thread alone these memory-bound passes are what the other
   * threads wait for. Element by element, so the bits do not depend on the threads. Returns {@code to}.
   */
  private static double[] roundedByImage(ConvSpec s, double[] from, double[] to, boolean add) {
    if (s.forwardMacs() < ConvTasks.PARALLEL_MIN_MACS) {
      // the tasks would run one after the other on this thread: one pass instead (the JIT compiled many short
      // passes through the task lambda without the Vector API's intrinsics)
      FloatGemm.roundValues(from, to, 0, from.length, add);
      return to;
    }
    long perImage = from.length / s.batch();
    ConvTasks.forEachTask(s, (task, first, end) ->
        FloatGemm.roundValues(from, to, (int) (first * perImage), (int) (end * perImage), add));
    return to;
  }
}
