package org.minicnn.engine.conv.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minicnn.engine.conv.ConvRuns.filled;
import static org.minicnn.engine.conv.ConvRuns.randomArray;
import static org.minicnn.engine.conv.ConvRuns.run;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.layers.Padding;
import org.minicnn.engine.conv.ConvAssert;
import org.minicnn.engine.conv.ConvRuns;
import org.minicnn.engine.conv.Im2colConvolution;
import org.minicnn.engine.conv.ReferenceConvolution;
import org.minicnn.engine.conv.ConvAlgorithm;
import org.minicnn.engine.conv.ConvSpec;
import org.minicnn.engine.conv.Geometry;
import org.minicnn.engine.conv.RandomGeometry;

/**
 * The fast path against the definition: forward and all three gradients on many random geometries
 * (1D and 2D, strides, dilation, every padding, batches that split unevenly into tasks, shapes large
 * enough for several pixel blocks and for the worker threads), and bit-identical results for every
 * thread count.
 */
class BlockedConvolutionTest {

  /** Relative tolerance of every fast path against {@link ReferenceConvolution}. */
  private static final double TOLERANCE = EngineTestBase.FAST_PATH_TOLERANCE;

  /**
   * Where the forward reads six interior pixels straight from the input (filters a multiple of
   * {@link Gemm#PANEL}, two vectors), it
   * gives the bits of im2col followed by the packed multiply over the whole image, the route of the
   * other pixels, and matches the reference; random strides, dilation and padding put some pixels on
   * each route.
   */
  @Test
  void gatheredForwardGivesTheBitsOfIm2colAndTheMultiply() {
    assertTrue(VectorApi.ENABLED, "the tests run with --add-modules jdk.incubator.vector");
    SplittableRandom random = new SplittableRandom(5);
    // the values from their own stream, so the geometries are the same at every vector width
    SplittableRandom values = new SplittableRandom(55);
    int gathered = 0;
    for (int checked = 0; checked < 60; ) {
      Padding padding = random.nextBoolean() ? Padding.VALID : Padding.SAME;
      ConvSpec s = Geometry.input(1 + random.nextInt(3), 1 + random.nextInt(12), 6 + random.nextInt(20),
              1 + random.nextInt(6))
          .kernel(1 + random.nextInt(4), 1 + random.nextInt(4), Gemm.PANEL * (1 + random.nextInt(3)))
          .strides(1 + random.nextInt(2), 1 + random.nextInt(2))
          .dilation(1 + random.nextInt(2), 1 + random.nextInt(2)).padding(padding).spec();
      if (s.outRows() <= 0 || s.outCols() <= 0) {
        continue;
      }
      double[] x = randomArray(values, s.inputSize());
      double[] w = randomArray(values, s.kernelSize());
      double[] bias = values.nextBoolean() ? randomArray(values, s.filters()) : null;
      double[] y = filled(s.outputSize(), Double.NaN);  // overwritten, whatever it held
      BlockedConvolution.forward(s, x, w, bias, y);

      int pixels = s.outRows() * s.outCols();
      int k = s.patchSize();
      int f = s.filters();
      double[] packed = new double[Gemm.packedSize(k, f)];
      Gemm.packB(k, f, w, 0, f, packed);
      double[] cols = new double[pixels * k];
      double[] expected = new double[s.outputSize()];
      for (int n = 0; n < s.batch(); n++) {
        Im2colConvolution.im2col(s, x, n, cols);
        for (int e = n * pixels * f; e < (n + 1) * pixels * f; e++) {
          expected[e] = bias == null ? 0.0 : bias[e % f];
        }
        Gemm.multiplyAddPacked(pixels, f, k, cols, 0, k, 1, w, 0, f, packed, expected, n * pixels * f, f);
      }
      assertArrayEquals(expected, y, s.toString());
      double[] reference = new double[s.outputSize()];
      ReferenceConvolution.forward(s, x, w, bias, reference);
      ConvAssert.assertClose(reference, y, TOLERANCE, "forward " + s);
      for (int c = 0; Gemm.gathers(k, f) && c + 5 < s.outCols(); c++) {
        if (Patches.interior(s, 0, c) && Patches.interior(s, 0, c + 5)) {
          gathered++;
          break;
        }
      }
      checked++;
    }
    assertTrue(gathered >= 20, "geometries with gathered pixels: " + gathered);
  }

