package org.minicnn.engine.conv.fast;

import org.minicnn.engine.conv.ConvSpec;

/**
 * The direct kernel for the smallest convolutions: one input channel, one filter, stride 1,
 * dilation 1, no padding (the tutorial's {@code Conv2D(1, 3, 3)} on 8×8 images). There the
 * channels-last arrays are plain images, and each kernel tap is one multiply-add of a whole input
 * row segment into an output row ({@code y[r, ·] += w[i,j]·x[r+i, j+·]}), a loop the JIT
 * vectorises; im2col and a matrix multiply with one column would cost more than the arithmetic.
 * The three-tap loops are written with the Vector API ({@link VectorDirect}) when it is present:
 * the JIT's own vectorisation of them was measurably slower, and the explicit loops do the same
 * operations in the same order, so the same bits.
 *
 * <p>Same contract as {@link ReferenceConvolution}. The forward pass sums each output in the
 * reference's order (bias, then taps row by row), and so does the kernel gradient (images, rows,
 * columns), so both match the reference exactly when the gradient starts from zero; the input
 * gradient differs from it only by summation order (tested to 1e-12 relative).
 */
final class DirectConvolution {

  private DirectConvolution() {}

  /** Whether {@code s} is a convolution this kernel computes. */
  static boolean applies(ConvSpec s) {
    return s.inChannels() == 1 && s.filters() == 1 && s.strideRows() == 1 && s.strideCols() == 1
        && s.dilationRows() == 1 && s.dilationCols() == 1 && s.padTop() == 0 && s.padLeft() == 0
        && s.outRows() == s.inRows() - s.kernelRows() + 1 && s.outCols() == s.inCols() - s.kernelCols() + 1;
  }

  /** See {@link ReferenceConvolution#forward}; {@code s} must satisfy {@link #applies}. */
  static void forward(ConvSpec s, double[] x, double[] w, double[] bias, double[] y) {
    forward(s, x, w, bias, y, VectorApi.ENABLED);
  }

  /**
   * {@link #forward} with the three-tap loops in the Vector API ({@code vector}, only with the module) or
   * in plain Java: the same bits either way.
   */
  static void forward(ConvSpec s, double[] x, double[] w, double[] bias, double[] y, boolean vector) {
    int outRows = s.outRows();
    int outCols = s.outCols();
    int inRows = s.inRows();
    int inCols = s.inCols();
    int kr = s.kernelRows();
    int kc = s.kernelCols();
    // Full-width outputs: z[q] = b + Σ w[i,j]·x[q + i·inCols + j] for every flat input position q
    // whose window stays inside the batch array; one long loop per tap instead of one per row.
    // z holds junk where the window wraps past a row or image edge; only the valid outputs are copied.
    int span = (kr - 1) * inCols + kc - 1;
    int length = x.length - span;
    double[] z = ConvWorkspace.get().patches(length);
    java.util.Arrays.fill(z, 0, length, bias == null ? 0.0 : bias[0]);
    for (int i = 0; i < kr; i++) {
      // up to three taps of a kernel row per pass, added in the reference's order: fewer passes over z
      for (int j = 0; j < kc; j += 3) {
        int off = i * inCols + j;
        int t = i * kc + j;
        if (j + 2 < kc) {
          if (vector) {
            VectorDirect.forwardThreeTaps(z, x, off, w[t], w[t + 1], w[t + 2], length);
          } else {
            forwardThreeTaps(z, x, off, w[t], w[t + 1], w[t + 2], 0, length);
          }
        } else if (j + 1 < kc) {
          double w0 = w[t];
          double w1 = w[t + 1];
          for (int q = 0; q < length; q++) {
            z[q] = (z[q] + x[q + off] * w0) + x[q + off + 1] * w1;
          }
        } else {
          double w0 = w[t];
          for (int q = 0; q < length; q++) {
            z[q] += x[q + off] * w0;
          }
        }
      }
    }
    for (int n = 0; n < s.batch(); n++) {
      for (int r = 0; r < outRows; r++) {
        System.arraycopy(z, (n * inRows + r) * inCols, y, (n * outRows + r) * outCols, outCols);
      }
    }
  }

  /** See {@link ReferenceConvolution#backward}; {@code s} must satisfy {@link #applies}. */
  static void backward(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx, double[] dw, double[] db) {
    backward(s, x, w, dy, dx, dw, db, VectorApi.ENABLED);
  }

  /** {@link #backward} with the input gradient's three-tap loops in the Vector API or not, as {@link #forward}. */
  static void backward(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx, double[] dw, double[] db,
      boolean vector) {
    int outRows = s.outRows();
    int outCols = s.outCols();
    int inRows = s.inRows();
    int inCols = s.inCols();
    int kr = s.kernelRows();
    int kc = s.kernelCols();
    if (db != null) {
      double sum = 0.0;
      for (double g : dy) {
        sum += g;
      }
      db[0] += sum;
    }
    if (dw != null) {
      if (allFinite(x)) {
        addKernelGradient(s, x, dy, dw);
      } else {
        addKernelGradientByRows(s, x, dy, dw);
      }
    }
    if (dx != null) {
      if (allFinite(w)) {
        addInputGradient(s, w, dy, dx, vector);
      } else {
        addInputGradientByRows(s, w, dy, dx);
      }
    }
  }

