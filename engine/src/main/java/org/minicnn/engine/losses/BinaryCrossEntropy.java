package org.minicnn.engine.losses;

import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.Sigmoid;

/**
 * Binary cross-entropy computed from logits, as Keras's {@code BinaryCrossentropy(from_logits=True)}
 * and PyTorch's {@code BCEWithLogitsLoss(reduction='mean')}: the model's last layer stays linear and
 * the sigmoid lives inside the loss, which is both more accurate and simpler to differentiate.
 *
 * <p><b>Shapes</b>: logits {@code z} and targets {@code t} equal, any shape with {@code N} elements;
 * every target in {@code [0, 1]} (hard labels 0/1 or probabilities).
 *
 * <p><b>Forward</b>: {@code L = (1/N)·Σ_i −t_i·log σ(z_i) − (1 − t_i)·log(1 − σ(z_i))}, computed in the
 * equal form {@code (1/N)·Σ_i max(z_i, 0) − z_i·t_i + log(1 + e^(−|z_i|))}, which never overflows
 * and never takes the log of 0.
 *
 * <p><b>Backward</b>: {@code dL/dz_i = (σ(z_i) − t_i) / N}.
 */
public final class BinaryCrossEntropy implements Loss {

  private double[] lastLogits;
  private double[] lastTargets;
  private int[] lastShape;

  /**
   * @param predicted input, not modified: the logits
   * @param target input, not modified: the targets in [0, 1], same shape
   */
  @Override
  public double forward(Tensor predicted, Tensor target) {
    SquaredError.requireSameShape(name(), predicted, target);
    double[] z = predicted.data();
    double[] t = target.data();
    for (int i = 0; i < t.length; i++) {
      if (!(t[i] >= 0.0 && t[i] <= 1.0)) {
        throw new IllegalArgumentException(name() + ": expected targets in [0, 1], got " + t[i] + " at index "
            + Shapes.format(Shapes.unravel(i, target.shape())));
      }
    }
    double sum = 0.0;
    for (int i = 0; i < z.length; i++) {
      sum += Math.max(z[i], 0.0) - z[i] * t[i] + Math.log1p(Math.exp(-Math.abs(z[i])));
    }
    lastLogits = z.clone();
    lastTargets = t.clone();
    lastShape = predicted.shape();
    return sum / z.length;
  }

  /** {@code dL/dz_i = (σ(z_i) − t_i) / N}. */
  @Override
  public Tensor backward() {
    if (lastLogits == null) {
      throw new IllegalStateException(name() + ".backward called before forward");
    }
    int n = lastLogits.length;
    double[] grad = new double[n];
    for (int i = 0; i < n; i++) {
      grad[i] = (Sigmoid.sigmoid(lastLogits[i]) - lastTargets[i]) / n;
    }
    return Tensor.wrap(grad, lastShape);
  }
}
