package org.minicnn.engine.layers;

/**
 * The hyperbolic tangent, as Keras's {@code Activation("tanh")} and PyTorch's {@code nn.Tanh}.
 *
 * <p><b>Shapes</b>: any {@code [batch, …]}, output the same.
 * <p><b>Forward</b>: {@code y = tanh(x)}.
 * <p><b>Backward</b>: {@code dL/dx = dL/dy · (1 − y²)}. See {@link ElementwiseActivation}.
 */
public final class Tanh extends ElementwiseActivation {

  @Override
  protected double apply(double x) {
    return Math.tanh(x);
  }

  @Override
  protected double derivative(double x, double y) {
    return 1.0 - y * y;
  }
}
