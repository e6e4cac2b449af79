package org.minicnn.engine.layers;

/**
 * The logistic sigmoid, as Keras's {@code Activation("sigmoid")} and PyTorch's {@code nn.Sigmoid}.
 *
 * <p><b>Shapes</b>: any {@code [batch, …]}, output the same.
 * <p><b>Forward</b>: {@code y = σ(x) = 1 / (1 + e^(−x))}, computed as {@code e^x / (1 + e^x)} for
 * negative {@code x} so that {@code e^(−x)} never overflows.
 * <p><b>Backward</b>: {@code dL/dx = dL/dy · y·(1 − y)}. See {@link ElementwiseActivation}.
 */
public final class Sigmoid extends ElementwiseActivation {

  @Override
  protected double apply(double x) {
    return sigmoid(x);
  }

  @Override
  protected double derivative(double x, double y) {
    return y * (1.0 - y);
  }

  /** {@code σ(x) = 1 / (1 + e^(−x))}, without overflow for any finite {@code x}. */
  public static double sigmoid(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1.0 + e);
  }
}
