package org.minicnn.engine.conv.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minicnn.engine.conv.ConvRuns.filled;
import static org.minicnn.engine.conv.ConvRuns.randomArray;
import static org.minicnn.engine.conv.ConvRuns.run;

import java.util.Arrays;
import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.layers.Padding;
import org.minicnn.engine.conv.ConvAssert;
import org.minicnn.engine.conv.ReferenceConvolution;
import org.minicnn.engine.conv.ConvAlgorithm;
import org.minicnn.engine.conv.ConvSpec;
import org.minicnn.engine.conv.Geometry;
import org.minicnn.engine.conv.RandomGeometry;

/**
 * The small-patch direct kernel, both its Vector API and its plain-Java version, against the
 * reference: forward and all three gradients on random geometries (strides, dilation, padding,
 * channels, filter counts around the vector widths), and bit-identical results for every thread count.
 */
class SmallPatchConvolutionTest {

  private static final double TOLERANCE = EngineTestBase.FAST_PATH_TOLERANCE;

  @Test
  void vectorAndScalarKernelsMatchTheReferenceOnRandomGeometries() {
    assertTrue(VectorApi.ENABLED, "the tests run with jdk.incubator.vector, so the vector kernel is checked here");
    SplittableRandom random = new SplittableRandom(6);
    RandomGeometry geometries = new RandomGeometry(random).maxBatch(3).maxSize(14).maxChannels(4).maxFilters(20)
        .maxDilation(2);
    int checked = 0;
    while (checked < 300) {
      ConvSpec s = geometries.next();
      if (!SmallPatchConvolution.applies(s)) {
        continue;
      }
      double[] x = randomArray(random, s.inputSize());
      double[] w = randomArray(random, s.kernelSize());
      double[] bias = random.nextBoolean() ? randomArray(random, s.filters()) : null;
      double[] dy = randomArray(random, s.outputSize());
      double[][] expected = run(ConvAlgorithm.REFERENCE, s, x, w, bias, dy);
      SmallPatchConvolution.Taps taps = new SmallPatchConvolution.Taps(s);
      for (boolean vector : new boolean[] {true, false}) {
        double[][] actual = kernelRun(vector, s, taps, x, w, bias, dy);
        String[] names = {"y", "dx", "dw"};
        for (int t = 0; t < names.length; t++) {
          ConvAssert.assertClose(expected[t], actual[t], TOLERANCE, (vector ? "vector " : "scalar ") + names[t] + " " + s);
        }
        if (!vector) {
          assertArrayEquals(expected[0], actual[0], "the scalar forward sums in the reference's order: " + s);
        }
      }
      checked++;
    }
  }

  @Test
  void tapsLeaveOutPaddingAndGroupOnlyUncutNeighbours() {
    ConvSpec s = Geometry.input(1, 1, 6, 2).kernel(1, 3, 4).padding(Padding.VALID, Padding.SAME).spec();
    SmallPatchConvolution.Taps taps = new SmallPatchConvolution.Taps(s);
    // six output pixels; the first and last lose one kernel column (two channels) to the padding
    assertArrayEquals(new int[] {0, 4, 10, 16, 22, 28, 32}, taps.start);
    assertArrayEquals(new int[] {0, 1, 2, 3}, Arrays.copyOfRange(taps.input, 0, 4));
    assertArrayEquals(new int[] {2, 3, 4, 5}, Arrays.copyOfRange(taps.kernel, 0, 4));
    assertEquals(2, taps.step);
    assertFalse(taps.quad[0], "pixel 0 is cut by the padding");
    assertTrue(taps.quad[1], "pixels 1-4 have all taps");
    assertFalse(taps.quad[2], "pixel 5 is cut by the padding");
  }

