package org.minicnn.engine.conv.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.minicnn.engine.conv.ConvRuns.filled;
import static org.minicnn.engine.conv.ConvRuns.randomArray;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.conv.ConvRuns;
import org.minicnn.engine.conv.ConvSpec;
import org.minicnn.engine.conv.Geometry;
import org.minicnn.engine.conv.RandomGeometry;
import org.minicnn.engine.conv.ReferenceConvolution;
import org.minicnn.engine.layers.Padding;

/**
 * The float32 path ({@link FloatBlockedConvolution}, and the entry point {@link FloatConvolution}) against the double
 * definition, within float rounding: forward and all three gradients on many
 * random geometries (1D and 2D, strides, dilation, every padding, filters and patches that leave part of a panel
 * or a tile of rows empty, several pixel blocks, batches that split unevenly into tasks); bit-identical results
 * for every thread count; and the plain-Java pieces giving the Vector API's bits. The engine's surefire runs
 * this class at the machine's width and forced to 256 and 512 bits.
 *
 * <p>The tolerance per element: with {@code x}, {@code w}, {@code b}, {@code dy} rounded to float (relative error
 * at most {@code u = 2⁻²⁴} each, so {@code 2u} per product) and a chain of {@code n} float fused multiply-adds
 * (each rounding at most {@code u} of a partial sum, itself at most {@code Σ|terms|}), the error is at most
 * {@code (n + 2)·u·Σ|terms|} to first order; the test allows {@code (n + 4)·u·Σ|terms|}, where {@code Σ|terms|} is
 * the reference run on the magnitudes of the operands and {@code n} the longest sum of the tensor. A dropped,
 * doubled or misplaced term is far outside that, except for terms that are tiny by chance.
 */
class FloatBlockedConvolutionTest {

  /** The unit roundoff of float32: half an ulp of 1. */
  private static final double U = 0x1p-24;
  /** The values the gradients start from: the kernels add into them. */
  private static final double DX0 = ConvRuns.DX0;
  private static final double DW0 = ConvRuns.DW0;
  private static final double DB0 = ConvRuns.DB0;

  @Test
  void matchesTheReferenceWithinFloatRoundingOnRandomGeometries() {
    SplittableRandom random = new SplittableRandom(17);
    RandomGeometry geometries = new RandomGeometry(random).maxSize(11).maxChannels(7).maxKernel(4).maxFilters(40);
    for (int checked = 0; checked < 250; checked++) {
      assertWithinFloatRounding(geometries.next(), random, random.nextBoolean());
    }
  }

  @Test
  void matchesTheReferenceOnLargeShapesWithSeveralBlocksAndThreads() {
    SplittableRandom random = new SplittableRandom(18);
    for (ConvSpec s : List.of(Geometry.input(7, 36, 44, 3).kernel(3, 3, 10).padding(Padding.SAME).spec(),
        Geometry.input(4, 28, 31, 12).kernel(2, 3, 35).strides(1, 2).dilation(2, 1)
            .padding(Padding.SAME, Padding.VALID).spec(),
        Geometry.input(6, 1, 1700, 3).kernel(1, 7, 20).padding(Padding.VALID, Padding.CAUSAL).spec(),
        Geometry.input(3, 12, 12, 70).kernel(3, 3, 5).padding(Padding.SAME).spec())) {
      int widest = Math.max(FloatGemm.roundUp(s.patchSize(), FloatGemm.PANEL),
          FloatGemm.roundUp(s.filters(), FloatGemm.PANEL));
      assertTrue(FloatBlockedConvolution.BLOCK_FLOATS / widest < s.outRows() * s.outCols(), "several blocks: " + s);
      assertWithinFloatRounding(s, random, true);
    }
  }

  /**
   * Stride one with whole tiles of rows in a window's kernel row: the tiles read the windows in place, over the
   * positions past each row's last output too (dropped); 1D and 2D, every padding, dilated rows, filters that
   * leave part of a panel empty, several blocks.
   */
  @Test
  void matchesTheReferenceWhereTheWindowsAreReadInPlace() {
    SplittableRandom random = new SplittableRandom(25);
    int rows = FloatGemm.ROW_BLOCK;
    Padding[] twoD = {Padding.VALID, Padding.SAME};
    int inPlace = 0;
    for (int checked = 0; checked < 60; checked++) {
      int kernelCols = 1 + random.nextInt(3);
      int channels = rows * (1 + random.nextInt(2)) / (rows % kernelCols == 0 ? kernelCols : 1);
      boolean oneD = checked % 5 == 0;
      int kernelRows = oneD ? 1 : 1 + random.nextInt(3);
      ConvSpec s = Geometry.input(1 + random.nextInt(3), oneD ? 1 : kernelRows + random.nextInt(9),
          kernelCols + random.nextInt(oneD ? 1500 : 12), channels)
          .kernel(kernelRows, kernelCols, checked % 4 == 0 ? 65 + random.nextInt(40) : 1 + random.nextInt(40))
          .dilation(1 + random.nextInt(2), 1)
          .padding(oneD ? Padding.VALID : twoD[random.nextInt(2)],
              oneD ? Padding.values()[random.nextInt(3)] : twoD[random.nextInt(2)]).spec();
      assertTrue(FloatBlockedConvolution.readsWindowsInPlace(s), s.toString());
      inPlace++;
      assertWithinFloatRounding(s, random, random.nextBoolean());
    }
    assertEquals(60, inPlace);
    assertTrue(!FloatBlockedConvolution.readsWindowsInPlace(
        Geometry.input(1, 5, 5, rows).kernel(3, 3, 4).strides(1, 2).spec()), "strided: patches are copied");
    assertTrue(!FloatBlockedConvolution.readsWindowsInPlace(
        Geometry.input(1, 5, 5, rows).kernel(3, 3, 4).strides(2, 1).spec()), "strided rows: patches are copied");
    assertTrue(!FloatBlockedConvolution.readsWindowsInPlace(
        Geometry.input(1, 5, 5, rows).kernel(3, 3, 4).dilation(1, 2).spec()), "dilated columns: patches are copied");
    assertTrue(!FloatBlockedConvolution.readsWindowsInPlace(
        Geometry.input(1, 5, 5, rows + 1).kernel(1, 1, 4).spec()), "runs not whole tiles: patches are copied");
  }

