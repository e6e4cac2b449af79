package org.minicnn.engine.losses;

import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;

/**
 * Softmax cross-entropy computed from logits with integer class labels, as Keras's
 * {@code SparseCategoricalCrossentropy(from_logits=True)} and PyTorch's
 * {@code CrossEntropyLoss(reduction='mean')}.
 *
 * <p><b>Shapes</b>: logits {@code z [batch, classes]}; target {@code [batch]} holding one integer class
 * index {@code t_n ∈ [0, classes)} per sample (as doubles, since tensors hold doubles; see
 * {@link #forward(Tensor, int[])} for an {@code int[]}).
 *
 * <p><b>Forward</b>: with {@code softmax(z_n)_k = e^(z_nk) / Σ_j e^(z_nj)},
 * {@code L = (1/batch)·Σ_n −log softmax(z_n)_(t_n) = (1/batch)·Σ_n (logsumexp(z_n) − z_(n,t_n))},
 * where {@code logsumexp(z_n) = m_n + log Σ_j e^(z_nj − m_n)} with {@code m_n = max_j z_nj}, so no
 * exponential overflows.
 *
 * <p><b>Backward</b>: {@code dL/dz_nk = (softmax(z_n)_k − [k = t_n]) / batch}.
 */
public final class SoftmaxCrossEntropy implements Loss {

  private double[] lastSoftmax;
  private int[] lastLabels;
  private int[] lastShape;

  /**
   * @param predicted input, not modified: the logits {@code [batch, classes]}
   * @param target input, not modified: the class indices {@code [batch]}, integers in {@code [0, classes)}
   */
  @Override
  public double forward(Tensor predicted, Tensor target) {
    int[] shape = requireShapes(predicted, target == null ? null : target.shape());
    int batch = shape[0];
    int classes = shape[1];
    int[] labels = labels(target.data(), classes);
    double[] z = predicted.data();
    double[] softmax = new double[z.length];
    double sum = 0.0;
    for (int n = 0; n < batch; n++) {
      int row = n * classes;
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < classes; k++) {
        max = Math.max(max, z[row + k]);
      }
      double total = 0.0;
      for (int k = 0; k < classes; k++) {
        softmax[row + k] = Math.exp(z[row + k] - max);
        total += softmax[row + k];
      }
      for (int k = 0; k < classes; k++) {
        softmax[row + k] /= total;
      }
      sum += max + Math.log(total) - z[row + labels[n]];
    }
    lastSoftmax = softmax;
    lastLabels = labels;
    lastShape = shape;
    return sum / batch;
  }

  /**
   * {@link #forward(Tensor, Tensor)} with the labels as ints.
   *
   * @param labels input, not modified: one class index per sample
   */
  public double forward(Tensor logits, int[] labels) {
    if (labels == null) {
      throw new IllegalArgumentException(name() + ": expected labels (one class index per sample), got null");
    }
    requireShapes(logits, new int[] {labels.length});
    double[] values = new double[labels.length];
    for (int i = 0; i < labels.length; i++) {
      values[i] = labels[i];
    }
    return forward(logits, Tensor.wrap(values, labels.length));
  }

  /** Throws unless the logits are {@code [batch, classes]} and the labels {@code [batch]}; returns the logits' shape. */
  private int[] requireShapes(Tensor logits, int[] labelShape) {
    int[] shape = logits == null ? null : logits.shape();
    Shapes.requireRank(name(), 2, "[batch, classes]", shape);
    if (labelShape == null || labelShape.length != 1 || labelShape[0] != shape[0]) {
      throw new IllegalArgumentException(name() + ": expected labels of shape [" + shape[0]
          + "] (one class index per sample), got " + Shapes.format(labelShape));
    }
    return shape;
  }

  /** The labels as ints; throws naming the first sample whose label is not a class index. */
  private int[] labels(double[] values, int classes) {
    int[] labels = new int[values.length];
    for (int n = 0; n < values.length; n++) {
      double v = values[n];
      if (v != Math.rint(v) || v < 0 || v >= classes) {
        throw new IllegalArgumentException(name() + ": label of sample " + n + " is "
            + (v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v))
            + "; expected an integer class index in [0, " + classes + ")");
      }
      labels[n] = (int) v;
    }
    return labels;
  }

  /** {@code dL/dz_nk = (softmax(z_n)_k − [k = t_n]) / batch}. */
  @Override
  public Tensor backward() {
    if (lastSoftmax == null) {
      throw new IllegalStateException(name() + ".backward called before forward");
    }
    int batch = lastShape[0];
    int classes = lastShape[1];
    double[] grad = new double[lastSoftmax.length];
    for (int n = 0; n < batch; n++) {
      for (int k = 0; k < classes; k++) {
        int i = n * classes + k;
        grad[i] = (lastSoftmax[i] - (k == lastLabels[n] ? 1.0 : 0.0)) / batch;
      }
    }
    return Tensor.wrap(grad, lastShape);
  }
}
