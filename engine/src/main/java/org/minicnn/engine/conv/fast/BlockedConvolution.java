package org.minicnn.engine.conv.fast;

import java.util.Arrays;
import org.minicnn.engine.conv.ConvSpec;
import org.minicnn.engine.conv.Im2colConvolution;

/**
 * The fast path: {@link Im2colConvolution}'s algebra on cache-sized blocks of output pixels, with
 * a register-tiled matrix multiply ({@link Gemm}) and the batch split over threads.
 *
 * <p>Per image and block of pixels {@code P}: forward {@code Y[P,·] = b + cols[P,·]·W} with the
 * kernel viewed as a {@code [patchSize, filters]} matrix (its Keras layout); backward
 * {@code dW += cols[P,·]ᵀ·dY[P,·]}, {@code dCols = dY[P,·]·Wᵀ}, then {@code col2im} adds the patch
 * gradients into {@code dx}. A block's patches ({@value #BLOCK_DOUBLES} doubles at most) stay in
 * the L2 cache between im2col and the multiply.
 *
 * <p>Determinism: the batch is cut into {@link ConvTasks#tasks(ConvSpec)} tasks, a function of the shape
 * alone. Outputs and input gradients of one image are written by one task; each task sums its own
 * kernel and bias gradients, and those partial sums are added into {@code dw} and {@code db} in task
 * order. So the result is bit-identical for every thread count ({@link ConvThreads}). It equals
 * {@link org.minicnn.engine.conv.ReferenceConvolution} up to rounding (summation order differs; tested to 1e-12 relative).
 */
public final class BlockedConvolution {

  /** Upper bound on the doubles of one block of patches (128 KiB, half an L2 share). */
  static final int BLOCK_DOUBLES = 16384;
  /** Blocks of pixels are multiples of the multiply's 6-row tile, so the forward leaves no edge rows. */
  static final int BLOCK_MULTIPLE = 6;
  /** Doubles of {@code dY} per run of {@link #biasGradient}: 32 KiB, in the L1 cache. */
  static final int BIAS_RUN_DOUBLES = 4096;
  /** Pixels per run of the gathered kernel gradient: their {@code dY} rows (64 KiB at 64 filters) stay in L2. */
  static final int GATHER_PIXELS = 128;

  private BlockedConvolution() {}

  /** Same contract as {@link org.minicnn.engine.conv.ReferenceConvolution#forward}. */
  public static void forward(ConvSpec s, double[] x, double[] w, double[] bias, double[] y) {
    int pixels = s.outRows() * s.outCols();
    int k = s.patchSize();
    int f = s.filters();
    int block = pixelBlock(s);
    // The kernel is the B of every block's multiply: packed once here, read by all tasks.
    double[] packedW = ConvWorkspace.get().packedKernel(Gemm.packedSize(k, f));
    Gemm.packB(k, f, w, 0, f, packedW);
    int[] offsets = Gemm.gathers(k, f) ? PixelGroups.patchOffsets(s) : null;
    ConvTasks.forEachTask(s, (task, first, end) -> {
      double[] cols = ConvWorkspace.get().patches(block * k);
      for (int n = first; n < end; n++) {
        if (offsets == null) {
          forwardPixels(s, x, n, 0, pixels, w, bias, packedW, cols, y);
        } else {
          forwardGathered(s, x, n, offsets, w, bias, packedW, cols, y);
        }
      }
    });
  }

  /**
   * Image {@code n}, six neighbouring pixels of an output row at a time read straight from the input
   * where their windows lie inside it ({@link Gemm#multiplyAddSixGathered}: no im2col, no packing,
   * which cost about a quarter of a forward pass with many channels); the pixels at padded borders and row ends
   * through {@link #forwardPixels}. The same sums in the same order either way, so the same bits.
   */
  private static void forwardGathered(ConvSpec s, double[] x, int n, int[] offsets, double[] w, double[] bias,
      double[] packedW, double[] cols, double[] y) {
    int f = s.filters();
    int k = s.patchSize();
    int imagePixel = n * s.outRows() * s.outCols();
    int rowStep = s.strideCols() * s.inChannels();
    PixelGroups.forEachInteriorSix(s, new PixelGroups.PixelRuns() {
      @Override
      public void others(int p0, int p1) {
        forwardPixels(s, x, n, p0, p1, w, bias, packedW, cols, y);
      }

      @Override
      public void six(int r, int c) {
        int yOff = (imagePixel + r * s.outCols() + c) * f;
        fillBias(y, yOff, 6, f, bias);
        Gemm.multiplyAddSixGathered(f, k, x, PixelGroups.windowStart(s, n, r, c), rowStep, offsets, packedW, y, yOff, f);
      }
    });
  }

