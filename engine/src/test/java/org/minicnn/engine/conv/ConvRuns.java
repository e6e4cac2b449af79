package org.minicnn.engine.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Inputs and whole forward + backward runs for the convolution kernels' tests. */
public final class ConvRuns {

  /** What {@link #run}'s gradients start from before the backward adds into them. */
  public static final double DX0 = 0.25;
  public static final double DW0 = -0.5;
  public static final double DB0 = 0.125;

  private ConvRuns() {}

  /** A backward pass that adds the gradients asked for (the non-null ones) into {@code dx}, {@code dw}, {@code db}. */
  public interface Backward {
    void run(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx, double[] dw, double[] db);
  }

  /**
   * Forward and backward of {@code algorithm}; the gradients start from the same non-zero values (they
   * are added into), so a kernel that overwrites instead of adding fails.
   *
   * @return {y, dx, dw, db}
   */
  public static double[][] run(ConvAlgorithm algorithm, ConvSpec s, double[] x, double[] w, double[] bias, double[] dy) {
    double[] y = new double[s.outputSize()];
    algorithm.forward(s, x, w, bias, y);
    double[] dx = filled(s.inputSize(), DX0);
    double[] dw = filled(s.kernelSize(), DW0);
    double[] db = filled(s.filters(), DB0);
    algorithm.backward(s, x, w, dy, dx, dw, db);
    return new double[][] {y, dx, dw, db};
  }

  /**
   * Asserts that {@code backward} asked for one gradient at a time adds into it the bits it adds when asked for all
   * three: {@code all} is {y, dx, dw, db} of a run whose gradients started from {@link #DX0}, {@link #DW0},
   * {@link #DB0}.
   */
  public static void assertEachGradientAloneMatches(Backward backward, ConvSpec s, double[] x, double[] w,
      double[] dy, double[][] all) {
    double[] dx = filled(s.inputSize(), DX0);
    backward.run(s, x, w, dy, dx, null, null);
    assertArrayEquals(all[1], dx, "input gradient alone: " + s);
    double[] dw = filled(s.kernelSize(), DW0);
    backward.run(s, x, w, dy, null, dw, null);
    assertArrayEquals(all[2], dw, "kernel gradient alone: " + s);
    double[] db = filled(s.filters(), DB0);
    backward.run(s, x, w, dy, null, null, db);
    assertArrayEquals(all[3], db, "bias gradient alone: " + s);
  }

  /**
   * Runs {@code body} on a new thread (whose per-thread scratch arrays start empty) and waits for it; whatever it
   * throws is rethrown as an AssertionError saying {@code what}.
   */
  public static void onFreshThread(String what, Runnable body) throws InterruptedException {
    Throwable[] failure = new Throwable[1];
    Thread thread = new Thread(() -> {
      try {
        body.run();
      } catch (Throwable e) {
        failure[0] = e;
      }
    });
    thread.start();
    thread.join();
    if (failure[0] != null) {
      throw new AssertionError(what, failure[0]);
    }
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
