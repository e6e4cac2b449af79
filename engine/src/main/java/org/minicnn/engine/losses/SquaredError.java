package org.minicnn.engine.losses;

import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;

/**
 * Squared error over all {@code N} elements, divided by {@link #divisor}: {@code L = (1/D)·Σ_i (p_i − t_i)²},
 * {@code dL/dp_i = (2/D)·(p_i − t_i)}. Predicted and target have one shape, any shape.
 */
abstract class SquaredError implements Loss {

  private double[] lastDifference;
  private int[] lastShape;

  /** {@code D} for {@code n} elements. */
  abstract double divisor(int n);

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
    return sum / divisor(p.length);
  }

  @Override
  public Tensor backward() {
    if (lastDifference == null) {
      throw new IllegalStateException(name() + ".backward called before forward");
    }
    double scale = 2.0 / divisor(lastDifference.length);
    double[] grad = new double[lastDifference.length];
    for (int i = 0; i < grad.length; i++) {
      grad[i] = scale * lastDifference[i];
    }
    return Tensor.wrap(grad, lastShape);
  }

  /** Throws unless both tensors exist and have the same shape: "{loss}: expected target of the predictions' shape [..], got [..]". */
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
