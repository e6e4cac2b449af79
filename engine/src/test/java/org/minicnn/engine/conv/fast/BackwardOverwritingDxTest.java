package org.minicnn.engine.conv.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minicnn.engine.conv.ConvRuns.filled;
import static org.minicnn.engine.conv.ConvRuns.randomArray;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.conv.ConvAlgorithm;
import org.minicnn.engine.conv.ConvAssert;
import org.minicnn.engine.conv.ConvSpec;
import org.minicnn.engine.conv.Geometry;
import org.minicnn.engine.conv.RandomGeometry;
import org.minicnn.engine.conv.ReferenceConvolution;
import org.minicnn.engine.layers.Padding;

/**
 * {@code backwardOverwritingDx}: dL/dx replaces whatever {@code dx} held (here NaN and stale values), dL/dw and
 * dL/db are still added into, and the bits are those of clearing {@code dx} and calling the adding
 * {@code backward}, on every algorithm and fast kernel route, for every thread count.
 */
class BackwardOverwritingDxTest {

  /** {dx, dw, db} of {@code algorithm}'s adding backward into a cleared dx and non-zero dw, db. */
  private static double[][] clearedThenAdded(ConvAlgorithm algorithm, ConvSpec s, double[] x, double[] w,
      double[] dy) {
    double[][] grads = {new double[s.inputSize()], filled(s.kernelSize(), -0.5), filled(s.filters(), 0.125)};
    algorithm.backward(s, x, w, dy, grads[0], grads[1], grads[2]);
    return grads;
  }

  /** {dx, dw, db} of {@code algorithm}'s overwriting backward into a dx full of {@code stale}. */
  private static double[][] overwritten(ConvAlgorithm algorithm, ConvSpec s, double[] x, double[] w, double[] dy,
      double[] stale) {
    double[][] grads = {stale.clone(), filled(s.kernelSize(), -0.5), filled(s.filters(), 0.125)};
    algorithm.backwardOverwritingDx(s, x, w, dy, grads[0], grads[1], grads[2]);
    return grads;
  }

  /** NaN in every third element, stale gradient values elsewhere: any of it left in dx shows. */
  private static double[] stale(SplittableRandom random, int size) {
    double[] values = randomArray(random, size);
    for (int i = 0; i < size; i += 3) {
      values[i] = Double.NaN;
    }
    return values;
  }

  private static void assertSameBits(double[][] expected, double[][] actual, String what) {
    String[] names = {"dx", "dw", "db"};
    for (int t = 0; t < names.length; t++) {
      assertArrayEquals(expected[t], actual[t], names[t] + " " + what);
    }
  }

  @Test
  void everyAlgorithmGivesTheBitsOfClearingAndAddingOnRandomGeometries() {
    SplittableRandom random = new SplittableRandom(11);
    RandomGeometry geometries = new RandomGeometry(random).maxSize(12).maxChannels(6).maxKernel(4).maxFilters(20);
    for (int checked = 0; checked < 120; checked++) {
      ConvSpec s = geometries.next();
      double[] x = randomArray(random, s.inputSize());
      double[] w = randomArray(random, s.kernelSize());
      double[] dy = randomArray(random, s.outputSize());
      double[] stale = stale(random, s.inputSize());
      double[][] reference = clearedThenAdded(ConvAlgorithm.REFERENCE, s, x, w, dy);
      for (ConvAlgorithm algorithm : ConvAlgorithm.values()) {
        double[][] expected = clearedThenAdded(algorithm, s, x, w, dy);
        assertSameBits(expected, overwritten(algorithm, s, x, w, dy, stale), algorithm + " " + s);
        ConvAssert.assertClose(reference[0], expected[0], EngineTestBase.FAST_PATH_TOLERANCE, algorithm + " dx " + s);
      }
    }
  }