  /**
   * {@code dw[i,j] += Σ_q x[q + i·inCols + j]·g[q]} over the flat batch, where {@code g} is {@code dy}
   * laid out at input width with zeros in the columns no output has: long loops, several taps sharing
   * each load of {@code g} (all nine of a 3×3 kernel, else the taps of a kernel row, up to three). Each
   * tap has one accumulator summing in the reference's order (images, rows, columns), so a gradient
   * accumulated from zero equals the reference's, as a hand-written loop gets it. The zeros multiply
   * inputs the reference does not pair, so the inputs must be finite.
   */
  private static void addKernelGradient(ConvSpec s, double[] x, double[] dy, double[] dw) {
    int inCols = s.inCols();
    int kr = s.kernelRows();
    int kc = s.kernelCols();
    int length = x.length - ((kr - 1) * inCols + kc - 1);
    double[] g = spreadGradient(s, dy, length, 0);
    if (kr == 3 && kc == 3) {
      addKernelGradient3x3(x, g, length, inCols, dw);
      return;
    }
    for (int i = 0; i < kr; i++) {
      for (int j = 0; j < kc; j += 3) {
        int off = i * inCols + j;
        int taps = Math.min(3, kc - j);
        double a0 = 0.0;
        double a1 = 0.0;
        double a2 = 0.0;
        for (int q = 0; q < length; q++) {
          double g0 = g[q];
          a0 += x[q + off] * g0;
          if (taps > 1) {
            a1 += x[q + off + 1] * g0;
          }
          if (taps > 2) {
            a2 += x[q + off + 2] * g0;
          }
        }
        int t = i * kc + j;
        dw[t] += a0;
        if (taps > 1) {
          dw[t + 1] += a1;
        }
        if (taps > 2) {
          dw[t + 2] += a2;
        }
      }
    }
  }

  /** {@link #addKernelGradient} for a 3×3 kernel: nine independent sums in one pass. */
  private static void addKernelGradient3x3(double[] x, double[] g, int length, int inCols, double[] dw) {
    int o1 = inCols;
    int o2 = 2 * inCols;
    double a0 = 0.0;
    double a1 = 0.0;
    double a2 = 0.0;
    double a3 = 0.0;
    double a4 = 0.0;
    double a5 = 0.0;
    double a6 = 0.0;
    double a7 = 0.0;
    double a8 = 0.0;
    for (int q = 0; q < length; q++) {
      double gq = g[q];
      a0 += x[q] * gq;
      a1 += x[q + 1] * gq;
      a2 += x[q + 2] * gq;
      a3 += x[q + o1] * gq;
      a4 += x[q + o1 + 1] * gq;
      a5 += x[q + o1 + 2] * gq;
      a6 += x[q + o2] * gq;
      a7 += x[q + o2 + 1] * gq;
      a8 += x[q + o2 + 2] * gq;
    }
    dw[0] += a0;
    dw[1] += a1;
    dw[2] += a2;
    dw[3] += a3;
    dw[4] += a4;
    dw[5] += a5;
    dw[6] += a6;
    dw[7] += a7;
    dw[8] += a8;
  }

  /**
   * {@code dy} at input width, after {@code lead} zeros: row {@code r} of image {@code n} at
   * {@code lead + (n·inRows + r)·inCols}; zeros elsewhere, up to {@code lead + length + lead}.
   */
  private static double[] spreadGradient(ConvSpec s, double[] dy, int length, int lead) {
    int outRows = s.outRows();
    int outCols = s.outCols();
    int inRows = s.inRows();
    int inCols = s.inCols();
    double[] g = ConvWorkspace.get().patchGrads(length + 2 * lead);
    java.util.Arrays.fill(g, 0, length + 2 * lead, 0.0);
    for (int n = 0; n < s.batch(); n++) {
      for (int r = 0; r < outRows; r++) {
        System.arraycopy(dy, (n * outRows + r) * outCols, g, lead + (n * inRows + r) * inCols, outCols);
      }
    }
    return g;
  }

