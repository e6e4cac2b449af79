package org.minicnn.engine.conv;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Inputs and whole forward + backward runs for the convolution kernels' tests. */
public final class ConvRuns {

  private ConvRuns() {}

  /**
   * Forward and backward of {@code algorithm}; the gradients start from the same non-zero values (they
   * are added into), so a kernel that overwrites instead of adding fails.
   *
   * @return {y, dx, dw, db}
   */
  public static double[][] run(ConvAlgorithm algorithm, ConvSpec s, double[] x, double[] w, double[] bias, double[] dy) {
    double[] y = new double[s.outputSize()];
    algorithm.forward(s, x, w, bias, y);
    double[] dx = filled(s.inputSize(), 0.25);
    double[] dw = filled(s.kernelSize(), -0.5);
    double[] db = filled(s.filters(), 0.125);
    algorithm.backward(s, x, w, dy, dx, dw, db);
    return new double[][] {y, dx, dw, db};
  }

  public static double[] filled(int size, double value) {
    double[] values = new double[size];
    Arrays.fill(values, value);
    return values;
  }

  /** {@code size} values drawn uniformly from [−1, 1). */
  public static double[] randomArray(SplittableRandom random, int size) {
    double[] values = new double[size];
    for (int i = 0; i < size; i++) {
      values[i] = random.nextDouble(-1, 1);
    }
    return values;
  }
}
