package org.minicnn.engine.layers;

/**
 * How a convolution or pooling window treats the border, as in Keras/TensorFlow. With input size
 * {@code n}, stride {@code s} and effective (dilated) window {@code k' = (k - 1)·d + 1}:
 * <ul>
 *   <li>{@link #VALID}: no padding; {@code out = floor((n - k') / s) + 1}; the window must fit.
 *   <li>{@link #SAME}: {@code out = ceil(n / s)}; zero padding of total
 *       {@code max((out - 1)·s + k' - n, 0)}, half before (rounded down) and the extra one at the end,
 *       exactly as TensorFlow (PyTorch's {@code padding='same'} puts the extra one at the end too, but
 *       only allows stride 1).
 *   <li>{@link #CAUSAL}: 1D only; {@code k' - 1} zeros on the left, none on the right, so output
 *       {@code t} sees inputs up to {@code t·s} only; {@code out = floor((n - 1) / s) + 1}.
 * </ul>
 */
public enum Padding {
  VALID,
  SAME,
  CAUSAL;

  /**
   * The effective window extent {@code (k - 1)·d + 1} of a window of size {@code k} with dilation
   * {@code d}, saturated at {@code Integer.MAX_VALUE} (layers refuse windows that large).
   */
  public static int dilatedExtent(int kernel, int dilation) {
    return (int) Math.min(extent(kernel, dilation), Integer.MAX_VALUE);
  }

  /** {@code (k - 1)·d + 1} in exact arithmetic. */
  private static long extent(int kernel, int dilation) {
    return (kernel - 1L) * dilation + 1;
  }

  /** The output size along one dimension (see the class comment); may be ≤ 0 when a VALID window does not fit. */
  public int outputSize(int input, int kernel, int stride, int dilation) {
    // long arithmetic: a huge stride or dilation must not wrap around into a plausible size.
    long extent = extent(kernel, dilation);
    return (int) switch (this) {
      case VALID -> input < extent ? 0 : (input - extent) / stride + 1;
      case SAME -> (input + (long) stride - 1) / stride;
      case CAUSAL -> (input - 1L) / stride + 1;
    };
  }

  /** The number of zeros padded before the input along one dimension. */
  public int padBefore(int input, int kernel, int stride, int dilation) {
    long extent = extent(kernel, dilation);
    long pad = switch (this) {
      case VALID -> 0;
      case SAME -> Math.max((outputSize(input, kernel, stride, dilation) - 1L) * stride + extent - input, 0) / 2;
      case CAUSAL -> extent - 1;
    };
    return (int) Math.min(pad, Integer.MAX_VALUE);
  }
}
