package org.minicnn.engine.conv.fast;

import java.util.Arrays;
import org.minicnn.engine.conv.ConvSpec;
import org.minicnn.engine.conv.fast.FloatWorkspace.Use;

/**
 * The float32 compute path: the contract of {@link org.minicnn.engine.conv.ReferenceConvolution} (double arrays
 * in, double results out) computed in float, as PyTorch's and Keras's float32 convolutions compute it. What is
 * rounded where:
 * <ul>
 *   <li>the input {@code x}, the kernel {@code w}, the bias and the output gradient {@code dy} are rounded to
 *       float (round to nearest) as they are read;
 *   <li>every output, input-gradient and kernel-gradient element is a sum of float products accumulated in
 *       float, one fused multiply-add (one rounding) per term, as oneDNN's float32 kernels do; the output starts
 *       from the float bias;
 *   <li>the kernel gradient is summed in float within each task (a fixed share of the batch) and the task sums
 *       are widened and added in task order in double; the input gradient of one image is summed in float and
 *       widened when it is added into {@code dx};
 *   <li>the bias gradient, a plain sum of {@code dy} (no product to round), is summed in double from the
 *       float-rounded {@code dy}: no slower, and more accurate than a float sum over a whole batch.
 * </ul>
 * So results differ from the double kernels by float rounding: relative to {@code Σ|terms|} about
 * {@code 2⁻²⁴·(k + 2)} for a sum of {@code k} terms (tested). Gradient checks by central differences at 1e-7 do
 * not apply here: float rounding alone is 6e-8 per operation.
 *
 * <p>How: image by image, the input is rounded into a float copy inside a zero border as wide as the padding
 * (so every window lies inside it and the patch copy has no border case: a VALID convolution of the bordered
 * image), a cache-sized block of output pixels at a time is copied into patch rows (im2col; or, see
 * {@link Layout}, read in place), and {@link FloatGemm}'s tiles multiply: forward {@code Y = b + cols·W}, input
 * gradient {@code dCols = dY·Wᵀ} then added back into the bordered input gradient (col2im), kernel gradient
 * {@code dW += colsᵀ·dY}. Buffers are padded to whole tiles, so the tile never meets an edge: the kernel's padding
 * is zeros, and what the other buffers' padding holds only reaches tile results that are never read. The kernel
 * and its transpose are rounded and packed once per call.
 *
 * <p>Determinism as in {@link BlockedConvolution}: the batch is cut into {@link ConvTasks} by the shape alone,
 * each task sums its own kernel and bias gradients, and those are added in task order, so results are
 * bit-identical for every thread count. Every sum also runs in the same order at every vector width and in plain
 * Java, so those give the same bits too.
 */
public final class FloatBlockedConvolution {

  /** Upper bound on the floats of one block of patches (128 KiB, half an L2 share). */
  static final int BLOCK_FLOATS = 32768;

  private FloatBlockedConvolution() {}

  /** Whether the tiles of {@code s} read windows straight from the image, with no patch copy (see {@link Layout}). */
  static boolean readsWindowsInPlace(ConvSpec s) {
    return new Layout(s).implicit;
  }

  /** The bordered image's size, the image buffer's and the positions of a block, as {@link Layout} sets them. */
  static int[] layoutSizes(ConvSpec s) {
    Layout g = new Layout(s);
    return new int[] {g.imageSize, g.imageBuffer, g.block};
  }

