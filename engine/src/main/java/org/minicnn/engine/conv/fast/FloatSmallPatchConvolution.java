package org.minicnn.engine.conv.fast;

import java.util.Arrays;
import org.minicnn.engine.conv.ConvSpec;
import org.minicnn.engine.conv.fast.FloatWorkspace.Use;

/**
 * The float32 small-patch kernel: the geometries {@link SmallPatchConvolution} takes (patches of at most
 * {@value SmallPatchConvolution#MAX_PATCH} values), computed in float as {@link FloatBlockedConvolution} defines
 * it, without im2col. Its taps are {@link SmallPatchConvolution.Taps}; the pixels of a row whose windows lie inside
 * the input go six at a time ({@link PixelGroups#forEachInteriorSix}), the others one by one through their tap lists.
 *
 * <p>Image by image within each task, the input and the output gradient are rounded once into float buffers of
 * the task's thread (rows of filters padded to whole vectors, {@link #fPad}), where the kernels read them
 * from the cache; outputs and the image's input gradient are made in float buffers and widened into {@code y}
 * and {@code dx} in one pass. Per element:
 * <ul>
 *   <li>forward {@code y[p, o]}: one chain of float fused multiply-adds from the float bias over the pixel's taps in
 *       patch order;
 *   <li>kernel gradient {@code dw[t, o]}: one float chain over the task's images and pixels in order, the task sums
 *       added in double in task order ({@link ConvTasks#addPartials});
 *   <li>input gradient: each pixel's patch gradient {@code g[t] = Σ_o dy[p, o]·w[t, o]} as one float chain over the
 *       filters, added into the image's float input gradient pixel by pixel in row-major order; for one row without
 *       padding or dilation ({@link #gathers}) the patch gradients are kept and each input element sums them in the
 *       same pixel order (so the same bits);
 *   <li>bias gradient: the rounded {@code dy} summed in double in pixel order, per task.
 * </ul>
 * The Vector API kernels ({@link VectorFloatSmallPatch}, filters in the lanes: 8 floats at 256 bits, 16 at 512)
 * and the plain-Java ones ({@link ScalarFloatSmallPatch}) run the same chains, so they give the same bits, and the
 * tasks are cut by the shape alone, so results are bit-identical for every thread count.
 */
final class FloatSmallPatchConvolution {

  /** Floats per vector of the Vector API kernels; the plain-Java ones pad to the same width. */
  static final int LANES = 2 * VectorApi.LANES;

  private FloatSmallPatchConvolution() {}

  /**
   * Whether {@link FloatConvolution} sends {@code s} here: a geometry of {@link SmallPatchConvolution} with at least
   * a whole float vector of filters. With fewer (8 filters at 512 bits), half of every vector would be padding, and
   * the double kernel on rounded operands is faster.
   */
  static boolean applies(ConvSpec s) {
    return FastConvolution.choose(s) == FastConvolution.Kernel.SMALL_PATCH && s.filters() >= LANES;
  }

  /** Same contract as {@link org.minicnn.engine.conv.ReferenceConvolution#forward}, computed in float32. */
  static void forward(ConvSpec s, double[] x, double[] w, double[] bias, double[] y) {
    forward(s, x, w, bias, y, VectorApi.ENABLED);
  }

