package org.minicnn.engine.layers;

/**
 * 1D convolution over {@code [batch, length, channels]} with kernel {@code [kernelSize, inChannels, filters]}
 * and output {@code [batch, outLength, filters]}, as Keras's {@code Conv1D}. Formulas, weights and
 * errors: {@link BaseConv} (a 1D convolution is the 2D one with a single row).
 *
 * <pre>{@code
 * Conv1D layer = new Conv1D(1, 3);
 * layer.setWeights(Tensor.of(new double[] {0, 1, 0}, 3, 1, 1), Tensor.of(new double[] {0}, 1));
 * layer.forward(Tensor.of(new double[] {0, 0, 0, 1, 1, 0, 0, 0}, 1, 8, 1));   // [[[0], [0], [1], [1], [0], [0]]]
 * }</pre>
 */
public final class Conv1D extends BaseConv<Conv1D> {

  public Conv1D(int filters, int kernelSize) {
    super(1, filters, kernelSize);
  }

  /** Step between windows (default 1). */
  public Conv1D strides(int stride) {
    return setStrides(stride);
  }

  /** Gap between kernel taps (default 1): a dilation {@code d} spans {@code (k − 1)·d + 1} inputs. */
  public Conv1D dilation(int rate) {
    return setDilation(rate);
  }
}
