package org.minicnn.engine.conv;

/**
 * Convolution as a matrix product: {@code im2col} copies every receptive-field patch of one image
 * into a row of a {@code [outRows·outCols, patchSize]} matrix, whose product with the kernel viewed
 * as a {@code [patchSize, filters]} matrix (the Keras layout already is that matrix) is the
 * channels-last output. Backward is the same algebra transposed: {@code dW += colsᵀ·dY},
 * {@code dCols = dY·Wᵀ}, and {@code col2im} adds each patch gradient back where it was read.
 *
 * <p>Computes the same numbers as {@link ReferenceConvolution} (tested to 1e-12) in a
 * cache-friendly order. One image is unrolled at a time so memory stays bounded for any batch;
 * when even one image's patch matrix would exceed {@link #MAX_PATCH_MATRIX} elements (a huge kernel
 * on a large image) the reference loops, which need no buffer, compute it instead.
 */
public final class Im2colConvolution {

  /** The largest patch matrix unrolled, in elements (512 MiB of doubles). */
  public static final long MAX_PATCH_MATRIX = 1L << 26;

  private Im2colConvolution() {}

  private static boolean tooLarge(ConvSpec s) {
    return (long) s.outRows() * s.outCols() * s.patchSize() > MAX_PATCH_MATRIX;
  }

  /** Same contract as {@link ReferenceConvolution#forward}. */
  public static void forward(ConvSpec s, double[] x, double[] w, double[] bias, double[] y) {
    if (tooLarge(s)) {
      ReferenceConvolution.forward(s, x, w, bias, y);
      return;
    }
    int pixels = s.outRows() * s.outCols();
    int k = s.patchSize();
    int f = s.filters();
    double[] cols = new double[pixels * k];
    for (int n = 0; n < s.batch(); n++) {
      im2col(s, x, n, cols);
      int yBase = n * pixels * f;
      for (int p = 0; p < pixels; p++) {
        int yRow = yBase + p * f;
        if (bias == null) {
          java.util.Arrays.fill(y, yRow, yRow + f, 0.0);
        } else {
          System.arraycopy(bias, 0, y, yRow, f);
        }
        int colRow = p * k;
        for (int q = 0; q < k; q++) {
          double a = cols[colRow + q];
          if (a == 0.0) {
            continue;
          }
          int wRow = q * f;
          for (int o = 0; o < f; o++) {
            y[yRow + o] += a * w[wRow + o];
          }
        }
      }
    }
  }

  /** Same contract as {@link ReferenceConvolution#backward}. */
  public static void backward(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx, double[] dw, double[] db) {
    if (tooLarge(s)) {
      ReferenceConvolution.backward(s, x, w, dy, dx, dw, db);
      return;
    }
    int pixels = s.outRows() * s.outCols();
    int k = s.patchSize();
    int f = s.filters();
    double[] cols = new double[pixels * k];
    double[] dCols = dx == null ? null : new double[pixels * k];
    for (int n = 0; n < s.batch(); n++) {
      int yBase = n * pixels * f;
      if (db != null) {
        for (int p = 0; p < pixels; p++) {
          for (int o = 0; o < f; o++) {
            db[o] += dy[yBase + p * f + o];
          }
        }
      }
      if (dw != null) {
        im2col(s, x, n, cols);
        for (int p = 0; p < pixels; p++) {
          int dyRow = yBase + p * f;
          int colRow = p * k;
          for (int q = 0; q < k; q++) {
            double a = cols[colRow + q];
            if (a == 0.0) {
              continue;
            }
            int wRow = q * f;
            for (int o = 0; o < f; o++) {
              dw[wRow + o] += a * dy[dyRow + o];
            }
          }
        }
      }
      if (dx != null) {
        for (int p = 0; p < pixels; p++) {
          int dyRow = yBase + p * f;
          int colRow = p * k;
          for (int q = 0; q < k; q++) {
            int wRow = q * f;
            double sum = 0.0;
            for (int o = 0; o < f; o++) {
              sum += dy[dyRow + o] * w[wRow + o];
            }
            dCols[colRow + q] = sum;
          }
        }
        col2imAdd(s, dCols, n, dx);
      }
    }
  }

  /**
   * Copies the patches of image {@code n} into {@code cols} (modified, {@code [outRows·outCols, patchSize]});
   * padded positions become zeros.
   */
  public static void im2col(ConvSpec s, double[] x, int n, double[] cols) {
    im2col(s, x, n, 0, s.outRows() * s.outCols(), cols);
  }