  /** {@link #forward} by {@link VectorFloatSmallPatch} ({@code vector}, only with the module) or in plain Java. */
  static void forward(ConvSpec s, double[] x, double[] w, double[] bias, double[] y, boolean vector) {
    Kernels kernels = kernels(vector);
    SmallPatchConvolution.Taps taps = SmallPatchConvolution.taps(s);
    int f = s.filters();
    int fPad = fPad(f);
    int k = s.patchSize();
    int pixels = s.outRows() * s.outCols();
    int imageSize = s.inRows() * s.inCols() * s.inChannels();
    // wf[t·fPad + o] = w[t, o], zeros beyond the filters
    float[] wf = FloatWorkspace.get().floats(Use.PACKED_KERNEL, k * fPad);
    roundRows(w, 0, wf, fPad, k, f);
    float[] b = new float[fPad];  // zeros without a bias
    if (bias != null) {
      FloatGemm.round(bias, 0, b, 0, f);
    }
    ConvTasks.forEachTask(s, (task, first, end) -> {
      FloatWorkspace ws = FloatWorkspace.get();
      float[] image = ws.floats(Use.IMAGE, imageSize);
      float[] rows = ws.floats(Use.PRODUCTS, 6 * fPad);
      for (int n = first; n < end; n++) {
        FloatGemm.round(x, n * imageSize, image, 0, imageSize);
        int y0 = n * pixels * f;
        PixelGroups.forEachInteriorSix(s, new PixelGroups.PixelRuns() {
          @Override
          public void others(int p0, int p1) {
            for (int p = p0; p < p1; p++) {
              int t0 = taps.start[p];
              int t1 = taps.start[p + 1];
              kernels.pixel(f, fPad, t0, t1, taps.input, taps.kernel, image, wf, b, y, y0 + p * f, rows);
            }
          }

          @Override
          public void six(int r, int c) {
            int xa = PixelGroups.windowStart(s, 0, r, c);
            int at = y0 + (r * s.outCols() + c) * f;
            kernels.six(f, fPad, taps.offsets, taps.step, image, xa, wf, b, y, at, rows);
          }
        });
      }
    });
  }

  /** Same contract as {@link org.minicnn.engine.conv.ReferenceConvolution#backward}, computed in float32. */
  static void backward(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx, double[] dw, double[] db) {
    backward(s, x, w, dy, dx, dw, db, VectorApi.ENABLED);
  }

  /** {@link #backward} by {@link VectorFloatSmallPatch} ({@code vector}) or in plain Java, as {@link #forward}. */
  static void backward(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx, double[] dw, double[] db,
      boolean vector) {
    backward(s, x, w, dy, dx, dw, db, vector, false);
  }

  /**
   * {@link #backward}; with {@code overwriteDx}, what {@code dx} held is ignored: each image's input gradient is
   * widened into its slice in place of being added.
   */
  static void backward(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx, double[] dw, double[] db,
      boolean vector, boolean overwriteDx) {
    Kernels kernels = kernels(vector);
    SmallPatchConvolution.Taps taps = SmallPatchConvolution.taps(s);
    int f = s.filters();
    int fPad = fPad(f);
    int k = s.patchSize();
    int kp = FloatGemm.roundUp(k, LANES);
    int kf = s.kernelSize();
    int pixels = s.outRows() * s.outCols();
    int imageSize = s.inRows() * s.inCols() * s.inChannels();
    boolean gather = dx != null && gathers(s);
    int gStride = kp + 2 * LANES;
    // wt[o·kp + t] = w[t, o], zeros beyond the patch: a pixel's patch gradient is a vector chain over the filters
    float[] wt = dx == null ? null : FloatWorkspace.get().floats(Use.PACKED_KERNEL, f * kp);
    for (int o = 0; dx != null && o < f; o++) {
      for (int t = 0; t < kp; t++) {
        wt[o * kp + t] = t < k ? (float) w[t * f + o] : 0f;
      }
    }
    // per task: its kernel gradient (kf values) then its bias gradient (f values), added in task order at the end
    int stride = kf + f;
    double[] partials = dw == null && db == null ? null : ConvWorkspace.get().partials(ConvTasks.tasks(s) * stride);
    ConvTasks.forEachTask(s, (task, first, end) -> {
      FloatWorkspace ws = FloatWorkspace.get();
      float[] grad = ws.floats(Use.OUTPUT_GRADIENT, pixels * fPad);
      float[] image = dw == null ? null : ws.floats(Use.IMAGE, imageSize);
      float[] kernelSum = dw == null ? null : ws.floats(Use.PARTIALS, k * fPad);
      float[] dImage = dx == null ? null : ws.floats(Use.INPUT_GRADIENT, FloatGemm.roundUp(imageSize, LANES));
      // with a gathered input gradient, every pixel's patch gradient in a row of its own, a vector of zeros each side
      float[] patchGrads = dx == null ? null : ws.floats(Use.PATCHES, gather ? pixels * gStride : 6 * kp);
      // the task's bias gradient, every lane of the padded rows (the lanes beyond the filters are never read out)
      double[] biasSum = db == null ? null : ws.doubles(FloatWorkspace.DoubleUse.BIAS_PARTIALS, fPad);
      if (db != null) {
        Arrays.fill(biasSum, 0.0);
      }
      if (dw != null) {
        Arrays.fill(kernelSum, 0, k * fPad, 0f);
      }
      for (int n = first; n < end; n++) {
        roundRows(dy, n * pixels * f, grad, fPad, pixels, f);
        if (db != null) {
          kernels.biasGradient(grad, pixels, fPad, biasSum);
        }
        if (dw != null) {
          FloatGemm.round(x, n * imageSize, image, 0, imageSize);
        }
        if (dx != null && !gather) {
          Arrays.fill(dImage, 0, imageSize, 0f);
        }
        if (dw != null || dx != null) {
          PixelGroups.forEachInteriorSix(s,
              new BackwardRuns(s, taps, kernels, fPad, kp, gather ? gStride : 0, image, grad, kernelSum, wt,
                  patchGrads, dImage));
        }
        if (gather) {
          kernels.gatherRows(patchGrads, gStride, LANES, pixels, taps.step, k, dImage, imageSize);
        }
        if (dx != null) {
          FloatGemm.widen(dImage, 0, dx, n * imageSize, imageSize, !overwriteDx);
        }
      }
      if (dw != null) {
        widenRows(kernelSum, fPad, partials, task * stride, k, f);
      }
      if (db != null) {
        System.arraycopy(biasSum, 0, partials, task * stride + kf, f);
      }
    });
    if (partials != null) {
      ConvTasks.addPartials(s, partials, dw, db);
    }
  }