  /**
   * Where the input gradient adds six interior pixels' patch gradients straight into dL/dx (patch rows
   * of whole panels: channels or kernel columns × channels a multiple of {@link Gemm#PANEL}, undilated
   * columns), all three gradients match the reference, with random strides, row dilation and padding
   * sending the border pixels the other way.
   */
  @Test
  void scatteredInputGradientMatchesTheReference() {
    SplittableRandom random = new SplittableRandom(6);
    int scattered = 0;
    for (int checked = 0; checked < 60; ) {
      Padding padding = random.nextBoolean() ? Padding.VALID : Padding.SAME;
      int panel = Gemm.PANEL;
      int[][] channelsAndKernelCols = {{panel, 1 + random.nextInt(3)}, {2 * panel, 1 + random.nextInt(3)},
          {panel / 2, 2}, {panel / 4, 4}};
      int[] pick = channelsAndKernelCols[random.nextInt(channelsAndKernelCols.length)];
      ConvSpec s = Geometry.input(1 + random.nextInt(3), 1 + random.nextInt(10), 6 + random.nextInt(16), pick[0])
          .kernel(1 + random.nextInt(3), pick[1], 4 + random.nextInt(9))
          .strides(1 + random.nextInt(2), 1 + random.nextInt(2)).dilation(1 + random.nextInt(2), 1)
          .padding(padding).spec();
      if (s.outRows() <= 0 || s.outCols() <= 0) {
        continue;
      }
      assertTrue(Gemm.gathers(s.filters(), s.patchSize())
          && PixelGroups.runsContiguous(PixelGroups.patchOffsets(s), panel), s.toString());
      assertMatchesReference(s, random);
      for (int c = 0; c + 5 < s.outCols(); c++) {
        if (Patches.interior(s, 0, c) && Patches.interior(s, 0, c + 5)) {
          scattered++;
          break;
        }
      }
      checked++;
    }
    assertTrue(scattered >= 20, "geometries with scattered pixels: " + scattered);
  }

