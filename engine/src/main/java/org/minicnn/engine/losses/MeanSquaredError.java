package org.minicnn.engine.losses;

/**
 * Mean squared error over all elements, as Keras's {@code MeanSquaredError} and PyTorch's
 * {@code MSELoss(reduction='mean')}.
 *
 * <p><b>Shapes</b>: predicted and target equal, any shape with {@code N} elements in all.
 * <p><b>Forward</b>: {@code L = (1/N)·Σ_i (p_i − t_i)²}.
 * <p><b>Backward</b>: {@code dL/dp_i = (2/N)·(p_i − t_i)}.
 */
public final class MeanSquaredError extends SquaredError {

  @Override
  double divisor(int n) {
    return n;
  }
}
