package org.minicnn.datasets;

import java.util.Arrays;
import java.util.List;
import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;

/**
 * Inputs with integer class labels for classification: sample {@code i} is {@code inputs[i]} (e.g.
 * an image {@code [rows, cols, channels]}) of class {@code labels[i]}, whose name is
 * {@code classNames.get(labels[i])}. The inputs tensor is held, not copied; labels and names are copied.
 */
public record LabelledSet(Tensor inputs, int[] labels, List<String> classNames) {

  /** @throws IllegalArgumentException on null parts or class names, a label count other than the sample count, or a label outside {@code [0, classes)} */
  public LabelledSet {
    if (inputs == null || labels == null || classNames == null) {
      throw new IllegalArgumentException("LabelledSet: expected inputs, labels and class names, got null");
    }
    if (classNames.isEmpty()) {
      throw new IllegalArgumentException("LabelledSet: expected at least one class name, got none");
    }
    for (String name : classNames) {
      if (name == null) {
        throw new IllegalArgumentException("LabelledSet: expected class names, got null among " + classNames);
      }
    }
    classNames = List.copyOf(classNames);
    if (labels.length != inputs.dim(0)) {
      throw new IllegalArgumentException("LabelledSet: inputs " + Shapes.format(inputs.shape()) + " hold "
          + inputs.dim(0) + " samples but there are " + labels.length + " labels");
    }
    labels = labels.clone();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classNames.size()) {
        throw new IllegalArgumentException("LabelledSet: label " + labels[i] + " of sample " + i
            + " is not a class index in [0, " + classNames.size() + ") for classes " + classNames);
      }
    }
  }

  /** A copy of the labels. */
  @Override
  public int[] labels() {
    return labels.clone();
  }

  /** The number of samples. */
  public int size() {
    return labels.length;
  }

  /** The number of classes. */
  public int numClasses() {
    return classNames.size();
  }

  /** The label of sample {@code i}. @throws IllegalArgumentException unless {@code 0 ≤ i < size()} */
  public int label(int i) {
    if (i < 0 || i >= labels.length) {
      throw new IllegalArgumentException("LabelledSet.label: sample " + i + " is out of range [0, " + labels.length + ")");
    }
    return labels[i];
  }

  /** The labels as a new tensor {@code [n]} of class indices (the target layout of softmax cross-entropy). */
  public Tensor labelsTensor() {
    double[] values = new double[labels.length];
    for (int i = 0; i < labels.length; i++) {
      values[i] = labels[i];
    }
    return Tensor.wrap(values, labels.length);
  }

  /** How many samples each class has, indexed by class. */
  public int[] countPerClass() {
    int[] counts = new int[classNames.size()];
    for (int label : labels) {
      counts[label]++;
    }
    return counts;
  }

  /** The samples at {@code indices}, in that order, copied. */
  public LabelledSet take(int[] indices) {
    Tensor taken = Samples.take(inputs, indices);
    int[] picked = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      picked[i] = labels[indices[i]];
    }
    return new LabelledSet(taken, picked, classNames);
  }

  /** The samples in a seeded random order ({@link Samples#permutation}), copied. */
  public LabelledSet shuffled(long seed) {
    return take(Samples.permutation(size(), seed));
  }

  /**
   * A seeded random split: the samples are permuted with {@code seed}, the first
   * {@code round(n · (1 − validationFraction))} train and the rest validate.
   */
  public Split<LabelledSet> split(double validationFraction, long seed) {
    int train = Samples.trainCount("LabelledSet.split", size(), validationFraction);
    int[] p = Samples.permutation(size(), seed);
    return new Split<>(take(Samples.slice(p, 0, train)), take(Samples.slice(p, train, p.length)));
  }

  /** Equal inputs (exactly), labels and class names. */
  @Override
  public boolean equals(Object other) {
    return other instanceof LabelledSet s && inputs.equals(s.inputs) && Arrays.equals(labels, s.labels)
        && classNames.equals(s.classNames);
  }

  @Override
  public int hashCode() {
    return (inputs.hashCode() * 31 + Arrays.hashCode(labels)) * 31 + classNames.hashCode();
  }

  @Override
  public String toString() {
    return "LabelledSet{inputs=" + Shapes.format(inputs.shape()) + ", classes=" + classNames + ", perClass="
        + Arrays.toString(countPerClass()) + "}";
  }
}