  @Test
  void workloadShapesMatchAndAreBitIdenticalForEveryThreadCount() {
    SplittableRandom random = new SplittableRandom(7);
    ConvSpec[] specs = {
        Geometry.input(24, 28, 28, 1).kernel(3, 3, 8).spec(),
        Geometry.input(10, 1, 1000, 4).kernel(1, 5, 16).spec(),
        Geometry.input(16, 24, 24, 3).kernel(3, 3, 13).strides(2, 1).dilation(1, 2).padding(Padding.SAME).spec(),
    };
    int saved = ConvThreads.threads();
    try {
      for (ConvSpec s : specs) {
        assertTrue(SmallPatchConvolution.applies(s) && s.forwardMacs() >= ConvTasks.PARALLEL_MIN_MACS,
            "large enough for the worker threads: " + s);
        double[] x = randomArray(random, s.inputSize());
        double[] w = randomArray(random, s.kernelSize());
        double[] bias = randomArray(random, s.filters());
        double[] dy = randomArray(random, s.outputSize());
        double[][] expected = run(ConvAlgorithm.REFERENCE, s, x, w, bias, dy);
        double[][] first = null;
        for (int threads : new int[] {1, 2, 3}) {
          ConvThreads.setThreads(threads);
          double[][] result = run(ConvAlgorithm.BLOCKED, s, x, w, bias, dy);
          if (first == null) {
            first = result;
            String[] names = {"y", "dx", "dw", "db"};
            for (int t = 0; t < names.length; t++) {
              ConvAssert.assertClose(expected[t], result[t], TOLERANCE, names[t] + " " + s);
            }
          } else {
            for (int t = 0; t < result.length; t++) {
              assertArrayEquals(first[t], result[t], "tensor " + t + " with " + threads + " threads: " + s);
            }
          }
        }
      }
    } finally {
      ConvThreads.setThreads(saved);
    }
  }

  @Test
  void eachGradientAloneAndNoBias() {
    SplittableRandom random = new SplittableRandom(8);
    ConvSpec s = Geometry.input(3, 9, 11, 2).kernel(3, 2, 12).strides(2, 1).dilation(1, 2).padding(Padding.SAME)
        .spec();
    assertTrue(SmallPatchConvolution.applies(s));
    double[] x = randomArray(random, s.inputSize());
    double[] w = randomArray(random, s.kernelSize());
    double[] dy = randomArray(random, s.outputSize());
    double[] expectedY = new double[s.outputSize()];
    double[] actualY = randomArray(random, s.outputSize());
    ReferenceConvolution.forward(s, x, w, null, expectedY);
    SmallPatchConvolution.forward(s, x, w, null, actualY);
    ConvAssert.assertClose(expectedY, actualY, TOLERANCE, "forward without bias");
    double[][] expected = {new double[s.inputSize()], new double[s.kernelSize()], new double[s.filters()]};
    double[][] actual = {new double[s.inputSize()], new double[s.kernelSize()], new double[s.filters()]};
    String[] names = {"dx", "dw", "db"};
    for (int only = 0; only < 3; only++) {
      ReferenceConvolution.backward(s, x, w, dy, only == 0 ? expected[0] : null, only == 1 ? expected[1] : null,
          only == 2 ? expected[2] : null);
      SmallPatchConvolution.backward(s, x, w, dy, only == 0 ? actual[0] : null, only == 1 ? actual[1] : null,
          only == 2 ? actual[2] : null);
      ConvAssert.assertClose(expected[only], actual[only], TOLERANCE, names[only] + " alone");
    }
  }

  @Test
  void gatherInputGradientMatchesTheReferenceAtPaddedEdgesAndOddChannels() {
    SplittableRandom random = new SplittableRandom(9);
    // stride 1 and filters a multiple of the lanes: the gather; SAME padding and dilation cut the edge
    // columns and rows, three channels take the two-channel pass and the one-channel pass
    int lanes = VectorApi.LANES;
    ConvSpec[] specs = {
        Geometry.input(2, 7, 13, 3).kernel(3, 3, 2 * lanes).dilation(2, 2).padding(Padding.SAME).spec(),
        Geometry.input(3, 1, 17, 1).kernel(1, 5, lanes).padding(Padding.VALID, Padding.CAUSAL).spec(),
        Geometry.input(2, 6, 9, 2).kernel(2, 3, 3 * lanes).spec(),
    };
    for (ConvSpec s : specs) {
      assertTrue(SmallPatchConvolution.applies(s) && new SmallPatchConvolution.Taps(s).gathers, "gathers: " + s);
      double[] x = randomArray(random, s.inputSize());
      double[] w = randomArray(random, s.kernelSize());
      double[] dy = randomArray(random, s.outputSize());
      double[] expected = filled(s.inputSize(), 0.25);
      double[] actual = filled(s.inputSize(), 0.25);
      ReferenceConvolution.backward(s, x, w, dy, expected, null, null);
      SmallPatchConvolution.backward(s, x, w, dy, actual, null, null);
      ConvAssert.assertClose(expected, actual, TOLERANCE, "dx " + s);
    }
  }