  /**
   * Where the kernel gradient reads six patch elements straight from the input (runs of six consecutive elements,
   * filters a multiple of {@link Gemm#PANEL}; padded windows from a zero-bordered copy of each image), it gives the
   * bits of im2col and the multiply for one image (the bias gradient, summed alongside, those of a plain pass),
   * and all gradients match the reference for several.
   */
  @Test
  void gatheredKernelGradientGivesTheBitsOfIm2colAndTheMultiply() {
    SplittableRandom random = new SplittableRandom(7);
    // {16, 3} and {24, 2}: window rows of 48 consecutive elements, which the transposed tiles take at 512 bits
    int[][] channelsAndKernelCols = {{6, 1}, {12, 2}, {2, 3}, {3, 2}, {3, 4}, {16, 3}, {24, 2}};
    Padding[] paddings = {Padding.VALID, Padding.SAME};
    int transposed = 0;
    for (int checked = 0; checked < 80; ) {
      int[] pick = channelsAndKernelCols[random.nextInt(channelsAndKernelCols.length)];
      Padding rowPadding = paddings[random.nextInt(2)];
      Padding colPadding = paddings[random.nextInt(2)];
      ConvSpec s = Geometry.input(1, 1 + random.nextInt(12), 2 + random.nextInt(40), pick[0])
          .kernel(1 + random.nextInt(3), pick[1], Gemm.PANEL * (1 + random.nextInt(3)))
          .strides(1 + random.nextInt(2), 1 + random.nextInt(2)).dilation(1 + random.nextInt(2), 1)
          .padding(rowPadding, colPadding).spec();
      int pixels = s.outRows() * s.outCols();
      if (s.outRows() <= 0 || s.outCols() <= 0 || pixels < 4) {
        continue;
      }
      ConvSpec gathered = BlockedConvolution.gathersKernelGradient(s, PixelGroups.patchOffsets(s)) ? s
          : BlockedConvolution.borderedForKernelGradient(s);
      if (gathered != null && BlockedConvolution.transposesKernelGradient(s.filters(),
          PixelGroups.patchOffsets(gathered))) {
        transposed++;
      }
      double[] x = randomArray(random, s.inputSize());
      double[] dy = randomArray(random, s.outputSize());
      double[] dw = new double[s.kernelSize()];
      double[] w = randomArray(random, s.kernelSize());
      BlockedConvolution.backward(s, x, w, dy, null, dw, null);
      double[] cols = new double[pixels * s.patchSize()];
      Im2colConvolution.im2col(s, x, 0, cols);
      double[] expected = new double[s.kernelSize()];
      Gemm.multiplyAdd(s.patchSize(), s.filters(), pixels, cols, 0, 1, s.patchSize(), dy, 0, s.filters(), expected, 0,
          s.filters());
      assertArrayEquals(expected, dw, s.toString());
      // with the bias gradient, summed run by run alongside: the bits of one plain pass over the image
      double[] dwWithBias = new double[s.kernelSize()];
      double[] db = new double[s.filters()];
      BlockedConvolution.backward(s, x, w, dy, null, dwWithBias, db);
      double[] expectedDb = new double[s.filters()];
      BlockedConvolution.biasGradient(dy, 0, pixels * s.filters(), s.filters(), expectedDb, 0, false);
      assertArrayEquals(expected, dwWithBias, "dw with db " + s);
      assertArrayEquals(expectedDb, db, "db " + s);
      double[] dx = new double[s.inputSize()];
      double[] expectedDx = new double[s.inputSize()];
      BlockedConvolution.backward(s, x, w, dy, dx, null, null);
      ReferenceConvolution.backward(s, x, w, dy, expectedDx, null, null);
      ConvAssert.assertClose(expectedDx, dx, TOLERANCE, "dx alone " + s);
      assertMatchesReference(Geometry.input(1 + random.nextInt(10), s.inRows(), s.inCols(), s.inChannels())
          .kernel(s.kernelRows(), s.kernelCols(), s.filters()).strides(s.strideRows(), s.strideCols())
          .dilation(s.dilationRows(), 1).padding(rowPadding, colPadding).spec(), random);
      checked++;
    }
    if (Gemm.transposesByPixels(4)) {
      assertTrue(transposed >= 10, "geometries with transposed tiles: " + transposed);
    } else {
      assertEquals(0, transposed, "transposed tiles below 512 bits");
    }
  }

  @Test
  void biasGradientAddsEachFilterInPixelOrderWhateverTheLanes() {
    SplittableRandom random = new SplittableRandom(11);
    // two-vector blocks, one-vector blocks and single filters at either width; a slice that starts after
    // the first pixel; slices of several runs of BIAS_RUN_DOUBLES, the last one short
    int[][] filtersAndPixels = {{1, 37}, {3, 37}, {4, 37}, {5, 37}, {8, 37}, {12, 37}, {13, 37}, {21, 37}, {29, 37},
        {3, 3000}, {64, 150}};
    for (int[] fp : filtersAndPixels) {
      int f = fp[0];
      int pixels = fp[1];
      double[] dy = randomArray(random, pixels * f);
      double[] expected = randomArray(random, f + 3);
      double[] actual = expected.clone();
      for (int e = 2 * f; e < pixels * f; e += f) {
        for (int o = 0; o < f; o++) {
          expected[3 + o] += dy[e + o];
        }
      }
      double[] plain = actual.clone();
      BlockedConvolution.biasGradient(dy, 2 * f, pixels * f, f, actual, 3);
      assertArrayEquals(expected, actual, "filters " + f + ", pixels " + pixels);
      BlockedConvolution.biasGradient(dy, 2 * f, pixels * f, f, plain, 3, false);
      assertArrayEquals(expected, plain, "without the Vector API: filters " + f + ", pixels " + pixels);
    }
  }