  /**
   * The sizes the layout sets: the bordered image is exactly the extent of the windows, the image buffer ends with
   * the last element the tiles read (the windows of every position up to the last whole tile of rows, when they
   * are read in place), and a block is the most whole tiles of rows whose widest buffer fits
   * {@link FloatBlockedConvolution#BLOCK_FLOATS}, and no more than the positions need.
   */
  @Test
  void theLayoutsSizesAreWhatTheWindowsAndBlocksNeed() {
    SplittableRandom random = new SplittableRandom(26);
    RandomGeometry geometries = new RandomGeometry(random).maxSize(40).maxChannels(30).maxKernel(4).maxFilters(90);
    int rows = FloatGemm.ROW_BLOCK;
    int inPlace = 0;
    for (int checked = 0; checked < 300; checked++) {
      ConvSpec s = checked % 3 == 0
          ? Geometry.input(1, 3 + random.nextInt(30), 3 + random.nextInt(30), rows * (1 + random.nextInt(3)))
              .kernel(1 + random.nextInt(3), 1 + random.nextInt(3), 1 + random.nextInt(90))
              .padding(random.nextBoolean() ? Padding.SAME : Padding.VALID).spec()
          : geometries.next();
      int extentRows = 0;
      int extentCols = 0;
      for (int r = 0; r < s.outRows(); r++) {
        for (int i = 0; i < s.kernelRows(); i++) {
          extentRows = Math.max(extentRows, r * s.strideRows() + i * s.dilationRows() + 1);
        }
      }
      for (int c = 0; c < s.outCols(); c++) {
        for (int j = 0; j < s.kernelCols(); j++) {
          extentCols = Math.max(extentCols, c * s.strideCols() + j * s.dilationCols() + 1);
        }
      }
      int ch = s.inChannels();
      int[] sizes = FloatBlockedConvolution.layoutSizes(s);
      assertEquals(extentRows * extentCols * ch, sizes[0], "bordered image of " + s);
      boolean windowsInPlace = FloatBlockedConvolution.readsWindowsInPlace(s);
      int positions = s.outRows() * (windowsInPlace ? extentCols : s.outCols());
      int lastRead = sizes[0] - 1;
      for (int v = 0; windowsInPlace && v < FloatGemm.roundUp(positions, rows); v++) {
        int lastOfWindow = ((s.kernelRows() - 1) * s.dilationRows() * extentCols + s.kernelCols() - 1) * ch + ch - 1;
        lastRead = Math.max(lastRead, v * ch + lastOfWindow);
      }
      inPlace += windowsInPlace ? 1 : 0;
      assertEquals(lastRead + 1, sizes[1], "image buffer of " + s);
      int widest = Math.max(FloatGemm.roundUp(s.patchSize(), rows),
          Math.max(FloatGemm.roundUp(s.patchSize(), FloatGemm.PANEL), FloatGemm.roundUp(s.filters(), FloatGemm.PANEL)));
      int block = sizes[2];
      assertEquals(0, block % rows, "whole tiles of rows: " + s);
      assertTrue(block <= Math.max(rows, FloatGemm.roundUp(positions, rows)), "no more than the positions: " + s);
      assertTrue(block == rows || block * widest <= FloatBlockedConvolution.BLOCK_FLOATS, "fits: " + s);
      assertTrue(block >= FloatGemm.roundUp(positions, rows)
          || (block + rows) * widest > FloatBlockedConvolution.BLOCK_FLOATS, "the most that fit: " + s);
    }
    assertTrue(inPlace >= 80, "geometries read in place: " + inPlace);
  }

  /**
   * A thread's first call grows its scratch arrays to what the geometry needs (patches, products, image, output
   * gradient), with or without windows read in place: the results are the bits of a warmed-up thread's. And a
   * buffer's stale contents beyond the image (here NaN, from an earlier input) never reach the results.
   */
  @Test
  void aFreshThreadGrowsItsScratchAndStaleValuesDoNotLeakIn() throws InterruptedException {
    SplittableRandom random = new SplittableRandom(27);
    int rows = FloatGemm.ROW_BLOCK;
    ConvSpec copied = Geometry.input(2, 9, 11, 5).kernel(3, 2, 40).padding(Padding.SAME).spec();
    ConvSpec inPlace = Geometry.input(2, 5, 6, rows).kernel(2, 3, 70).spec();
    ConvSpec large = Geometry.input(1, 20, 20, rows).kernel(3, 3, 4).spec();
    assertTrue(!FloatBlockedConvolution.readsWindowsInPlace(copied));
    assertTrue(FloatBlockedConvolution.readsWindowsInPlace(inPlace));
    for (ConvSpec s : List.of(copied, inPlace)) {
      double[][] operands = operands(random, s, true);
      double[][] warm = runFloat(s, operands[0], operands[1], operands[2], operands[3]);
      for (boolean staleNaN : new boolean[] {false, true}) {
        double[][][] fresh = new double[1][][];
        ConvRuns.onFreshThread("on a fresh thread, " + s, () -> {
          if (staleNaN) {
            double[] nan = filled(large.inputSize(), Double.NaN);
            double[] w = randomArray(new SplittableRandom(1), large.kernelSize());
            FloatBlockedConvolution.forward(large, nan, w, null, new double[large.outputSize()]);
            FloatBlockedConvolution.backward(large, nan, w, new double[large.outputSize()], null,
                new double[large.kernelSize()], null);
          }
          fresh[0] = runFloat(s, operands[0], operands[1], operands[2], operands[3]);
        });
        for (int t = 0; t < warm.length; t++) {
          assertArrayEquals(warm[t], fresh[0][t], "tensor " + t + " of " + s + ", stale NaN " + staleNaN);
        }
      }
    }
  }

