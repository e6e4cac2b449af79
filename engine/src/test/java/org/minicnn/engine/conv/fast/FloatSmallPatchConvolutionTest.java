package org.minicnn.engine.conv.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minicnn.engine.conv.ConvRuns.filled;
import static org.minicnn.engine.conv.ConvRuns.randomArray;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.TorchCases;
import org.minicnn.engine.conv.ConvRuns;
import org.minicnn.engine.conv.ConvSpec;
import org.minicnn.engine.conv.Geometry;
import org.minicnn.engine.conv.RandomGeometry;
import org.minicnn.engine.layers.Padding;

/**
 * The float32 small-patch kernel ({@link FloatSmallPatchConvolution}, reached through {@link FloatConvolution})
 * against the double reference within float rounding ({@link FloatBlockedConvolutionTest}'s tolerance), forward and
 * all three gradients, on random small-patch geometries (1D and 2D, strides, dilation, every padding, filters
 * around the vector widths, bias or none); its plain-Java kernels giving the Vector API's bits; each gradient alone
 * giving the bits of all three together; and bit-identical results for every thread count. The engine's surefire
 * runs this class at the machine's width and forced to 256 and 512 bits.
 */
class FloatSmallPatchConvolutionTest {

  private static final double DX0 = ConvRuns.DX0;
  private static final double DW0 = ConvRuns.DW0;
  private static final double DB0 = ConvRuns.DB0;
  /** Float rounding of sums of up to a few dozen terms, relative to the largest value: 2⁻²⁴ times 64 terms. */
  private static final double TORCH_FLOAT32_TOLERANCE = 64 * 0x1p-24;

  @Test
  void matchesTheReferenceWithinFloatRoundingOnRandomSmallPatchGeometries() {
    SplittableRandom random = new SplittableRandom(31);
    RandomGeometry geometries = new RandomGeometry(random).maxBatch(3).maxSize(16).maxChannels(4).maxKernel(4)
        .maxFilters(36);
    int checked = 0;
    while (checked < 300) {
      ConvSpec s = geometries.next();
      if (s.patchSize() > SmallPatchConvolution.MAX_PATCH) {
        continue;
      }
      FloatBlockedConvolutionTest.assertWithinFloatRounding(s, random, random.nextBoolean(),
          FloatSmallPatchConvolutionTest::runForReference);
      checked++;
    }
  }

  @Test
  void matchesTheReferenceOnWorkloadShapes() {
    SplittableRandom random = new SplittableRandom(32);
    for (ConvSpec s : List.of(Geometry.input(3, 1, 200, 4).kernel(1, 5, 16).spec(),
        Geometry.input(2, 28, 28, 1).kernel(3, 3, 8).spec(),
        Geometry.input(2, 19, 23, 3).kernel(3, 3, 20).strides(2, 1).dilation(1, 2).padding(Padding.SAME).spec(),
        Geometry.input(2, 1, 90, 2).kernel(1, 4, 33).padding(Padding.VALID, Padding.CAUSAL).spec(),
        // more images than tasks: a task sums the gradients of two images
        Geometry.input(ConvTasks.MAX_TASKS + 8, 1, 30, 4).kernel(1, 5, 32).spec())) {
      assertSame(FastConvolution.Kernel.SMALL_PATCH, FastConvolution.choose(s), s.toString());
      FloatBlockedConvolutionTest.assertWithinFloatRounding(s, random, true,
          FloatSmallPatchConvolutionTest::runForReference);
    }
  }

