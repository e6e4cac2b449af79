package org.minicnn.datasets;

import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;

/**
 * Inputs paired with regression targets, sample {@code i} being {@code inputs[i]} → {@code targets[i]}:
 * e.g. images {@code [n, rows, cols, channels]} and the feature maps {@code [n, outRows, outCols, filters]}
 * a teacher kernel makes of them. Both tensors share axis 0 (the sample count); they are held, not
 * copied.
 */
public record Dataset(Tensor inputs, Tensor targets) {

  /** @throws IllegalArgumentException when a tensor is null or the sample counts differ */
  public Dataset {
    if (inputs == null || targets == null) {
      throw new IllegalArgumentException("Dataset: expected inputs and targets, got " + (inputs == null ? "null" : "a tensor")
          + " and " + (targets == null ? "null" : "a tensor"));
    }
    if (inputs.dim(0) != targets.dim(0)) {
      throw new IllegalArgumentException("Dataset: inputs " + Shapes.format(inputs.shape()) + " and targets "
          + Shapes.format(targets.shape()) + " must have the same number of samples (axis 0)");
    }
  }

  /** The number of samples. */
  public int size() {
    return inputs.dim(0);
  }

  /** The samples at {@code indices}, in that order, copied. */
  public Dataset take(int[] indices) {
    return new Dataset(Samples.take(inputs, indices), Samples.take(targets, indices));
  }

  /** The samples in a seeded random order ({@link Samples#permutation}), copied. */
  public Dataset shuffled(long seed) {
    return take(Samples.permutation(size(), seed));
  }

  /**
   * A seeded random split: the samples are permuted with {@code seed}, the first
   * {@code round(n · (1 − validationFraction))} train and the rest validate.
   */
  public Split<Dataset> split(double validationFraction, long seed) {
    int train = Samples.trainCount("Dataset.split", size(), validationFraction);
    int[] p = Samples.permutation(size(), seed);
    return new Split<>(take(Samples.slice(p, 0, train)), take(Samples.slice(p, train, p.length)));
  }
}