  /**
   * A backward pass alone on a fresh thread (no forward before it) grows the patch buffer the kernel gradient's
   * copied patches go into: the kernel gradient is the bits of a warmed-up thread's.
   */
  @Test
  void aBackwardAloneOnAFreshThreadGrowsItsPatchBuffer() throws InterruptedException {
    ConvSpec s = Geometry.input(2, 9, 11, 5).kernel(3, 2, 40).padding(Padding.SAME).spec();
    assertTrue(!FloatBlockedConvolution.readsWindowsInPlace(s), "patches are copied");
    assertTrue(s.forwardMacs() < ConvTasks.PARALLEL_MIN_MACS, "runs on the calling thread");
    double[][] operands = operands(new SplittableRandom(29), s, true);
    double[] warm = runFloat(s, operands[0], operands[1], operands[2], operands[3])[2];
    double[] fresh = filled(s.kernelSize(), DW0);
    ConvRuns.onFreshThread("a backward pass alone on a fresh thread",
        () -> FloatBlockedConvolution.backward(s, operands[0], operands[1], operands[3], null, fresh, null));
    assertArrayEquals(warm, fresh);
  }

  @Test
  void resultsAreBitIdenticalForEveryThreadCount() {
    ConvSpec s = Geometry.input(11, 20, 26, 5).kernel(3, 2, 40).strides(1, 2).padding(Padding.SAME).spec();
    assertTrue(s.forwardMacs() >= ConvTasks.PARALLEL_MIN_MACS, "large enough to use the workers");
    double[][] operands = operands(new SplittableRandom(19), s, true);
    int[] threadCounts = {1, 2, 3};
    double[][][] results = new double[threadCounts.length][][];
    int saved = ConvThreads.threads();
    try {
      for (int i = 0; i < threadCounts.length; i++) {
        ConvThreads.setThreads(threadCounts[i]);
        results[i] = runFloat(s, operands[0], operands[1], operands[2], operands[3]);
      }
    } finally {
      ConvThreads.setThreads(saved);
    }
    for (int i = 1; i < threadCounts.length; i++) {
      for (int t = 0; t < results[0].length; t++) {
        assertArrayEquals(results[0][t], results[i][t], "tensor " + t + " with " + threadCounts[i] + " threads");
      }
    }
  }

  @Test
  void skippedGradientsAndMissingBiasAreHonoured() {
    SplittableRandom random = new SplittableRandom(20);
    ConvSpec s = Geometry.input(3, 8, 9, 4).kernel(2, 3, 6).strides(2, 1).padding(Padding.SAME).spec();
    double[][] operands = operands(random, s, false);
    double[] x = operands[0];
    double[] w = operands[1];
    double[] dy = operands[3];
    double[][] all = runFloat(s, x, w, null, dy);
    double[] y = filled(s.outputSize(), Double.NaN);
    FloatBlockedConvolution.forward(s, x, w, null, y);
    assertArrayEquals(all[0], y, "forward without bias");
    double[] dx = filled(s.inputSize(), DX0);
    FloatBlockedConvolution.backward(s, x, w, dy, dx, null, null);
    assertArrayEquals(all[1], dx, "input gradient alone");
    double[] dw = filled(s.kernelSize(), DW0);
    FloatBlockedConvolution.backward(s, x, w, dy, null, dw, null);
    assertArrayEquals(all[2], dw, "kernel gradient alone");
    double[] db = filled(s.filters(), DB0);
    FloatBlockedConvolution.backward(s, x, w, dy, null, null, db);
    assertArrayEquals(runFloat(s, x, w, randomArray(random, s.filters()), dy)[3], db, "bias gradient alone");
    assertArrayEquals(filled(s.filters(), DB0), all[3], "no bias, no bias gradient");
    FloatBlockedConvolution.backward(s, x, w, dy, null, null, null);  // nothing wanted: nothing to write
  }

