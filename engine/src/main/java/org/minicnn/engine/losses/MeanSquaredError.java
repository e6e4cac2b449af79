package org.minicnn.engine.losses;

import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;

/**
 * Mean squared error over all elements, as Keras's {@code MeanSquaredError} and PyTorch's
 * {@code MSELoss(reduction='mean')}.
 *
 * <p><b>Shapes</b>: predicted and target equal, any shape with {@code N} elements in all.
 * <p><b>Forward</b>: {@code L = (1/N)·Σ_i (p_i − t_i)²}.
 * <p><b>Backward</b>: {@code dL/dp_i = (2/N)·(p_i − t_i)}.
 */
public final class MeanSquaredError implements Loss {

  private double[] lastDifference;
  private int[] lastShape;

  @Override
  public double forward(Tensor predicted, Tensor target) {
    requireSameShape(name(), predicted, target);
    double[] p = predicted.data();
    double[] t = target.data();
    double[] difference = new double[p.length];
    double sum = 0.0;
    for (int i = 0; i < p.length; i++) {
      difference[i] = p[i] - t[i];
      sum += difference[i] * difference[i];
    }
    lastDifference = difference;
    lastShape = predicted.shape();
    return sum / p.length;
  }

  @Override
  public Tensor backward() {
    if (lastDifference == null) {
      throw new IllegalStateException(name() + ".backward called before forward");
    }
    double scale = 2.0 / lastDifference.length;
    double[] grad = new double[lastDifference.length];
    for (int i = 0; i < grad.length; i++) {
      grad[i] = scale * lastDifference[i];
    }
    return Tensor.wrap(grad, lastShape);
  }

  /** Throws unless both tensors exist and have the same shape: "{loss}: predicted [..] and target [..] differ". */
  static void requireSameShape(String where, Tensor predicted, Tensor target) {
    if (predicted == null || target == null) {
      throw new IllegalArgumentException(where + ": expected predicted and target tensors, got "
          + (predicted == null ? "null" : "a tensor") + " and " + (target == null ? "null" : "a tensor"));
    }
    int[] p = predicted.shape();
    int[] t = target.shape();
    if (!java.util.Arrays.equals(p, t)) {
      throw new IllegalArgumentException(where + ": expected target of the predictions' shape " + Shapes.format(p)
          + ", got " + Shapes.format(t));
    }
  }
}