  /**
   * The choices that only change speed: pixels per block (as many patches as fit {@link
   * BlockedConvolution#BLOCK_DOUBLES}, a multiple of six, at least six, at most the image), elements per run of the
   * bias gradient (whole pixels within {@link BlockedConvolution#BIAS_RUN_DOUBLES}, at least one), and the runs of
   * the gathered kernel gradient ({@link BlockedConvolution#GATHER_PIXELS} pixels, the last one taking a rest
   * shorter than four).
   */
  @Test
  void blockAndRunSizes() {
    assertEquals(1818, BlockedConvolution.pixelBlock(Geometry.input(1, 50, 50, 1).kernel(3, 3, 4).spec()));
    assertEquals(606, BlockedConvolution.pixelBlock(Geometry.input(1, 50, 50, 3).kernel(3, 3, 4).spec()));
    assertEquals(6, BlockedConvolution.pixelBlock(Geometry.input(1, 8, 8, 3000).kernel(1, 1, 4).spec()));
    assertEquals(16, BlockedConvolution.pixelBlock(Geometry.input(1, 6, 6, 1).kernel(3, 3, 4).spec()));

    assertEquals(4096, BlockedConvolution.biasRun(1));
    assertEquals(4095, BlockedConvolution.biasRun(5));
    assertEquals(4096, BlockedConvolution.biasRun(4096));
    assertEquals(5000, BlockedConvolution.biasRun(5000));

    assertEquals(128, BlockedConvolution.gatherRunEnd(0, 300));
    assertEquals(256, BlockedConvolution.gatherRunEnd(128, 300));
    assertEquals(300, BlockedConvolution.gatherRunEnd(256, 300));
    assertEquals(128, BlockedConvolution.gatherRunEnd(0, 132));
    assertEquals(131, BlockedConvolution.gatherRunEnd(0, 131));
    assertEquals(100, BlockedConvolution.gatherRunEnd(0, 100));
  }

  /**
   * When the kernel gradient reads patches in place: whole panels of filters, at least four output pixels, the
   * patch in runs of six consecutive elements, and the first and last windows inside the input. Either route
   * gives the same bits, so only this test sees a wrong choice.
   */
  @Test
  void whichGeometriesGatherTheKernelGradient() {
    int panel = Gemm.PANEL;
    assertTrue(gathersKernelGradient(Geometry.input(1, 5, 5, 2).kernel(3, 3, panel)));
    assertTrue(gathersKernelGradient(Geometry.input(1, 3, 3, 6).kernel(2, 2, 2 * panel)), "exactly four pixels");
    assertFalse(gathersKernelGradient(Geometry.input(1, 1, 4, 6).kernel(1, 2, panel)), "three pixels");
    assertFalse(gathersKernelGradient(Geometry.input(1, 5, 5, 2).kernel(3, 3, panel + 1)), "part of a panel");
    assertFalse(gathersKernelGradient(Geometry.input(1, 5, 5, 1).kernel(3, 3, panel)), "runs of three");
    assertFalse(gathersKernelGradient(Geometry.input(1, 5, 5, 2).kernel(3, 3, panel).padding(Padding.SAME)),
        "the first window padded");
    assertFalse(gathersKernelGradient(Geometry.input(1, 5, 5, 6).kernel(2, 1, panel)
        .padding(Padding.SAME, Padding.VALID)), "the last row padded");
    assertFalse(gathersKernelGradient(Geometry.input(1, 5, 5, 6).kernel(1, 2, panel)
        .padding(Padding.VALID, Padding.SAME)), "the last column padded");
  }