  /**
   * Copies the patches of output pixels {@code [p0, p1)} (row-major over {@code outRows × outCols}) of
   * image {@code n} into the first {@code (p1 − p0)·patchSize} elements of {@code cols} (modified);
   * padded positions become zeros.
   */
  public static void im2col(ConvSpec s, double[] x, int n, int p0, int p1, double[] cols) {
    int ch = s.inChannels();
    int kr = s.kernelRows();
    int kc = s.kernelCols();
    int rowStep = s.dilationRows() * s.inCols() * ch;
    int colStep = s.dilationCols() * ch;
    int q = 0;
    for (int p = p0; p < p1; p++) {
      int r = p / s.outCols();
      int c = p - r * s.outCols();
      if (interior(s, r, c)) {
        int rowStart = ReferenceConvolution.inputIndex(s, n, r * s.strideRows() - s.padTop(),
            c * s.strideCols() - s.padLeft(), 0);
        if (colStep == ch) {
          // undilated columns: a kernel row's kc·ch values are one contiguous run of the input
          int run = kc * ch;
          for (int i = 0; i < kr; i++, rowStart += rowStep, q += run) {
            for (int e = 0; e < run; e++) {
              cols[q + e] = x[rowStart + e];
            }
          }
          continue;
        }
        for (int i = 0; i < kr; i++, rowStart += rowStep) {
          for (int j = 0, src = rowStart; j < kc; j++, src += colStep, q += ch) {
            for (int t = 0; t < ch; t++) {
              cols[q + t] = x[src + t];
            }
          }
        }
        continue;
      }
      for (int i = 0; i < kr; i++) {
        int row = r * s.strideRows() + i * s.dilationRows() - s.padTop();
        boolean rowInside = row >= 0 && row < s.inRows();
        for (int j = 0; j < kc; j++, q += ch) {
          int col = c * s.strideCols() + j * s.dilationCols() - s.padLeft();
          if (!rowInside || col < 0 || col >= s.inCols()) {
            java.util.Arrays.fill(cols, q, q + ch, 0.0);
          } else {
            System.arraycopy(x, ReferenceConvolution.inputIndex(s, n, row, col, 0), cols, q, ch);
          }
        }
      }
    }
  }

  /** Whether the whole receptive field of output pixel {@code (r, c)} lies inside the input (no padding read). */
  public static boolean interior(ConvSpec s, int r, int c) {
    int row = r * s.strideRows() - s.padTop();
    int col = c * s.strideCols() - s.padLeft();
    return row >= 0 && row + (s.kernelRows() - 1) * s.dilationRows() < s.inRows()
        && col >= 0 && col + (s.kernelCols() - 1) * s.dilationCols() < s.inCols();
  }

  /** Adds each patch row of {@code dCols} (input) back into image {@code n} of {@code dx} (modified). */
  public static void col2imAdd(ConvSpec s, double[] dCols, int n, double[] dx) {
    col2imAdd(s, dCols, n, 0, s.outRows() * s.outCols(), dx);
  }

  /**
   * Adds the patch rows of output pixels {@code [p0, p1)} of image {@code n}, stored from the start of
   * {@code dCols} (input), back where {@link #im2col(ConvSpec, double[], int, int, int, double[])}
   * read them in {@code dx} (modified).
   */
  public static void col2imAdd(ConvSpec s, double[] dCols, int n, int p0, int p1, double[] dx) {
    int ch = s.inChannels();
    int kr = s.kernelRows();
    int kc = s.kernelCols();
    int rowStep = s.dilationRows() * s.inCols() * ch;
    int colStep = s.dilationCols() * ch;
    int q = 0;
    for (int p = p0; p < p1; p++) {
      int r = p / s.outCols();
      int c = p - r * s.outCols();
      if (interior(s, r, c)) {
        int rowStart = ReferenceConvolution.inputIndex(s, n, r * s.strideRows() - s.padTop(),
            c * s.strideCols() - s.padLeft(), 0);
        if (colStep == ch) {
          int run = kc * ch;
          for (int i = 0; i < kr; i++, rowStart += rowStep, q += run) {
            for (int e = 0; e < run; e++) {
              dx[rowStart + e] += dCols[q + e];
            }
          }
          continue;
        }
        for (int i = 0; i < kr; i++, rowStart += rowStep) {
          for (int j = 0, dst = rowStart; j < kc; j++, dst += colStep, q += ch) {
            for (int t = 0; t < ch; t++) {
              dx[dst + t] += dCols[q + t];
            }
          }
        }
        continue;
      }
      for (int i = 0; i < kr; i++) {
        int row = r * s.strideRows() + i * s.dilationRows() - s.padTop();
        boolean rowInside = row >= 0 && row < s.inRows();
        for (int j = 0; j < kc; j++, q += ch) {
          int col = c * s.strideCols() + j * s.dilationCols() - s.padLeft();
          if (rowInside && col >= 0 && col < s.inCols()) {
            int xi = ReferenceConvolution.inputIndex(s, n, row, col, 0);
            for (int t = 0; t < ch; t++) {
              dx[xi + t] += dCols[q + t];
            }
          }
        }
      }
    }
  }
}
