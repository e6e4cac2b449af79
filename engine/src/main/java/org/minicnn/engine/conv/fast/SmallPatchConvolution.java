package org.minicnn.engine.conv.fast;

import java.util.Arrays;
import org.minicnn.engine.conv.ConvSpec;

/**
 * The direct kernel for small patches ({@code kernelRows·kernelCols·inChannels ≤} {@value #MAX_PATCH})
 * with any number of filters, stride, dilation and padding: no im2col and no matrix multiply. In the
 * channels-last layout the filters are the contiguous axis of both the kernel {@code [kh, kw, in, filters]}
 * and the output, so each output pixel is a handful of filter vectors accumulated over its taps:
 * {@code y[p, ·] = b + Σ_t x[p, t]·w[t, ·]}. Copying a 9-value patch and packing it for a matrix
 * multiply costs more than that arithmetic (few channels, a few filters).
 *
 * <p>Which input element and kernel row each tap of each output pixel reads is worked out once per
 * geometry ({@link Taps}, taps outside the input left out, in the reference's order: kernel row,
 * column, channel); the kernels then only follow those lists. Backward: {@code dW[t, ·] += x[p, t]·dY[p, ·]}
 * and {@code dX[p, t] += dY[p, ·]·w[t, ·]} per pixel, {@code db += Σ dY}.
 *
 * <p>Same contract as {@link ReferenceConvolution}; the Vector API kernel ({@link VectorSmallPatch})
 * when {@link VectorApi#ENABLED}, else plain Java ({@link ScalarSmallPatch}, whose forward sums in the
 * reference's order; {@link #applies} sends small patches there only by direct calls, as it is slower
 * than the blocked multiply). Determinism as in {@link BlockedConvolution}: images are cut into tasks by the
 * shape alone, each task sums its own kernel and bias gradients, and those are added in task order, so
 * results are bit-identical for every thread count.
 */
final class SmallPatchConvolution {

  /** The largest patch this kernel takes; beyond it, im2col's multiply reuses each load enough to win. */
  static final int MAX_PATCH = 32;

  /** The last geometry's taps, per calling thread: layers call with the same spec step after step. */
  private static final ThreadLocal<Taps> LAST = new ThreadLocal<>();

  private SmallPatchConvolution() {}

  /**
   * Whether {@code s} is a convolution this kernel computes: a small patch, and the Vector API
   * present (in plain Java, {@link ScalarSmallPatch} is slower than the blocked multiply).
   */
  static boolean applies(ConvSpec s) {
    return VectorApi.ENABLED && s.patchSize() <= MAX_PATCH;
  }

  /** Same contract as {@link ReferenceConvolution#forward}. */
  static void forward(ConvSpec s, double[] x, double[] w, double[] bias, double[] y) {
    forward(s, x, w, bias, y, VectorApi.ENABLED);
  }

  /** {@link #forward} by {@link VectorSmallPatch} ({@code vector}, only with the module) or {@link ScalarSmallPatch}. */
  static void forward(ConvSpec s, double[] x, double[] w, double[] bias, double[] y, boolean vector) {
    Taps taps = taps(s);
    ConvTasks.forEachTask(s, (task, first, end) -> {
      for (int n = first; n < end; n++) {
        if (vector) {
          VectorSmallPatch.forward(s, taps, x, w, bias, y, n);
        } else {
          ScalarSmallPatch.forward(s, taps, x, w, bias, y, n);
        }
      }
    });
  }

  /** Same contract as {@link ReferenceConvolution#backward}. */
  static void backward(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx, double[] dw, double[] db) {
    backward(s, x, w, dy, dx, dw, db, VectorApi.ENABLED);
  }

  /** {@link #backward} by {@link VectorSmallPatch} ({@code vector}) or {@link ScalarSmallPatch}, as {@link #forward}. */
  static void backward(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx, double[] dw, double[] db,
      boolean vector) {
    backward(s, x, w, dy, dx, dw, db, vector, false);
  }

  /**
   * {@link #backward}; with {@code overwriteDx}, what {@code dx} held is ignored: each image's slice is cleared by
   * the task that computes it, just before its input gradient, as in {@link BlockedConvolution}.
   */
  static void backward(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx, double[] dw, double[] db,
      boolean vector, boolean overwriteDx) {
    int f = s.filters();
    if (dw == null && dx == null && db == null) {
      return;
    }
    Taps taps = taps(s);
    int kf = s.kernelSize();
    int pixels = s.outRows() * s.outCols();
    int tasks = ConvTasks.tasks(s);
    // Per task: its kernel gradient (kf values) then its bias gradient (f values), summed in task order below.
    int stride = kf + f;
    double[] partials = dw == null && db == null ? null : ConvWorkspace.get().partials(tasks * stride);
    ConvTasks.forEachTask(s, (task, first, end) -> {
      if (partials != null) {
        Arrays.fill(partials, task * stride, (task + 1) * stride, 0.0);
      }
      for (int n = first; n < end; n++) {
        // image by image, so its dY is read from memory once and then from the cache by the other sums
        if (db != null) {
          BlockedConvolution.biasGradient(dy, n * pixels * f, (n + 1) * pixels * f, f, partials, task * stride + kf);
        }
        if (dw == null && dx == null) {
          continue;
        }
        if (dx != null && overwriteDx) {
          int image = s.inRows() * s.inCols() * s.inChannels();  // small: the whole image's slice fits the cache
          Arrays.fill(dx, n * image, (n + 1) * image, 0.0);
        }
        if (vector) {
          VectorSmallPatch.backward(s, taps, x, w, dy, dx, dw == null ? null : partials, task * stride, n);
        } else {
          ScalarSmallPatch.backward(s, taps, x, w, dy, dx, dw == null ? null : partials, task * stride, n);
        }
      }
    });
    if (partials != null) {
      ConvTasks.addPartials(s, partials, dw, db);
    }
  }