  /**
   * When the gathered kernel gradient takes the transposed tiles: at 512 bits or wider, filters a multiple of 4,
   * and the patch in runs of {@link Gemm#TRANSPOSED_RUN} consecutive input elements (48 at 512 bits: window rows
   * of 48 or 96 elements, not 24 or 60; dilated columns break them). Either route gives the same bits, so only
   * this test sees a wrong choice.
   */
  @Test
  void whichGeometriesTransposeTheKernelGradient() {
    boolean offered = VectorApi.ENABLED && VectorApi.LANES >= 8;
    assertEquals(offered, transposesKernelGradient(Geometry.input(1, 5, 5, 16).kernel(3, 3, 16)));
    assertEquals(offered, transposesKernelGradient(Geometry.input(1, 5, 5, 24).kernel(2, 2, 4)));
    assertEquals(offered, transposesKernelGradient(Geometry.input(1, 5, 5, 48).kernel(1, 1, 8)));
    assertFalse(transposesKernelGradient(Geometry.input(1, 5, 5, 16).kernel(3, 3, 6)), "filters not a multiple of 4");
    assertFalse(transposesKernelGradient(Geometry.input(1, 5, 5, 8).kernel(3, 3, 16)), "window rows of 24");
    assertEquals(offered, transposesKernelGradient(Geometry.input(1, 5, 5, 32).kernel(3, 3, 16)), "rows of 96");
    assertFalse(transposesKernelGradient(Geometry.input(1, 5, 5, 20).kernel(3, 3, 16)), "window rows of 60");
    assertFalse(transposesKernelGradient(Geometry.input(1, 9, 9, 16).kernel(3, 3, 16).dilation(1, 2)),
        "dilated columns");
  }

  private static boolean transposesKernelGradient(Geometry geometry) {
    ConvSpec s = geometry.spec();
    return BlockedConvolution.transposesKernelGradient(s.filters(), PixelGroups.patchOffsets(s));
  }

  /**
   * Padded windows that the gathered kernel gradient would otherwise take read a copy of each image inside a zero
   * border: SAME 5×5 with a 3×3 kernel, a 7×7 copy; where the strides skip the last input column, the copy leaves
   * it out. Runs of three elements are not taken, bordered or not.
   */
  @Test
  void paddedWindowsGatherTheKernelGradientFromABorderedCopy() {
    int panel = Gemm.PANEL;
    ConvSpec same = Geometry.input(2, 5, 5, 2).kernel(3, 3, panel).padding(Padding.SAME).spec();
    ConvSpec border = BlockedConvolution.borderedForKernelGradient(same);
    assertEquals(List.of(1, 7, 7, 2, 5, 5), List.of(border.batch(), border.inRows(), border.inCols(),
        border.inChannels(), border.outRows(), border.outCols()));
    // rows SAME; columns VALID with stride 2, out 2: windows at columns 0..2 and 2..4, the sixth column unread
    ConvSpec strided = Geometry.input(1, 5, 6, 2).kernel(3, 3, panel).strides(1, 2)
        .padding(Padding.SAME, Padding.VALID).spec();
    ConvSpec cropped = BlockedConvolution.borderedForKernelGradient(strided);
    assertEquals(List.of(7, 5, 5, 2), List.of(cropped.inRows(), cropped.inCols(), cropped.outRows(),
        cropped.outCols()));
    assertNull(BlockedConvolution.borderedForKernelGradient(
        Geometry.input(1, 5, 5, 1).kernel(3, 3, panel).padding(Padding.SAME).spec()), "runs of three");
    // the copy: the image's elements at the padding's offset, the border untouched
    double[] x = new double[same.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = i + 1;
    }
    double[] image = new double[border.inputSize()];
    BlockedConvolution.copyIntoBorder(same, border, x, 1, image);
    for (int r = 0; r < 7; r++) {
      for (int c = 0; c < 7; c++) {
        for (int ch = 0; ch < 2; ch++) {
          boolean inside = r >= 1 && r <= 5 && c >= 1 && c <= 5;
          double expected = inside ? x[((5 + r - 1) * 5 + c - 1) * 2 + ch] : 0.0;
          assertEquals(expected, image[(r * 7 + c) * 2 + ch], "row " + r + ", column " + c + ", channel " + ch);
        }
      }
    }
  }

  private static boolean gathersKernelGradient(Geometry geometry) {
    ConvSpec s = geometry.spec();
    return BlockedConvolution.gathersKernelGradient(s, PixelGroups.patchOffsets(s));
  }