  /** Output pixels {@code [p0, p1)} of image {@code n} through im2col and the packed multiply, a block at a time. */
  private static void forwardPixels(ConvSpec s, double[] x, int n, int p0, int p1, double[] w, double[] bias,
      double[] packedW, double[] cols, double[] y) {
    int pixels = s.outRows() * s.outCols();
    int k = s.patchSize();
    int f = s.filters();
    int block = pixelBlock(s);
    for (int b0 = p0; b0 < p1; b0 += block) {
      int b1 = Math.min(p1, b0 + block);
      Patches.im2col(s, x, n, b0, b1, cols);
      int yOff = (n * pixels + b0) * f;
      fillBias(y, yOff, b1 - b0, f, bias);
      Gemm.multiplyAddPacked(b1 - b0, f, k, cols, 0, k, 1, w, 0, f, packedW, y, yOff, f);
    }
  }

  /** {@code y[yOff + q·f + o] = bias[o]} (0 without bias) for {@code q < count} pixels; {@code y} modified. */
  private static void fillBias(double[] y, int yOff, int count, int f, double[] bias) {
    for (int q = 0, e = yOff; q < count; q++, e += f) {
      if (bias == null) {
        Arrays.fill(y, e, e + f, 0.0);
      } else {
        System.arraycopy(bias, 0, y, e, f);
      }
    }
  }

  /** Same contract as {@link org.minicnn.engine.conv.ReferenceConvolution#backward}. */
  public static void backward(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx, double[] dw, double[] db) {
    backward(s, x, w, dy, dx, dw, db, false);
  }

  /**
   * {@link #backward}; with {@code overwriteDx}, what {@code dx} held is ignored: the task that computes an image's
   * input gradient clears its rows of {@code dx} just before the first output row that reads them
   * ({@link #clearRowsFor}), so each row is cleared while in the cache and no serial pass clears the whole array
   * first. The same bits as clearing {@code dx} and adding into it.
   */
  static void backward(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx, double[] dw, double[] db,
      boolean overwriteDx) {
    int pixels = s.outRows() * s.outCols();
    int k = s.patchSize();
    int f = s.filters();
    int block = pixelBlock(s);
    ConvWorkspace caller = ConvWorkspace.get();
    double[] wt = dx == null ? null : transpose(w, k, f, caller.kernelT(k * f));
    double[] packedWt = dx == null ? null : caller.packedKernel(Gemm.packedSize(f, k));
    if (dx != null) {
      Gemm.packB(f, k, wt, 0, k, packedWt);
    }
    int kf = k * f;
    // Per task: its kernel gradient (kf values) then its bias gradient (f values), summed in task order below.
    int stride = kf + f;
    boolean anyParameter = dw != null || db != null;
    double[] partials = anyParameter ? caller.partials(ConvTasks.tasks(s) * stride) : null;
    int[] offsets = PixelGroups.patchOffsets(s);
    // without the Vector API, Gemm.gathers is false: neither route is taken
    boolean scatter = dx != null && Gemm.gathers(f, k) && PixelGroups.runsContiguous(offsets, Gemm.PANEL);
    boolean gatherKernelGradient = dw != null && gathersKernelGradient(s, offsets);
    // padded windows: the gathered kernel gradient reads a zero-bordered copy of each image instead
    ConvSpec border = dw == null || gatherKernelGradient ? null : borderedForKernelGradient(s);
    int[] borderOffsets = border == null ? null : PixelGroups.patchOffsets(border);
    boolean transposed = (gatherKernelGradient || border != null)
        && transposesKernelGradient(f, border == null ? offsets : borderOffsets);
    ConvTasks.forEachTask(s, (task, first, end) -> {
      ConvWorkspace ws = ConvWorkspace.get();
      double[] cols = ws.patches(block * k);
      double[] dCols = ws.patchGrads(block * k);
      int partial = task * stride;
      if (partials != null) {
        Arrays.fill(partials, partial, partial + stride, 0.0);
      }
      double[] image = border == null ? null : ws.borderedImage(border.inputSize());
      if (image != null) {
        Arrays.fill(image, 0, border.inputSize(), 0.0);  // the border; each image then fills the inner part
      }
      for (int n = first; n < end; n++) {
        // the bias gradient in the tasks (a serial pass over a large dY is a bandwidth-bound pass of its own):
        // with the gathered kernel gradient run by run, else image by image, so that dY is read from memory once
        // and the other sums find it in the cache
        int biasAt = db == null ? -1 : partial + kf;
        if (gatherKernelGradient) {
          kernelGradientGathered(s, x, n, dy, n, offsets, partials, partial, biasAt, transposed);
        } else if (border != null) {
          copyIntoBorder(s, border, x, n, image);
          kernelGradientGathered(border, image, 0, dy, n, borderOffsets, partials, partial, biasAt, transposed);
        } else if (db != null) {
          biasGradient(dy, n * pixels * f, (n + 1) * pixels * f, f, partials, biasAt);
        }
        for (int p0 = 0; dw != null && !gatherKernelGradient && border == null && p0 < pixels; p0 += block) {
          int p1 = Math.min(pixels, p0 + block);
          Patches.im2col(s, x, n, p0, p1, cols);
          Gemm.multiplyAdd(k, f, p1 - p0, cols, 0, 1, k, dy, (n * pixels + p0) * f, f, partials, partial, f);
        }
        // rows before the first not yet cleared: all of them when dx is added into
        int cleared = overwriteDx ? 0 : s.inRows();
        if (dx != null && scatter) {
          cleared = inputGradientScattered(s, dy, n, offsets, wt, packedWt, dCols, dx, cleared);
        } else if (dx != null) {
          cleared = inputGradientPixels(s, dy, n, 0, pixels, wt, packedWt, dCols, dx, cleared);
        }
        if (dx != null) {
          clearRows(s, dx, n, cleared, s.inRows());  // rows below the last window
        }
      }
    });
    if (partials != null) {
      ConvTasks.addPartials(s, partials, dw, db, transposed);
    }
  }