  @Test
  void sixPixelTilesSumInTheSameOrderAsTheOtherPixels() {
    // Each input row is the same from column to column, so every uncut pixel of an output row has the same
    // patch: the pixels of the six-pixel tiles (columns 0-11) must equal, bit for bit, those taken four or
    // one at a time (columns 12-16, and the cut ones under SAME padding only among themselves). Twelve
    // filters: at 256 bits two vectors and one in the tiles; at 512 one vector in the tiles and four one
    // pixel at a time.
    SplittableRandom random = new SplittableRandom(10);
    for (Padding padding : new Padding[] {Padding.VALID, Padding.SAME}) {
      ConvSpec s = Geometry.input(2, 5, 19, 2).kernel(3, 3, 12).padding(padding).spec();
      double[] x = new double[s.inputSize()];
      double[] rowValues = randomArray(random, s.batch() * s.inRows() * s.inChannels());
      for (int e = 0; e < x.length; e++) {
        int ch = e % s.inChannels();
        int row = e / (s.inCols() * s.inChannels());
        x[e] = rowValues[row * s.inChannels() + ch];
      }
      double[] w = randomArray(random, s.kernelSize());
      double[] bias = randomArray(random, s.filters());
      double[] y = new double[s.outputSize()];
      SmallPatchConvolution.forward(s, x, w, bias, y);
      int f = s.filters();
      int first = s.padLeft();
      int last = s.outCols() - 1 - s.padLeft();
      for (int row = 0; row < s.batch() * s.outRows(); row++) {
        int rowStart = row * s.outCols() * f;
        double[] tiled = Arrays.copyOfRange(y, rowStart + first * f, rowStart + (first + 1) * f);
        for (int c = first + 1; c <= last; c++) {
          assertArrayEquals(tiled, Arrays.copyOfRange(y, rowStart + c * f, rowStart + (c + 1) * f),
              "output row " + row + ", column " + c + " against column " + first + ", " + padding);
        }
      }
      ConvAssert.assertClose(run(ConvAlgorithm.REFERENCE, s, x, w, bias, new double[s.outputSize()])[0], y,
          TOLERANCE, "y " + s);
    }
  }