  /** The kernel gradient row by row over the valid outputs only (for non-finite inputs). */
  private static void addKernelGradientByRows(ConvSpec s, double[] x, double[] dy, double[] dw) {
    int outRows = s.outRows();
    int outCols = s.outCols();
    int inRows = s.inRows();
    int inCols = s.inCols();
    int kr = s.kernelRows();
    int kc = s.kernelCols();
    // One dot product per tap over every output row; four partial sums break the add chain.
    for (int i = 0; i < kr; i++) {
      for (int j = 0; j < kc; j++) {
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        for (int n = 0; n < s.batch(); n++) {
          for (int r = 0; r < outRows; r++) {
            int yRow = (n * outRows + r) * outCols;
            int xOff = (n * inRows + r + i) * inCols + j;
            int c = 0;
            for (; c + 3 < outCols; c += 4) {
              s0 += x[xOff + c] * dy[yRow + c];
              s1 += x[xOff + c + 1] * dy[yRow + c + 1];
              s2 += x[xOff + c + 2] * dy[yRow + c + 2];
              s3 += x[xOff + c + 3] * dy[yRow + c + 3];
            }
            for (; c < outCols; c++) {
              s0 += x[xOff + c] * dy[yRow + c];
            }
          }
        }
        dw[i * kc + j] += (s0 + s1) + (s2 + s3);
      }
    }
  }

  /**
   * {@code dx[q + i·inCols + j] += w[i,j]·g[q]} over the flat batch, where {@code g} is {@code dy}
   * laid out at input width with zeros in the columns no output has. Computed as a gather, up to
   * three taps of a kernel row per pass: {@code dx[off + p] += Σ_t g[p − t]·w[i, j + t]} with
   * {@code g} zero-padded on both sides. The zeros add {@code w·0 = 0} to positions the reference
   * leaves alone, so the weights must be finite.
   */
  private static void addInputGradient(ConvSpec s, double[] w, double[] dy, double[] dx, boolean vector) {
    int inCols = s.inCols();
    int kr = s.kernelRows();
    int kc = s.kernelCols();
    int length = dx.length - ((kr - 1) * inCols + kc - 1);
    int lead = 2;
    double[] g = spreadGradient(s, dy, length, lead);
    for (int i = 0; i < kr; i++) {
      for (int j = 0; j < kc; j += 3) {
        int off = i * inCols + j;
        int t = i * kc + j;
        int taps = Math.min(3, kc - j);
        int end = length + taps - 1;
        if (taps == 3) {
          if (vector) {
            VectorDirect.inputGradientThreeTaps(dx, off, g, lead, w[t], w[t + 1], w[t + 2], end);
          } else {
            inputGradientThreeTaps(dx, off, g, lead, w[t], w[t + 1], w[t + 2], 0, end);
          }
        } else if (taps == 2) {
          double w0 = w[t];
          double w1 = w[t + 1];
          for (int p = 0; p < end; p++) {
            dx[off + p] += g[lead + p] * w0 + g[lead + p - 1] * w1;
          }
        } else {
          double w0 = w[t];
          for (int p = 0; p < end; p++) {
            dx[off + p] += g[lead + p] * w0;
          }
        }
      }
    }
  }

  /** The input gradient row by row, touching only what the reference touches (for non-finite weights). */
  private static void addInputGradientByRows(ConvSpec s, double[] w, double[] dy, double[] dx) {
    int outRows = s.outRows();
    int outCols = s.outCols();
    int inRows = s.inRows();
    int inCols = s.inCols();
    int kr = s.kernelRows();
    int kc = s.kernelCols();
    for (int n = 0; n < s.batch(); n++) {
      for (int r = 0; r < outRows; r++) {
        int yRow = (n * outRows + r) * outCols;
        for (int i = 0; i < kr; i++) {
          int xRow = (n * inRows + r + i) * inCols;
          for (int j = 0; j < kc; j++) {
            double wij = w[i * kc + j];
            int xOff = xRow + j;
            for (int c = 0; c < outCols; c++) {
              dx[xOff + c] += dy[yRow + c] * wij;
            }
          }
        }
      }
    }
  }

  /**
   * {@code z[q] = ((z[q] + x[q+off]·w0) + x[q+off+1]·w1) + x[q+off+2]·w2} for {@code from ≤ q < to}:
   * three taps of a kernel row added into the full-width outputs.
   *
   * @param z modified
   */
  static void forwardThreeTaps(double[] z, double[] x, int off, double w0, double w1, double w2, int from, int to) {
    for (int q = from; q < to; q++) {
      z[q] = ((z[q] + x[q + off] * w0) + x[q + off + 1] * w1) + x[q + off + 2] * w2;
    }
  }

  /**
   * {@code dx[off+p] += (g[lead+p]·w0 + g[lead+p−1]·w1) + g[lead+p−2]·w2} for {@code from ≤ p < to}:
   * what three taps of a kernel row send back to the inputs.
   *
   * @param dx modified
   */
  static void inputGradientThreeTaps(double[] dx, int off, double[] g, int lead, double w0, double w1, double w2,
      int from, int to) {
    for (int p = from; p < to; p++) {
      dx[off + p] += g[lead + p] * w0 + g[lead + p - 1] * w1 + g[lead + p - 2] * w2;
    }
  }

  private static boolean allFinite(double[] values) {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }
}
