package org.minicnn.engine.conv.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minicnn.engine.conv.ConvRuns.randomArray;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.conv.ConvAssert;

/** Both multiply kernels against the triple loop, on shapes that hit every tile edge and stride pattern. */
class GemmTest {

  /** Relative tolerance of a kernel against the plain triple loop (different rounding, same sum): the fast-path one. */
  private static final double TOLERANCE = EngineTestBase.FAST_PATH_TOLERANCE;

  private interface Kernel {
    void multiplyAdd(int m, int n, int k, double[] a, int aOff, int aRowStride, int aColStride,
        double[] b, int bOff, int ldb, double[] c, int cOff, int ldc);
  }

  @Test
  void scalarKernelMatchesTripleLoop() {
    checkAgainstTripleLoop(ScalarGemm::multiplyAdd, 11);
  }

  @Test
  void vectorKernelMatchesTripleLoopWhenModulePresent() {
    assertTrue(VectorApi.ENABLED, "tests run with --add-modules jdk.incubator.vector (surefire argLine)");
    checkAgainstTripleLoop(VectorGemm::multiplyAdd, 12);
  }

  @Test
  void scalarAndVectorKernelsGiveTheSameBits() {
    // both sum every element as one chain of fused multiply-adds over p in order, whatever their tiles
    SplittableRandom random = new SplittableRandom(16);
    for (int trial = 0; trial < 300; trial++) {
      Product q = Product.random(random);
      assertArrayEquals(q.run(VectorGemm::multiplyAdd), q.run(ScalarGemm::multiplyAdd), q.toString());
    }
  }

  @Test
  void dispatcherMatchesTripleLoop() {
    checkAgainstTripleLoop(Gemm::multiplyAdd, 13);
  }

  @Test
  void prepackedDispatcherMatchesTripleLoop() {
    checkAgainstTripleLoop((m, n, k, a, aOff, aRowStride, aColStride, b, bOff, ldb, c, cOff, ldc) -> {
      // stale values beyond the packed part must not matter
      double[] packed = new double[Gemm.packedSize(k, n) + 5];
      java.util.Arrays.fill(packed, Double.NaN);
      Gemm.packB(k, n, b, bOff, ldb, packed);
      Gemm.multiplyAddPacked(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, ldb, packed, c, cOff, ldc);
    }, 14);
  }

  @Test
  void prepackedEqualsUnpackedBitForBit() {
    SplittableRandom random = new SplittableRandom(15);
    int m = 17;
    int n = 27;
    int k = 33;
    double[] a = randomArray(random, m * k);
    double[] b = randomArray(random, k * n);
    double[] c = randomArray(random, m * n);
    double[] expected = c.clone();
    Gemm.multiplyAdd(m, n, k, a, 0, k, 1, b, 0, n, expected, 0, n);
    double[] packed = new double[Gemm.packedSize(k, n)];
    assertTrue(packed.length > 0, "the vector kernel packs full 8-column panels");
    Gemm.packB(k, n, b, 0, n, packed);
    Gemm.multiplyAddPacked(m, n, k, a, 0, k, 1, b, 0, n, packed, c, 0, n);
    assertArrayEquals(expected, c);
  }