  /**
   * One-row geometries without padding or dilation gather each input element's gradient from the kept patch
   * gradients: with steps shorter and longer than a patch, a row end that leaves pixels outside the groups of six,
   * several images a task; within float rounding of the reference, the plain-Java gather giving the same bits.
   */
  @Test
  void gatheredInputGradientsMatchTheReference() {
    SplittableRandom random = new SplittableRandom(39);
    for (ConvSpec s : List.of(Geometry.input(ConvTasks.MAX_TASKS + 3, 1, 201, 4).kernel(1, 5, 16).spec(),
        Geometry.input(3, 1, 53, 3).kernel(1, 3, 16).strides(1, 4).spec(),
        Geometry.input(2, 1, 60, 2).kernel(1, 7, 24).strides(1, 2).spec())) {
      assertTrue(FloatSmallPatchConvolution.gathers(s), s.toString());
      FloatBlockedConvolutionTest.assertWithinFloatRounding(s, random, true,
          FloatSmallPatchConvolutionTest::runForReference);
      double[][] operands = operands(random, s);
      // NaN where the zeros around the kept patch gradients go: the vector gather must write them, the plain-Java
      // one must not read them
      Arrays.fill(FloatWorkspace.get().floats(FloatWorkspace.Use.PATCHES, 1), Float.NaN);
      double[][] vector = run(s, operands[0], operands[1], operands[2], operands[3], true);
      Arrays.fill(FloatWorkspace.get().floats(FloatWorkspace.Use.PATCHES, 1), Float.NaN);
      double[][] plain = run(s, operands[0], operands[1], operands[2], operands[3], false);
      assertArrayEquals(vector[1], plain[1], "input gradient of " + s);
    }
    for (ConvSpec s : List.of(Geometry.input(2, 1, 60, 2).kernel(1, 7, 24).padding(Padding.VALID, Padding.SAME).spec(),
        Geometry.input(2, 1, 60, 2).kernel(1, 7, 24).dilation(1, 2).spec(),
        Geometry.input(2, 2, 60, 2).kernel(1, 7, 24).spec(),
        Geometry.input(2, 1, 60, 2).kernel(1, 7, 24).padding(Padding.VALID, Padding.CAUSAL).spec())) {
      assertFalse(FloatSmallPatchConvolution.gathers(s), s.toString());
    }
  }

  /**
   * A row whose step (stride × channels) is long next to a vector: 24 channels and a one-wide kernel, so that
   * each pixel's patch is 24 consecutive elements and the next pixel's starts right after it. Each input element
   * gathers only the patch gradients of the pixels whose patch holds it, by the vector and the plain-Java gather,
   * within float rounding of the reference.
   */
  @Test
  void aRowOfLongStepsGathersOnlyThePatchesThatHoldEachElement() {
    SplittableRandom random = new SplittableRandom(40);
    for (ConvSpec s : List.of(Geometry.input(2, 1, 30, 24).kernel(1, 1, 16).spec(),
        Geometry.input(2, 1, 31, 24).kernel(1, 1, 20).strides(1, 2).spec(),
        Geometry.input(2, 1, 30, 12).kernel(1, 2, 16).strides(1, 2).spec())) {
      assertTrue(FloatSmallPatchConvolution.gathers(s), s.toString());
      for (boolean vector : new boolean[] {true, false}) {
        FloatBlockedConvolutionTest.assertWithinFloatRounding(s, random, true,
            (spec, x, w, bias, dy) -> run(spec, x, w, bias, dy, vector));
      }
    }
  }

  /**
   * The plain-Java gather writes the image's input gradient and nothing past it: on a fresh thread, whose buffer
   * for it is exactly the image when the image is whole vectors, the results are within float rounding of the
   * reference.
   */
  @Test
  void thePlainGatherStaysWithinAnImageOfWholeVectors() throws InterruptedException {
    ConvSpec s = Geometry.input(1, 1, 32, 4).kernel(1, 5, 16).spec();
    assertTrue(FloatSmallPatchConvolution.gathers(s), s.toString());
    assertEquals(0, s.inputSize() % FloatSmallPatchConvolution.LANES, "whole vectors");
    assertTrue(s.forwardMacs() < ConvTasks.PARALLEL_MIN_MACS, "runs on the calling thread");
    ConvRuns.onFreshThread("the plain kernel on a fresh thread",
        () -> FloatBlockedConvolutionTest.assertWithinFloatRounding(s, new SplittableRandom(41), true,
            (spec, x, w, bias, dy) -> run(spec, x, w, bias, dy, false)));
  }