  /**
   * The kernel gradient's filters past the last whole vector: two or more take one vector whose other lanes read the
   * next pixel's {@code dY} and are dropped; where that vector would read past {@code dy} (the batch's last run)
   * or past the partial sums, a scalar chain each. Both sum in one order: image 0's kernel gradient is the same, bit
   * for bit, alone in a batch (its last run the batch's: scalar) and first of two (vector), into partial sums with
   * room after them or without (scalar at the last kernel row). Filters {@code L + 1} to {@code L + 3}: one filter
   * left always goes scalar. Nine taps: two runs of four and one alone.
   */
  @Test
  void theLastFiltersSumInOneOrderWhereTheirVectorWouldReadPastTheArrays() {
    SplittableRandom random = new SplittableRandom(14);
    int lanes = VectorApi.LANES;
    for (int f = lanes + 1; f <= lanes + 3; f++) {
      ConvSpec two = Geometry.input(2, 6, 10, 1).kernel(3, 3, f).spec();
      ConvSpec one = Geometry.input(1, 6, 10, 1).kernel(3, 3, f).spec();
      double[] x = randomArray(random, two.inputSize());
      double[] dy = randomArray(random, two.outputSize());
      double[] dyOne = Arrays.copyOf(dy, one.outputSize());
      int pixels = one.outRows() * one.outCols();
      int lastRun = one.outCols();
      int lastRunStart = (pixels - lastRun) * f;
      int kf = one.kernelSize();
      assertEquals(f - lanes >= 2, VectorSmallPatch.lastFiltersInOneVector(f, lastRun, lanes, lastRunStart, dy, 0,
          new double[kf]), "first of two: its last run's vector fits in dy, f = " + f);
      assertFalse(VectorSmallPatch.lastFiltersInOneVector(f, lastRun, lanes, lastRunStart, dyOne, 0, new double[kf]),
          "alone: its last run's vector would read past dy, f = " + f);
      assertFalse(VectorSmallPatch.lastFiltersInOneVector(f, lastRun, lanes, 0, dy, kf - f, new double[kf]),
          "the last kernel row's vector would read past the partial sums, f = " + f);
      double[] first = new double[kf + lanes];
      VectorSmallPatch.backward(two, new SmallPatchConvolution.Taps(two), x, null, dy, null, first, 0, 0);
      double[] alone = new double[kf + lanes];
      VectorSmallPatch.backward(one, new SmallPatchConvolution.Taps(one), x, null, dyOne, null, alone, 0, 0);
      double[] noRoom = new double[kf];
      VectorSmallPatch.backward(one, new SmallPatchConvolution.Taps(one), x, null, dyOne, null, noRoom, 0, 0);
      assertArrayEquals(first, alone, "first of two against alone, f = " + f);
      assertArrayEquals(Arrays.copyOf(first, kf), noRoom, "with room after the partial sums and without, f = " + f);
      double[] expected = new double[kf];
      ReferenceConvolution.backward(one, x, new double[kf], dyOne, null, expected, null);
      ConvAssert.assertClose(expected, noRoom, TOLERANCE, "against the reference, f = " + f);
    }
  }