  /**
   * Sets to zero image {@code n}'s rows of {@code dx} from {@code cleared} up to the last input row that output row
   * {@code outRow}'s windows read; returns the first row not cleared. Called with rising output rows before their
   * input gradient is added, it clears every row once, before any output row adds into it: output rows up to
   * {@code outRow} read no row past that one.
   *
   * @param dx modified
   */
  static int clearRowsFor(ConvSpec s, double[] dx, int n, int cleared, int outRow) {
    int through = outRow * s.strideRows() - s.padTop() + (s.kernelRows() - 1) * s.dilationRows() + 1;
    return clearRows(s, dx, n, cleared, Math.min(s.inRows(), through));
  }

  /** Sets to zero image {@code n}'s rows {@code [cleared, through)} of {@code dx}; returns the first row not cleared. */
  private static int clearRows(ConvSpec s, double[] dx, int n, int cleared, int through) {
    if (through <= cleared) {
      return cleared;
    }
    int row = s.inCols() * s.inChannels();
    int image = n * s.inRows() * row;
    Arrays.fill(dx, image + cleared * row, image + through * row, 0.0);
    return through;
  }

  /**
   * {@code out[outOff + o] += Σ dy[e + o]} over the pixels {@code from ≤ e < to} (element offsets, multiples of
   * {@code f}), each filter summed in pixel order: the Vector API's lanes when present, the same additions.
   *
   * @param out modified: {@code out[outOff … outOff + f)}
   */
  static void biasGradient(double[] dy, int from, int to, int f, double[] out, int outOff) {
    biasGradient(dy, from, to, f, out, outOff, VectorApi.ENABLED);
  }

  /** {@link #biasGradient(double[], int, int, int, double[], int)} with or without the Vector API. */
  static void biasGradient(double[] dy, int from, int to, int f, double[] out, int outOff, boolean vector) {
    if (vector) {
      int run = biasRun(f);
      for (int e = from; e < to; e += run) {
        VectorSmallPatch.biasGradient(dy, e, Math.min(to, e + run), f, out, outOff);
      }
      return;
    }
    for (int e = from; e < to; e += f) {
      for (int o = 0; o < f; o++) {
        out[outOff + o] += dy[e + o];
      }
    }
  }

  /**
   * Elements of {@code dY} per run of {@link #biasGradient}: whole pixels, as many as fit {@link #BIAS_RUN_DOUBLES}
   * (at least one), so a run stays in the L1 cache while each group of filters sweeps it. Results do not depend
   * on it (each filter is summed in pixel order).
   */
  static int biasRun(int f) {
    return Math.max(1, BIAS_RUN_DOUBLES / f) * f;
  }