  /** The kernel and input gradients of one image, pixel group by pixel group (each part skipped when its buffer is null). */
  private static final class BackwardRuns implements PixelGroups.PixelRuns {
    private final ConvSpec s;
    private final SmallPatchConvolution.Taps taps;
    private final Kernels kernels;
    private final int fPad;
    private final int kp;
    private final float[] image;
    private final float[] grad;
    private final float[] kernelSum;
    private final float[] wt;
    private final float[] patchGrads;
    private final float[] dImage;
    /** The row length of every pixel's patch gradient kept for {@link Kernels#gatherRows}; 0: added pixel by pixel. */
    private final int gStride;
    /** Elements of a patch that lie consecutively in the input: a kernel row when columns are undilated, else a pixel. */
    private final int run;

    BackwardRuns(ConvSpec s, SmallPatchConvolution.Taps taps, Kernels kernels, int fPad, int kp, int gStride,
        float[] image, float[] grad, float[] kernelSum, float[] wt, float[] patchGrads, float[] dImage) {
      this.s = s;
      this.taps = taps;
      this.kernels = kernels;
      this.fPad = fPad;
      this.kp = kp;
      this.image = image;
      this.grad = grad;
      this.kernelSum = kernelSum;
      this.wt = wt;
      this.patchGrads = patchGrads;
      this.dImage = dImage;
      this.gStride = gStride;
      this.run = s.dilationCols() == 1 ? s.kernelCols() * s.inChannels() : s.inChannels();
    }

    @Override
    public void others(int p0, int p1) {
      int f = s.filters();
      for (int p = p0; p < p1; p++) {
        int t0 = taps.start[p];
        int t1 = taps.start[p + 1];
        if (kernelSum != null) {
          kernels.pixelKernelGradient(fPad, t0, t1, taps.input, taps.kernel, image, grad, p * fPad, kernelSum);
        }
        if (dImage != null && gStride > 0) {
          kernels.patchGradients(1, f, kp, wt, grad, p * fPad, fPad, patchGrads, p * gStride + LANES, gStride);
          kernels.padRows(1, kp, patchGrads, p * gStride + LANES, gStride);
        } else if (dImage != null) {
          kernels.patchGradients(1, f, kp, wt, grad, p * fPad, fPad, patchGrads, 0, kp);
          for (int t = t0; t < t1; t++) {
            dImage[taps.input[t]] += patchGrads[taps.kernel[t]];
          }
        }
      }
    }