  /**
   * The kernel takes any patch size (the entry point gives it patches of up to 32 values only): patches of 45 and 64
   * values take several vectors of taps, as 32 do at 256 bits.
   */
  @Test
  void largerPatchesCalledDirectlyMatchTheReference() {
    SplittableRandom random = new SplittableRandom(38);
    for (ConvSpec s : List.of(Geometry.input(2, 6, 9, 5).kernel(3, 3, 20).padding(Padding.SAME).spec(),
        Geometry.input(2, 1, 40, 8).kernel(1, 8, 16).spec())) {
      assertTrue(s.patchSize() > SmallPatchConvolution.MAX_PATCH, s.toString());
      FloatBlockedConvolutionTest.assertWithinFloatRounding(s, random, true,
          FloatSmallPatchConvolutionTest::runForReference);
    }
  }

  /**
   * {@link FloatConvolution} sends small patches with a float vector of filters or more here, and those with fewer to
   * the double kernel on rounded operands (whose double sums give other bits).
   */
  @Test
  void theEntryPointTakesThisKernelFromAFloatVectorOfFilters() {
    SplittableRandom random = new SplittableRandom(37);
    int lanes = FloatSmallPatchConvolution.LANES;
    for (int filters : new int[] {lanes - 1, lanes, lanes + 3}) {
      ConvSpec s = Geometry.input(2, 7, 9, 3).kernel(3, 3, filters).padding(Padding.SAME).spec();
      assertSame(FastConvolution.Kernel.SMALL_PATCH, FastConvolution.choose(s));
      assertEquals(filters >= lanes, FloatSmallPatchConvolution.applies(s), s.toString());
      double[][] operands = operands(random, s);
      double[][] direct = run(s, operands[0], operands[1], operands[2], operands[3], true);
      double[] y = new double[s.outputSize()];
      FloatConvolution.forward(s, operands[0], operands[1], operands[2], y);
      double[] dx = filled(s.inputSize(), DX0);
      double[] dw = filled(s.kernelSize(), DW0);
      double[] db = filled(s.filters(), DB0);
      FloatConvolution.backward(s, operands[0], operands[1], operands[3], dx, dw, db);
      double[][] entry = {y, dx, dw, db};
      for (int t = 0; t < entry.length; t++) {
        assertEquals(filters >= lanes, Arrays.equals(direct[t], entry[t]), "tensor " + t + " of " + s);
      }
    }
    ConvSpec direct = Geometry.input(2, 6, 6, 1).kernel(3, 3, 1).spec();
    assertTrue(!FloatSmallPatchConvolution.applies(direct), "one channel and one filter: the direct kernel");
  }

  @Test
  void plainJavaKernelsGiveTheVectorBits() {
    assertTrue(VectorApi.ENABLED, "the tests run with --add-modules jdk.incubator.vector");
    SplittableRandom random = new SplittableRandom(33);
    RandomGeometry geometries = new RandomGeometry(random).maxBatch(3).maxSize(14).maxChannels(4).maxKernel(4)
        .maxFilters(36);
    int checked = 0;
    while (checked < 100) {
      ConvSpec s = geometries.next();
      if (s.patchSize() > SmallPatchConvolution.MAX_PATCH) {
        continue;
      }
      double[][] operands = operands(random, s);
      double[] bias = random.nextBoolean() ? operands[2] : null;
      double[][] vector = run(s, operands[0], operands[1], bias, operands[3], true);
      double[][] plain = run(s, operands[0], operands[1], bias, operands[3], false);
      for (int t = 0; t < vector.length; t++) {
        assertArrayEquals(vector[t], plain[t], "tensor " + t + " of " + s);
      }
      checked++;
    }
  }