  /**
   * The gather's lane sums have one order, interpreted or compiled: pairwise for four lanes, one after
   * the other for eight. Enough calls that the JIT compiles the sum; every one is checked.
   */
  @Test
  void laneSumsHaveOneOrderWhetherCompiledOrNot() {
    SplittableRandom random = new SplittableRandom(12);
    int lanes = VectorApi.LANES;
    double[] v = new double[lanes];
    for (int call = 0; call < 200_000; call++) {
      for (int l = 0; l < lanes; l++) {
        v[l] = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(12));
      }
      double expected = v[0];
      for (int l = 1; l < lanes; l++) {
        expected += v[l];
      }
      if (lanes == 4) {
        expected = (v[0] + v[1]) + (v[2] + v[3]);
      }
      double actual = VectorSmallPatch.sum(DoubleVector.fromArray(VectorWidth.SPECIES, v, 0));
      if (Double.doubleToLongBits(actual) != Double.doubleToLongBits(expected)) {
        assertEquals(expected, actual, 0.0, "call " + call + ", lanes " + Arrays.toString(v));
      }
    }
  }

  /** Four lanes are summed pairwise: {@code (a + b) + (c + d)}, which here differs from one after the other. */
  @Test
  void fourLanesAreSummedPairwise() {
    double[] v = {1e16, 3.0, -1e16, 5.0};
    double pairwise = (v[0] + v[1]) + (v[2] + v[3]);
    assertEquals(8.0, pairwise, 0.0, "1e16 + 3 rounds to 1e16 + 4, and -1e16 + 5 to -1e16 + 4");
    assertEquals(9.0, ((v[0] + v[1]) + v[2]) + v[3], 0.0, "one after the other");
    assertEquals(pairwise, VectorSmallPatch.sum(DoubleVector.fromArray(DoubleVector.SPECIES_256, v, 0)), 0.0);
  }

  /**
   * Three vectors of filters ({@code 3·LANES}, three more, and four vectors and one) take every part of the vector kernel that
   * starts past the first vector: the six-pixel tiles' and the four-pixel groups' last vector, the kernel
   * gradient's runs of four taps and of one, and the gather; stride 2 takes the patch-gradient input
   * gradient. All against the reference, also through the plain-Java kernel.
   */
  @Test
  void threeVectorsOfFiltersAndMoreMatchTheReference() {
    SplittableRandom random = new SplittableRandom(13);
    int f = 3 * VectorApi.LANES;
    ConvSpec[] specs = {
        Geometry.input(2, 5, 14, 2).kernel(3, 3, f).spec(),
        Geometry.input(2, 5, 14, 2).kernel(3, 3, f + 3).padding(Padding.SAME).spec(),
        Geometry.input(2, 6, 15, 1).kernel(2, 3, f).strides(2, 1).padding(Padding.SAME).spec(),
        Geometry.input(1, 4, 20, 3).kernel(1, 5, f).strides(1, 2).spec(),
        // four vectors and one more: the bias gradient's second pair of vectors
        Geometry.input(2, 4, 6, 1).kernel(3, 3, 4 * VectorApi.LANES + 1).spec(),
    };
    for (ConvSpec s : specs) {
      assertTrue(SmallPatchConvolution.applies(s), s.toString());
      double[] x = randomArray(random, s.inputSize());
      double[] w = randomArray(random, s.kernelSize());
      double[] bias = randomArray(random, s.filters());
      double[] dy = randomArray(random, s.outputSize());
      double[][] expected = run(ConvAlgorithm.REFERENCE, s, x, w, bias, dy);
      for (boolean vector : new boolean[] {true, false}) {
        double[] y = new double[s.outputSize()];
        SmallPatchConvolution.forward(s, x, w, bias, y, vector);
        double[] dx = filled(s.inputSize(), 0.25);
        double[] dw = filled(s.kernelSize(), -0.5);
        double[] db = filled(s.filters(), 0.125);
        SmallPatchConvolution.backward(s, x, w, dy, dx, dw, db, vector);
        double[][] actual = {y, dx, dw, db};
        String[] names = {"y", "dx", "dw", "db"};
        for (int t = 0; t < names.length; t++) {
          ConvAssert.assertClose(expected[t], actual[t], TOLERANCE, (vector ? "vector " : "plain ") + names[t] + " " + s);
        }
      }
    }
  }

  /** The taps are worked out once per geometry and thread; the gather table has an entry per tap and vector. */
  @Test
  void tapsAreKeptForTheSameGeometryAndTheGatherTableIsExact() {
    ConvSpec s = Geometry.input(1, 6, 6, 2).kernel(3, 2, 2 * VectorApi.LANES).spec();
    SmallPatchConvolution.Taps taps = SmallPatchConvolution.taps(s);
    assertTrue(taps == SmallPatchConvolution.taps(Geometry.input(1, 6, 6, 2).kernel(3, 2, 2 * VectorApi.LANES).spec()),
        "an equal geometry reuses the taps");
    assertFalse(taps == SmallPatchConvolution.taps(Geometry.input(1, 6, 7, 2).kernel(3, 2, 2 * VectorApi.LANES).spec()));
    assertTrue(taps.gathers);
    assertEquals(3 * 2 * 2, taps.gatherDy.length, "kernel rows × columns × vectors of filters");
    assertEquals(taps.gatherDy.length, taps.gatherW.length);
  }

  /** One kernel image by image, its kernel gradient summed from zero then added to the starting values. */
  private static double[][] kernelRun(boolean vector, ConvSpec s, SmallPatchConvolution.Taps taps, double[] x,
      double[] w, double[] bias, double[] dy) {
    double[] y = new double[s.outputSize()];
    double[] dx = filled(s.inputSize(), 0.25);
    double[] partial = new double[s.kernelSize()];
    for (int n = 0; n < s.batch(); n++) {
      if (vector) {
        VectorSmallPatch.forward(s, taps, x, w, bias, y, n);
        VectorSmallPatch.backward(s, taps, x, w, dy, dx, partial, 0, n);
      } else {
        ScalarSmallPatch.forward(s, taps, x, w, bias, y, n);
        ScalarSmallPatch.backward(s, taps, x, w, dy, dx, partial, 0, n);
      }
    }
    double[] dw = filled(s.kernelSize(), -0.5);
    for (int e = 0; e < dw.length; e++) {
      dw[e] += partial[e];
    }
    return new double[][] {y, dx, dw};
  }
}