  /**
   * On a thread of its own (whose scratch arrays start empty) a call small enough to stay on that thread grows
   * each array to what it needs: the patches, the patch gradients and the tasks' partial gradients.
   */
  @Test
  void aFreshThreadGrowsItsOwnScratchArrays() throws InterruptedException {
    ConvSpec s = Geometry.input(2, 9, 9, 4).kernel(3, 3, 5).padding(Padding.SAME).spec();
    assertTrue(s.forwardMacs() < ConvTasks.PARALLEL_MIN_MACS, "runs on the calling thread");
    SplittableRandom random = new SplittableRandom(12);
    double[] x = randomArray(random, s.inputSize());
    double[] w = randomArray(random, s.kernelSize());
    double[] bias = randomArray(random, s.filters());
    double[] dy = randomArray(random, s.outputSize());
    double[][] expected = {new double[s.outputSize()], new double[s.inputSize()], new double[s.kernelSize()],
        new double[s.filters()]};
    ReferenceConvolution.forward(s, x, w, bias, expected[0]);
    ReferenceConvolution.backward(s, x, w, dy, expected[1], expected[2], expected[3]);
    ConvRuns.onFreshThread("on a fresh thread", () -> {
      double[][] actual = {new double[s.outputSize()], new double[s.inputSize()], new double[s.kernelSize()],
          new double[s.filters()]};
      BlockedConvolution.forward(s, x, w, bias, actual[0]);
      BlockedConvolution.backward(s, x, w, dy, actual[1], actual[2], actual[3]);
      for (int t = 0; t < actual.length; t++) {
        ConvAssert.assertClose(expected[t], actual[t], TOLERANCE, "tensor " + t);
      }
    });
  }

  @Test
  void matchesReferenceOnRandom2dGeometries() {
    SplittableRandom random = new SplittableRandom(2);
    RandomGeometry geometries = new RandomGeometry(random).twoD().maxSize(12).maxKernel(4).maxFilters(13);
    for (int checked = 0; checked < 200; checked++) {
      assertMatchesReference(geometries.next(), random);
    }
  }

  @Test
  void matchesReferenceOnRandom1dGeometries() {
    SplittableRandom random = new SplittableRandom(1);
    RandomGeometry geometries = new RandomGeometry(random).oneD().maxSize(30).maxChannels(6).maxKernel(6)
        .maxFilters(18);
    for (int checked = 0; checked < 150; checked++) {
      assertMatchesReference(geometries.next(), random);
    }
  }

  @Test
  void matchesReferenceOnLargeShapesWithSeveralBlocksAndThreads() {
    SplittableRandom random = new SplittableRandom(3);
    ConvSpec[] specs = {
        Geometry.input(11, 40, 40, 4).kernel(3, 3, 8).padding(Padding.SAME).spec(),
        Geometry.input(9, 30, 30, 16).kernel(3, 3, 33).strides(2, 1).dilation(1, 2)
            .padding(Padding.VALID, Padding.SAME).spec(),
        Geometry.input(10, 1, 1000, 4).kernel(1, 5, 16).padding(Padding.VALID, Padding.CAUSAL).spec(),
    };
    for (ConvSpec s : specs) {
      assertTrue(BlockedConvolution.pixelBlock(s) < s.outRows() * s.outCols() || s.forwardMacs()
          >= ConvTasks.PARALLEL_MIN_MACS, "the shape exercises blocks or threads: " + s);
      assertMatchesReference(s, random);
    }
  }

  @Test
  void resultsAreBitIdenticalForEveryThreadCount() {
    assertBitIdenticalForEveryThreadCount(Geometry.input(13, 24, 24, 6).kernel(3, 3, 12).padding(Padding.SAME).spec());
    // the gathered kernel gradient (with transposed tiles at 512 bits), whose tasks hold several images
    ConvSpec gathered = Geometry.input(37, 12, 12, 16).kernel(3, 3, 2 * Gemm.PANEL).spec();
    assertTrue(BlockedConvolution.gathersKernelGradient(gathered, PixelGroups.patchOffsets(gathered)));
    assertBitIdenticalForEveryThreadCount(gathered);
  }

