package org.minicnn.engine.layers;

/**
 * Global average pooling of {@code [batch, rows, cols, channels]} to {@code [batch, channels]},
 * {@code y[n,ch] = mean_p x[n,p,ch]}, as Keras's
 * {@code GlobalAveragePooling2D}. Formulas and errors: {@link BaseGlobalPool}.
 */
public final class GlobalAveragePool2D extends BaseGlobalPool {

  public GlobalAveragePool2D() {
    super(2, Kind.AVERAGE);
  }
}