  @Test
  void eachGradientAloneGivesTheBitsOfAllThree() {
    SplittableRandom random = new SplittableRandom(34);
    for (ConvSpec s : List.of(Geometry.input(3, 9, 10, 3).kernel(3, 2, 7).strides(2, 1).padding(Padding.SAME).spec(),
        Geometry.input(2, 1, 40, 4).kernel(1, 5, 16).spec())) {
      double[][] operands = operands(random, s);
      double[] x = operands[0];
      double[] w = operands[1];
      double[] dy = operands[3];
      double[][] all = run(s, x, w, operands[2], dy, true);
      ConvRuns.assertEachGradientAloneMatches(FloatSmallPatchConvolution::backward, s, x, w, dy, all);
      double[] y = filled(s.outputSize(), Double.NaN);
      FloatSmallPatchConvolution.forward(s, x, w, null, y);
      double[] yWithZeroBias = run(s, x, w, new double[s.filters()], dy, true)[0];
      assertArrayEquals(yWithZeroBias, y, "no bias: " + s);
    }
  }

  @Test
  void resultsAreBitIdenticalForEveryThreadCount() {
    ConvSpec s = Geometry.input(11, 1, 300, 4).kernel(1, 5, 20).padding(Padding.VALID, Padding.SAME).spec();
    ConvSpec t = Geometry.input(9, 24, 26, 2).kernel(3, 3, 24).dilation(2, 1).padding(Padding.SAME).spec();
    for (ConvSpec spec : List.of(s, t)) {
      assertTrue(spec.forwardMacs() >= ConvTasks.PARALLEL_MIN_MACS, "large enough to use the workers: " + spec);
      double[][] operands = operands(new SplittableRandom(35), spec);
      int[] threadCounts = {1, 2, 3};
      double[][][] results = new double[threadCounts.length][][];
      int saved = ConvThreads.threads();
      try {
        for (int i = 0; i < threadCounts.length; i++) {
          ConvThreads.setThreads(threadCounts[i]);
          results[i] = run(spec, operands[0], operands[1], operands[2], operands[3], true);
        }
      } finally {
        ConvThreads.setThreads(saved);
      }
      for (int i = 1; i < threadCounts.length; i++) {
        for (int k = 0; k < results[0].length; k++) {
          assertArrayEquals(results[0][k], results[i][k], "tensor " + k + " with " + threadCounts[i] + " threads");
        }
      }
    }
  }

  /**
   * Outputs and input gradients are floats widened, and so is the kernel gradient of one task (one image) added
   * to zero; the forward starts from the float bias.
   */
  @Test
  void outputsAndGradientsAreFloats() {
    SplittableRandom random = new SplittableRandom(36);
    ConvSpec s = Geometry.input(1, 9, 13, 3).kernel(3, 3, 19).padding(Padding.SAME).spec();
    double[][] operands = operands(random, s);
    double[] y = new double[s.outputSize()];
    FloatSmallPatchConvolution.forward(s, operands[0], operands[1], operands[2], y);
    double[] dx = new double[s.inputSize()];
    double[] dw = new double[s.kernelSize()];
    FloatSmallPatchConvolution.backward(s, operands[0], operands[1], operands[3], dx, dw, null);
    for (double[] values : new double[][] {y, dx, dw}) {
      for (double v : values) {
        assertEquals(v, (double) (float) v, "not a float: " + v);
      }
    }
    FloatSmallPatchConvolution.forward(s, new double[s.inputSize()], operands[1], operands[2], y);
    for (int e = 0; e < y.length; e++) {
      assertEquals((float) operands[2][e % s.filters()], y[e]);
    }
  }

  /** Forward and backward through the kernel, the gradients starting from {@link #DX0}, {@link #DW0}, {@link #DB0}. */
  private static double[][] run(ConvSpec s, double[] x, double[] w, double[] bias, double[] dy, boolean vector) {
    double[] y = filled(s.outputSize(), Double.NaN);
    double[] dx = filled(s.inputSize(), DX0);
    double[] dw = filled(s.kernelSize(), DW0);
    double[] db = filled(s.filters(), DB0);
    FloatSmallPatchConvolution.forward(s, x, w, bias, y, vector);
    FloatSmallPatchConvolution.backward(s, x, w, dy, dx, dw, db, vector);
    return new double[][] {y, dx, dw, db};
  }

