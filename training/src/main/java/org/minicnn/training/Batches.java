package org.minicnn.training;

import java.util.SplittableRandom;
import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;

/** Seeded shuffling and the copying of sample rows into batches. */
public final class Batches {

  private Batches() {}

  /**
   * The sample order of epoch {@code epoch} (from 1): a Fisher–Yates shuffle of {@code 0..n−1} by a
   * {@link SplittableRandom} whose seed is the {@code epoch}-th {@code nextLong()} of a generator
   * seeded with {@code seed}. It depends on nothing else, so any epoch's order can be recomputed
   * (e.g. on resume) without replaying earlier ones.
   */
  public static int[] permutation(int n, long seed, int epoch) {
    SplittableRandom seeds = new SplittableRandom(seed);
    long epochSeed = 0;
    for (int e = 0; e < epoch; e++) {
      epochSeed = seeds.nextLong();
    }
    SplittableRandom random = new SplittableRandom(epochSeed);
    int[] order = identity(n);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** {@code 0, 1, …, n−1}. */
  public static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }

  /**
   * The samples {@code order[from..to)} of {@code source} (first axis = samples), stacked into a new
   * tensor {@code [to − from, …]}.
   *
   * @param source input, not modified
   */
  public static Tensor take(Tensor source, int[] order, int from, int to) {
    return take(source, order, from, to, null);
  }

  /**
   * As {@link #take(Tensor, int[], int, int)}, written into {@code reuse} (modified) when it holds
   * exactly {@code (to − from)} samples' values, else into a new array: a training loop passes its
   * previous batch's array so that equal-sized batches allocate no data.
   *
   * @param reuse modified: the array to overwrite, or null
   */
  public static Tensor take(Tensor source, int[] order, int from, int to, double[] reuse) {
    int[] shape = source.shape();
    int rowSize = source.size() / shape[0];
    int size = (to - from) * rowSize;
    double[] out = reuse != null && reuse.length == size ? reuse : new double[size];
    double[] data = source.data();
    for (int i = from; i < to; i++) {
      System.arraycopy(data, order[i] * rowSize, out, (i - from) * rowSize, rowSize);
    }
    shape[0] = to - from;
    return Tensor.wrap(out, shape);
  }

  /** Throws unless inputs and targets both exist and hold the same number of samples. */
  static void requireSamePairs(String where, Tensor inputs, Tensor targets) {
    if (inputs == null || targets == null) {
      throw new IllegalArgumentException(where + ": expected inputs and targets, got "
          + (inputs == null ? "null" : "inputs") + " and " + (targets == null ? "null" : "targets"));
    }
    if (inputs.dim(0) != targets.dim(0)) {
      throw new IllegalArgumentException(where + ": expected as many targets as inputs (first axis), got inputs "
          + Shapes.format(inputs.shape()) + " and targets " + Shapes.format(targets.shape()));
    }
  }
}
