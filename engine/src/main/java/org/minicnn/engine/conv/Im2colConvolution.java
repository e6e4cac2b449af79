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
   * Copies the patches of image {@code n} into {@code cols} ({@code [outRows·outCols, patchSize]},
   * modified); padded positions become zeros.
   */
  public static void im2col(ConvSpec s, double[] x, int n, double[] cols) {
    int[] index = patchIndex(s);
    int image = n * s.inRows() * s.inCols() * s.inChannels();
    for (int q = 0; q < index.length; q++) {
      cols[q] = index[q] < 0 ? 0.0 : x[image + index[q]];
    }
  }

  /** Adds each patch row of {@code dCols} back where {@link #im2col} read it in image {@code n} of {@code dx} (modified). */
  public static void col2imAdd(ConvSpec s, double[] dCols, int n, double[] dx) {
    int[] index = patchIndex(s);
    int image = n * s.inRows() * s.inCols() * s.inChannels();
    for (int q = 0; q < index.length; q++) {
      if (index[q] >= 0) {
        dx[image + index[q]] += dCols[q];
      }
    }
  }

  /** For each element of each patch, in {@code cols} order, its index in image 0 of the input, or −1 for padding. */
  private static int[] patchIndex(ConvSpec s) {
    int[] index = new int[s.outRows() * s.outCols() * s.patchSize()];
    int q = 0;
    for (int r = 0; r < s.outRows(); r++) {
      for (int c = 0; c < s.outCols(); c++) {
        for (int i = 0; i < s.kernelRows(); i++) {
          int row = r * s.strideRows() + i * s.dilationRows() - s.padTop();
          for (int j = 0; j < s.kernelCols(); j++) {
            int col = c * s.strideCols() + j * s.dilationCols() - s.padLeft();
            boolean inside = row >= 0 && row < s.inRows() && col >= 0 && col < s.inCols();
            for (int ch = 0; ch < s.inChannels(); ch++) {
              index[q++] = inside ? ReferenceConvolution.inputIndex(s, 0, row, col, ch) : -1;
            }
          }
        }
      }
    }
    return index;
  }
}
