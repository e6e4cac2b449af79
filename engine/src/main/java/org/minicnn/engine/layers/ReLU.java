package org.minicnn.engine.layers;

/**
 * The rectified linear unit, as Keras's {@code ReLU} and PyTorch's {@code nn.ReLU}.
 *
 * <p><b>Shapes</b>: any {@code [batch, …]}, output the same.
 * <p><b>Forward</b>: {@code y = max(x, 0)}.
 * <p><b>Backward</b>: {@code dL/dx = dL/dy · [x > 0]}; at exactly {@code x = 0} the derivative is
 * taken as 0, as TensorFlow and PyTorch do. See {@link ElementwiseActivation}.
 */
public final class ReLU extends ElementwiseActivation {

  @Override
  protected double apply(double x) {
    // NaN passes through, as in Keras and PyTorch: a comparison with NaN is false.
    return x > 0 || Double.isNaN(x) ? x : 0.0;
  }

  @Override
  protected double derivative(double x, double y) {
    return x > 0 ? 1.0 : 0.0;
  }
}
