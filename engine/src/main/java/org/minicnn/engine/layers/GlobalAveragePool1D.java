package org.minicnn.engine.layers;

/**
 * Global average pooling of {@code [batch, steps, channels]} to {@code [batch, channels]},
 * {@code y[n,ch] = mean_p x[n,p,ch]}, as Keras's
 * {@code GlobalAveragePooling1D}. Formulas and errors: {@link BaseGlobalPool}.
 */
public final class GlobalAveragePool1D extends BaseGlobalPool {

  public GlobalAveragePool1D() {
    super(1, Kind.AVERAGE);
  }
}
