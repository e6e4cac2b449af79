package org.minicnn.datasets;

import java.util.Arrays;
import java.util.List;
import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;

/**
 * Everything one data file holds (see {@link org.minicnn.datasets.csv.DatasetCsv}): inputs
 * {@code [n, sampleShape…]}, and optionally regression targets {@code [n, targetShape…]} and/or integer
 * labels {@code [n]} with their class names. Absent parts are {@code null} (targets, labels) or an empty
 * list (class names). Tensors are held, not copied; labels are copied.
 */
public record DataFile(Tensor inputs, Tensor targets, int[] labels, List<String> classNames) {

  /** @throws IllegalArgumentException when inputs are missing, a class name is null or the parts disagree */
  public DataFile {
    if (inputs == null) {
      throw new IllegalArgumentException("DataFile: expected inputs, got null");
    }
    if (classNames != null) {
      for (String name : classNames) {
        if (name == null) {
          throw new IllegalArgumentException("DataFile: expected class names, got null among " + classNames);
        }
      }
    }
    classNames = classNames == null ? List.of() : List.copyOf(classNames);
    if (targets != null) {
      new Dataset(inputs, targets);
    }
    if (labels != null) {
      labels = new LabelledSet(inputs, labels, classNames).labels();
    } else if (!classNames.isEmpty()) {
      throw new IllegalArgumentException("DataFile: class names " + classNames + " given without labels");
    }
  }

  /** Inputs only. */
  public static DataFile of(Tensor inputs) {
    return new DataFile(inputs, null, null, List.of());
  }

  /** Inputs and regression targets. */
  public static DataFile of(Dataset data) {
    if (data == null) {
      throw new IllegalArgumentException("DataFile.of: expected a Dataset, got null");
    }
    return new DataFile(data.inputs(), data.targets(), null, List.of());
  }

  /** Inputs, labels and class names. */
  public static DataFile of(LabelledSet data) {
    if (data == null) {
      throw new IllegalArgumentException("DataFile.of: expected a LabelledSet, got null");
    }
    return new DataFile(data.inputs(), null, data.labels(), data.classNames());
  }

  /** A copy of the labels, or null when there are none. */
  @Override
  public int[] labels() {
    return labels == null ? null : labels.clone();
  }

  /** The number of samples. */
  public int size() {
    return inputs.dim(0);
  }

  /** Inputs and targets. @throws IllegalStateException when there are no targets */
  public Dataset asDataset() {
    if (targets == null) {
      throw new IllegalStateException("DataFile: expected targets, but the data holds inputs " + describe());
    }
    return new Dataset(inputs, targets);
  }

  /** Inputs and labels. @throws IllegalStateException when there are no labels */
  public LabelledSet asLabelledSet() {
    if (labels == null) {
      throw new IllegalStateException("DataFile: expected labels, but the data holds inputs " + describe());
    }
    return new LabelledSet(inputs, labels, classNames);
  }

  private String describe() {
    return Shapes.format(inputs.shape()) + (targets == null ? "" : ", targets " + Shapes.format(targets.shape()))
        + (labels == null ? " and no labels" : ", labels of classes " + classNames);
  }

  /** Equal tensors (exactly), labels and class names. */
  @Override
  public boolean equals(Object other) {
    return other instanceof DataFile d && inputs.equals(d.inputs) && java.util.Objects.equals(targets, d.targets)
        && Arrays.equals(labels, d.labels) && classNames.equals(d.classNames);
  }

  @Override
  public int hashCode() {
    return (inputs.hashCode() * 31 + Arrays.hashCode(labels)) * 31 + classNames.hashCode();
  }

  @Override
  public String toString() {
    return "DataFile{inputs " + describe() + "}";
  }
}
