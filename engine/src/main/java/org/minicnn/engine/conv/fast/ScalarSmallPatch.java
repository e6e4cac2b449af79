package org.minicnn.engine.conv.fast;

import org.minicnn.engine.conv.ConvSpec;

/**
 * The plain-Java kernels of {@link SmallPatchConvolution}, one image at a time. The forward sums
 * each output in the reference's order (bias, then the taps), so it equals the reference exactly.
 */
final class ScalarSmallPatch {

  private ScalarSmallPatch() {}

  /** Writes the outputs of image {@code n} into {@code y}. */
  static void forward(ConvSpec s, SmallPatchConvolution.Taps taps, double[] x, double[] w, double[] bias,
      double[] y, int n) {
    int f = s.filters();
    int pixels = s.outRows() * s.outCols();
    int xBase = n * s.inRows() * s.inCols() * s.inChannels();
    int[] start = taps.start;
    int[] input = taps.input;
    int[] kernel = taps.kernel;
    for (int p = 0; p < pixels; p++) {
      int yOff = (n * pixels + p) * f;
      for (int o = 0; o < f; o++) {
        double sum = bias == null ? 0.0 : bias[o];
        for (int t = start[p]; t < start[p + 1]; t++) {
          sum += x[xBase + input[t]] * w[kernel[t] * f + o];
        }
        y[yOff + o] = sum;
      }
    }
  }

  /**
   * Adds image {@code n}'s kernel gradient into {@code partials[pOff + ·]} (unless null) and its
   * input gradient into {@code dx} (unless null).
   */
  static void backward(ConvSpec s, SmallPatchConvolution.Taps taps, double[] x, double[] w, double[] dy,
      double[] dx, double[] partials, int pOff, int n) {
    int f = s.filters();
    int pixels = s.outRows() * s.outCols();
    int xBase = n * s.inRows() * s.inCols() * s.inChannels();
    int[] start = taps.start;
    int[] input = taps.input;
    int[] kernel = taps.kernel;
    for (int p = 0; p < pixels; p++) {
      int dyOff = (n * pixels + p) * f;
      for (int t = start[p]; t < start[p + 1]; t++) {
        int xi = xBase + input[t];
        int wOff = kernel[t] * f;
        if (partials != null) {
          double xv = x[xi];
          int q = pOff + wOff;
          for (int o = 0; o < f; o++) {
            partials[q + o] += xv * dy[dyOff + o];
          }
        }
        if (dx != null) {
          double sum = 0.0;
          for (int o = 0; o < f; o++) {
            sum += dy[dyOff + o] * w[wOff + o];
          }
          dx[xi] += sum;
        }
      }
    }
  }
}