  /**
   * The kernel on PyTorch's float32 fixtures (conv_cases_float32.txt, torch.nn.functional.conv1d/conv2d in float32),
   * called directly so that every case counts, whatever its filters: output and the three gradients within the
   * tolerance of {@code ConvMatchesPyTorchTest}'s float32 cases, relative to the largest value.
   */
  @Test
  void givesPyTorchFloat32NumbersOnItsFixtures() {
    int checked = 0;
    for (TorchCases.Case c : TorchCases.load("conv_cases_float32.txt")) {
      ConvSpec s = specOf(c);
      if (s.patchSize() > SmallPatchConvolution.MAX_PATCH) {
        continue;
      }
      boolean bias = c.tensor("b") != null;
      double[] y = new double[s.outputSize()];
      FloatSmallPatchConvolution.forward(s, c.tensor("x").data(), c.tensor("w").data(),
          bias ? c.tensor("b").data() : null, y);
      double[] dx = new double[s.inputSize()];
      double[] dw = new double[s.kernelSize()];
      double[] db = new double[s.filters()];
      FloatSmallPatchConvolution.backward(s, c.tensor("x").data(), c.tensor("w").data(), c.tensor("dy").data(), dx,
          dw, bias ? db : null);
      EngineTestBase.assertClose(c.tensor("y").data(), y, TORCH_FLOAT32_TOLERANCE);
      EngineTestBase.assertClose(c.tensor("dx").data(), dx, TORCH_FLOAT32_TOLERANCE);
      EngineTestBase.assertClose(c.tensor("dw").data(), dw, TORCH_FLOAT32_TOLERANCE);
      if (bias) {
        EngineTestBase.assertClose(c.tensor("db").data(), db, TORCH_FLOAT32_TOLERANCE);
      }
      checked++;
    }
    assertTrue(checked >= 50, "fixture cases with small patches: " + checked);
  }

  /** The geometry of a fixture case: channels-last input {@code x}, the layer's settings. */
  private static ConvSpec specOf(TorchCases.Case c) {
    int[] x = c.tensor("x").shape();
    int[] k = c.ints("kernel");
    int[] st = c.ints("strides");
    int[] d = c.ints("dilation");
    int filters = Integer.parseInt(c.setting("filters"));
    Padding padding = Padding.valueOf(c.setting("padding"));
    if (c.setting("rank").equals("1")) {
      return Geometry.input(x[0], 1, x[1], x[2]).kernel(1, k[0], filters).strides(1, st[0]).dilation(1, d[0])
          .padding(Padding.VALID, padding).spec();
    }
    return Geometry.input(x[0], x[1], x[2], x[3]).kernel(k[0], k[1], filters).strides(st[0], st[1])
        .dilation(d[0], d[1]).padding(padding).spec();
  }

  /** {@link #run} by the Vector API kernels, with no bias gradient without a bias, as the tolerance check wants it. */
  private static double[][] runForReference(ConvSpec s, double[] x, double[] w, double[] bias, double[] dy) {
    double[] y = filled(s.outputSize(), Double.NaN);
    double[] dx = filled(s.inputSize(), DX0);
    double[] dw = filled(s.kernelSize(), DW0);
    double[] db = filled(s.filters(), DB0);
    FloatSmallPatchConvolution.forward(s, x, w, bias, y);
    FloatSmallPatchConvolution.backward(s, x, w, dy, dx, dw, bias == null ? null : db);
    return new double[][] {y, dx, dw, db};
  }

  /** Random {x, w, bias, dy} of {@code s}, uniform in [−1, 1). */
  private static double[][] operands(SplittableRandom random, ConvSpec s) {
    return new double[][] {randomArray(random, s.inputSize()), randomArray(random, s.kernelSize()),
        randomArray(random, s.filters()), randomArray(random, s.outputSize())};
  }
}