  /**
   * The geometries of each fast route (the direct kernel; small patches, in the Vector API and plain Java; the
   * blocked multiply through im2col and, with filters and patch columns in whole panels, the scattered tiles, as
   * S3 and S5), large enough for the worker threads: the same bits at 1, 2 and 3 threads as clearing and adding.
   */
  @Test
  void eachFastRouteGivesTheSameBitsForEveryThreadCount() {
    SplittableRandom random = new SplittableRandom(12);
    ConvSpec[] specs = {
        Geometry.input(64, 64, 64, 1).kernel(3, 3, 1).spec(),
        Geometry.input(24, 24, 24, 2).kernel(3, 3, 8).padding(Padding.SAME).spec(),
        Geometry.input(7, 14, 14, 16).kernel(3, 3, 32).spec(),
        Geometry.input(16, 30, 30, 5).kernel(3, 3, 7).strides(2, 1).padding(Padding.SAME).spec(),
    };
    FastConvolution.Kernel[] routes = {FastConvolution.Kernel.DIRECT, FastConvolution.Kernel.SMALL_PATCH,
        FastConvolution.Kernel.BLOCKED, FastConvolution.Kernel.BLOCKED};
    int saved = ConvThreads.threads();
    try {
      for (int i = 0; i < specs.length; i++) {
        ConvSpec s = specs[i];
        assertEquals(routes[i], FastConvolution.choose(s), "the route of " + s);
        assertTrue(s.forwardMacs() >= ConvTasks.PARALLEL_MIN_MACS, "large enough for the worker threads: " + s);
        double[] x = randomArray(random, s.inputSize());
        double[] w = randomArray(random, s.kernelSize());
        double[] dy = randomArray(random, s.outputSize());
        double[] stale = stale(random, s.inputSize());
        ConvThreads.setThreads(1);
        double[][] expected = clearedThenAdded(ConvAlgorithm.BLOCKED, s, x, w, dy);
        for (int threads : new int[] {1, 2, 3}) {
          ConvThreads.setThreads(threads);
          assertSameBits(expected, overwritten(ConvAlgorithm.BLOCKED, s, x, w, dy, stale), threads + " threads " + s);
        }
        double[][] plain = {stale.clone(), filled(s.kernelSize(), -0.5), filled(s.filters(), 0.125)};
        if (routes[i] == FastConvolution.Kernel.SMALL_PATCH) {
          SmallPatchConvolution.backward(s, x, w, dy, plain[0], plain[1], plain[2], false, true);
          double[] addedPlain = new double[s.inputSize()];
          SmallPatchConvolution.backward(s, x, w, dy, addedPlain, null, null, false);
          assertArrayEquals(addedPlain, plain[0], "plain-Java small patches " + s);
        }
      }
    } finally {
      ConvThreads.setThreads(saved);
    }
  }

  /**
   * Strided rows, padded borders and several pixel blocks per image, on the scattered tiles and on im2col: each
   * input row is cleared before the first output row that reads it adds into it, and the rows no window reads
   * are cleared too.
   */
  @Test
  void stridedAndBlockedImagesClearEachRowBeforeItIsRead() {
    SplittableRandom random = new SplittableRandom(14);
    ConvSpec[] specs = {
        Geometry.input(3, 17, 20, 16).kernel(3, 3, 32).strides(2, 1).padding(Padding.SAME).spec(),
        Geometry.input(2, 19, 14, 16).kernel(2, 3, 16).strides(3, 1).spec(),
        Geometry.input(2, 40, 40, 5).kernel(3, 3, 7).strides(2, 2).padding(Padding.SAME).spec(),
        Geometry.input(2, 43, 30, 5).kernel(3, 3, 7).strides(3, 2).dilation(2, 1).spec(),
    };
    for (ConvSpec s : specs) {
      assertEquals(FastConvolution.Kernel.BLOCKED, FastConvolution.choose(s), "the route of " + s);
      double[] x = randomArray(random, s.inputSize());
      double[] w = randomArray(random, s.kernelSize());
      double[] dy = randomArray(random, s.outputSize());
      double[][] expected = clearedThenAdded(ConvAlgorithm.REFERENCE, s, x, w, dy);
      double[][] actual = overwritten(ConvAlgorithm.BLOCKED, s, x, w, dy, stale(random, s.inputSize()));
      assertSameBits(clearedThenAdded(ConvAlgorithm.BLOCKED, s, x, w, dy), actual, s.toString());
      ConvAssert.assertClose(expected[0], actual[0], EngineTestBase.FAST_PATH_TOLERANCE, "dx " + s);
    }
    ConvSpec blocked = specs[2];
    assertTrue(BlockedConvolution.pixelBlock(blocked) < blocked.outRows() * blocked.outCols(), "several blocks");
  }

