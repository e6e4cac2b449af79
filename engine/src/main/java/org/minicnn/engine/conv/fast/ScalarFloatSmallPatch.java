package org.minicnn.engine.conv.fast;

/**
 * The plain-Java kernels of {@link FloatSmallPatchConvolution}: each element one chain of float fused multiply-adds
 * ({@code Math.fma}, one rounding a term) in the order {@link VectorFloatSmallPatch} runs it, so the same bits.
 * Rows of filters are {@code fPad} floats long (zeros beyond the filters); a pixel's patch gradient is {@code kp}.
 */
final class ScalarFloatSmallPatch implements FloatSmallPatchConvolution.Kernels {

  /** The one instance. */
  static final FloatSmallPatchConvolution.Kernels KERNELS = new ScalarFloatSmallPatch();

  private ScalarFloatSmallPatch() {}

  /**
   * The outputs of six neighbouring pixels whose windows lie inside the input, starting at {@code image[xa]} and
   * {@code step} apart: {@code y[at + m·f + o] = b[o] + Σ_t image[xa + m·step + offsets[t]]·w[t·fPad + o]}, summed
   * in float from the bias over the taps in patch order and widened.
   *
   * @param y modified: six rows of {@code f}
   * @param rows scratch of {@code 6·fPad} floats, where the Vector API kernels leave the float rows they widen
   */
  @Override
  public void six(int f, int fPad, int[] offsets, int step, float[] image, int xa, float[] w, float[] b, double[] y,
      int at, float[] rows) {
    for (int m = 0; m < 6; m++) {
      for (int o = 0; o < f; o++) {
        float sum = b[o];
        for (int t = 0; t < offsets.length; t++) {
          sum = Math.fma(w[t * fPad + o], image[xa + m * step + offsets[t]], sum);
        }
        y[at + m * f + o] = sum;
      }
    }
  }

  /**
   * The outputs of one pixel whose taps are {@code t0…t1-1} ({@link SmallPatchConvolution.Taps}):
   * {@code y[at + o] = b[o] + Σ_t image[input[t]]·w[kernel[t]·fPad + o]}.
   *
   * @param y modified: one row of {@code f}
   */
  @Override
  public void pixel(int f, int fPad, int t0, int t1, int[] input, int[] kernel, float[] image, float[] w, float[] b,
      double[] y, int at, float[] rows) {
    for (int o = 0; o < f; o++) {
      float sum = b[o];
      for (int t = t0; t < t1; t++) {
        sum = Math.fma(w[kernel[t] * fPad + o], image[input[t]], sum);
      }
      y[at + o] = sum;
    }
  }

  /**
   * Adds the kernel gradient of six pixels as {@link #six} reads them, their output gradients {@code fPad} apart
   * from {@code grad[g0]}: {@code sums[t·fPad + o] += image[xa + m·step + offsets[t]]·grad[g0 + m·fPad + o]}, pixel
   * after pixel.
   *
   * @param sums modified
   */
  @Override
  public void sixKernelGradient(int fPad, int[] offsets, int step, float[] image, int xa, float[] grad, int g0,
      float[] sums) {
    for (int m = 0; m < 6; m++) {
      for (int t = 0; t < offsets.length; t++) {
        float xv = image[xa + m * step + offsets[t]];
        for (int o = 0; o < fPad; o++) {
          sums[t * fPad + o] = Math.fma(grad[g0 + m * fPad + o], xv, sums[t * fPad + o]);
        }
      }
    }
  }

  /**
   * Adds the kernel gradient of one pixel whose taps are {@code t0…t1-1} and output gradient is at {@code grad[g0]}:
   * {@code sums[kernel[t]·fPad + o] += image[input[t]]·grad[g0 + o]}.
   *
   * @param sums modified
   */
  @Override
  public void pixelKernelGradient(int fPad, int t0, int t1, int[] input, int[] kernel, float[] image, float[] grad,
      int g0, float[] sums) {
    for (int t = t0; t < t1; t++) {
      float xv = image[input[t]];
      int q = kernel[t] * fPad;
      for (int o = 0; o < fPad; o++) {
        sums[q + o] = Math.fma(grad[g0 + o], xv, sums[q + o]);
      }
    }
  }

  /**
   * The patch gradients of {@code rows} pixels whose output gradients lie {@code fPad} apart from {@code grad[g0]}:
   * {@code out[at + m·stride + t] = Σ_o grad[g0 + m·fPad + o]·wt[o·kp + t]} for {@code t < kp}, summed from zero over
   * the filters in order.
   *
   * @param out modified: {@code rows} rows of {@code kp}, {@code stride} apart
   */
  @Override
  public void patchGradients(int rows, int f, int kp, float[] wt, float[] grad, int g0, int fPad, float[] out, int at,
      int stride) {
    for (int m = 0; m < rows; m++) {
      for (int t = 0; t < kp; t++) {
        float sum = 0f;
        for (int o = 0; o < f; o++) {
          sum = Math.fma(wt[o * kp + t], grad[g0 + m * fPad + o], sum);
        }
        out[at + m * stride + t] = sum;
      }
    }
  }

  /**
   * Nothing: {@link #gatherRows} reads each kept patch gradient within the patch only, never the zeros around it
   * (the Vector API gather reads whole vectors, which reach into them).
   */
  @Override
  public void padRows(int rows, int kp, float[] out, int at, int stride) {}

  /**
   * The input gradient of a row whose pixel {@code p} has its patch of {@code k} consecutive elements {@code p·step}
   * into the image, its patch gradient at {@code g[p·gStride + front + ·]} with zeros around it: {@code dImage[q] =
   * Σ_p g[p·gStride + front + q − p·step]} over the pixels whose patch holds {@code q}, summed from zero in pixel
   * order, for {@code q < size}. (Adding the zeros around a patch changes no sum that starts from +0.)
   *
   * @param dImage modified: its first {@code size} elements
   */
  @Override
  public void gatherRows(float[] g, int gStride, int front, int pixels, int step, int k, float[] dImage, int size) {
    for (int q = 0; q < size; q++) {
      int first = Math.max(0, Math.floorDiv(q - k + step, step));
      int last = Math.min(pixels - 1, q / step);
      float sum = 0f;
      for (int p = first; p <= last; p++) {
        sum += g[p * gStride + front + q - p * step];
      }
      dImage[q] = sum;
    }
  }

  /**
   * {@code sums[o] += Σ_p grad[p·fPad + o]} for {@code o < fPad}, each lane summed in double in pixel order.
   *
   * @param sums modified
   */
  @Override
  public void biasGradient(float[] grad, int pixels, int fPad, double[] sums) {
    for (int o = 0; o < fPad; o++) {
      double sum = sums[o];
      for (int p = 0; p < pixels; p++) {
        sum += grad[p * fPad + o];
      }
      sums[o] = sum;
    }
  }

  @Override
  public void addRun(float[] src, int from, float[] dst, int to, int length) {
    FloatGemm.plainAddRun(src, from, dst, to, length);
  }
}