  @Test
  void tooShortPackedBIsRejectedWithTheNumbers() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Gemm.multiplyAddPacked(6, 16, 8, new double[48], 0, 8, 1, new double[128], 0, 16, new double[100],
            new double[96], 0, 16));
    assertEquals("Gemm: packed B for k=8, n=16 needs 128 elements, got 100", e.getMessage());
  }

  @Test
  void scatteredTileOutsideItsArrayIsRejectedWithTheNumbers() {
    // one panel of columns, rows a panel apart: the last row's panel ends one element past x
    int panel = Gemm.PANEL;
    int[] offsets = new int[panel];
    for (int t = 0; t < panel; t++) {
      offsets[t] = t;
    }
    double[] x = new double[6 * panel + 1];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Gemm.multiplyScatterAddSix(panel, 4, new double[24], 0, 4, new double[4 * panel], x, 2, panel, offsets));
    assertEquals("Gemm: scattered columns 0.." + (panel - 1) + " reach elements 2 to " + (6 * panel + 1)
        + ", expected inside 0.." + 6 * panel, e.getMessage());
  }

  @Test
  void sliceOutsideItsArrayIsRejectedWithTheNumbers() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Gemm.multiplyAdd(2, 2, 2, new double[4], 0, 2, 1, new double[4], 0, 2, new double[3], 0, 2));
    assertEquals("Gemm: matrix C with offset 0 and strides 2, 1 reaches element 3, expected below its length 3",
        e.getMessage());
  }

  /** An empty product adds nothing and checks nothing: its slices may lie anywhere, even outside their arrays. */
  @Test
  void emptyProductsTouchNothing() {
    double[] c = {1, 2, 3};
    for (int[] mnk : new int[][] {{0, 2, 2}, {2, 0, 2}, {2, 2, 0}, {-1, 2, 2}, {2, -1, 2}, {2, 2, -1}}) {
      int m = mnk[0];
      int n = mnk[1];
      int k = mnk[2];
      Gemm.multiplyAdd(m, n, k, new double[0], 50, 3, 1, new double[0], 50, 3, c, 50, 3);
      Gemm.multiplyAddPacked(m, n, k, new double[0], 50, 3, 1, new double[0], 50, 3, null, c, 50, 3);
      if (n <= 0 || k <= 0) {
        Gemm.packB(k, n, new double[0], 50, 3, null);
      }
      assertArrayEquals(new double[] {1, 2, 3}, c, m + "x" + n + "x" + k);
    }
  }

  /** Negative offsets and strides are refused, each with its numbers, even where the last element would fit. */
  @Test
  void negativeOffsetsAndStridesAreRejected() {
    double[] big = new double[100];
    assertEquals("Gemm: matrix A with offset -1 and strides 2, 1 reaches element 2, expected below its length 100",
        assertThrows(IllegalArgumentException.class,
            () -> Gemm.multiplyAdd(2, 2, 2, big, -1, 2, 1, big, 0, 2, big.clone(), 0, 2)).getMessage());
    assertEquals("Gemm: matrix A with offset 10 and strides -2, 1 reaches element 9, expected below its length 100",
        assertThrows(IllegalArgumentException.class,
            () -> Gemm.multiplyAdd(2, 2, 2, big, 10, -2, 1, big, 0, 2, big.clone(), 0, 2)).getMessage());
    assertEquals("Gemm: matrix A with offset 10 and strides 1, -2 reaches element 9, expected below its length 100",
        assertThrows(IllegalArgumentException.class,
            () -> Gemm.multiplyAdd(2, 2, 2, big, 10, 1, -2, big, 0, 2, big.clone(), 0, 2)).getMessage());
    assertEquals("Gemm: matrix B with offset 10 and strides -2, 1 reaches element 9, expected below its length 100",
        assertThrows(IllegalArgumentException.class,
            () -> Gemm.packB(2, 2, big, 10, -2, new double[Gemm.packedSize(2, 2)])).getMessage());
    assertEquals("Gemm: matrix C with offset 10 and strides -2, 1 reaches element 9, expected below its length 100",
        assertThrows(IllegalArgumentException.class,
            () -> Gemm.multiplyAddPacked(2, 2, 2, big, 0, 2, 1, big, 0, 2, null, big.clone(), 10, -2)).getMessage());
  }

  /** Slices that end exactly at their arrays' last element are accepted, by every entry point. */
  @Test
  void slicesEndingAtTheLastElementAreAccepted() {
    int panel = Gemm.PANEL;
    SplittableRandom random = new SplittableRandom(17);
    int m = 6;
    int n = panel;
    int k = 6;
    double[] a = randomArray(random, 1 + m * k);
    double[] b = randomArray(random, 1 + k * n);
    double[] c = randomArray(random, 1 + m * n);
    double[] expected = c.clone();
    ScalarGemm.multiplyAdd(m, n, k, a, 1, k, 1, b, 1, n, expected, 1, n);
    double[] packed = new double[Gemm.packedSize(k, n)];
    Gemm.packB(k, n, b, 1, n, packed);
    double[] actual = c.clone();
    Gemm.multiplyAddPacked(m, n, k, a, 1, k, 1, b, 1, n, packed, actual, 1, n);
    assertArrayEquals(expected, actual, "packed");
    actual = c.clone();
    Gemm.multiplyAdd(m, n, k, a, 1, k, 1, b, 1, n, actual, 1, n);
    assertArrayEquals(expected, actual, "unpacked");
    // the six rows read from x where they lie (row r at 1 + r·k), and their product scattered back
    int[] offsets = new int[k];
    for (int p = 0; p < k; p++) {
      offsets[p] = p;
    }
    actual = c.clone();
    Gemm.multiplyAddSixGathered(n, k, a, 1, k, offsets, packed, actual, 1, n);
    assertArrayEquals(expected, actual, "gathered");
    int[] pixelBase = new int[k];
    for (int q = 0; q < k; q++) {
      pixelBase[q] = 1 + q * m;  // x[pixelBase[q] + r] = A[r, q] with A stored column by column
    }
    double[] byPixels = c.clone();
    double[] aColumns = new double[1 + m * k];
    for (int r = 0; r < m; r++) {
      for (int q = 0; q < k; q++) {
        aColumns[1 + q * m + r] = a[1 + r * k + q];
      }
    }
    Gemm.multiplyAddSixByPixels(n, k, aColumns, pixelBase, 0, b, 1, n, byPixels, 1, n);
    assertArrayEquals(expected, byPixels, "by pixels");
  }

  /**
   * Every matrix of every entry point one element too short for its slice is refused, naming the matrix and the
   * element its slice reaches (A both ways round, so both strides count).
   */
  @Test
  void everySliceOneElementTooShortIsRejected() {
    int n = 2 * Gemm.PANEL;
    int m = 6;
    int k = 5;
    double[] packed = new double[Gemm.packedSize(k, n)];
    int[] offsets = {0, 1, 2, 3, 4};
    int[] columns = new int[n];
    for (int j = 0; j < n; j++) {
      columns[j] = j;
    }
    // A is m × k row-major from 2 (last element 2 + 5·5 + 4 = 31), or transposed (2 + 5 + 4·6 = 31)
    assertTooShort("A", 2, 5, 1, 31, a -> Gemm.multiplyAdd(m, n, k, a, 2, k, 1, new double[k * n], 0, n,
        new double[m * n], 0, n));
    assertTooShort("A", 2, 1, 6, 31, a -> Gemm.multiplyAdd(m, n, k, a, 2, 1, m, new double[k * n], 0, n,
        new double[m * n], 0, n));
    assertTooShort("A", 2, 1, 6, 31, a -> Gemm.multiplyAddPacked(m, n, k, a, 2, 1, m, new double[k * n], 0, n, packed,
        new double[m * n], 0, n));
    assertTooShort("A", 2, 5, 1, 31, a -> Gemm.multiplyAddPacked(m, n, k, a, 2, k, 1, new double[k * n], 0, n, packed,
        new double[m * n], 0, n));
    // B is k × n with row length n + 1 from 3: last element 3 + 4·(n + 1) + n − 1
    int lastB = 3 + 4 * (n + 1) + n - 1;
    assertTooShort("B", 3, n + 1, 1, lastB, b -> Gemm.multiplyAdd(m, n, k, new double[m * k], 0, k, 1, b, 3, n + 1,
        new double[m * n], 0, n));
    assertTooShort("B", 3, n + 1, 1, lastB, b -> Gemm.multiplyAddPacked(m, n, k, new double[m * k], 0, k, 1, b, 3,
        n + 1, packed, new double[m * n], 0, n));
    assertTooShort("B", 3, n + 1, 1, lastB, b -> Gemm.packB(k, n, b, 3, n + 1, packed));
    // C is m × n with row length n + 2 from 1: last element 1 + 5·(n + 2) + n − 1
    int lastC = 1 + 5 * (n + 2) + n - 1;
    assertTooShort("C", 1, n + 2, 1, lastC, c -> Gemm.multiplyAdd(m, n, k, new double[m * k], 0, k, 1,
        new double[k * n], 0, n, c, 1, n + 2));
    assertTooShort("C", 1, n + 2, 1, lastC, c -> Gemm.multiplyAddPacked(m, n, k, new double[m * k], 0, k, 1,
        new double[k * n], 0, n, packed, c, 1, n + 2));
    assertTooShort("C", 1, n + 2, 1, lastC, c -> Gemm.multiplyAddSixGathered(n, k, new double[100], 0, 10, offsets,
        packed, c, 1, n + 2));
    // the six-row tiles: A is 6 × k with row length k + 1 from 2, and six pixels' B is count × n
    assertTooShort("A", 2, k + 1, 1, 2 + 5 * (k + 1) + k - 1, a -> Gemm.multiplyScatterAddSix(n, k, a, 2, k + 1, packed,
        new double[1000], 0, 100, columns));
    int[] pixels = {0, 10, 20, 30, 40};
    assertTooShort("B", 3, n + 1, 1, lastB, b -> Gemm.multiplyAddSixByPixels(n, k, new double[100], pixels, 0, b, 3,
        n + 1, new double[6 * n], 0, n));
    assertTooShort("C", 1, n + 2, 1, lastC, c -> Gemm.multiplyAddSixByPixels(n, k, new double[100], pixels, 0,
        new double[k * n], 0, n, c, 1, n + 2));
  }

  /**
   * The transposed product by pixels, {@code C[o, j] += Σ_q B[q, o]·x[pixelBase[q] + offset + j]}, has the bits of
   * the untransposed product by pixels (each element one chain over the pixels in order), for one to three groups
   * of four filters and pixel counts around the shortest; its slices are checked. Below 512 bits it is not offered.
   */
  @Test
  void transposedProductByPixelsHasTheBitsOfTheProductByPixels() {
    if (!Gemm.transposesByPixels(4)) {
      assertTrue(VectorApi.LANES < 8, "offered at " + VectorApi.bits() + " bits");
      assertEquals("Gemm: transposed rows by pixels need the Vector API at 512 bits or wider, a multiple of 4 filters"
          + " and at least 4 pixels, got 4 filters and 4 pixels at " + VectorApi.bits() + " bits",
          assertThrows(IllegalArgumentException.class, () -> Gemm.multiplyAddByPixelsTransposed(4, 4, new double[400],
              new int[4], 0, new double[16], 0, 4, new double[400], 0, 100)).getMessage());
      return;
    }
    SplittableRandom random = new SplittableRandom(41);
    int run = Gemm.TRANSPOSED_RUN;
    for (int n : new int[] {4, 8, 12}) {
      for (int count : new int[] {4, 5, 7, 37}) {
        int ldb = n + 3;
        int ldc = run + 5;
        double[] x = randomArray(random, count * 11 + run + 9);
        int[] pixelBase = new int[count];
        for (int q = 0; q < count; q++) {
          pixelBase[q] = q * 11 + random.nextInt(3);  // windows that overlap, as neighbouring pixels' do
        }
        double[] b = randomArray(random, 2 + (count - 1) * ldb + n);
        double[] c = randomArray(random, 1 + (n - 1) * ldc + run);
        // the same product untransposed: run × n, from the same starting values
        double[] untransposed = new double[run * n];
        for (int j = 0; j < run; j++) {
          for (int o = 0; o < n; o++) {
            untransposed[j * n + o] = c[1 + o * ldc + j];
          }
        }
        double[] aByPixels = new double[run * count];
        for (int j = 0; j < run; j++) {
          for (int q = 0; q < count; q++) {
            aByPixels[j * count + q] = x[pixelBase[q] + 6 + j];
          }
        }
        ScalarGemm.multiplyAdd(run, n, count, aByPixels, 0, count, 1, b, 2, ldb, untransposed, 0, n);
        double[] expected = c.clone();
        for (int j = 0; j < run; j++) {
          for (int o = 0; o < n; o++) {
            expected[1 + o * ldc + j] = untransposed[j * n + o];
          }
        }
        double[] actual = c.clone();
        Gemm.multiplyAddByPixelsTransposed(n, count, x, pixelBase, 6, b, 2, ldb, actual, 1, ldc);
        assertArrayEquals(expected, actual, n + " filters, " + count + " pixels");
      }
    }
    // B is count × n with row length n + 1 from 3, C is n × run with row length run + 2 from 1
    int n = 8;
    int[] pixels = {0, 10, 20, 30, 40};
    int lastB = 3 + 4 * (n + 1) + n - 1;
    assertTooShort("B", 3, n + 1, 1, lastB, b -> Gemm.multiplyAddByPixelsTransposed(n, 5, new double[100], pixels, 0,
        b, 3, n + 1, new double[n * run], 0, run));
    int lastC = 1 + 7 * (run + 2) + run - 1;
    assertTooShort("C", 1, run + 2, 1, lastC, c -> Gemm.multiplyAddByPixelsTransposed(n, 5, new double[100], pixels,
        0, new double[5 * n], 0, n, c, 1, run + 2));
    assertEquals("Gemm: transposed rows by pixels need the Vector API at 512 bits or wider, a multiple of 4 filters"
        + " and at least 4 pixels, got 6 filters and 5 pixels at " + VectorApi.bits() + " bits",
        assertThrows(IllegalArgumentException.class, () -> Gemm.multiplyAddByPixelsTransposed(6, 5, new double[100],
            pixels, 0, new double[30], 0, 6, new double[6 * run], 0, run)).getMessage());
    assertEquals("Gemm: transposed rows by pixels need the Vector API at 512 bits or wider, a multiple of 4 filters"
        + " and at least 4 pixels, got 8 filters and 3 pixels at " + VectorApi.bits() + " bits",
        assertThrows(IllegalArgumentException.class, () -> Gemm.multiplyAddByPixelsTransposed(8, 3, new double[100],
            pixels, 0, new double[30], 0, 8, new double[8 * run], 0, run)).getMessage());
  }

  /** {@code call} accepts an array that ends at element {@code last} and refuses one an element shorter. */
  private static void assertTooShort(String name, int offset, int rowStride, int colStride, int last,
      java.util.function.Consumer<double[]> call) {
    call.accept(new double[last + 1]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> call.accept(new double[last]));
    assertEquals("Gemm: matrix " + name + " with offset " + offset + " and strides " + rowStride + ", " + colStride
        + " reaches element " + last + ", expected below its length " + last, e.getMessage());
  }

  /** Packing and the six-row entry points refuse a packed copy of {@code B} too short for {@code k × n}. */
  @Test
  void aTooShortPackedBIsRejectedByEveryEntryPoint() {
    int n = Gemm.PANEL;
    int k = 4;
    int size = Gemm.packedSize(k, n);
    String expected = "Gemm: packed B for k=4, n=" + n + " needs " + size + " elements, got " + (size - 1);
    double[] shortPacked = new double[size - 1];
    int[] offsets = new int[Math.max(k, n)];
    assertEquals(expected, assertThrows(IllegalArgumentException.class,
        () -> Gemm.packB(k, n, new double[k * n], 0, n, shortPacked)).getMessage());
    assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> Gemm.multiplyAddSixGathered(n, k,
        new double[100], 0, 1, offsets, shortPacked, new double[6 * n], 0, n)).getMessage());
    assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> Gemm.multiplyScatterAddSix(n, k,
        new double[6 * k], 0, k, shortPacked, new double[6 * n], 0, n, offsets)).getMessage());
  }

  /** With a row step of 0 the six rows of the product are added into the same elements, one row after the other. */
  @Test
  void scatteredRowsWithAZeroStepAddUpInRowOrder() {
    SplittableRandom random = new SplittableRandom(20);
    int n = Gemm.PANEL;
    int k = 5;
    double[] a = randomArray(random, 6 * k);
    double[] b = randomArray(random, k * n);
    double[] packed = new double[Gemm.packedSize(k, n)];
    Gemm.packB(k, n, b, 0, n, packed);
    int[] columns = new int[n];
    for (int j = 0; j < n; j++) {
      columns[j] = j;
    }
    double[] product = new double[6 * n];
    ScalarGemm.multiplyAdd(6, n, k, a, 0, k, 1, b, 0, n, product, 0, n);
    double[] x = randomArray(random, n + 1);
    double[] expected = x.clone();
    for (int r = 0; r < 6; r++) {
      for (int j = 0; j < n; j++) {
        expected[1 + j] += product[r * n + j];
      }
    }
    Gemm.multiplyScatterAddSix(n, k, a, 0, k, packed, x, 1, 0, columns);
    assertArrayEquals(expected, x);
  }

  /** Each panel of scattered columns is checked: its first element below 0, its last past {@code x}, a negative step. */
  @Test
  void everyScatteredPanelIsChecked() {
    int panel = Gemm.PANEL;
    int n = 2 * panel;
    int k = 4;
    double[] packed = new double[Gemm.packedSize(k, n)];
    int[] offsets = new int[n];
    for (int j = 0; j < n; j++) {
      offsets[j] = j < panel ? 50 + j : j - panel;  // the second panel before the first
    }
    double[] a = new double[6 * k];
    // x ends exactly at the first panel's last row: accepted
    int last = 50 + 5 * 200 + panel - 1;
    Gemm.multiplyScatterAddSix(n, k, a, 0, k, packed, new double[last + 1], 0, 200, offsets);
    assertEquals("Gemm: scattered columns 0.." + (panel - 1) + " reach elements 50 to " + last
        + ", expected inside 0.." + (last - 1), assertThrows(IllegalArgumentException.class,
            () -> Gemm.multiplyScatterAddSix(n, k, a, 0, k, packed, new double[last], 0, 200, offsets)).getMessage());
    assertEquals("Gemm: scattered columns " + panel + ".." + (n - 1) + " reach elements -1 to " + (1000 + panel - 2)
        + ", expected inside 0.." + last, assertThrows(IllegalArgumentException.class,
            () -> Gemm.multiplyScatterAddSix(n, k, a, 0, k, packed, new double[last + 1], -1, 200, offsets))
        .getMessage());
    assertEquals("Gemm: scattered columns 0.." + (panel - 1) + " reach elements 1000 to " + (1000 - 5 + panel - 1)
        + ", expected inside 0.." + last, assertThrows(IllegalArgumentException.class,
            () -> Gemm.multiplyScatterAddSix(n, k, a, 0, k, packed, new double[last + 1], 950, -1, offsets))
        .getMessage());
  }

  /**
   * The six-row entry points over one to five panels of columns (at 512 bits they take panels two at a time, so
   * five is two pairs and one more) give the bits of the plain kernel on the same rows.
   */
  @Test
  void sixRowTilesOverManyPanelsGiveThePlainKernelsBits() {
    SplittableRandom random = new SplittableRandom(18);
    int k = 7;
    int m = 6;
    for (int panels = 1; panels <= 5; panels++) {
      int n = panels * Gemm.PANEL;
      int ldb = n + 3;
      int ldc = n + 2;
      double[] b = randomArray(random, 2 + (k - 1) * ldb + n);
      double[] packed = new double[Gemm.packedSize(k, n)];
      Gemm.packB(k, n, b, 2, ldb, packed);
      // gathered: row r of A at x[base + r·rowStep + offsets[p]]
      int[] offsets = {0, 1, 2, 5, 6, 9, 11};
      int rowStep = 13;
      double[] x = randomArray(random, 3 + 5 * rowStep + 12);
      double[] a = new double[m * k];
      for (int r = 0; r < m; r++) {
        for (int p = 0; p < k; p++) {
          a[r * k + p] = x[3 + r * rowStep + offsets[p]];
        }
      }
      double[] c = randomArray(random, 1 + 5 * ldc + n);
      double[] expected = c.clone();
      ScalarGemm.multiplyAdd(m, n, k, a, 0, k, 1, b, 2, ldb, expected, 1, ldc);
      double[] actual = c.clone();
      Gemm.multiplyAddSixGathered(n, k, x, 3, rowStep, offsets, packed, actual, 1, ldc);
      assertArrayEquals(expected, actual, "gathered, panels " + panels);

      // by pixels: A[r, q] = x[pixelBase[q] + offset + r], B read in place
      int[] pixelBase = {0, 7, 14, 21, 28, 35, 42};
      double[] byPixels = c.clone();
      double[] aByPixels = new double[m * k];
      for (int r = 0; r < m; r++) {
        for (int q = 0; q < k; q++) {
          aByPixels[r * k + q] = x[pixelBase[q] + 1 + r];
        }
      }
      expected = c.clone();
      ScalarGemm.multiplyAdd(m, n, k, aByPixels, 0, k, 1, b, 2, ldb, expected, 1, ldc);
      Gemm.multiplyAddSixByPixels(n, k, x, pixelBase, 1, b, 2, ldb, byPixels, 1, ldc);
      assertArrayEquals(expected, byPixels, "by pixels, panels " + panels);

      // scattered: x[base + r·rowStep + columns[j]] += (A·B)[r, j], each panel somewhere else in x
      int[] columns = new int[n];
      for (int j = 0; j < n; j++) {
        columns[j] = (panels - 1 - j / Gemm.PANEL) * (Gemm.PANEL + 1) + j % Gemm.PANEL;
      }
      int xStep = panels * (Gemm.PANEL + 1);
      double[] target = randomArray(random, 4 + 5 * xStep + panels * (Gemm.PANEL + 1));
      double[] expectedTarget = target.clone();
      double[] product = new double[m * n];
      ScalarGemm.multiplyAdd(m, n, k, a, 0, k, 1, b, 2, ldb, product, 0, n);
      for (int r = 0; r < m; r++) {
        for (int j = 0; j < n; j++) {
          expectedTarget[4 + r * xStep + columns[j]] += product[r * n + j];
        }
      }
      Gemm.multiplyScatterAddSix(n, k, a, 0, k, packed, target, 4, xStep, columns);
      assertArrayEquals(expectedTarget, target, "scattered, panels " + panels);
    }
  }

  /**
   * Rows with columns past the last panel (a whole vector of them, then single ones), strips of every height over
   * one, two and three panels, and rows of strides 0 (one value repeated) give the plain kernel's bits; without a
   * packed copy (too few columns) no packed array is needed.
   */
  @Test
  void edgeColumnsAndZeroStridesGiveThePlainKernelsBits() {
    SplittableRandom random = new SplittableRandom(19);
    int panel = Gemm.PANEL;
    int[] columns = {panel + panel / 2, panel + panel / 2 + 3, 2 * panel + panel / 2 + 1, 3 * panel + 1};
    for (int n : columns) {
      for (int m = 1; m <= 8; m++) {
        int k = 5;
        int ldb = n + 3;
        double[] a = randomArray(random, m * k);
        double[] b = randomArray(random, (k - 1) * ldb + n);
        double[] c = randomArray(random, m * n);
        double[] expected = c.clone();
        ScalarGemm.multiplyAdd(m, n, k, a, 0, k, 1, b, 0, ldb, expected, 0, n);
        double[] actual = c.clone();
        Gemm.multiplyAdd(m, n, k, a, 0, k, 1, b, 0, ldb, actual, 0, n);
        assertArrayEquals(expected, actual, "m=" + m + " n=" + n);
        // A and B with zero strides: every row of A the one value a[0], every row of B row 0
        expected = c.clone();
        ScalarGemm.multiplyAdd(m, n, k, a, 0, 0, 0, b, 0, 0, expected, 0, n);
        actual = c.clone();
        Gemm.multiplyAdd(m, n, k, a, 0, 0, 0, b, 0, 0, actual, 0, n);
        assertArrayEquals(expected, actual, "zero strides, m=" + m + " n=" + n);
      }
    }
    double[] c = {1, 2, 3, 4};
    Gemm.multiplyAddPacked(2, 2, 1, new double[] {1, 2}, 0, 1, 1, new double[] {3, 4}, 0, 2, null, c, 0, 2);
    assertArrayEquals(new double[] {4, 6, 9, 12}, c, "2×1 times 1×2 without a packed copy");
  }

  @Test
  void gathersTakesWholePanelsAndAtLeastFourInnerElements() {
    int panel = Gemm.PANEL;
    assertTrue(Gemm.gathers(4, panel));
    assertTrue(Gemm.gathers(4, 3 * panel));
    assertFalse(Gemm.gathers(3, panel), "inner dimension below 4");
    assertFalse(Gemm.gathers(4, panel + 1), "a column past the panels");
    assertFalse(Gemm.gathers(4, panel / 2), "half a panel");
  }

  /**
   * The Vector API kernel's choices, which only change speed (every element is the same chain of fused
   * multiply-adds): products from one panel of columns and four inner elements on are tiled, with {@code B}
   * packed in whole panels; rows go in strips of six while six remain, then one of four, then one of two, then a
   * single row; at 512 bits the gathered tiles take two panels at once while two remain.
   */
  @Test
  void vectorKernelTilesAndStrips() {
    int panel = VectorGemm.NR;
    assertEquals(Gemm.PANEL, panel);
    assertTrue(VectorGemm.tiles(4, panel));
    assertFalse(VectorGemm.tiles(3, panel));
    assertFalse(VectorGemm.tiles(4, panel - 1));
    assertEquals(4 * panel, VectorGemm.packedSize(4, panel));
    assertEquals(5 * 2 * panel, VectorGemm.packedSize(5, 3 * panel - 1));
    assertEquals(0, VectorGemm.packedSize(3, 3 * panel));
    assertEquals(0, VectorGemm.packedSize(9, panel - 1));
    boolean wide = VectorWidth.LANES >= 8;
    assertFalse(VectorGemm.pairsPanels(1));
    assertEquals(wide, VectorGemm.pairsPanels(2), "two panels at " + VectorWidth.LANES + " lanes");
    assertEquals(wide, VectorGemm.pairsPanels(3));
    int[] expected = {1, 2, 2, 4, 4, 6, 6, 6};
    for (int left = 1; left <= 8; left++) {
      assertEquals(expected[left - 1], VectorGemm.stripRows(left), left + " rows left");
    }
  }

  /** The tiled entry points refuse shapes they cannot take, naming the columns (the Vector API is on here). */
  @Test
  void tiledEntryPointsRejectPartialPanelsWithTheNumbers() {
    int n = Gemm.PANEL + 1;
    double[] big = new double[1000];
    int[] offsets = new int[n];
    assertEquals("Gemm: gathered rows need the Vector API and a multiple of " + Gemm.PANEL + " columns, got " + n
        + " columns", assertThrows(IllegalArgumentException.class,
            () -> Gemm.multiplyAddSixGathered(n, 4, big, 0, 1, offsets, big, big.clone(), 0, n)).getMessage());
    assertEquals("Gemm: scattered rows need the Vector API and a multiple of " + Gemm.PANEL + " columns, got " + n
        + " columns", assertThrows(IllegalArgumentException.class,
            () -> Gemm.multiplyScatterAddSix(n, 4, big, 0, 4, big, big.clone(), 0, 1, offsets)).getMessage());
    assertEquals("Gemm: rows by pixels need the Vector API, a multiple of " + Gemm.PANEL
        + " columns and at least 4 pixels, got " + Gemm.PANEL + " columns and 3 pixels",
        assertThrows(IllegalArgumentException.class, () -> Gemm.multiplyAddSixByPixels(Gemm.PANEL, 3, big, offsets, 0,
            big, 0, Gemm.PANEL, big.clone(), 0, Gemm.PANEL)).getMessage());
  }

  private static void checkAgainstTripleLoop(Kernel kernel, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int trial = 0; trial < 300; trial++) {
      Product q = Product.random(random);
      double[] expected = q.c.clone();
      for (int i = 0; i < q.m; i++) {
        for (int j = 0; j < q.n; j++) {
          double sum = expected[q.cOff + i * q.ldc + j];
          for (int p = 0; p < q.k; p++) {
            sum += q.a[q.aOff + i * q.aRowStride + p * q.aColStride] * q.b[q.bOff + p * q.ldb + j];
          }
          expected[q.cOff + i * q.ldc + j] = sum;
        }
      }
      ConvAssert.assertClose(expected, q.run(kernel), TOLERANCE, q.toString());
    }
  }

  /** A random {@code C += A·B} with offsets, strides and an {@code A} that is sometimes transposed. */
  private record Product(int m, int n, int k, double[] a, int aOff, int aRowStride, int aColStride, double[] b,
      int bOff, int ldb, double[] c, int cOff, int ldc, boolean transposedA) {

    static Product random(SplittableRandom random) {
      int m = 1 + random.nextInt(14);
      int n = 1 + random.nextInt(21);
      int k = 1 + random.nextInt(17);
      boolean transposedA = random.nextBoolean();
      int aOff = random.nextInt(3);
      int aRowStride = transposedA ? 1 : k + random.nextInt(2);
      int aColStride = transposedA ? m + random.nextInt(2) : 1;
      int ldb = n + random.nextInt(3);
      int bOff = random.nextInt(3);
      int ldc = n + random.nextInt(3);
      int cOff = random.nextInt(3);
      double[] a = randomArray(random, aOff + (m - 1) * aRowStride + (k - 1) * aColStride + 1 + random.nextInt(2));
      double[] b = randomArray(random, bOff + (k - 1) * ldb + n + random.nextInt(2));
      double[] c = randomArray(random, cOff + (m - 1) * ldc + n + random.nextInt(2));
      return new Product(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, ldb, c, cOff, ldc, transposedA);
    }

    /** {@code C} after {@code kernel} added the product into a copy of it. */
    double[] run(Kernel kernel) {
      double[] actual = c.clone();
      kernel.multiplyAdd(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, ldb, actual, cOff, ldc);
      return actual;
    }

    @Override
    public String toString() {
      return "m=" + m + " n=" + n + " k=" + k + " transposedA=" + transposedA;
    }
  }
}