    @Override
    public void six(int r, int c) {
      int xa = PixelGroups.windowStart(s, 0, r, c);
      int p = r * s.outCols() + c;
      int g0 = p * fPad;
      int step = taps.step;
      int[] offsets = taps.offsets;
      if (kernelSum != null) {
        kernels.sixKernelGradient(fPad, offsets, step, image, xa, grad, g0, kernelSum);
      }
      if (dImage != null && gStride > 0) {
        kernels.patchGradients(6, s.filters(), kp, wt, grad, g0, fPad, patchGrads, p * gStride + LANES, gStride);
        kernels.padRows(6, kp, patchGrads, p * gStride + LANES, gStride);
      } else if (dImage != null) {
        kernels.patchGradients(6, s.filters(), kp, wt, grad, g0, fPad, patchGrads, 0, kp);
        for (int m = 0; m < 6; m++) {
          for (int t = 0; t < offsets.length; t += run) {
            int from = m * kp + t;
            int to = xa + m * step + offsets[t];
            kernels.addRun(patchGrads, from, dImage, to, run);
          }
        }
      }
    }
  }

  /** The Vector API kernels or the plain-Java ones: the same chains, so the same bits. */
  private static Kernels kernels(boolean vector) {
    return vector ? VectorFloatSmallPatch.KERNELS : ScalarFloatSmallPatch.KERNELS;
  }

  /**
   * The kernels one image's pixels go through, in a Vector API and a plain-Java version that run the same chains;
   * {@link ScalarFloatSmallPatch} says what each computes.
   */
  interface Kernels {
    void six(int f, int fPad, int[] offsets, int step, float[] image, int xa, float[] w, float[] b, double[] y, int at,
        float[] rows);

    void pixel(int f, int fPad, int t0, int t1, int[] input, int[] kernel, float[] image, float[] w, float[] b,
        double[] y, int at, float[] rows);

    void sixKernelGradient(int fPad, int[] offsets, int step, float[] image, int xa, float[] grad, int g0,
        float[] sums);

    void pixelKernelGradient(int fPad, int t0, int t1, int[] input, int[] kernel, float[] image, float[] grad, int g0,
        float[] sums);

    void patchGradients(int rows, int f, int kp, float[] wt, float[] grad, int g0, int fPad, float[] out, int at,
        int stride);

    /** Zeros in the vector before and the vector after each of {@code rows} rows of {@code kp} at {@code out[at + m·stride]}. */
    void padRows(int rows, int kp, float[] out, int at, int stride);

    void gatherRows(float[] g, int gStride, int front, int pixels, int step, int k, float[] dImage, int size);

    void biasGradient(float[] grad, int pixels, int fPad, double[] sums);

    /** {@code dst[to + t] += src[from + t]} for {@code t < length}. */
    void addRun(float[] src, int from, float[] dst, int to, int length);
  }

  /**
   * Whether the input gradient of {@code s} is gathered ({@link Kernels#gatherRows}): one row, every window inside
   * the input and its patch one run of consecutive elements (1D, no padding, no dilation), so that pixel {@code p}'s
   * patch starts {@code p·step} into the image. Adding each patch gradient into the image would load every element
   * right after a store that overlaps it only in part, which the processor cannot forward.
   */
  static boolean gathers(ConvSpec s) {
    return s.inRows() == 1 && s.padLeft() == 0 && s.dilationCols() == 1
        && Patches.interior(s, 0, s.outCols() - 1);
  }

  /** {@code f} rounded up to whole float vectors: the row length of the float kernel, outputs and output gradient. */
  static int fPad(int f) {
    return FloatGemm.roundUp(f, LANES);
  }

  /**
   * {@code rows} rows of {@code f} values of {@code src} from {@code from}, rounded into rows of {@code fPad}. The
   * lanes beyond {@code f} keep whatever they held: no lane is added into another, and none of them is read out.
   */
  private static void roundRows(double[] src, int from, float[] dst, int fPad, int rows, int f) {
    if (f == fPad) {
      FloatGemm.round(src, from, dst, 0, rows * f);
      return;
    }
    for (int q = 0; q < rows; q++) {
      FloatGemm.round(src, from + q * f, dst, q * fPad, f);
    }
  }

  /** The first {@code f} values of each of {@code rows} rows of {@code fPad} floats, widened into {@code dst} from {@code to}. */
  private static void widenRows(float[] src, int fPad, double[] dst, int to, int rows, int f) {
    if (f == fPad) {
      FloatGemm.widen(src, 0, dst, to, rows * f, false);
      return;
    }
    for (int q = 0; q < rows; q++) {
      FloatGemm.widen(src, q * fPad, dst, to + q * f, f, false);
    }
  }
}
