package org.minicnn.engine.layers;

/**
 * 2D convolution over {@code [batch, rows, cols, channels]} with kernel
 * {@code [kernelRows, kernelCols, inChannels, filters]} and output {@code [batch, outRows, outCols, filters]},
 * as Keras's {@code Conv2D}.
 *
 * <p>Forward: {@code y[n,r,c,f] = b[f] + Σ_{i,j,ch} x[n, r·sr + i·dr − pt, c·sc + j·dc − pl, ch]·w[i,j,ch,f]}.
 * Backward: {@code dL/db[f] = Σ_{n,r,c} dy[n,r,c,f]}; {@code dL/dw[i,j,ch,f] = Σ_{n,r,c} x[n, r·sr + i·dr − pt,
 * c·sc + j·dc − pl, ch]·dy[n,r,c,f]} (the input cross-correlated with dy); {@code dL/dx} = the full convolution
 * of dy (spread out by the stride) with the kernel rotated by 180°. Details, weights and errors: {@link BaseConv}.
 *
 * <pre>{@code
 * Conv2D vertical = new Conv2D(1, 3, 3);
 * vertical.setWeights(Tensor.of(new double[] {0,1,0, 0,1,0, 0,1,0}, 3, 3, 1, 1), Tensor.zeros(1));
 * }</pre>
 */
public final class Conv2D extends BaseConv<Conv2D> {

  public Conv2D(int filters, int kernelRows, int kernelCols) {
    super(2, filters, kernelRows, kernelCols);
  }

  /** Steps between windows along rows and columns (default 1, 1). */
  public Conv2D strides(int rows, int cols) {
    return setStrides(rows, cols);
  }

  /** Dilation rates along rows and columns (default 1, 1). */
  public Conv2D dilation(int rows, int cols) {
    return setDilation(rows, cols);
  }
}