  private static void assertBitIdenticalForEveryThreadCount(ConvSpec s) {
    assertTrue(s.forwardMacs() >= ConvTasks.PARALLEL_MIN_MACS, "large enough to use the workers");
    SplittableRandom random = new SplittableRandom(4);
    double[] x = randomArray(random, s.inputSize());
    double[] w = randomArray(random, s.kernelSize());
    double[] bias = randomArray(random, s.filters());
    double[] dy = randomArray(random, s.outputSize());
    int saved = ConvThreads.threads();
    double[][] first = null;
    try {
      for (int threads : new int[] {1, 2, 3, 8}) {
        ConvThreads.setThreads(threads);
        double[][] result = run(ConvAlgorithm.BLOCKED, s, x, w, bias, dy);
        if (first == null) {
          first = result;
        } else {
          for (int t = 0; t < result.length; t++) {
            assertArrayEquals(first[t], result[t], "tensor " + t + " with " + threads + " threads");
          }
        }
      }
    } finally {
      ConvThreads.setThreads(saved);
    }
  }

  @Test
  void skippedGradientsAndMissingBiasAreHonoured() {
    SplittableRandom random = new SplittableRandom(5);
    ConvSpec s = Geometry.input(3, 7, 6, 3).kernel(3, 2, 5).strides(1, 2).padding(Padding.SAME).spec();
    double[] x = randomArray(random, s.inputSize());
    double[] w = randomArray(random, s.kernelSize());
    double[] dy = randomArray(random, s.outputSize());
    double[] expectedY = new double[s.outputSize()];
    double[] actualY = randomArray(random, s.outputSize());
    ReferenceConvolution.forward(s, x, w, null, expectedY);
    BlockedConvolution.forward(s, x, w, null, actualY);
    ConvAssert.assertClose(expectedY, actualY, TOLERANCE, "forward without bias");
    double[] expectedDx = new double[s.inputSize()];
    double[] actualDx = new double[s.inputSize()];
    ReferenceConvolution.backward(s, x, w, dy, expectedDx, null, null);
    BlockedConvolution.backward(s, x, w, dy, actualDx, null, null);
    ConvAssert.assertClose(expectedDx, actualDx, TOLERANCE, "dx alone");
    double[] expectedDw = new double[s.kernelSize()];
    double[] actualDw = new double[s.kernelSize()];
    ReferenceConvolution.backward(s, x, w, dy, null, expectedDw, null);
    BlockedConvolution.backward(s, x, w, dy, null, actualDw, null);
    ConvAssert.assertClose(expectedDw, actualDw, TOLERANCE, "dw alone");
    double[] expectedDb = new double[s.filters()];
    double[] actualDb = new double[s.filters()];
    ReferenceConvolution.backward(s, x, w, dy, null, null, expectedDb);
    BlockedConvolution.backward(s, x, w, dy, null, null, actualDb);
    ConvAssert.assertClose(expectedDb, actualDb, TOLERANCE, "db alone");
  }

  private static void assertMatchesReference(ConvSpec s, SplittableRandom random) {
    double[] x = randomArray(random, s.inputSize());
    double[] w = randomArray(random, s.kernelSize());
    double[] bias = randomArray(random, s.filters());
    double[] dy = randomArray(random, s.outputSize());
    double[][] expected = run(ConvAlgorithm.REFERENCE, s, x, w, bias, dy);
    for (ConvAlgorithm fast : new ConvAlgorithm[] {ConvAlgorithm.IM2COL, ConvAlgorithm.BLOCKED}) {
      double[][] actual = run(fast, s, x, w, bias, dy);
      String[] names = {"y", "dx", "dw", "db"};
      for (int t = 0; t < names.length; t++) {
        ConvAssert.assertClose(expected[t], actual[t], TOLERANCE, fast + " " + names[t] + " " + s);
      }
    }
  }
}
