package org.minicnn.training.kernels;

import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;
import org.minicnn.training.kernels.KernelMetrics;
/**
 * How close a learned kernel is to a hand-designed one, both seen as flat vectors {@code a} and
 * {@code b} of equal length.
 */
public final class KernelMetrics {

  private KernelMetrics() {}

  /**
   * Cosine similarity {@code a·b / (‖a‖·‖b‖)}, in [−1, 1]; 0 when either vector is zero. Scale-free:
   * 1 means the same direction.
   */
  public static double cosine(double[] a, double[] b) {
    requireSameLength("cosine", a, b);
    double dot = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      aa += a[i] * a[i];
      bb += b[i] * b[i];
    }
    return aa == 0 || bb == 0 ? 0.0 : dot / Math.sqrt(aa * bb);
  }

  /**
   * Cosine after removing each vector's mean: how alike the two patterns are regardless of scale and
   * of a constant offset (which a following bias can absorb). Sign included: an inverted detector
   * scores near −1.
   */
  public static double centredCosine(double[] a, double[] b) {
    return cosine(centred(a), centred(b));
  }

  /** {@code max_i |a_i − b_i|}: the largest single-weight error. */
  public static double maxAbsDiff(double[] a, double[] b) {
    requireSameLength("maxAbsDiff", a, b);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  /** {@code a} minus its mean (a new array). */
  public static double[] centred(double[] a) {
    double mean = 0;
    for (double v : a) {
      mean += v;
    }
    mean /= a.length;
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] - mean;
    }
    return out;
  }

  /**
   * The weights of one filter of a Keras-layout kernel {@code [kernel…, inChannels, filters]}, in
   * row-major order over {@code [kernel…, inChannels]}.
   *
   * @param kernel input, not modified
   */
  public static double[] filter(Tensor kernel, int filter) {
    int filters = kernel.dim(-1);
    if (filter < 0 || filter >= filters) {
      throw new IllegalArgumentException("filter " + filter + " is out of range for kernel "
          + Shapes.format(kernel.shape()) + " with " + filters + " filters");
    }
    double[] data = kernel.data();
    double[] out = new double[data.length / filters];
    for (int i = 0; i < out.length; i++) {
      out[i] = data[i * filters + filter];
    }
    return out;
  }

  private static void requireSameLength(String where, double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("KernelMetrics." + where + ": expected kernels of equal size, got "
          + a.length + " and " + b.length + " weights");
    }
  }
}