  /**
   * Whether {@link #kernelGradientGathered} takes {@code s}: every window inside the input (no
   * padding read), at least 4 output pixels, filters a multiple of {@link Gemm#PANEL}, and the patch in runs of six
   * consecutive input elements.
   */
  static boolean gathersKernelGradient(ConvSpec s, int[] offsets) {
    return Gemm.gathers(4, s.filters()) && s.outRows() * s.outCols() >= 4 && PixelGroups.runsContiguous(offsets, 6)
        && Patches.interior(s, 0, 0) && Patches.interior(s, s.outRows() - 1, s.outCols() - 1);
  }

  /**
   * Whether {@link #kernelGradientGathered} takes {@code f} filters of a patch laid out by {@code offsets} with the
   * transposed tiles ({@link Gemm#multiplyAddByPixelsTransposed}): where they run, and the patch in runs of
   * {@link Gemm#TRANSPOSED_RUN} consecutive input elements.
   */
  static boolean transposesKernelGradient(int f, int[] offsets) {
    return Gemm.transposesByPixels(f) && PixelGroups.runsContiguous(offsets, Gemm.TRANSPOSED_RUN);
  }

  /**
   * The zero-bordered copy of one image of {@code s} ({@link PixelGroups#bordered}) when its windows, all inside
   * it, suit {@link #kernelGradientGathered} and {@code s}'s own padded windows do not; else null. The copy's
   * border holds the zeros im2col would write for the padding, so the sums are the same, in the same order.
   */
  static ConvSpec borderedForKernelGradient(ConvSpec s) {
    ConvSpec border = PixelGroups.bordered(s);
    return gathersKernelGradient(border, PixelGroups.patchOffsets(border)) ? border : null;
  }

  /**
   * Copies image {@code n} of {@code x} into the inner part of {@code image}, its copy inside a zero border
   * ({@code border}, from {@link #borderedForKernelGradient}): the input's rows and columns that lie inside it,
   * at the padding's offset. The border is left as it is (the caller cleared it).
   *
   * @param image modified: the inner part
   */
  static void copyIntoBorder(ConvSpec s, ConvSpec border, double[] x, int n, double[] image) {
    int ch = s.inChannels();
    int top = s.padTop();
    int left = s.padLeft();
    int lastRow = Math.min(border.inRows(), top + s.inRows());
    int width = Math.max(0, Math.min(border.inCols(), left + s.inCols()) - left) * ch;
    for (int row = top; row < lastRow; row++) {
      System.arraycopy(x, ((n * s.inRows() + row - top) * s.inCols()) * ch, image, (row * border.inCols() + left) * ch,
          width);
    }
  }

  /**
   * Adds one image's kernel gradient into {@code partials[partial + p·filters + o]} with six patch
   * elements at a time read from the input where they lie ({@link Gemm#multiplyAddSixByPixels}: no
   * im2col, no packing), over runs of {@value #GATHER_PIXELS} pixels whose {@code dY} rows stay in the
   * cache. The image is image {@code xImage} of {@code x} (shaped by {@code s}) and its output gradient image
   * {@code n} of {@code dy}. With {@code biasAt ≥ 0}, also adds the image's bias gradient into
   * {@code partials[biasAt + o]}, run by run just before the run's kernel gradient reads the same {@code dY} rows.
   * Every sum runs over the pixels in order, as through im2col and {@link Gemm#multiplyAdd} and
   * {@link #biasGradient} over the whole image: the same bits. With {@code transposed}
   * ({@link #transposesKernelGradient}), the kernel gradient is added filter by filter, at
   * {@code partials[partial + o·patchSize + p]} ({@link ConvTasks#addPartials} reads it so),
   * {@link Gemm#TRANSPOSED_RUN} patch elements at a time.
   */
  private static void kernelGradientGathered(ConvSpec s, double[] x, int xImage, double[] dy, int n, int[] offsets,
      double[] partials, int partial, int biasAt, boolean transposed) {
    int outCols = s.outCols();
    int pixels = s.outRows() * outCols;
    int k = s.patchSize();
    int f = s.filters();
    int[] bases = ConvWorkspace.get().pixelBases(GATHER_PIXELS + 4);
    for (int p0 = 0; p0 < pixels; ) {
      int p1 = gatherRunEnd(p0, pixels);
      for (int q = p0; q < p1; q++) {
        int r = q / outCols;
        int c = q - r * outCols;
        bases[q - p0] = PixelGroups.windowStart(s, xImage, r, c);
      }
      if (biasAt >= 0) {
        biasGradient(dy, (n * pixels + p0) * f, (n * pixels + p1) * f, f, partials, biasAt);
      }
      for (int g = 0; transposed && g < k; g += Gemm.TRANSPOSED_RUN) {
        Gemm.multiplyAddByPixelsTransposed(f, p1 - p0, x, bases, offsets[g], dy, (n * pixels + p0) * f, f, partials,
            partial + g, k);
      }
      for (int g = 0; !transposed && g < k; g += 6) {
        Gemm.multiplyAddSixByPixels(f, p1 - p0, x, bases, offsets[g], dy, (n * pixels + p0) * f, f, partials,
            partial + g * f, f);
      }
      p0 = p1;
    }
  }