  /**
   * The kernel gradient, bit for bit: per task, each element is one chain of float fused multiply-adds over the
   * task's images and output pixels in order, of the float-rounded input and output gradient, from zero; the
   * tasks' sums are widened and added in task order. Checked where the windows are read in place (kernel rows of
   * one tile of rows and of several panels, padded, dilated, 1D over several blocks) and where the patches are
   * copied, with several tasks.
   */
  @Test
  void theKernelGradientIsOneFloatChainPerTaskAddedInTaskOrder() {
    SplittableRandom random = new SplittableRandom(27);
    int panel = FloatGemm.PANEL;
    int rows = FloatGemm.ROW_BLOCK;
    List<ConvSpec> inPlace = List.of(Geometry.input(5, 9, 10, panel).kernel(3, 3, 64).spec(),
        Geometry.input(6, 7, 12, panel * 3 / 2).kernel(2, 2, 11).padding(Padding.SAME).spec(),
        Geometry.input(3, 6, 5, 3 * panel).kernel(3, 1, 33).dilation(2, 1).spec(),
        Geometry.input(5, 9, 10, rows).kernel(3, 1, 20).spec(),
        Geometry.input(7, 1, 1500, 2 * panel).kernel(1, 3, 6).padding(Padding.VALID, Padding.CAUSAL).spec());
    List<ConvSpec> copied = List.of(Geometry.input(4, 8, 9, 4).kernel(3, 3, 13).strides(2, 1).padding(Padding.SAME)
        .spec(), Geometry.input(2, 8, 9, panel).kernel(3, 3, 7).dilation(1, 2).spec());
    assertTrue(ConvTasks.tasks(inPlace.get(0)) > 1, "several tasks");
    assertTrue(FloatBlockedConvolution.layoutSizes(inPlace.get(4))[2] < 1500, "several blocks");
    for (List<ConvSpec> specs : List.of(inPlace, copied)) {
      for (ConvSpec s : specs) {
        assertEquals(specs == inPlace, FloatBlockedConvolution.readsWindowsInPlace(s), s.toString());
        double[] x = randomArray(random, s.inputSize());
        double[] dy = randomArray(random, s.outputSize());
        double[] dw = filled(s.kernelSize(), DW0);
        FloatBlockedConvolution.backward(s, x, randomArray(random, s.kernelSize()), dy, null, dw, null);
        assertArrayEquals(floatChainsByTask(s, x, dy), dw, s.toString());
      }
    }
  }

  /** The kernel gradient as {@link #theKernelGradientIsOneFloatChainPerTaskAddedInTaskOrder} defines it. */
  private static double[] floatChainsByTask(ConvSpec s, double[] x, double[] dy) {
    int f = s.filters();
    int k = s.patchSize();
    int pixels = s.outRows() * s.outCols();
    double[] dw = filled(s.kernelSize(), DW0);
    int tasks = ConvTasks.tasks(s);
    for (int t = 0; t < tasks; t++) {
      float[] sums = new float[k * f];
      for (int n = t * s.batch() / tasks; n < (t + 1) * s.batch() / tasks; n++) {
        for (int pixel = 0; pixel < pixels; pixel++) {
          for (int p = 0; p < k; p++) {
            int channel = p % s.inChannels();
            int kc = p / s.inChannels() % s.kernelCols();
            int kr = p / s.inChannels() / s.kernelCols();
            int row = pixel / s.outCols() * s.strideRows() + kr * s.dilationRows() - s.padTop();
            int col = pixel % s.outCols() * s.strideCols() + kc * s.dilationCols() - s.padLeft();
            boolean inside = row >= 0 && row < s.inRows() && col >= 0 && col < s.inCols();
            float xv = inside ? (float) x[((n * s.inRows() + row) * s.inCols() + col) * s.inChannels() + channel] : 0f;
            for (int o = 0; o < f; o++) {
              sums[p * f + o] = Math.fma(xv, (float) dy[(n * pixels + pixel) * f + o], sums[p * f + o]);
            }
          }
        }
      }
      for (int e = 0; e < k * f; e++) {
        dw[e] += sums[e];
      }
    }
    return dw;
  }

  /**
   * Every output and input-gradient element is a float widened to double: nothing was summed in double behind
   * it; so is the kernel gradient of a batch of one task (more tasks add their float sums in double).
   */
  @Test
  void outputsAndInputAndKernelGradientsAreFloats() {
    SplittableRandom random = new SplittableRandom(21);
    ConvSpec s = Geometry.input(3, 9, 8, 5).kernel(3, 3, 7).padding(Padding.SAME).spec();
    double[] x = randomArray(random, s.inputSize());
    double[] w = randomArray(random, s.kernelSize());
    double[] bias = randomArray(random, s.filters());
    double[] dy = randomArray(random, s.outputSize());
    double[] y = new double[s.outputSize()];
    FloatBlockedConvolution.forward(s, x, w, bias, y);
    double[] dx = new double[s.inputSize()];
    double[] dw = new double[s.kernelSize()];
    FloatBlockedConvolution.backward(s, x, w, dy, dx, dw, null);
    double[] dwOneTask = new double[s.kernelSize()];
    ConvSpec one = Geometry.input(1, 9, 8, 5).kernel(3, 3, 7).padding(Padding.SAME).spec();
    FloatBlockedConvolution.backward(one, x, w, dy, null, dwOneTask, null);
    for (double[] values : new double[][] {y, dx, dwOneTask}) {
      for (double v : values) {
        assertEquals(v, (double) (float) v, "not a float: " + v);
      }
    }
    // the forward starts from the float bias: a zero input gives the bias rounded to float
    FloatBlockedConvolution.forward(s, new double[s.inputSize()], w, bias, y);
    for (int e = 0; e < y.length; e++) {
      assertEquals((float) bias[e % s.filters()], y[e]);
    }
  }

