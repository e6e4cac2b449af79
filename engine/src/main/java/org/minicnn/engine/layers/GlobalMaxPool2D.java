package org.minicnn.engine.layers;

/**
 * Global max pooling of {@code [batch, rows, cols, channels]} to {@code [batch, channels]},
 * {@code y[n,ch] = max_p x[n,p,ch]}, as Keras's
 * {@code GlobalMaxPooling2D}. Formulas and errors: {@link BaseGlobalPool}.
 */
public final class GlobalMaxPool2D extends BaseGlobalPool {

  public GlobalMaxPool2D() {
    super(2, Kind.MAX);
  }
}
