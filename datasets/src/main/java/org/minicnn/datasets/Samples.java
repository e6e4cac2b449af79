package org.minicnn.datasets;

import java.util.SplittableRandom;
import org.minicnn.engine.Tensor;

/** Operations along the sample axis (axis 0) shared by the data records: permutations and gathering. */
public final class Samples {

  private Samples() {}

  /**
   * A seeded random permutation of {@code 0 … n−1} (Fisher–Yates with a {@link SplittableRandom}):
   * same {@code n} and seed → the same permutation.
   *
   * @throws IllegalArgumentException when {@code n} is negative or its array cannot fit in the heap
   */
  public static int[] permutation(int n, long seed) {
    if (n < 0) {
      throw new IllegalArgumentException("Samples.permutation: n must be ≥ 0, got " + n);
    }
    if (n > Integer.MAX_VALUE - 8 || (long) n * Integer.BYTES > Runtime.getRuntime().maxMemory()) {
      throw new IllegalArgumentException("Samples.permutation: n = " + n + " indices do not fit in one array in the"
          + " Java heap's maximum of " + Runtime.getRuntime().maxMemory() + " bytes (-Xmx)");
    }
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /**
   * The samples {@code indices[0], indices[1], …} of {@code source} (input, not modified) as a new
   * tensor {@code [indices.length, sampleShape…]}.
   *
   * @throws IllegalArgumentException for a null argument, no index, an index outside {@code [0, n)} or a
   *     result too large for one tensor
   */
  public static Tensor take(Tensor source, int[] indices) {
    if (source == null || indices == null) {
      throw new IllegalArgumentException("Samples.take: expected a tensor and indices, got "
          + (source == null ? "null" : "a tensor") + " and " + (indices == null ? "null" : "indices"));
    }
    if (indices.length == 0) {
      throw new IllegalArgumentException("Samples.take: expected at least one index, got none");
    }
    int n = source.dim(0);
    int sampleSize = source.size() / n;
    Checks.batchSize("Samples.take", indices.length, sampleSize);
    int[] shape = source.shape();
    shape[0] = indices.length;
    double[] out = new double[indices.length * sampleSize];
    double[] in = source.data();
    for (int i = 0; i < indices.length; i++) {
      int k = indices[i];
      if (k < 0 || k >= n) {
        throw new IllegalArgumentException("Samples.take: index " + k + " at position " + i + " is out of range for "
            + n + " samples");
      }
      System.arraycopy(in, k * sampleSize, out, i * sampleSize, sampleSize);
    }
    return Tensor.wrap(out, shape);
  }

  /**
   * The number of training samples when {@code n} samples are split with {@code validationFraction}:
   * {@code round(n · (1 − f))} as Keras's {@code validation_split}; both parts must be non-empty.
   */
  static int trainCount(String where, int n, double validationFraction) {
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException(where + ": validation fraction must be in (0, 1), got " + validationFraction);
    }
    int train = (int) Math.round(n * (1.0 - validationFraction));
    if (train <= 0 || train >= n) {
      throw new IllegalArgumentException(where + ": splitting " + n + " samples with validation fraction "
          + validationFraction + " leaves " + train + " for training and " + (n - train)
          + " for validation; both must be at least 1");
    }
    return train;
  }

  /** {@code indices[from … to)}. */
  static int[] slice(int[] indices, int from, int to) {
    return java.util.Arrays.copyOfRange(indices, from, to);
  }
}
