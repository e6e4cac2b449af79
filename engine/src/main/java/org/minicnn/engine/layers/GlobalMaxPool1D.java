package org.minicnn.engine.layers;

/**
 * Global max pooling of {@code [batch, steps, channels]} to {@code [batch, channels]},
 * {@code y[n,ch] = max_p x[n,p,ch]}, as Keras's
 * {@code GlobalMaxPooling1D}. Formulas and errors: {@link BaseGlobalPool}.
 */
public final class GlobalMaxPool1D extends BaseGlobalPool {

  public GlobalMaxPool1D() {
    super(1, Kind.MAX);
  }
}