  /**
   * The plain-Java tile, patch-gradient run, rounding and widening give the Vector API's bits, over inner
   * dimensions of 1 to 40, strided and unit-stride operands (rows of {@code A} next to each other and apart), and
   * runs with and without a partial vector.
   */
  @Test
  void plainJavaPiecesGiveTheVectorBits() {
    assertTrue(VectorApi.ENABLED, "the tests run with --add-modules jdk.incubator.vector");
    SplittableRandom random = new SplittableRandom(22);
    int panel = FloatGemm.PANEL;
    for (int k = 1; k <= 40; k++) {
      // rows next to each other (their own tile, VectorFloatGemm.tileConsecutiveRows) and rows apart
      for (int ars : new int[] {1, 2 + random.nextInt(k + 2)}) {
        int acs = random.nextBoolean() ? 1 : 6 + random.nextInt(5);
        int bs = panel + random.nextInt(3) * panel;
        int ldc = panel + random.nextInt(3) * panel;
        float[] a = randomFloats(random, 5 * ars + (k - 1) * acs + 1 + random.nextInt(3));
        float[] b = randomFloats(random, (k - 1) * bs + panel);
        float[] c = randomFloats(random, 5 * ldc + panel);
        boolean accumulate = (k + ars) % 2 == 0;
        float[] expected = c.clone();
        FloatGemm.plainTile(k, a, 0, ars, acs, b, 0, bs, expected, 0, ldc, accumulate);
        FloatGemm.tile(k, a, 0, ars, acs, b, 0, bs, c, 0, ldc, accumulate);
        assertArrayEquals(expected, c, "tile, k = " + k + ", row step " + ars + ", accumulate " + accumulate);
      }
      float[] src = randomFloats(random, k + 45);
      float[] dst = randomFloats(random, k + 50);
      float[] plainDst = dst.clone();
      FloatGemm.plainAddRun(src, 1, plainDst, 2, k + 40);
      FloatGemm.addRun(src, 1, dst, 2, k + 40);
      assertArrayEquals(plainDst, dst, "addRun, length " + (k + 40));
      double[] wide = randomArray(random, k + 45);
      float[] rounded = new float[k + 45];
      float[] plainRounded = new float[k + 45];
      FloatGemm.round(wide, 3, rounded, 1, k + 40);
      FloatGemm.plainRound(wide, 3, plainRounded, 1, k + 40);
      assertArrayEquals(plainRounded, rounded, "round, length " + (k + 40));
      for (boolean add : new boolean[] {false, true}) {
        double[] values = randomArray(random, k + 40);
        double[] roundedValues = randomArray(random, k + 40);
        double[] plainRoundedValues = roundedValues.clone();
        FloatGemm.roundValues(values, roundedValues, 3, k + 40, add);
        FloatGemm.plainRoundValues(values, 3, plainRoundedValues, k + 40, add);
        assertArrayEquals(plainRoundedValues, roundedValues, "roundValues, add " + add + ", from 3 to " + (k + 40));
        double[] widened = randomArray(random, k + 45);
        double[] plainWidened = widened.clone();
        FloatGemm.widen(rounded, 1, widened, 2, k + 40, add);
        FloatGemm.plainWiden(rounded, 1, plainWidened, 2, k + 40, add);
        assertArrayEquals(plainWidened, widened, "widen, add " + add + ", length " + (k + 40));
      }
    }
  }

  /**
   * {@link FloatGemm#tiles} over {@link FloatGemm#ROW_BLOCK} rows and one or two panels gives the bits of a
   * plain-Java tile per six rows and panel (the second panel of {@code B} {@code bPanel} after the first, its
   * columns of {@code C} one panel on), over inner dimensions of 1 to 40, strided and unit-stride rows of
   * {@code A}, and the panel distances of the three passes: packed panels ({@code k} rows apart) and columns of
   * one row ({@code bs}). At 512 bits these are the twelve-row and the two-panel tiles.
   */
  @Test
  void tilesGiveTheBitsOfPlainTiles() {
    SplittableRandom random = new SplittableRandom(24);
    int panel = FloatGemm.PANEL;
    int rows = FloatGemm.ROW_BLOCK;
    assertEquals(VectorApi.bits() == 512 ? 12 : 6, rows, "twelve rows where the 24-accumulator tiles are");
    for (int k = 1; k <= 40; k++) {
      int panels = 1 + random.nextInt(2);
      int ars = 1 + random.nextInt(k + 3);
      int acs = random.nextBoolean() ? 1 : 6 + random.nextInt(5);
      boolean packed = random.nextBoolean();
      int bs = packed ? panel : panels * panel + random.nextInt(3) * panel;
      int bPanel = packed ? k * panel : panel;
      int ldc = panels * panel + random.nextInt(3) * panel;
      float[] a = randomFloats(random, (rows - 1) * ars + (k - 1) * acs + 1 + random.nextInt(3));
      float[] b = randomFloats(random, (k - 1) * bs + bPanel + panel);
      float[] c = randomFloats(random, (rows - 1) * ldc + panels * panel);
      boolean accumulate = random.nextBoolean();
      float[] expected = c.clone();
      for (int r = 0; r < rows; r += FloatGemm.ROWS) {
        for (int t = 0; t < panels; t++) {
          FloatGemm.plainTile(k, a, r * ars, ars, acs, b, t * bPanel, bs, expected, r * ldc + t * panel, ldc,
              accumulate);
        }
      }
      float[] narrow = c.clone();
      float[] narrowExpected = c.clone();
      FloatGemm.tiles(panels * panel, k, a, 0, ars, acs, b, 0, bs, bPanel, c, 0, ldc, accumulate);
      assertArrayEquals(expected, c, panels + " panel(s), k = " + k + ", packed " + packed + ", accumulate "
          + accumulate);
      for (int t = 0; t < panels; t++) {
        FloatGemm.plainTile(k, a, 0, ars, acs, b, t * bPanel, bs, narrowExpected, t * panel, ldc, accumulate);
      }
      FloatGemm.narrowTiles(panels * panel, k, a, 0, ars, acs, b, 0, bs, bPanel, narrow, 0, ldc, accumulate);
      assertArrayEquals(narrowExpected, narrow, "six rows, " + panels + " panel(s), k = " + k);
    }
    assertEquals(2 * panel, FloatGemm.step(0, 2 * panel));
    assertEquals(panel, FloatGemm.step(panel, 2 * panel));
    assertEquals(2 * panel, FloatGemm.step(panel, 3 * panel));
  }