  /** Same contract as {@link org.minicnn.engine.conv.ReferenceConvolution#forward}, computed in float32. */
  public static void forward(ConvSpec s, double[] x, double[] w, double[] bias, double[] y) {
    Layout g = new Layout(s);
    int f = s.filters();
    float[] packedW = FloatWorkspace.get().floats(Use.PACKED_KERNEL, g.k * g.fPad);
    FloatGemm.packPanels(g.k, f, w, f, 1, packedW);
    float[] biasRow = new float[g.fPad];
    for (int o = 0; bias != null && o < f; o++) {
      biasRow[o] = (float) bias[o];
    }
    ConvTasks.forEachTask(s, (task, first, end) -> {
      FloatWorkspace ws = FloatWorkspace.get();
      float[] image = ws.floats(Use.IMAGE, g.imageBuffer);
      float[] cols = g.implicit ? null : ws.floats(Use.PATCHES, g.block * g.kRow);
      float[] out = ws.floats(Use.PRODUCTS, g.block * g.fPad);
      // implicit: the tile reads each kernel row's run of a window straight from the image, else a patch row
      float[] a = g.implicit ? image : cols;
      int ars = g.implicit ? s.inChannels() : g.kRow;
      int piece = g.implicit ? g.run : g.k;
      for (int n = first; n < end; n++) {
        g.roundImage(x, n, image);
        for (int b = 0; b != g.blocks; b++) {
          int v0 = b * g.block;
          int count = Math.min(g.positions - v0, g.block);
          int rows = FloatGemm.roundUp(count, FloatGemm.ROW_BLOCK);
          if (!g.implicit) {
            g.im2col(image, v0, count, cols);
          }
          for (int q = 0; q < rows; q++) {
            System.arraycopy(biasRow, 0, out, q * g.fPad, g.fPad);
          }
          // piece by piece over all rows, so that the kernel's panels of one piece stay in L1 however long
          // the patches are; each output's chain still runs over the pieces in order
          for (int j = 0, step; j < g.fPad; j += step) {
            step = FloatGemm.step(j, g.fPad);
            for (int p = 0; p < g.k; p += piece) {
              for (int q = 0; q < rows; q += FloatGemm.ROW_BLOCK) {
                int aOff = g.implicit ? g.windowStart(v0 + q) + g.offsets[p] : q * g.kRow + p;
                FloatGemm.tiles(step, piece, a, aOff, ars, 1, packedW, j * g.k + p * FloatGemm.PANEL,
                    FloatGemm.PANEL, FloatGemm.PANEL * g.k, out, q * g.fPad + j, g.fPad, true);
              }
            }
          }
          for (int q = 0; q < count; q++) {
            int pixel = g.pixel(v0 + q);
            if (pixel >= 0) {
              FloatGemm.widen(out, q * g.fPad, y, (n * g.pixels + pixel) * f, f, false);
            }
          }
        }
      }
    });
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
   * {@link #backward}; with {@code overwriteDx}, what {@code dx} held is ignored: the task that computes an image's
   * input gradient writes its slice, widened, in place of adding it (so the caller need not clear {@code dx}).
   */
  static void backward(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx, double[] dw, double[] db,
      boolean overwriteDx) {
    if (dx == null && dw == null && db == null) {
      return;
    }
    Layout g = new Layout(s);
    int f = s.filters();
    int tasks = ConvTasks.tasks(s);
    FloatWorkspace caller = FloatWorkspace.get();
    float[] packedWt = dx == null ? null : caller.floats(Use.PACKED_KERNEL, f * g.kPad);
    if (dx != null) {
      FloatGemm.packPanels(f, g.k, w, 1, f, packedWt);
    }
    int kernelStride = g.kRow * g.fPad;
    float[] kernelPartials = dw == null ? null : caller.floats(Use.PARTIALS, tasks * kernelStride);
    if (dw != null) {
      Arrays.fill(kernelPartials, 0, tasks * kernelStride, 0f);
    }
    double[] biasPartials = db == null ? null : caller.doubles(FloatWorkspace.DoubleUse.BIAS_PARTIALS, tasks * f);
    if (db != null) {
      Arrays.fill(biasPartials, 0, tasks * f, 0.0);
    }
    ConvTasks.forEachTask(s, (task, first, end) -> {
      FloatWorkspace ws = FloatWorkspace.get();
      float[] image = dw == null ? null : ws.floats(Use.IMAGE, g.imageBuffer);
      float[] cols = dw == null || g.implicit ? null : ws.floats(Use.PATCHES, g.block * g.kRow);
      float[] dCols = dx == null ? null : ws.floats(Use.PRODUCTS, g.block * g.kPad);
      float[] grad = ws.floats(Use.OUTPUT_GRADIENT, g.block * g.fPad);
      float[] dImage = dx == null ? null : ws.floats(Use.INPUT_GRADIENT, g.imageSize);
      // the kernel gradient's tile rows are patch elements: implicit, twelve of one run of a window in the image
      float[] a = g.implicit ? image : cols;
      int acs = g.implicit ? s.inChannels() : g.kRow;
      for (int n = first; n < end; n++) {
        if (dw != null) {
          g.roundImage(x, n, image);
        }
        if (dx != null) {
          Arrays.fill(dImage, 0, g.imageSize, 0f);
        }
        // block by block, so that the output gradient's rows, the patches and their gradients stay in the cache
        for (int b = 0; b != g.blocks; b++) {
          int v0 = b * g.block;
          int count = Math.min(g.positions - v0, g.block);
          int rows = FloatGemm.roundUp(count, FloatGemm.ROW_BLOCK);
          g.roundOutputGradient(dy, n, v0, count, grad);
          for (int q = 0; db != null && q < count; q++) {
            FloatGemm.widen(grad, q * g.fPad, biasPartials, task * f, f, true);
          }
          if (dw != null) {
            if (!g.implicit) {
              g.im2col(image, v0, count, cols);
            }
            for (int p = 0; p < g.kRow; p += FloatGemm.ROW_BLOCK) {
              int aOff = g.implicit ? g.windowStart(v0) + g.offsets[p] : p;
              for (int j = 0, step; j < g.fPad; j += step) {
                step = FloatGemm.step(j, g.fPad);
                FloatGemm.tiles(step, count, a, aOff, 1, acs, grad, j, g.fPad, FloatGemm.PANEL, kernelPartials,
                    task * kernelStride + p * g.fPad + j, g.fPad, true);
              }
            }
          }
          if (dx != null) {
            for (int j = 0, step; j < g.kPad; j += step) {
              step = FloatGemm.step(j, g.kPad);
              for (int q = 0; q < rows; q += FloatGemm.ROW_BLOCK) {
                FloatGemm.tiles(step, f, grad, q * g.fPad, g.fPad, 1, packedWt, j * f, FloatGemm.PANEL,
                    FloatGemm.PANEL * f, dCols, q * g.kPad + j, g.kPad, false);
              }
            }
            g.col2imAdd(dCols, v0, count, dImage);
          }
        }
        if (dx != null) {
          g.widenImageGradient(dImage, dx, n, overwriteDx);
        }
      }
    });
    for (int t = 0; t < tasks; t++) {
      for (int p = 0; dw != null && p < g.k; p++) {
        for (int o = 0; o < f; o++) {
          dw[p * f + o] += kernelPartials[t * kernelStride + p * g.fPad + o];
        }
      }
      for (int o = 0; db != null && o < f; o++) {
        db[o] += biasPartials[t * f + o];
      }
    }
  }

  /**
   * The float layout of one geometry: the image inside its zero border as a VALID convolution of the same
   * output size ({@link #bordered}), the positions the tiles compute, and the padded row lengths of the buffers the
   * tile reads and writes.
   *
   * <p>Positions: where the stride is one and a window's kernel rows are runs of whole tiles of rows
   * ({@link #implicit}), position {@code v} is the window starting at element {@code v·inChannels} of the bordered
   * image, {@code (v / width, v % width)} with {@code width} the bordered image's columns: consecutive positions
   * are windows a channel group apart, also across rows, so the tile reads a run of twelve windows (or of twelve
   * patch elements) straight from the image, with no patch copy. The positions past the last output column
   * ({@code kernelCols − 1} per row) wrap into the next row: they are computed and dropped, and their output
   * gradient rows are zeros (so they add nothing to the kernel gradient). Otherwise the positions are the output
   * pixels and the patches are copied (im2col).
   */
  private static final class Layout {
    final ConvSpec s;
    /** The bordered image as a convolution: one image, no padding, every window inside. */
    final ConvSpec bordered;
    final int pixels;
    final int k;
    /** Patch rows padded to whole tiles of rows (the kernel gradient's rows are patch elements). */
    final int kRow;
    /** Patch-gradient rows padded to whole panels (the input gradient's columns are patch elements). */
    final int kPad;
    /** Filters padded to whole panels. */
    final int fPad;
    /** Patch elements that lie consecutively in the image: a kernel row when columns are undilated, else a pixel. */
    final int run;
    /** Whether the tiles read windows straight from the image (see the class comment). */
    final boolean implicit;
    /** Positions per row: the bordered image's columns when {@link #implicit}, else the output's. */
    final int width;
    /** Positions per image. */
    final int positions;
    /** Positions per block: a multiple of the tile's rows, at least one tile's. */
    final int block;
    /** Blocks per image. */
    final int blocks;
    final int imageSize;
    /** The image buffer: the image and, when {@link #implicit}, zeros for the windows of the last tile's rows. */
    final int imageBuffer;
    /** Where each patch element lies relative to its window's start, in the bordered image. */
    final int[] offsets;
    /**
     * Per position, where its window starts in the bordered image and its output pixel (−1 if dropped): worked out
     * once per call, because the blocks ask for every position's several times and a division each time cost
     * several per cent of a call.
     */
    private final int[] windowStarts;
    private final int[] pixelOf;

    Layout(ConvSpec s) {
      this.s = s;
      bordered = PixelGroups.bordered(s);
      pixels = s.outRows() * s.outCols();
      k = s.patchSize();
      kRow = FloatGemm.roundUp(k, FloatGemm.ROW_BLOCK);
      kPad = FloatGemm.roundUp(k, FloatGemm.PANEL);
      fPad = FloatGemm.roundUp(s.filters(), FloatGemm.PANEL);
      run = s.dilationCols() == 1 ? s.kernelCols() * s.inChannels() : s.inChannels();
      implicit = s.strideRows() == 1 && s.strideCols() == 1 && s.dilationCols() == 1
          && run % FloatGemm.ROW_BLOCK == 0;
      width = implicit ? bordered.inCols() : s.outCols();
      positions = s.outRows() * width;
      int widest = Math.max(kRow, Math.max(kPad, fPad));
      block = Math.max(FloatGemm.ROW_BLOCK, Math.min(FloatGemm.roundUp(positions, FloatGemm.ROW_BLOCK),
          FloatGemm.ROW_BLOCK * (BLOCK_FLOATS / widest / FloatGemm.ROW_BLOCK)));
      blocks = FloatGemm.roundUp(positions, block) / block;
      imageSize = bordered.inputSize();
      offsets = PixelGroups.patchOffsets(bordered);
      windowStarts = new int[positions];
      pixelOf = new int[positions];
      for (int v = 0, r = 0, c = 0; v < positions; v++) {
        windowStarts[v] = PixelGroups.windowStart(bordered, 0, r, c);
        pixelOf[v] = c < s.outCols() ? r * s.outCols() + c : -1;
        if (++c == width) {
          c = 0;
          r++;
        }
      }
      // the last tile's windows reach past the image by its rows past the positions and a row's dropped ones
      imageBuffer = implicit
          ? imageSize + (FloatGemm.roundUp(positions, FloatGemm.ROW_BLOCK) - positions + s.kernelCols() - 1)
              * s.inChannels()
          : imageSize;
    }

    /**
     * Rounds image {@code n} of {@code x} into {@code image} inside its zero border (and zeros after it up to
     * {@link #imageBuffer}).
     */
    void roundImage(double[] x, int n, float[] image) {
      if (!fillsImage()) {
        Arrays.fill(image, 0, imageSize, 0f);
      }
      Arrays.fill(image, imageSize, imageBuffer, 0f);
      copyInner(x, n, image, true, false);
    }

    /**
     * Adds the inner part of the bordered input gradient {@code dImage}, widened, into image {@code n} of
     * {@code dx}; with {@code overwrite}, sets that image's slice to it instead (zeros where no window reaches).
     */
    void widenImageGradient(float[] dImage, double[] dx, int n, boolean overwrite) {
      // unless the input fills the bordered image, the inner part may leave out elements no window reaches:
      // the slice is cleared and the inner part added to it
      boolean clearFirst = overwrite && !fillsImage();
      if (clearFirst) {
        int size = s.inRows() * s.inCols() * s.inChannels();
        Arrays.fill(dx, n * size, (n + 1) * size, 0.0);
      }
      copyInner(dx, n, dImage, false, !overwrite || clearFirst);
    }

    /**
     * Whether the input fills the bordered image exactly: no padding, and no trailing rows or columns that the
     * strides skip. Both are checked: padding makes the bordered image larger and skipped columns smaller, so the
     * sizes alone can agree with both present (a causal row of 3 with kernel 3 and stride 3).
     */
    private boolean fillsImage() {
      return bordered.inRows() == s.inRows() && bordered.inCols() == s.inCols() && s.padTop() == 0
          && s.padLeft() == 0;
    }

    /**
     * Between image {@code n} of {@code data} and the inner part of its bordered float copy {@code image} (the part
     * that lies inside the input): {@code toFloat} rounds the input into it; otherwise widens it into {@code data},
     * added with {@code add}, else in place of what {@code data} held.
     */
    private void copyInner(double[] data, int n, float[] image, boolean toFloat, boolean add) {
      int ch = s.inChannels();
      int top = s.padTop();
      int left = s.padLeft();
      int firstRow = Math.max(0, top);
      int lastRow = Math.min(bordered.inRows(), top + s.inRows());
      int firstCol = Math.max(0, left);
      int width = (Math.min(bordered.inCols(), left + s.inCols()) - firstCol) * ch;
      for (int row = firstRow; row < lastRow; row++) {
        int at = (row * bordered.inCols() + firstCol) * ch;
        int from = ((n * s.inRows() + row - top) * s.inCols() + firstCol - left) * ch;
        if (toFloat) {
          FloatGemm.round(data, from, image, at, width);
        } else {
          FloatGemm.widen(image, at, data, from, width, add);
        }
      }
    }

    /**
     * {@code grad[q·fPad + o] = (float) dy[image n, pixel of position v0 + q, o]} for {@code q < count} and
     * {@code o < filters}, zero in the rows of dropped positions. The padded columns and the rows from
     * {@code count} on are left as they are: they only reach tile results that are never read (the kernel
     * gradient of padded filters, the patch gradients of rows past the block).
     */
    void roundOutputGradient(double[] dy, int n, int v0, int count, float[] grad) {
      int f = s.filters();
      for (int q = 0; q < count; q++) {
        int pixel = pixel(v0 + q);
        if (pixel < 0) {
          Arrays.fill(grad, q * fPad, q * fPad + f, 0f);
        } else {
          FloatGemm.round(dy, (n * pixels + pixel) * f, grad, q * fPad, f);
        }
      }
    }

    /**
     * Patch rows {@code cols[q·kRow + p]}, {@code p < k}, of the positions {@code v0 + q}, {@code q < count}, from
     * the bordered image. The padded columns and the rows from {@code count} on are left as they are: they only
     * reach tile results that are never read (outputs of rows past the block, kernel-gradient rows past {@code k}).
     */
    void im2col(float[] image, int v0, int count, float[] cols) {
      for (int q = 0; q < count; q++) {
        int base = windowStart(v0 + q);
        for (int p = 0; p < k; p += run) {
          System.arraycopy(image, base + offsets[p], cols, q * kRow + p, run);
        }
      }
    }

    /**
     * Adds the patch gradients {@code dCols[q·kPad + p]} of positions {@code v0 + q} back where their windows lie,
     * skipping dropped positions.
     */
    void col2imAdd(float[] dCols, int v0, int count, float[] dImage) {
      for (int q = 0; q < count; q++) {
        if (pixel(v0 + q) >= 0) {
          int base = windowStart(v0 + q);
          for (int p = 0; p < k; p += run) {
            FloatGemm.addRun(dCols, q * kPad + p, dImage, base + offsets[p], run);
          }
        }
      }
    }

    /** Where position {@code v}'s window starts in the bordered image. */
    int windowStart(int v) {
      return windowStarts[v];
    }

    /** The output pixel (row-major in its image) of position {@code v}, or −1 if it is dropped. */
    int pixel(int v) {
      return pixelOf[v];
    }
  }
}