  /** The taps of {@code s}, kept per thread for the next call with the same geometry. */
  static Taps taps(ConvSpec s) {
    Taps last = LAST.get();
    if (last == null || !last.spec.equals(s)) {
      last = new Taps(s);
      LAST.set(last);
    }
    return last;
  }

  /**
   * The taps of every output pixel of one image: pixel {@code p} (row-major, {@code r·outCols + c})
   * has the taps {@code start[p] ≤ t < start[p+1]}; tap {@code t} reads the input element
   * {@code x[imageOffset + input[t]]} and the kernel row {@code w[kernel[t]·filters + ·]}.
   */
  static final class Taps {
    final ConvSpec spec;
    final int[] start;
    final int[] input;
    final int[] kernel;
    /** Input offset between horizontally neighbouring output pixels: {@code strideCols·inChannels}. */
    final int step;
    /**
     * Where each patch element lies relative to its window's first input element
     * ({@link PixelGroups#patchOffsets}): the taps of a pixel whose window lies inside the input.
     */
    final int[] offsets;
    /**
     * {@code quad[p]}: pixels {@code p…p+3} lie in one output row and have the same taps, each
     * reading the input {@link #step} further than the pixel before (no padding cuts them), so a
     * kernel may take them together with the taps of {@code p}.
     */
    final boolean[] quad;
    /**
     * Whether the input gradient is computed as a gather (stride 1, filters a multiple of the vector's
     * {@link VectorApi#LANES}); then entry {@code k} of the gather table, for kernel row {@code i}, column
     * {@code j} and one vector of filters from {@code o} ({@code k = ((i·kernelCols + j)·filters + o) / LANES}), reads {@code dy} at
     * {@code gatherDy[k]} from where output {@code (r, c)} would be for input {@code (r − padTop, c − padLeft)}
     * and the kernel at {@code gatherW[k] + channel·filters}.
     */
    final boolean gathers;
    final int[] gatherDy;
    final int[] gatherW;

    Taps(ConvSpec s) {
      spec = s;
      int pixels = s.outRows() * s.outCols();
      int in = s.inChannels();
      start = new int[pixels + 1];
      int[] inputs = new int[pixels * s.patchSize()];
      int[] kernels = new int[inputs.length];
      int t = 0;
      for (int r = 0; r < s.outRows(); r++) {
        for (int c = 0; c < s.outCols(); c++) {
          start[r * s.outCols() + c] = t;
          for (int i = 0; i < s.kernelRows(); i++) {
            int row = r * s.strideRows() + i * s.dilationRows() - s.padTop();
            if (row < 0 || row >= s.inRows()) {
              continue;
            }
            for (int j = 0; j < s.kernelCols(); j++) {
              int col = c * s.strideCols() + j * s.dilationCols() - s.padLeft();
              if (col < 0 || col >= s.inCols()) {
                continue;
              }
              for (int ch = 0; ch < in; ch++) {
                inputs[t] = (row * s.inCols() + col) * in + ch;
                kernels[t] = (i * s.kernelCols() + j) * in + ch;
                t++;
              }
            }
          }
        }
      }
      start[pixels] = t;
      input = Arrays.copyOf(inputs, t);
      kernel = Arrays.copyOf(kernels, t);
      step = s.strideCols() * in;
      offsets = PixelGroups.patchOffsets(s);
      int lanes = VectorApi.LANES;
      gathers = s.strideRows() == 1 && s.strideCols() == 1 && s.filters() % lanes == 0;
      int entries = gathers ? s.kernelRows() * s.kernelCols() * s.filters() / lanes : 0;
      gatherDy = new int[entries];
      gatherW = new int[entries];
      for (int k = 0; k < entries; k++) {
        int o = k * lanes % s.filters();
        int ij = k * lanes / s.filters();
        int i = ij / s.kernelCols();
        int j = ij % s.kernelCols();
        gatherDy[k] = -(i * s.dilationRows() * s.outCols() + j * s.dilationCols()) * s.filters() + o;
        gatherW[k] = ij * in * s.filters() + o;
      }
      quad = new boolean[pixels];
      for (int p = 0; p < pixels; p++) {
        quad[p] = p % s.outCols() + 3 < s.outCols() && sameShifted(p);
      }
    }

    private boolean sameShifted(int p) {
      int count = start[p + 1] - start[p];
      for (int k = 1; k < 4; k++) {
        if (start[p + k + 1] - start[p + k] != count) {
          return false;
        }
        for (int t = 0; t < count; t++) {
          int a = start[p] + t;
          int b = start[p + k] + t;
          if (kernel[b] != kernel[a] || input[b] != input[a] + k * step) {
            return false;
          }
        }
      }
      return true;
    }
  }
}