  /** The plain-Java pieces compute what they say, element by element. */
  @Test
  void plainJavaPiecesComputeTheirDefinitions() {
    SplittableRandom random = new SplittableRandom(23);
    int panel = FloatGemm.PANEL;
    int k = 7;
    float[] a = randomFloats(random, 6 * 9 + k * 2);
    float[] b = randomFloats(random, k * (panel + 3));
    float[] c = randomFloats(random, 6 * (panel + 1));
    float[] expected = c.clone();
    for (int r = 0; r < FloatGemm.ROWS; r++) {
      for (int t = 0; t < panel; t++) {
        float sum = expected[r * (panel + 1) + t];
        for (int p = 0; p < k; p++) {
          sum = Math.fma(a[r * 9 + p * 2], b[p * (panel + 3) + t], sum);
        }
        expected[r * (panel + 1) + t] = sum;
      }
    }
    float[] fromZero = c.clone();
    FloatGemm.plainTile(k, a, 0, 9, 2, b, 0, panel + 3, c, 0, panel + 1, true);
    assertArrayEquals(expected, c);
    FloatGemm.plainTile(k, a, 0, 9, 2, b, 0, panel + 3, fromZero, 0, panel + 1, false);
    for (int r = 0; r < FloatGemm.ROWS; r++) {
      for (int t = 0; t < panel; t++) {
        float sum = 0f;
        for (int p = 0; p < k; p++) {
          sum = Math.fma(a[r * 9 + p * 2], b[p * (panel + 3) + t], sum);
        }
        assertEquals(sum, fromZero[r * (panel + 1) + t], "from zero, row " + r + ", column " + t);
      }
    }
    assertEquals(c[panel], fromZero[panel], "between the rows: untouched");
    float[] dst = {1f, 2f, 3f, 4f};
    FloatGemm.plainAddRun(new float[] {10f, 20f, 30f}, 1, dst, 1, 2);
    assertArrayEquals(new float[] {1f, 22f, 33f, 4f}, dst);
    float[] rounded = new float[3];
    FloatGemm.plainRound(new double[] {0.1, 1.0 / 3, 2.5}, 1, rounded, 0, 2);
    assertArrayEquals(new float[] {1f / 3, 2.5f, 0f}, rounded);
    double[] widened = {1.0, 1.0, 1.0};
    FloatGemm.plainWiden(new float[] {0.1f, 0.5f}, 0, widened, 1, 2, true);
    assertArrayEquals(new double[] {1.0, 1.0 + 0.1f, 1.5}, widened);
    FloatGemm.plainWiden(new float[] {0.1f, 0.5f}, 0, widened, 0, 2, false);
    assertArrayEquals(new double[] {0.1f, 0.5, 1.5}, widened);
    FloatGemm.plainRoundValues(new double[] {0.1, 0.2, 9}, 0, widened, 2, true);
    assertArrayEquals(new double[] {0.1f + (double) 0.1f, 0.5 + (double) 0.2f, 1.5}, widened);
    FloatGemm.plainRoundValues(new double[] {0.1, 0.2, 9}, 1, widened, 2, false);
    assertArrayEquals(new double[] {0.1f + (double) 0.1f, 0.2f, 1.5}, widened);
    FloatGemm.plainRoundValues(new double[] {0.1, 0.2, 9}, 0, widened, 2, false);
    assertArrayEquals(new double[] {0.1f, 0.2f, 1.5}, widened);
    double[] m = {1, 2, 3, 4, 5, 6};  // 2 × 3, row-major
    float[] packed = new float[3 * FloatGemm.roundUp(3, panel)];
    FloatGemm.packPanels(2, 3, m, 3, 1, packed);
    float[] expectedPacked = new float[packed.length];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        expectedPacked[i * panel + j] = (float) m[i * 3 + j];
      }
    }
    assertArrayEquals(expectedPacked, packed);
    FloatGemm.packPanels(3, 2, m, 1, 3, packed);  // the transpose, 3 × 2
    assertEquals(4f, packed[1]);
    assertEquals(3f, packed[2 * panel]);
    assertEquals(0f, packed[2 * panel + 2]);
    assertEquals(32, FloatGemm.roundUp(17, 16));
    assertEquals(16, FloatGemm.roundUp(16, 16));
  }

  /**
   * The entry point's small first layers: the double direct kernels on rounded operands, each result rounded to
   * float, within the same tolerance; their outputs and gradients are floats.
   */
  @Test
  void theEntryPointMatchesTheReferenceOnItsDirectGeometries() {
    SplittableRandom random = new SplittableRandom(24);
    RandomGeometry geometries = new RandomGeometry(random).maxSize(11).maxChannels(3).maxKernel(3).maxFilters(20);
    int direct = 0;
    for (int checked = 0; checked < 120; checked++) {
      ConvSpec s = checked % 4 == 0 ? Geometry.input(2, 6 + checked % 5, 7, 1).kernel(3, 3, 1).spec() : geometries.next();
      direct += FloatConvolution.direct(s) ? 1 : 0;
      double[][] result = assertWithinFloatRounding(s, random, random.nextBoolean(), true);
      double[] dxFromZero = new double[s.inputSize()];
      double[] dwFromZero = new double[s.kernelSize()];
      FloatConvolution.backward(s, randomArray(random, s.inputSize()), randomArray(random, s.kernelSize()),
          randomArray(random, s.outputSize()), dxFromZero, dwFromZero, null);
      for (double[] values : new double[][] {result[0], dxFromZero}) {
        for (double v : values) {
          assertEquals(v, (double) (float) v, "not a float: " + v + " in " + s);
        }
      }
    }
    assertTrue(direct >= 100, "geometries on the direct route: " + direct);
    ConvSpec many = Geometry.input(2, 6, 6, 8).kernel(3, 3, 4).spec();
    assertTrue(!FloatConvolution.direct(many), "patches of 72 values take the float multiply");
    double[] x = randomArray(random, many.inputSize());
    double[] w = randomArray(random, many.kernelSize());
    double[] viaEntry = new double[many.outputSize()];
    double[] viaBlocked = new double[many.outputSize()];
    FloatConvolution.forward(many, x, w, null, viaEntry);
    FloatBlockedConvolution.forward(many, x, w, null, viaBlocked);
    assertArrayEquals(viaBlocked, viaEntry);
    double[] dx = filled(many.inputSize(), DX0);
    FloatConvolution.backward(many, x, w, randomArray(random, many.outputSize()), dx, null, null);
    FloatConvolution.backward(many, x, w, viaEntry, null, null, null);  // nothing wanted: nothing to write
  }

  /**
   * The entry point's direct route on the double kernels is exactly what the class comment says: the double
   * kernels on operands rounded to float, each result rounded to float once (dL/dx added to, or set in place of,
   * what {@code dx} held), at 1, 2 and 3 threads on geometries large enough for the workers, which round the
   * batch image by image. Bit for bit: an element left unrounded would stay within the float tolerance.
   */
  @Test
  void theDirectRouteIsTheDoubleKernelsOnRoundedOperandsAtEveryThreadCount() {
    SplittableRandom random = new SplittableRandom(31);
    int saved = ConvThreads.threads();
    try {
      // 33 images over 32 tasks: one task rounds two
      int filters = FloatSmallPatchConvolution.LANES - 1;
      for (ConvSpec s : List.of(Geometry.input(5, 160, 150, 1).kernel(3, 3, 1).padding(Padding.SAME).spec(),
          Geometry.input(33, 26, 26, 1).kernel(3, 3, filters).spec())) {
        assertTrue(FloatConvolution.direct(s) && !FloatSmallPatchConvolution.applies(s), "double direct: " + s);
        assertTrue(s.forwardMacs() >= ConvTasks.PARALLEL_MIN_MACS, "large enough for the workers: " + s);
        double[][] operands = operands(random, s, true);
        double[] x = operands[0];
        double[] w = operands[1];
        double[] bias = operands[2];
        double[] dy = operands[3];
        double[] y = new double[s.outputSize()];
        double[] dx = new double[s.inputSize()];
        double[] dw = new double[s.kernelSize()];
        double[] db = new double[s.filters()];
        FastConvolution.forward(s, toFloats(x), toFloats(w), toFloats(bias), y);
        FastConvolution.backward(s, toFloats(x), toFloats(w), toFloats(dy), dx, dw, db);
        double[][] expectedAdded = {startingAt(DX0, dx), startingAt(DW0, dw), startingAt(DB0, db)};
        for (int threads : new int[] {1, 2, 3}) {
          ConvThreads.setThreads(threads);
          double[] actualY = new double[s.outputSize()];
          FloatConvolution.forward(s, x, w, bias, actualY);
          assertArrayEquals(toFloats(y), actualY, "y, " + threads + " threads " + s);
          double[][] added = {filled(s.inputSize(), DX0), filled(s.kernelSize(), DW0), filled(s.filters(), DB0)};
          FloatConvolution.backward(s, x, w, dy, added[0], added[1], added[2]);
          for (int t = 0; t < added.length; t++) {
            assertArrayEquals(expectedAdded[t], added[t], "gradient " + t + " added, " + threads + " threads " + s);
          }
          double[] set = filled(s.inputSize(), Double.NaN);
          FloatConvolution.backwardOverwritingDx(s, x, w, dy, set, null, null);
          assertArrayEquals(toFloats(dx), set, "dx set, " + threads + " threads " + s);
        }
      }
    } finally {
      ConvThreads.setThreads(saved);
    }
  }

  /** {@code start + (float) sums[i]} for each element: a float gradient added to a start value. */
  private static double[] startingAt(double start, double[] sums) {
    double[] out = new double[sums.length];
    for (int i = 0; i < sums.length; i++) {
      out[i] = start + (float) sums[i];
    }
    return out;
  }

  /** Each value rounded to float and widened again, in a new array. */
  private static double[] toFloats(double[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  /**
   * The entry point's direct route (the double kernels on rounded operands, or the float small-patch kernel)
   * computes a gradient asked for alone: each of {@code dx}, {@code dw}, {@code db} gets the bits it gets when all
   * three are asked for.
   */
  @Test
  void theDirectRouteComputesAGradientAskedForAlone() {
    SplittableRandom random = new SplittableRandom(28);
    int lanes = FloatSmallPatchConvolution.LANES;
    for (ConvSpec s : List.of(Geometry.input(2, 6, 7, 1).kernel(3, 3, 1).spec(),
        Geometry.input(2, 7, 9, 3).kernel(3, 3, lanes - 1).padding(Padding.SAME).spec(),
        Geometry.input(2, 7, 9, 3).kernel(3, 3, lanes).padding(Padding.SAME).spec())) {
      assertTrue(FloatConvolution.direct(s), s.toString());
      double[][] operands = operands(random, s, true);
      double[] x = operands[0];
      double[] w = operands[1];
      double[] dy = operands[3];
      double[][] all = runFloat(s, x, w, operands[2], dy, true);
      ConvRuns.assertEachGradientAloneMatches(FloatConvolution::backward, s, x, w, dy, all);
      assertTrue(all[1][0] != DX0 && all[2][0] != DW0 && all[3][0] != DB0, "every gradient was added to: " + s);
    }
  }

  /** Forward and backward in float32, the gradients starting from {@link #DX0}, {@link #DW0}, {@link #DB0}. */
  static double[][] runFloat(ConvSpec s, double[] x, double[] w, double[] bias, double[] dy) {
    return runFloat(s, x, w, bias, dy, false);
  }

  /** {@link #runFloat} through {@link FloatConvolution} ({@code entry}) or straight through the blocked kernel. */
  static double[][] runFloat(ConvSpec s, double[] x, double[] w, double[] bias, double[] dy, boolean entry) {
    double[] y = filled(s.outputSize(), Double.NaN);
    double[] dx = filled(s.inputSize(), DX0);
    double[] dw = filled(s.kernelSize(), DW0);
    double[] db = filled(s.filters(), DB0);
    if (entry) {
      FloatConvolution.forward(s, x, w, bias, y);
      FloatConvolution.backward(s, x, w, dy, dx, dw, bias == null ? null : db);
    } else {
      FloatBlockedConvolution.forward(s, x, w, bias, y);
      FloatBlockedConvolution.backward(s, x, w, dy, dx, dw, bias == null ? null : db);
    }
    return new double[][] {y, dx, dw, bias == null ? filled(s.filters(), DB0) : db};
  }

  /** Random operands; the float32 results within {@code (n + 4)·u·Σ|terms|} of the reference's, element by element. */
  private static void assertWithinFloatRounding(ConvSpec s, SplittableRandom random, boolean withBias) {
    assertWithinFloatRounding(s, random, withBias, false);
  }

  /** As above, through {@link FloatConvolution} when {@code entry}; returns the float32 results. */
  private static double[][] assertWithinFloatRounding(ConvSpec s, SplittableRandom random, boolean withBias,
      boolean entry) {
    return assertWithinFloatRounding(s, random, withBias, (spec, x, w, bias, dy) -> runFloat(spec, x, w, bias, dy, entry));
  }

  /** A float32 run: {y, dx, dw, db}, the gradients starting from {@link #DX0}, {@link #DW0}, {@link #DB0}. */
  interface FloatRun {
    double[][] run(ConvSpec s, double[] x, double[] w, double[] bias, double[] dy);
  }

  /** As above, by {@code kernel}; returns the float32 results. */
  static double[][] assertWithinFloatRounding(ConvSpec s, SplittableRandom random, boolean withBias, FloatRun kernel) {
    double[][] operands = operands(random, s, withBias);
    double[] x = operands[0];
    double[] w = operands[1];
    double[] bias = operands[2];
    double[] dy = operands[3];
    double[][] actual = kernel.run(s, x, w, bias, dy);

    double[] y = new double[s.outputSize()];
    ReferenceConvolution.forward(s, x, w, bias, y);
    double[] dx = filled(s.inputSize(), DX0);
    double[] dw = filled(s.kernelSize(), DW0);
    double[] db = filled(s.filters(), DB0);
    ReferenceConvolution.backward(s, x, w, dy, dx, dw, bias == null ? null : db);

    double[] yMagnitude = new double[s.outputSize()];
    ReferenceConvolution.forward(s, abs(x), abs(w), bias == null ? null : abs(bias), yMagnitude);
    double[] dxMagnitude = new double[s.inputSize()];
    double[] dwMagnitude = new double[s.kernelSize()];
    double[] dbMagnitude = new double[s.filters()];
    ReferenceConvolution.backward(s, abs(x), abs(w), abs(dy), dxMagnitude, dwMagnitude, dbMagnitude);

    int pixels = s.outRows() * s.outCols();
    assertClose("forward", s, y, actual[0], yMagnitude, s.patchSize() + 1, 0.0);
    assertClose("dL/dx", s, dx, actual[1], dxMagnitude, s.filters() * s.kernelRows() * s.kernelCols(), DX0);
    assertClose("dL/dw", s, dw, actual[2], dwMagnitude, s.batch() * pixels, DW0);
    assertClose("dL/db", s, db, actual[3], bias == null ? new double[s.filters()] : dbMagnitude, 1, DB0);
    return actual;
  }

  private static void assertClose(String what, ConvSpec s, double[] expected, double[] actual, double[] magnitude,
      int terms, double start) {
    assertEquals(expected.length, actual.length, what + " length");
    for (int e = 0; e < expected.length; e++) {
      double bound = (terms + 4) * U * magnitude[e] + 1e-15 * Math.abs(start);
      if (!(Math.abs(expected[e] - actual[e]) <= bound)) {
        fail(what + " of " + s + " at " + e + ": expected " + expected[e] + " within " + bound + ", got " + actual[e]);
      }
    }
  }

  /** Random {x, w, bias (null without), dy} of {@code s}, uniform in [−1, 1). */
  private static double[][] operands(SplittableRandom random, ConvSpec s, boolean withBias) {
    return new double[][] {randomArray(random, s.inputSize()), randomArray(random, s.kernelSize()),
        withBias ? randomArray(random, s.filters()) : null, randomArray(random, s.outputSize())};
  }

  private static double[] abs(double[] values) {
    double[] result = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = Math.abs(values[i]);
    }
    return result;
  }

  private static float[] randomFloats(SplittableRandom random, int size) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextDouble(-1, 1);
    }
    return values;
  }
}
