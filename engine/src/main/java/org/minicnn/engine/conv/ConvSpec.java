package org.minicnn.engine.conv;

import org.minicnn.engine.Shapes;
import org.minicnn.engine.layers.Padding;

/**
 * The geometry of one 2D cross-correlation over a channels-last batch; a 1D convolution is the
 * special case {@code inRows = kernelRows = 1}.
 *
 * <p>Layouts (row-major): input {@code x[batch, inRows, inCols, inChannels]}, kernel
 * {@code w[kernelRows, kernelCols, inChannels, filters]} (Keras), output
 * {@code y[batch, outRows, outCols, filters]}. Output {@code (r, c)} reads input row
 * {@code r·strideRows + i·dilationRows - padTop} for kernel row {@code i} (likewise for columns);
 * positions outside the input are zeros.
 */
public record ConvSpec(
    int batch, int inRows, int inCols, int inChannels,
    int kernelRows, int kernelCols, int filters,
    int strideRows, int strideCols, int dilationRows, int dilationCols,
    int padTop, int padLeft, int outRows, int outCols) {

  /** The spec for an input {@code [batch, inRows, inCols, inChannels]} with the given padding rule. */
  public static ConvSpec of(int batch, int inRows, int inCols, int inChannels, int kernelRows, int kernelCols,
      int filters, int strideRows, int strideCols, int dilationRows, int dilationCols, Padding rowPadding,
      Padding colPadding) {
    return new ConvSpec(batch, inRows, inCols, inChannels, kernelRows, kernelCols, filters,
        strideRows, strideCols, dilationRows, dilationCols,
        rowPadding.padBefore(inRows, kernelRows, strideRows, dilationRows),
        colPadding.padBefore(inCols, kernelCols, strideCols, dilationCols),
        rowPadding.outputSize(inRows, kernelRows, strideRows, dilationRows),
        colPadding.outputSize(inCols, kernelCols, strideCols, dilationCols));
  }

  /** Elements of the input. */
  public int inputSize() {
    return Math.toIntExact((long) batch * inRows * inCols * inChannels);
  }

  /** Elements of the kernel. */
  public int kernelSize() {
    return kernelRows * kernelCols * inChannels * filters;
  }

  /** Elements of the output. */
  public int outputSize() {
    return Math.toIntExact(Shapes.product(batch, outRows, outCols, filters));
  }

  /** The length of one flattened patch, {@code kernelRows·kernelCols·inChannels}: the rows of the kernel matrix. */
  public int patchSize() {
    return kernelRows * kernelCols * inChannels;
  }

  /** Multiply-adds of the forward pass: {@code batch·outRows·outCols·filters·patchSize}. */
  public long forwardMacs() {
    return (long) batch * outRows * outCols * filters * patchSize();
  }
}
