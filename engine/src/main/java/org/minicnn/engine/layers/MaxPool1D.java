package org.minicnn.engine.layers;

/**
 * 1D max pooling over {@code [batch, length, channels]} to {@code [batch, outLength, channels]}, as
 * Keras's {@code MaxPooling1D} (strides default to the pool size). Formulas, tie rule and errors:
 * {@link BaseMaxPool}.
 *
 * <pre>{@code
 * new MaxPool1D(2).forward(Tensor.of(new double[] {1, 3, 2, 0, 5, 4}, 1, 6, 1));   // [[[3], [2], [5]]]
 * }</pre>
 */
public final class MaxPool1D extends BaseMaxPool<MaxPool1D> {

  public MaxPool1D(int poolSize) {
    super(1, poolSize);
  }

  /** Step between windows (default: the pool size). */
  public MaxPool1D strides(int stride) {
    return setStrides(stride);
  }
}
