package org.minicnn.engine.layers;

/**
 * 1D convolution over {@code [batch, length, channels]} with kernel {@code [kernelSize, inChannels, filters]}
 * and output {@code [batch, outLength, filters]}, as Keras's {@code Conv1D}.
 *
 * <p>Forward: {@code y[n,t,f] = b[f] + Σ_{k,c} x[n, t·s + k·d − p, c]·w[k,c,f]} (zero outside the input;
 * {@code p} from {@link Padding}). Backward: {@code dL/db[f] = Σ_{n,t} dy[n,t,f]},
 * {@code dL/dw[k,c,f] = Σ_{n,t} x[n, t·s + k·d − p, c]·dy[n,t,f]}, and {@code dL/dx[n,i,c]} the sum of
 * {@code dy[n,t,f]·w[k,c,f]} over every {@code (t,k)} with {@code t·s + k·d − p = i}. Details, weights and
 * errors: {@link BaseConv} (a 1D convolution is computed as the 2D one with a single row).
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