  /** Without dL/dx (null) every algorithm and route adds dL/dw and dL/db alone, as the adding backward does. */
  @Test
  void withoutInputGradientOnlyTheParameterGradientsAreAdded() {
    SplittableRandom random = new SplittableRandom(13);
    ConvSpec[] specs = {
        Geometry.input(2, 6, 7, 1).kernel(3, 3, 1).spec(),
        Geometry.input(2, 6, 7, 2).kernel(3, 3, 4).padding(Padding.SAME).spec(),
        Geometry.input(3, 9, 8, 16).kernel(3, 3, 16).padding(Padding.SAME).spec(),
    };
    for (ConvSpec s : specs) {
      double[] x = randomArray(random, s.inputSize());
      double[] w = randomArray(random, s.kernelSize());
      double[] dy = randomArray(random, s.outputSize());
      for (ConvAlgorithm algorithm : ConvAlgorithm.values()) {
        double[] dw = filled(s.kernelSize(), 1.0);
        double[] db = filled(s.filters(), 2.0);
        algorithm.backwardOverwritingDx(s, x, w, dy, null, dw, db);
        double[] expectedDw = filled(s.kernelSize(), 1.0);
        double[] expectedDb = filled(s.filters(), 2.0);
        algorithm.backward(s, x, w, dy, null, expectedDw, expectedDb);
        assertArrayEquals(expectedDw, dw, algorithm + " dw " + s);
        assertArrayEquals(expectedDb, db, algorithm + " db " + s);
      }
      double[] dx = filled(s.inputSize(), Double.NaN);
      FastConvolution.backwardOverwritingDx(s, x, w, dy, dx, null, null);
      double[] expectedDx = new double[s.inputSize()];
      ReferenceConvolution.backward(s, x, w, dy, expectedDx, null, null);
      assertTrue(Arrays.stream(dx).allMatch(Double::isFinite), "no NaN left in dx " + s);
      ConvAssert.assertClose(expectedDx, dx, EngineTestBase.FAST_PATH_TOLERANCE, "dx alone " + s);
    }
  }

