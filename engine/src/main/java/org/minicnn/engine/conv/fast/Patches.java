package org.minicnn.engine.conv.fast;

import org.minicnn.engine.conv.ConvSpec;
import org.minicnn.engine.conv.ReferenceConvolution;

/**
 * im2col and col2im on a range of output pixels, for the blocked kernels: the same copies as
 * {@link org.minicnn.engine.conv.Im2colConvolution}'s, with an undilated kernel row copied as one
 * contiguous run.
 */
final class Patches {

  private Patches() {}

  /**
   * Copies the patches of output pixels {@code [p0, p1)} (row-major over {@code outRows × outCols}) of
   * image {@code n} into the first {@code (p1 − p0)·patchSize} elements of {@code cols} (modified);
   * padded positions become zeros.
   */
  static void im2col(ConvSpec s, double[] x, int n, int p0, int p1, double[] cols) {
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
  static boolean interior(ConvSpec s, int r, int c) {
    int row = r * s.strideRows() - s.padTop();
    int col = c * s.strideCols() - s.padLeft();
    return row >= 0 && row + (s.kernelRows() - 1) * s.dilationRows() < s.inRows()
        && col >= 0 && col + (s.kernelCols() - 1) * s.dilationCols() < s.inCols();
  }

  /**
   * Adds the patch rows of output pixels {@code [p0, p1)} of image {@code n}, stored from the start of
   * {@code dCols} (input), back where {@link #im2col}
   * read them in {@code dx} (modified).
   */
  static void col2imAdd(ConvSpec s, double[] dCols, int n, int p0, int p1, double[] dx) {
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
