package org.minicnn.engine.conv;

import org.minicnn.engine.layers.Padding;

/**
 * A convolution geometry for tests, built by name instead of {@link ConvSpec#of}'s thirteen positional
 * arguments. What is not said is one image, one channel, a 1×1 kernel, one filter, stride 1, no
 * dilation and VALID padding:
 *
 * <pre>{@code
 * ConvSpec s = Geometry.input(2, 7, 13, 3).kernel(3, 3, 8).dilation(2, 2).padding(Padding.SAME).spec();
 * ConvSpec causal = Geometry.input(3, 1, 17, 1).kernel(1, 5, 4).padding(Padding.VALID, Padding.CAUSAL).spec();
 * }</pre>
 */
public final class Geometry {

  private final int batch;
  private final int rows;
  private final int cols;
  private final int channels;
  private int kernelRows = 1;
  private int kernelCols = 1;
  private int filters = 1;
  private int strideRows = 1;
  private int strideCols = 1;
  private int dilationRows = 1;
  private int dilationCols = 1;
  private Padding rowPadding = Padding.VALID;
  private Padding colPadding = Padding.VALID;

  private Geometry(int batch, int rows, int cols, int channels) {
    this.batch = batch;
    this.rows = rows;
    this.cols = cols;
    this.channels = channels;
  }

  /** An input {@code [batch, rows, cols, channels]}; a 1D signal has one row. */
  public static Geometry input(int batch, int rows, int cols, int channels) {
    return new Geometry(batch, rows, cols, channels);
  }

  /** A kernel {@code [rows, cols, channels, filters]}. */
  public Geometry kernel(int rows, int cols, int filters) {
    this.kernelRows = rows;
    this.kernelCols = cols;
    this.filters = filters;
    return this;
  }

  public Geometry strides(int rows, int cols) {
    this.strideRows = rows;
    this.strideCols = cols;
    return this;
  }

  public Geometry dilation(int rows, int cols) {
    this.dilationRows = rows;
    this.dilationCols = cols;
    return this;
  }

  /** The same padding rule along rows and columns. */
  public Geometry padding(Padding both) {
    return padding(both, both);
  }

  /** One padding rule per axis; a 1D convolution pads its single row VALID. */
  public Geometry padding(Padding rows, Padding cols) {
    this.rowPadding = rows;
    this.colPadding = cols;
    return this;
  }

  public ConvSpec spec() {
    return ConvSpec.of(batch, rows, cols, channels, kernelRows, kernelCols, filters, strideRows, strideCols,
        dilationRows, dilationCols, rowPadding, colPadding);
  }
}
