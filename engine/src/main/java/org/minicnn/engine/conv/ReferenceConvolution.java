package org.minicnn.engine.conv;

/**
 * The definition of convolution (cross-correlation) as nested loops: slow, obviously right, and
 * kept as the reference every fast path is tested against.
 *
 * <p>Forward: {@code y[n,r,c,f] = b[f] + Σ_{i,j,ch} x[n, r·sr + i·dr - pt, c·sc + j·dc - pl, ch] · w[i,j,ch,f]},
 * where out-of-range input positions are zero (padding).
 *
 * <p>Backward, for an upstream gradient {@code dy = dL/dy}, each term of that sum is differentiated
 * once: {@code dL/db[f] = Σ_{n,r,c} dy[n,r,c,f]}; {@code dL/dw[i,j,ch,f] = Σ_{n,r,c} x[n, ·, ·, ch]·dy[n,r,c,f]}
 * (the valid cross-correlation of the input with {@code dy}); {@code dL/dx[n, row, col, ch] = Σ dy[n,r,c,f]·w[i,j,ch,f]}
 * over every {@code (r,c,i,j)} that read that input position (the full convolution of {@code dy}
 * with the 180°-rotated kernel).
 */
public final class ReferenceConvolution {

  private ReferenceConvolution() {}

  /**
   * @param x input {@code [batch, inRows, inCols, inChannels]}
   * @param w input {@code [kernelRows, kernelCols, inChannels, filters]}
   * @param bias input {@code [filters]}, or null for none
   * @param y output {@code [batch, outRows, outCols, filters]}, overwritten
   */
  public static void forward(ConvSpec s, double[] x, double[] w, double[] bias, double[] y) {
    for (int n = 0; n < s.batch(); n++) {
      for (int r = 0; r < s.outRows(); r++) {
        for (int c = 0; c < s.outCols(); c++) {
          for (int f = 0; f < s.filters(); f++) {
            double sum = bias == null ? 0.0 : bias[f];
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
                for (int ch = 0; ch < s.inChannels(); ch++) {
                  sum += x[inputIndex(s, n, row, col, ch)] * w[kernelIndex(s, i, j, ch, f)];
                }
              }
            }
            y[outputIndex(s, n, r, c, f)] = sum;
          }
        }
      }
    }
  }

  /**
   * Adds the gradients of the last forward into {@code dx}, {@code dw} and {@code db}.
   *
   * @param x input, as in forward
   * @param w input, as in forward
   * @param dy input {@code [batch, outRows, outCols, filters]}: dL/dy
   * @param dx modified, added into: dL/dx, or null to skip
   * @param dw modified, added into: dL/dw, or null to skip
   * @param db modified, added into: dL/db, or null to skip
   */
  public static void backward(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx, double[] dw, double[] db) {
    for (int n = 0; n < s.batch(); n++) {
      for (int r = 0; r < s.outRows(); r++) {
        for (int c = 0; c < s.outCols(); c++) {
          for (int f = 0; f < s.filters(); f++) {
            double g = dy[outputIndex(s, n, r, c, f)];
            if (db != null) {
              db[f] += g;
            }
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
                for (int ch = 0; ch < s.inChannels(); ch++) {
                  int xi = inputIndex(s, n, row, col, ch);
                  int wi = kernelIndex(s, i, j, ch, f);
                  if (dw != null) {
                    dw[wi] += x[xi] * g;
                  }
                  if (dx != null) {
                    dx[xi] += w[wi] * g;
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  public static int inputIndex(ConvSpec s, int n, int row, int col, int ch) {
    return ((n * s.inRows() + row) * s.inCols() + col) * s.inChannels() + ch;
  }

  static int kernelIndex(ConvSpec s, int i, int j, int ch, int f) {
    return ((i * s.kernelCols() + j) * s.inChannels() + ch) * s.filters() + f;
  }

  static int outputIndex(ConvSpec s, int n, int r, int c, int f) {
    return ((n * s.outRows() + r) * s.outCols() + c) * s.filters() + f;
  }
}
