package org.minicnn.datasets.csv;

import java.util.Arrays;

/** A growable array of doubles, appended to row by row (modified by {@link #add}). */
final class Values {

  private double[] data;
  private int size;

  /** @param capacity the exact size when known in advance (declared samples), else a first guess */
  Values(int capacity) {
    data = new double[Math.max(capacity, 0)];
  }

  void add(double value) {
    if (size == data.length) {
      long grown = Math.min(Declaration.MAX_VALUES, Math.max(16L, 2L * data.length));
      data = Arrays.copyOf(data, (int) grown);
    }
    data[size++] = value;
  }

  /** The values added, in an array of exactly their number (the backing array itself when it is full). */
  double[] toArray() {
    return size == data.length ? data : Arrays.copyOf(data, size);
  }
}
