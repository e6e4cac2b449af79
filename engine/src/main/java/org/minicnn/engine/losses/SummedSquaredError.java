package org.minicnn.engine.losses;

import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.losses.Loss;
import org.minicnn.engine.losses.SummedSquaredError;
/**
 * The sum (not the mean) of squared errors, as d2l's {@code ((Y_hat − Y) ** 2).sum()} and PyTorch's
 * {@code MSELoss(reduction='sum')}.
 *
 * <p><b>Forward</b>: {@code L = Σ_i (p_i − t_i)²}. <b>Backward</b>: {@code dL/dp_i = 2·(p_i − t_i)}.
 */
public final class SummedSquaredError implements Loss {

  private double[] lastDifference;
  private int[] lastShape;

  @Override
  public double forward(Tensor predicted, Tensor target) {
    if (predicted == null || target == null) {
      throw new IllegalArgumentException(name() + ": expected predicted and target tensors, got null");
    }
    Shapes.requireEqual(name() + ": target", predicted.shape(), target.shape());
    double[] p = predicted.data();
    double[] t = target.data();
    double[] difference = new double[p.length];
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      difference[i] = p[i] - t[i];
      sum += difference[i] * difference[i];
    }
    lastDifference = difference;
    lastShape = predicted.shape();
    return sum;
  }

  @Override
  public Tensor backward() {
    if (lastDifference == null) {
      throw new IllegalStateException(name() + ".backward called before forward");
    }
    double[] grad = new double[lastDifference.length];
    for (int i = 0; i < grad.length; i++) {
      grad[i] = 2 * lastDifference[i];
    }
    return Tensor.wrap(grad, lastShape);
  }
}
