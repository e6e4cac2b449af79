package org.minicnn.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.function.Executable;

/**
 * What engine tests share: a seeded random source per test invocation and the tolerances, named once.
 */
public abstract class EngineTestBase {

  /** Fast paths against the reference: same sums in another order, so equal up to rounding. */
  public static final double FAST_PATH_TOLERANCE = 1e-12;

  /** Every gradient check. */
  public static final double GRADIENT_TOLERANCE = GradientCheck.TOLERANCE;

  private static final long SEED = 20261128L;

  /**
   * Seeded, so a failing case is the same case on every run. JUnit makes a new instance for every
   * invocation, so a fixed seed would make each repetition of a {@code @RepeatedTest} the same case;
   * mixing in the class, method and display name ("repetition 7 of 50") gives each its own.
   */
  protected SplittableRandom random = new SplittableRandom(SEED);

  @BeforeEach
  void seedPerInvocation(TestInfo test) {
    String name = getClass().getName() + "#" + test.getTestMethod().map(m -> m.getName()).orElse("")
        + "#" + test.getDisplayName();
    random = new SplittableRandom(SEED ^ ((long) name.hashCode() << 32 | (name.length() & 0xffffffffL)));
  }

  protected Tensor randomTensor(int... shape) {
    return GradientCheck.randomTensor(random, shape);
  }

  /** An integer in {@code [low, high]}. */
  protected int between(int low, int high) {
    return random.nextInt(low, high + 1);
  }

  /**
   * Asserts that {@code expected} and {@code actual} agree within {@code tolerance} relative to the
   * largest finite magnitude in either; NaN matches only NaN and an infinity only the same infinity.
   */
  public static void assertClose(double[] expected, double[] actual, double tolerance) {
    assertEquals(expected.length, actual.length, "length");
    double scale = 1e-300;
    for (int i = 0; i < expected.length; i++) {
      for (double v : new double[] {expected[i], actual[i]}) {
        if (Double.isFinite(v)) {
          scale = Math.max(scale, Math.abs(v));
        }
      }
    }
    for (int i = 0; i < expected.length; i++) {
      boolean same = expected[i] == actual[i] || (Double.isNaN(expected[i]) && Double.isNaN(actual[i]));
      // written so that a NaN difference fails (every comparison with NaN is false)
      if (!same && !(Math.abs(expected[i] - actual[i]) <= tolerance * scale)) {
        assertArrayEquals(expected, actual, tolerance * scale, "first difference at " + i);
        fail("first difference at " + i + ": expected " + expected[i] + ", got " + actual[i]);
      }
    }
  }

  /** Asserts that {@code call} throws {@code type} with exactly {@code message}. */
  public static <T extends Throwable> void assertThrowsMessage(Class<T> type, String message, Executable call) {
    T thrown = assertThrows(type, call);
    assertEquals(message, thrown.getMessage());
  }
}