  /**
   * The end of the run of pixels from {@code p0} that {@link #kernelGradientGathered} takes at once:
   * {@value #GATHER_PIXELS} pixels, or all that are left when fewer than 4 would remain after them (no run
   * shorter than the multiply's shortest inner dimension). Results do not depend on it (every sum runs over
   * the pixels in order).
   */
  static int gatherRunEnd(int p0, int pixels) {
    int p1 = Math.min(pixels, p0 + GATHER_PIXELS);
    return pixels - p1 < 4 ? pixels : p1;
  }

  /**
   * dL/dx of image {@code n}: six neighbouring pixels of an output row at a time, where their windows
   * lie inside the input, have their patch gradients {@code dY·Wᵀ} added straight into {@code dx}
   * ({@link Gemm#multiplyScatterAddSix}: no patch-gradient matrix to clear, fill and add back); the
   * pixels at padded borders and row ends through {@link #inputGradientPixels}. Rows from {@code cleared} on are
   * cleared as the output rows reach them ({@link #clearRowsFor}); returns the first row not cleared.
   */
  private static int inputGradientScattered(ConvSpec s, double[] dy, int n, int[] offsets, double[] wt,
      double[] packedWt, double[] dCols, double[] dx, int cleared) {
    int f = s.filters();
    int k = s.patchSize();
    int imagePixel = n * s.outRows() * s.outCols();
    int rowStep = s.strideCols() * s.inChannels();
    var runs = new PixelGroups.PixelRuns() {
      int clearedRows = cleared;

      @Override
      public void others(int p0, int p1) {
        clearedRows = inputGradientPixels(s, dy, n, p0, p1, wt, packedWt, dCols, dx, clearedRows);
      }

      @Override
      public void six(int r, int c) {
        clearedRows = clearRowsFor(s, dx, n, clearedRows, r);
        Gemm.multiplyScatterAddSix(k, f, dy, (imagePixel + r * s.outCols() + c) * f, f, packedWt, dx,
            PixelGroups.windowStart(s, n, r, c), rowStep, offsets);
      }
    };
    PixelGroups.forEachInteriorSix(s, runs);
    return runs.clearedRows;
  }

  /**
   * dL/dx from output pixels {@code [p0, p1)} of image {@code n}: patch gradients, then col2im, a block at a time,
   * each block's rows from {@code cleared} on cleared first ({@link #clearRowsFor}); returns the first row not
   * cleared.
   */
  private static int inputGradientPixels(ConvSpec s, double[] dy, int n, int p0, int p1, double[] wt,
      double[] packedWt, double[] dCols, double[] dx, int cleared) {
    int pixels = s.outRows() * s.outCols();
    int k = s.patchSize();
    int f = s.filters();
    int block = pixelBlock(s);
    for (int b0 = p0; b0 < p1; b0 += block) {
      int b1 = Math.min(p1, b0 + block);
      cleared = clearRowsFor(s, dx, n, cleared, (b1 - 1) / s.outCols());
      Arrays.fill(dCols, 0, (b1 - b0) * k, 0.0);
      Gemm.multiplyAddPacked(b1 - b0, k, f, dy, (n * pixels + b0) * f, f, 1, wt, 0, k, packedWt, dCols, 0, k);
      Patches.col2imAdd(s, dCols, n, b0, b1, dx);
    }
    return cleared;
  }

  /**
   * Output pixels per block: as many as fit {@link #BLOCK_DOUBLES}, rounded down to a multiple of
   * {@link #BLOCK_MULTIPLE}, at least that. Results do not depend on it (every sum runs in the same order).
   */
  static int pixelBlock(ConvSpec s) {
    int pixels = s.outRows() * s.outCols();
    return Math.min(pixels, Math.max(BLOCK_MULTIPLE, BLOCK_DOUBLES / s.patchSize() / BLOCK_MULTIPLE * BLOCK_MULTIPLE));
  }

  /** {@code out[j·rows + i] = m[i·cols + j]}: the {@code cols × rows} transpose of a row-major matrix. */
  private static double[] transpose(double[] m, int rows, int cols, double[] out) {
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        out[j * rows + i] = m[i * cols + j];
      }
    }
    return out;
  }
}