  /**
   * The float32 option ({@link FloatConvolution#backwardOverwritingDx}) on each of its routes: the blocked tiles
   * reading windows in place and through copied patches (with padding, strides that leave input rows or columns no
   * window reads, both at once in a causal row and in a hand-built spec padded on top, and dilation), the float small-patch kernel in the Vector API and in plain Java, and the double direct
   * kernel on rounded operands. dL/dx replaces the stale values with the bits of clearing and adding, at 1, 2 and
   * 3 threads, and dL/dw, dL/db are added as before.
   */
  @Test
  void theFloat32OptionGivesTheBitsOfClearingAndAddingOnEveryRoute() {
    int rows = FloatGemm.ROW_BLOCK;
    SplittableRandom random = new SplittableRandom(15);
    ConvSpec[] specs = {
        Geometry.input(5, 12, 13, rows).kernel(3, 3, 40).spec(),
        Geometry.input(4, 11, 10, rows).kernel(3, 3, 24).padding(Padding.SAME).spec(),
        Geometry.input(3, 17, 20, 5).kernel(3, 3, 40).strides(3, 1).spec(),
        Geometry.input(3, 14, 17, 5).kernel(3, 3, 40).strides(1, 3).spec(),
        Geometry.input(3, 1, 30, 12).kernel(1, 3, 40).strides(1, 3).padding(Padding.VALID, Padding.CAUSAL).spec(),
        // the same in rows, which no padding rule makes: a spec built by hand, as FloatConvolution takes any
        new ConvSpec(3, 30, 5, 12, 3, 1, 40, 3, 1, 1, 1, 2, 0, 10, 5),
        Geometry.input(3, 16, 14, 7).kernel(2, 3, 36).strides(2, 2).dilation(2, 1).padding(Padding.SAME).spec(),
        Geometry.input(6, 1, 300, 4).kernel(1, 5, FloatSmallPatchConvolution.LANES).spec(),
        Geometry.input(24, 24, 24, 2).kernel(3, 3, FloatSmallPatchConvolution.LANES / 2).padding(Padding.SAME)
            .spec(),
        Geometry.input(64, 64, 64, 1).kernel(3, 3, 1).spec(),
    };
    boolean[] inPlace = {true, true, false, false, false, false, false};
    int saved = ConvThreads.threads();
    try {
      for (int i = 0; i < specs.length; i++) {
        ConvSpec s = specs[i];
        if (i < inPlace.length) {
          assertTrue(!FloatConvolution.direct(s), "the blocked route: " + s);
          assertEquals(inPlace[i], FloatBlockedConvolution.readsWindowsInPlace(s), "windows read in place: " + s);
        } else {
          assertEquals(i == 7, FloatSmallPatchConvolution.applies(s), "the float small-patch route: " + s);
          assertTrue(FloatConvolution.direct(s), "a direct route: " + s);
        }
        double[] x = randomArray(random, s.inputSize());
        double[] w = randomArray(random, s.kernelSize());
        double[] dy = randomArray(random, s.outputSize());
        double[] stale = stale(random, s.inputSize());
        ConvThreads.setThreads(1);
        double[][] expected = {new double[s.inputSize()], filled(s.kernelSize(), -0.5), filled(s.filters(), 0.125)};
        FloatConvolution.backward(s, x, w, dy, expected[0], expected[1], expected[2]);
        for (int threads : new int[] {1, 2, 3}) {
          ConvThreads.setThreads(threads);
          double[][] actual = {stale.clone(), filled(s.kernelSize(), -0.5), filled(s.filters(), 0.125)};
          FloatConvolution.backwardOverwritingDx(s, x, w, dy, actual[0], actual[1], actual[2]);
          assertSameBits(expected, actual, "float32, " + threads + " threads " + s);
        }
        if (i == 7) {
          double[] plain = stale.clone();
          FloatSmallPatchConvolution.backward(s, x, w, dy, plain, null, null, false, true);
          assertArrayEquals(expected[0], plain, "plain-Java float small patches " + s);
        }
        double[] dw = filled(s.kernelSize(), 1.0);
        double[] expectedDw = filled(s.kernelSize(), 1.0);
        FloatConvolution.backwardOverwritingDx(s, x, w, dy, null, dw, null);
        FloatConvolution.backward(s, x, w, dy, null, expectedDw, null);
        assertArrayEquals(expectedDw, dw, "float32 dw alone " + s);
      }
    } finally {
      ConvThreads.setThreads(saved);
    }
    ConvSpec unreadRows = specs[2];
    assertTrue((unreadRows.outRows() - 1) * unreadRows.strideRows() + unreadRows.kernelRows() < unreadRows.inRows(),
        "input rows no window reads: " + unreadRows);
    ConvSpec unreadCols = specs[3];
    assertTrue((unreadCols.outCols() - 1) * unreadCols.strideCols() + unreadCols.kernelCols() < unreadCols.inCols(),
        "input columns no window reads: " + unreadCols);
    ConvSpec causal = specs[4];
    assertTrue(causal.padLeft() > 0 && (causal.outCols() - 1) * causal.strideCols() + causal.kernelCols()
        == causal.inCols(), "padding and unread columns that cancel out in size: " + causal);
    ConvSpec causalRows = specs[5];
    assertTrue(causalRows.padTop() > 0 && (causalRows.outRows() - 1) * causalRows.strideRows()
        + causalRows.kernelRows() == causalRows.inRows(), "padding and unread rows that cancel out: " + causalRows);
  }
}
