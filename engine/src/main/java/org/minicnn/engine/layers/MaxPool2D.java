package org.minicnn.engine.layers;

/**
 * 2D max pooling over {@code [batch, rows, cols, channels]} to {@code [batch, outRows, outCols, channels]},
 * as Keras's {@code MaxPooling2D} (strides default to the pool size). Formulas, tie rule and errors:
 * {@link BaseMaxPool}.
 *
 * <pre>{@code
 * MaxPool2D pool = new MaxPool2D(2, 2);                     // [1, 6, 6, 4] -> [1, 3, 3, 4]
 * MaxPool2D overlapping = new MaxPool2D(3, 3).strides(2, 2).padding(Padding.SAME);
 * }</pre>
 */
public final class MaxPool2D extends BaseMaxPool<MaxPool2D> {

  public MaxPool2D(int poolRows, int poolCols) {
    super(2, poolRows, poolCols);
  }

  /** Steps between windows along rows and columns (default: the pool size). */
  public MaxPool2D strides(int rows, int cols) {
    return setStrides(rows, cols);
  }
}
