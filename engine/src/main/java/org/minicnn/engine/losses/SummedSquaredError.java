package org.minicnn.engine.losses;

/**
 * The sum (not the mean) of squared errors, as d2l's {@code ((Y_hat − Y) ** 2).sum()} and PyTorch's
 * {@code MSELoss(reduction='sum')}.
 *
 * <p><b>Shapes</b>: predicted and target equal, any shape.
 * <p><b>Forward</b>: {@code L = Σ_i (p_i − t_i)²}. <b>Backward</b>: {@code dL/dp_i = 2·(p_i − t_i)}.
 */
public final class SummedSquaredError extends SquaredError {

  @Override
  double divisor(int n) {
    return 1;
  }
}
