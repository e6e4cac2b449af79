package org.minicnn.engine.conv.fast;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API {@link Gemm}: {@code C} is cut into tiles of six rows by two vectors ({@link #NR}
 * columns: 6×8 at 256 bits, 6×16 at 512) held in twelve registers while the whole inner dimension
 * streams through, six broadcasts of {@code A} and two loads of {@code B} feeding twelve fused
 * multiply-adds per step. Twelve independent chains hide the fused multiply-add latency (two units of
 * four cycles need eight in flight), which eight did not: a four-row tile measured clearly slower.
 * The tile is the same in vectors at both widths, so one set of loops serves both. At 512 bits it
 * would leave twenty of the thirty-two registers free, so there the three convolution tiles (gathered,
 * scattered, by pixels) take two panels at once where there are two, six rows by four vectors: six
 * row loads feed twenty-four fused multiply-adds instead of twelve, and those loads (array reads
 * through an offset table, each bounds-checked) are what held the six-by-two tile back. A taller tile
 * would change the six-pixel groups the convolutions gather and scatter; four vectors at 256 bits
 * would not fit AVX2's sixteen registers.
 * {@code B}'s panels and {@code A}'s 6-row strips are first copied into contiguous buffers
 * ("packing"): sequential reads, and constant strides that let the JIT drop the per-load bounds
 * checks. Edges use four-row and two-row tiles, one-row tiles of two and one vectors, and scalar code. Every
 * element of {@code C} is one chain of fused multiply-adds over {@code p} in order, whatever tile or
 * width computes it, so neither the tiling nor the width changes a bit.
 *
 * <p>The six-row tile comes in four variants (packed {@code A}; {@code A} gathered from a convolution's
 * input; the product scattered into an input gradient; {@code A} and {@code B} read per pixel) that
 * repeat their twelve accumulators on purpose: vectors kept in an array or handed between methods are
 * not kept in registers by the JIT, and a prototype that did so ran an order of magnitude slower. At 512 bits the
 * kernel gradient also has a transposed tile (four filters by six vectors of patch elements,
 * {@link #multiplyAddByPixelsTransposed}), which keeps a run of patch elements in the L1 cache while every filter
 * passes over it.
 *
 * <p>Only loaded when the {@code jdk.incubator.vector} module is present (see {@link VectorApi#ENABLED}).
 */
final class VectorGemm {

  private static final VectorSpecies<Double> V = VectorWidth.SPECIES;
  /** Doubles per vector: 4 (256 bits) or 8 (512 bits). */
  private static final int L = VectorWidth.LANES;
  /** Rows of the main tile: six rows of two vectors are twelve accumulators (see the class comment). */
  private static final int MR = 6;
  /** Columns of the main tile and of a packed panel of {@code B}: two vectors. */
  static final int NR = 2 * L;
  /**
   * Whether the gathered tiles take two panels at once (six rows by four vectors, twenty-four
   * accumulators): only at 512 bits, where the thirty-two vector registers hold them; at 256 bits
   * they would not fit the sixteen.
   */
  private static final boolean WIDE = L >= 8;
  /** Below this inner dimension a call goes to {@link ScalarGemm}. */
  private static final int MIN_INNER = 4;

  /** Packing buffers of the calling thread: [0] for B panels ({@link #multiplyAdd} only), [1] for one A strip. */
  private static final ThreadLocal<double[][]> PACKS = ThreadLocal.withInitial(() -> new double[2][0]);

  private VectorGemm() {}

  /** See {@link Gemm#multiplyAdd}. */
  static void multiplyAdd(int m, int n, int k, double[] a, int aOff, int aRowStride, int aColStride,
      double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
    // (products too small for the tiles pack nothing, and multiplyAddPacked hands them to ScalarGemm)
    double[][] packs = PACKS.get();
    double[] bPack = grow(packs, 0, packedSize(k, n));
    packB(k, n, b, bOff, ldb, bPack);
    multiplyAddPacked(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, ldb, bPack, c, cOff, ldc);
  }

  /** See {@link Gemm#packedSize}. */
  static int packedSize(int k, int n) {
    return tiles(k, n) ? n / NR * k * NR : 0;
  }

  /**
   * Whether a {@code k × n} matrix {@code B} is large enough for the tiles: at least one panel of {@link #NR}
   * columns and {@link #MIN_INNER} rows. Smaller products go to {@link ScalarGemm}, whose set-up costs less
   * (and which gives the same bits).
   */
  static boolean tiles(int k, int n) {
    return n >= NR && k >= MIN_INNER;
  }

  /** See {@link Gemm#multiplyAddPacked}: {@code bPack} holds {@link #packB}'s copy of {@code B}. */
  static void multiplyAddPacked(int m, int n, int k, double[] a, int aOff, int aRowStride, int aColStride,
      double[] b, int bOff, int ldb, double[] bPack, double[] c, int cOff, int ldc) {
    if (!tiles(k, n)) {
      ScalarGemm.multiplyAdd(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, ldb, c, cOff, ldc);
      return;
    }
    int panels = n / NR;  // at least one: n ≥ NR
    int nFull = panels * NR;
    double[] aPack = grow(PACKS.get(), 1, k * MR);
    for (int i = 0; i < m; ) {
      int rows = stripRows(m - i);
      int aRow = aOff + i * aRowStride;
      int cRow = cOff + i * ldc;
      if (rows == 1) {
        for (int jp = 0; jp < panels; jp++) {
          tile1(k, a, aRow, aColStride, bPack, jp * k * NR, c, cRow + jp * NR);
        }
      } else if (rows == 2) {
        packA(k, 2, a, aRow, aRowStride, aColStride, aPack);
        int jp = 0;
        for (; jp + 2 <= panels; jp += 2) {
          tile2x4(k, aPack, bPack, jp * k * NR, c, cRow + jp * NR, ldc);
        }
        for (; jp < panels; jp++) {
          tile1(k, a, aRow, aColStride, bPack, jp * k * NR, c, cRow + jp * NR);
          tile1(k, a, aRow + aRowStride, aColStride, bPack, jp * k * NR, c, cRow + ldc + jp * NR);
        }
      } else {
        packA(k, rows, a, aRow, aRowStride, aColStride, aPack);
        for (int jp = 0; jp < panels; jp++) {
          if (rows == MR) {
            tile6(k, aPack, bPack, jp * k * NR, c, cRow + jp * NR, ldc);
          } else {
            tile4(k, aPack, bPack, jp * k * NR, c, cRow + jp * NR, ldc);
          }
        }
      }
      for (int r = 0; r < rows; r++) {
        rowTail(nFull, n, k, a, aRow + r * aRowStride, aColStride, b, bOff, ldb, c, cRow + r * ldc);
      }
      i += rows;
    }
  }

  /**
   * Rows of the next strip when {@code left} rows of {@code C} remain: six-row tiles while six remain, then one
   * four-row tile if four do, one two-row strip if two do, then a single row. Every element is the same chain of
   * fused multiply-adds whatever the strip, so the choice changes speed only.
   */
  static int stripRows(int left) {
    return left >= MR ? MR : left >= 4 ? 4 : left >= 2 ? 2 : 1;
  }

  private static double[] grow(double[][] packs, int which, int size) {
    if (packs[which].length < size) {
      packs[which] = new double[size];
    }
    return packs[which];
  }

  /**
   * {@code pack[jp·k·NR + p·NR + t] = B[p, jp·NR + t]} for the {@code n / NR} full panels: each panel
   * panel contiguous, row after row. Writes nothing when {@link #packedSize} is 0.
   */
  static void packB(int k, int n, double[] b, int bOff, int ldb, double[] pack) {
    if (!tiles(k, n)) {
      return;
    }
    int panels = n / NR;
    int q = 0;
    for (int jp = 0; jp < panels; jp++) {
      for (int p = 0; p < k; p++) {
        System.arraycopy(b, bOff + p * ldb + jp * NR, pack, q, NR);
        q += NR;
      }
    }
  }

  /** {@code pack[p·rows + r] = A[r, p]} for the {@code rows} (2, 4 or 6) rows starting at {@code aRow}. */
  private static void packA(int k, int rows, double[] a, int aRow, int rs, int cs, double[] pack) {
    for (int r = 0; r < rows; r++) {
      for (int p = 0, ap = aRow + r * rs, q = r; p < k; p++, ap += cs, q += rows) {
        pack[q] = a[ap];
      }
    }
  }

  private static void tile6(int k, double[] aPack, double[] bPack, int b0, double[] c, int c0, int ldc) {
    int c1 = c0 + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    int c4 = c3 + ldc;
    int c5 = c4 + ldc;
    DoubleVector s00 = DoubleVector.fromArray(V, c, c0);
    DoubleVector s01 = DoubleVector.fromArray(V, c, c0 + L);
    DoubleVector s10 = DoubleVector.fromArray(V, c, c1);
    DoubleVector s11 = DoubleVector.fromArray(V, c, c1 + L);
    DoubleVector s20 = DoubleVector.fromArray(V, c, c2);
    DoubleVector s21 = DoubleVector.fromArray(V, c, c2 + L);
    DoubleVector s30 = DoubleVector.fromArray(V, c, c3);
    DoubleVector s31 = DoubleVector.fromArray(V, c, c3 + L);
    DoubleVector s40 = DoubleVector.fromArray(V, c, c4);
    DoubleVector s41 = DoubleVector.fromArray(V, c, c4 + L);
    DoubleVector s50 = DoubleVector.fromArray(V, c, c5);
    DoubleVector s51 = DoubleVector.fromArray(V, c, c5 + L);
    for (int p = 0; p < k; p++) {
      int bp = b0 + p * NR;
      int ap = p * MR;
      DoubleVector b0v = DoubleVector.fromArray(V, bPack, bp);
      DoubleVector b1v = DoubleVector.fromArray(V, bPack, bp + L);
      DoubleVector av = DoubleVector.broadcast(V, aPack[ap]);
      s00 = b0v.fma(av, s00);
      s01 = b1v.fma(av, s01);
      av = DoubleVector.broadcast(V, aPack[ap + 1]);
      s10 = b0v.fma(av, s10);
      s11 = b1v.fma(av, s11);
      av = DoubleVector.broadcast(V, aPack[ap + 2]);
      s20 = b0v.fma(av, s20);
      s21 = b1v.fma(av, s21);
      av = DoubleVector.broadcast(V, aPack[ap + 3]);
      s30 = b0v.fma(av, s30);
      s31 = b1v.fma(av, s31);
      av = DoubleVector.broadcast(V, aPack[ap + 4]);
      s40 = b0v.fma(av, s40);
      s41 = b1v.fma(av, s41);
      av = DoubleVector.broadcast(V, aPack[ap + 5]);
      s50 = b0v.fma(av, s50);
      s51 = b1v.fma(av, s51);
    }
    s00.intoArray(c, c0);
    s01.intoArray(c, c0 + L);
    s10.intoArray(c, c1);
    s11.intoArray(c, c1 + L);
    s20.intoArray(c, c2);
    s21.intoArray(c, c2 + L);
    s30.intoArray(c, c3);
    s31.intoArray(c, c3 + L);
    s40.intoArray(c, c4);
    s41.intoArray(c, c4 + L);
    s50.intoArray(c, c5);
    s51.intoArray(c, c5 + L);
  }

  /**
   * See {@link Gemm#multiplyAddSixGathered}: six rows of {@code A} read straight from {@code x}, {@code A[r, p] =
   * x[base + r·rowStep + offsets[p]]}, by six-row tiles over the {@code n / NR} packed panels of {@code B}.
   */
  static void multiplyAddSixGathered(int n, int k, double[] x, int base, int rowStep, int[] offsets, double[] bPack,
      double[] c, int cOff, int ldc) {
    int panels = n / NR;
    int jp = 0;
    for (; pairsPanels(panels - jp); jp += 2) {
      tile6x4Gathered(k, x, base, rowStep, offsets, bPack, jp * k * NR, c, cOff + jp * NR, ldc);
    }
    for (; jp < panels; jp++) {
      tile6Gathered(k, x, base, rowStep, offsets, bPack, jp * k * NR, c, cOff + jp * NR, ldc);
    }
  }

  /**
   * Whether the gathered tiles take the next two panels at once when {@code left} remain: at 512 bits
   * ({@link #WIDE}), while two remain. Both tiles sum every element as the same chain, so this changes speed only.
   */
  static boolean pairsPanels(int left) {
    return WIDE && left >= 2;
  }

  /** {@link #tile6} with row {@code r} of {@code A} at {@code x[base + r·rowStep + offsets[p]]} instead of packed. */
  private static void tile6Gathered(int k, double[] x, int base, int rowStep, int[] offsets, double[] bPack, int b0,
      double[] c, int c0, int ldc) {
    int c1 = c0 + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    int c4 = c3 + ldc;
    int c5 = c4 + ldc;
    DoubleVector s00 = DoubleVector.fromArray(V, c, c0);
    DoubleVector s01 = DoubleVector.fromArray(V, c, c0 + L);
    DoubleVector s10 = DoubleVector.fromArray(V, c, c1);
    DoubleVector s11 = DoubleVector.fromArray(V, c, c1 + L);
    DoubleVector s20 = DoubleVector.fromArray(V, c, c2);
    DoubleVector s21 = DoubleVector.fromArray(V, c, c2 + L);
    DoubleVector s30 = DoubleVector.fromArray(V, c, c3);
    DoubleVector s31 = DoubleVector.fromArray(V, c, c3 + L);
    DoubleVector s40 = DoubleVector.fromArray(V, c, c4);
    DoubleVector s41 = DoubleVector.fromArray(V, c, c4 + L);
    DoubleVector s50 = DoubleVector.fromArray(V, c, c5);
    DoubleVector s51 = DoubleVector.fromArray(V, c, c5 + L);
    for (int p = 0; p < k; p++) {
      int bp = b0 + p * NR;
      int xa = base + offsets[p];
      DoubleVector b0v = DoubleVector.fromArray(V, bPack, bp);
      DoubleVector b1v = DoubleVector.fromArray(V, bPack, bp + L);
      DoubleVector av = DoubleVector.broadcast(V, x[xa]);
      s00 = b0v.fma(av, s00);
      s01 = b1v.fma(av, s01);
      av = DoubleVector.broadcast(V, x[xa + rowStep]);
      s10 = b0v.fma(av, s10);
      s11 = b1v.fma(av, s11);
      av = DoubleVector.broadcast(V, x[xa + 2 * rowStep]);
      s20 = b0v.fma(av, s20);
      s21 = b1v.fma(av, s21);
      av = DoubleVector.broadcast(V, x[xa + 3 * rowStep]);
      s30 = b0v.fma(av, s30);
      s31 = b1v.fma(av, s31);
      av = DoubleVector.broadcast(V, x[xa + 4 * rowStep]);
      s40 = b0v.fma(av, s40);
      s41 = b1v.fma(av, s41);
      av = DoubleVector.broadcast(V, x[xa + 5 * rowStep]);
      s50 = b0v.fma(av, s50);
      s51 = b1v.fma(av, s51);
    }
    s00.intoArray(c, c0);
    s01.intoArray(c, c0 + L);
    s10.intoArray(c, c1);
    s11.intoArray(c, c1 + L);
    s20.intoArray(c, c2);
    s21.intoArray(c, c2 + L);
    s30.intoArray(c, c3);
    s31.intoArray(c, c3 + L);
    s40.intoArray(c, c4);
    s41.intoArray(c, c4 + L);
    s50.intoArray(c, c5);
    s51.intoArray(c, c5 + L);
  }

  /**
   * {@link #tile6Gathered} over two neighbouring panels at once (columns {@code [0, 2·NR)} of {@code C} from
   * {@code c0}; the second panel's rows {@code k·NR} after the first's): six broadcasts feed twenty-four fused
   * multiply-adds instead of twelve, which halves the gathered reads and their bounds checks per operation.
   */
  private static void tile6x4Gathered(int k, double[] x, int base, int rowStep, int[] offsets, double[] bPack, int b0,
      double[] c, int c0, int ldc) {
    int c1 = c0 + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    int c4 = c3 + ldc;
    int c5 = c4 + ldc;
    DoubleVector s00 = DoubleVector.fromArray(V, c, c0);
    DoubleVector s01 = DoubleVector.fromArray(V, c, c0 + L);
    DoubleVector s02 = DoubleVector.fromArray(V, c, c0 + 2 * L);
    DoubleVector s03 = DoubleVector.fromArray(V, c, c0 + 3 * L);
    DoubleVector s10 = DoubleVector.fromArray(V, c, c1);
    DoubleVector s11 = DoubleVector.fromArray(V, c, c1 + L);
    DoubleVector s12 = DoubleVector.fromArray(V, c, c1 + 2 * L);
    DoubleVector s13 = DoubleVector.fromArray(V, c, c1 + 3 * L);
    DoubleVector s20 = DoubleVector.fromArray(V, c, c2);
    DoubleVector s21 = DoubleVector.fromArray(V, c, c2 + L);
    DoubleVector s22 = DoubleVector.fromArray(V, c, c2 + 2 * L);
    DoubleVector s23 = DoubleVector.fromArray(V, c, c2 + 3 * L);
    DoubleVector s30 = DoubleVector.fromArray(V, c, c3);
    DoubleVector s31 = DoubleVector.fromArray(V, c, c3 + L);
    DoubleVector s32 = DoubleVector.fromArray(V, c, c3 + 2 * L);
    DoubleVector s33 = DoubleVector.fromArray(V, c, c3 + 3 * L);
    DoubleVector s40 = DoubleVector.fromArray(V, c, c4);
    DoubleVector s41 = DoubleVector.fromArray(V, c, c4 + L);
    DoubleVector s42 = DoubleVector.fromArray(V, c, c4 + 2 * L);
    DoubleVector s43 = DoubleVector.fromArray(V, c, c4 + 3 * L);
    DoubleVector s50 = DoubleVector.fromArray(V, c, c5);
    DoubleVector s51 = DoubleVector.fromArray(V, c, c5 + L);
    DoubleVector s52 = DoubleVector.fromArray(V, c, c5 + 2 * L);
    DoubleVector s53 = DoubleVector.fromArray(V, c, c5 + 3 * L);
    int second = k * NR;
    for (int p = 0; p < k; p++) {
      int bp = b0 + p * NR;
      int xa = base + offsets[p];
      DoubleVector b0v = DoubleVector.fromArray(V, bPack, bp);
      DoubleVector b1v = DoubleVector.fromArray(V, bPack, bp + L);
      DoubleVector b2v = DoubleVector.fromArray(V, bPack, bp + second);
      DoubleVector b3v = DoubleVector.fromArray(V, bPack, bp + second + L);
      DoubleVector av = DoubleVector.broadcast(V, x[xa]);
      s00 = b0v.fma(av, s00);
      s01 = b1v.fma(av, s01);
      s02 = b2v.fma(av, s02);
      s03 = b3v.fma(av, s03);
      av = DoubleVector.broadcast(V, x[xa + rowStep]);
      s10 = b0v.fma(av, s10);
      s11 = b1v.fma(av, s11);
      s12 = b2v.fma(av, s12);
      s13 = b3v.fma(av, s13);
      av = DoubleVector.broadcast(V, x[xa + 2 * rowStep]);
      s20 = b0v.fma(av, s20);
      s21 = b1v.fma(av, s21);
      s22 = b2v.fma(av, s22);
      s23 = b3v.fma(av, s23);
      av = DoubleVector.broadcast(V, x[xa + 3 * rowStep]);
      s30 = b0v.fma(av, s30);
      s31 = b1v.fma(av, s31);
      s32 = b2v.fma(av, s32);
      s33 = b3v.fma(av, s33);
      av = DoubleVector.broadcast(V, x[xa + 4 * rowStep]);
      s40 = b0v.fma(av, s40);
      s41 = b1v.fma(av, s41);
      s42 = b2v.fma(av, s42);
      s43 = b3v.fma(av, s43);
      av = DoubleVector.broadcast(V, x[xa + 5 * rowStep]);
      s50 = b0v.fma(av, s50);
      s51 = b1v.fma(av, s51);
      s52 = b2v.fma(av, s52);
      s53 = b3v.fma(av, s53);
    }
    s00.intoArray(c, c0);
    s01.intoArray(c, c0 + L);
    s02.intoArray(c, c0 + 2 * L);
    s03.intoArray(c, c0 + 3 * L);
    s10.intoArray(c, c1);
    s11.intoArray(c, c1 + L);
    s12.intoArray(c, c1 + 2 * L);
    s13.intoArray(c, c1 + 3 * L);
    s20.intoArray(c, c2);
    s21.intoArray(c, c2 + L);
    s22.intoArray(c, c2 + 2 * L);
    s23.intoArray(c, c2 + 3 * L);
    s30.intoArray(c, c3);
    s31.intoArray(c, c3 + L);
    s32.intoArray(c, c3 + 2 * L);
    s33.intoArray(c, c3 + 3 * L);
    s40.intoArray(c, c4);
    s41.intoArray(c, c4 + L);
    s42.intoArray(c, c4 + 2 * L);
    s43.intoArray(c, c4 + 3 * L);
    s50.intoArray(c, c5);
    s51.intoArray(c, c5 + L);
    s52.intoArray(c, c5 + 2 * L);
    s53.intoArray(c, c5 + 3 * L);
  }

  /**
   * See {@link Gemm#multiplyScatterAddSix}: six rows of {@code A} packed once, then by each packed
   * panel of {@code B} a six-row tile of the product, added into {@code x} where those columns belong.
   */
  static void multiplyScatterAddSix(int n, int k, double[] a, int aOff, int lda, double[] bPack, double[] x,
      int base, int rowStep, int[] offsets) {
    double[] aPack = grow(PACKS.get(), 1, k * MR);
    packA(k, MR, a, aOff, lda, 1, aPack);
    int panels = n / NR;
    int jp = 0;
    for (; WIDE && jp + 2 <= panels; jp += 2) {
      tile6x4ScatterAdd(k, aPack, bPack, jp * k * NR, x, base + offsets[jp * NR], base + offsets[jp * NR + NR],
          rowStep);
    }
    for (; jp < panels; jp++) {
      tile6ScatterAdd(k, aPack, bPack, jp * k * NR, x, base + offsets[jp * NR], rowStep);
    }
  }

  /**
   * See {@link Gemm#multiplyAddSixByPixels}: for each panel a six-row tile of {@code C}, summed over
   * the {@code count} pixels with six consecutive input elements broadcast per pixel and the two
   * vectors of {@code B}'s row read in place.
   */
  static void multiplyAddSixByPixels(int n, int count, double[] x, int[] pixelBase, int offset, double[] b, int bOff,
      int ldb, double[] c, int cOff, int ldc) {
    int panels = n / NR;
    int jp = 0;
    for (; pairsPanels(panels - jp); jp += 2) {
      tile6x4ByPixels(count, x, pixelBase, offset, b, bOff + jp * NR, ldb, c, cOff + jp * NR, ldc);
    }
    for (; jp < panels; jp++) {
      tile6ByPixels(count, x, pixelBase, offset, b, bOff + jp * NR, ldb, c, cOff + jp * NR, ldc);
    }
  }

  /** {@link #tile6} with {@code A[r, q] = x[pixelBase[q] + offset + r]} and {@code B[q, ·]} at {@code b[b0 + q·ldb + ·]}. */
  private static void tile6ByPixels(int count, double[] x, int[] pixelBase, int offset, double[] b, int b0, int ldb,
      double[] c, int c0, int ldc) {
    int c1 = c0 + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    int c4 = c3 + ldc;
    int c5 = c4 + ldc;
    DoubleVector s00 = DoubleVector.fromArray(V, c, c0);
    DoubleVector s01 = DoubleVector.fromArray(V, c, c0 + L);
    DoubleVector s10 = DoubleVector.fromArray(V, c, c1);
    DoubleVector s11 = DoubleVector.fromArray(V, c, c1 + L);
    DoubleVector s20 = DoubleVector.fromArray(V, c, c2);
    DoubleVector s21 = DoubleVector.fromArray(V, c, c2 + L);
    DoubleVector s30 = DoubleVector.fromArray(V, c, c3);
    DoubleVector s31 = DoubleVector.fromArray(V, c, c3 + L);
    DoubleVector s40 = DoubleVector.fromArray(V, c, c4);
    DoubleVector s41 = DoubleVector.fromArray(V, c, c4 + L);
    DoubleVector s50 = DoubleVector.fromArray(V, c, c5);
    DoubleVector s51 = DoubleVector.fromArray(V, c, c5 + L);
    for (int q = 0; q < count; q++) {
      int bp = b0 + q * ldb;
      int xa = pixelBase[q] + offset;
      DoubleVector b0v = DoubleVector.fromArray(V, b, bp);
      DoubleVector b1v = DoubleVector.fromArray(V, b, bp + L);
      DoubleVector av = DoubleVector.broadcast(V, x[xa]);
      s00 = b0v.fma(av, s00);
      s01 = b1v.fma(av, s01);
      av = DoubleVector.broadcast(V, x[xa + 1]);
      s10 = b0v.fma(av, s10);
      s11 = b1v.fma(av, s11);
      av = DoubleVector.broadcast(V, x[xa + 2]);
      s20 = b0v.fma(av, s20);
      s21 = b1v.fma(av, s21);
      av = DoubleVector.broadcast(V, x[xa + 3]);
      s30 = b0v.fma(av, s30);
      s31 = b1v.fma(av, s31);
      av = DoubleVector.broadcast(V, x[xa + 4]);
      s40 = b0v.fma(av, s40);
      s41 = b1v.fma(av, s41);
      av = DoubleVector.broadcast(V, x[xa + 5]);
      s50 = b0v.fma(av, s50);
      s51 = b1v.fma(av, s51);
    }
    s00.intoArray(c, c0);
    s01.intoArray(c, c0 + L);
    s10.intoArray(c, c1);
    s11.intoArray(c, c1 + L);
    s20.intoArray(c, c2);
    s21.intoArray(c, c2 + L);
    s30.intoArray(c, c3);
    s31.intoArray(c, c3 + L);
    s40.intoArray(c, c4);
    s41.intoArray(c, c4 + L);
    s50.intoArray(c, c5);
    s51.intoArray(c, c5 + L);
  }

  /**
   * {@link #tile6ByPixels} over four vectors of {@code B}'s row and {@code C}'s (two panels' columns) at once:
   * six broadcasts feed twenty-four fused multiply-adds instead of twelve.
   */
  private static void tile6x4ByPixels(int count, double[] x, int[] pixelBase, int offset, double[] b, int b0, int ldb,
      double[] c, int c0, int ldc) {
    int c1 = c0 + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    int c4 = c3 + ldc;
    int c5 = c4 + ldc;
    DoubleVector s00 = DoubleVector.fromArray(V, c, c0);
    DoubleVector s01 = DoubleVector.fromArray(V, c, c0 + L);
    DoubleVector s02 = DoubleVector.fromArray(V, c, c0 + 2 * L);
    DoubleVector s03 = DoubleVector.fromArray(V, c, c0 + 3 * L);
    DoubleVector s10 = DoubleVector.fromArray(V, c, c1);
    DoubleVector s11 = DoubleVector.fromArray(V, c, c1 + L);
    DoubleVector s12 = DoubleVector.fromArray(V, c, c1 + 2 * L);
    DoubleVector s13 = DoubleVector.fromArray(V, c, c1 + 3 * L);
    DoubleVector s20 = DoubleVector.fromArray(V, c, c2);
    DoubleVector s21 = DoubleVector.fromArray(V, c, c2 + L);
    DoubleVector s22 = DoubleVector.fromArray(V, c, c2 + 2 * L);
    DoubleVector s23 = DoubleVector.fromArray(V, c, c2 + 3 * L);
    DoubleVector s30 = DoubleVector.fromArray(V, c, c3);
    DoubleVector s31 = DoubleVector.fromArray(V, c, c3 + L);
    DoubleVector s32 = DoubleVector.fromArray(V, c, c3 + 2 * L);
    DoubleVector s33 = DoubleVector.fromArray(V, c, c3 + 3 * L);
    DoubleVector s40 = DoubleVector.fromArray(V, c, c4);
    DoubleVector s41 = DoubleVector.fromArray(V, c, c4 + L);
    DoubleVector s42 = DoubleVector.fromArray(V, c, c4 + 2 * L);
    DoubleVector s43 = DoubleVector.fromArray(V, c, c4 + 3 * L);
    DoubleVector s50 = DoubleVector.fromArray(V, c, c5);
    DoubleVector s51 = DoubleVector.fromArray(V, c, c5 + L);
    DoubleVector s52 = DoubleVector.fromArray(V, c, c5 + 2 * L);
    DoubleVector s53 = DoubleVector.fromArray(V, c, c5 + 3 * L);
    for (int q = 0; q < count; q++) {
      int bp = b0 + q * ldb;
      int xa = pixelBase[q] + offset;
      DoubleVector b0v = DoubleVector.fromArray(V, b, bp);
      DoubleVector b1v = DoubleVector.fromArray(V, b, bp + L);
      DoubleVector b2v = DoubleVector.fromArray(V, b, bp + 2 * L);
      DoubleVector b3v = DoubleVector.fromArray(V, b, bp + 3 * L);
      DoubleVector av = DoubleVector.broadcast(V, x[xa]);
      s00 = b0v.fma(av, s00);
      s01 = b1v.fma(av, s01);
      s02 = b2v.fma(av, s02);
      s03 = b3v.fma(av, s03);
      av = DoubleVector.broadcast(V, x[xa + 1]);
      s10 = b0v.fma(av, s10);
      s11 = b1v.fma(av, s11);
      s12 = b2v.fma(av, s12);
      s13 = b3v.fma(av, s13);
      av = DoubleVector.broadcast(V, x[xa + 2]);
      s20 = b0v.fma(av, s20);
      s21 = b1v.fma(av, s21);
      s22 = b2v.fma(av, s22);
      s23 = b3v.fma(av, s23);
      av = DoubleVector.broadcast(V, x[xa + 3]);
      s30 = b0v.fma(av, s30);
      s31 = b1v.fma(av, s31);
      s32 = b2v.fma(av, s32);
      s33 = b3v.fma(av, s33);
      av = DoubleVector.broadcast(V, x[xa + 4]);
      s40 = b0v.fma(av, s40);
      s41 = b1v.fma(av, s41);
      s42 = b2v.fma(av, s42);
      s43 = b3v.fma(av, s43);
      av = DoubleVector.broadcast(V, x[xa + 5]);
      s50 = b0v.fma(av, s50);
      s51 = b1v.fma(av, s51);
      s52 = b2v.fma(av, s52);
      s53 = b3v.fma(av, s53);
    }
    s00.intoArray(c, c0);
    s01.intoArray(c, c0 + L);
    s02.intoArray(c, c0 + 2 * L);
    s03.intoArray(c, c0 + 3 * L);
    s10.intoArray(c, c1);
    s11.intoArray(c, c1 + L);
    s12.intoArray(c, c1 + 2 * L);
    s13.intoArray(c, c1 + 3 * L);
    s20.intoArray(c, c2);
    s21.intoArray(c, c2 + L);
    s22.intoArray(c, c2 + 2 * L);
    s23.intoArray(c, c2 + 3 * L);
    s30.intoArray(c, c3);
    s31.intoArray(c, c3 + L);
    s32.intoArray(c, c3 + 2 * L);
    s33.intoArray(c, c3 + 3 * L);
    s40.intoArray(c, c4);
    s41.intoArray(c, c4 + L);
    s42.intoArray(c, c4 + 2 * L);
    s43.intoArray(c, c4 + 3 * L);
    s50.intoArray(c, c5);
    s51.intoArray(c, c5 + L);
    s52.intoArray(c, c5 + 2 * L);
    s53.intoArray(c, c5 + 3 * L);
  }

  /** See {@link Gemm#multiplyAddByPixelsTransposed}: four filters at a time. */
  static void multiplyAddByPixelsTransposed(int n, int count, double[] x, int[] pixelBase, int offset, double[] b,
      int bOff, int ldb, double[] c, int cOff, int ldc) {
    for (int o = 0; o < n; o += 4) {
      tile4x6ByPixelsTransposed(count, x, pixelBase, offset, b, bOff + o, ldb, c, cOff + o * ldc, ldc);
    }
  }

  /**
   * Four rows of {@code C} (filters) by six vectors (consecutive patch elements): per pixel six loads of the
   * input and four broadcasts of its output gradients feed twenty-four fused multiply-adds. Twenty-four
   * accumulators, six loaded vectors and a broadcast fill thirty-one of AVX-512's registers.
   */
  private static void tile4x6ByPixelsTransposed(int count, double[] x, int[] pixelBase, int offset, double[] b,
      int b0, int ldb, double[] c, int c0, int ldc) {
    int c1 = c0 + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    DoubleVector s00 = DoubleVector.fromArray(V, c, c0);
    DoubleVector s01 = DoubleVector.fromArray(V, c, c0 + L);
    DoubleVector s02 = DoubleVector.fromArray(V, c, c0 + 2 * L);
    DoubleVector s03 = DoubleVector.fromArray(V, c, c0 + 3 * L);
    DoubleVector s04 = DoubleVector.fromArray(V, c, c0 + 4 * L);
    DoubleVector s05 = DoubleVector.fromArray(V, c, c0 + 5 * L);
    DoubleVector s10 = DoubleVector.fromArray(V, c, c1);
    DoubleVector s11 = DoubleVector.fromArray(V, c, c1 + L);
    DoubleVector s12 = DoubleVector.fromArray(V, c, c1 + 2 * L);
    DoubleVector s13 = DoubleVector.fromArray(V, c, c1 + 3 * L);
    DoubleVector s14 = DoubleVector.fromArray(V, c, c1 + 4 * L);
    DoubleVector s15 = DoubleVector.fromArray(V, c, c1 + 5 * L);
    DoubleVector s20 = DoubleVector.fromArray(V, c, c2);
    DoubleVector s21 = DoubleVector.fromArray(V, c, c2 + L);
    DoubleVector s22 = DoubleVector.fromArray(V, c, c2 + 2 * L);
    DoubleVector s23 = DoubleVector.fromArray(V, c, c2 + 3 * L);
    DoubleVector s24 = DoubleVector.fromArray(V, c, c2 + 4 * L);
    DoubleVector s25 = DoubleVector.fromArray(V, c, c2 + 5 * L);
    DoubleVector s30 = DoubleVector.fromArray(V, c, c3);
    DoubleVector s31 = DoubleVector.fromArray(V, c, c3 + L);
    DoubleVector s32 = DoubleVector.fromArray(V, c, c3 + 2 * L);
    DoubleVector s33 = DoubleVector.fromArray(V, c, c3 + 3 * L);
    DoubleVector s34 = DoubleVector.fromArray(V, c, c3 + 4 * L);
    DoubleVector s35 = DoubleVector.fromArray(V, c, c3 + 5 * L);
    for (int q = 0; q < count; q++) {
      int xa = pixelBase[q] + offset;
      int bp = b0 + q * ldb;
      DoubleVector x0 = DoubleVector.fromArray(V, x, xa);
      DoubleVector x1 = DoubleVector.fromArray(V, x, xa + L);
      DoubleVector x2 = DoubleVector.fromArray(V, x, xa + 2 * L);
      DoubleVector x3 = DoubleVector.fromArray(V, x, xa + 3 * L);
      DoubleVector x4 = DoubleVector.fromArray(V, x, xa + 4 * L);
      DoubleVector x5 = DoubleVector.fromArray(V, x, xa + 5 * L);
      DoubleVector bv = DoubleVector.broadcast(V, b[bp]);
      s00 = x0.fma(bv, s00);
      s01 = x1.fma(bv, s01);
      s02 = x2.fma(bv, s02);
      s03 = x3.fma(bv, s03);
      s04 = x4.fma(bv, s04);
      s05 = x5.fma(bv, s05);
      bv = DoubleVector.broadcast(V, b[bp + 1]);
      s10 = x0.fma(bv, s10);
      s11 = x1.fma(bv, s11);
      s12 = x2.fma(bv, s12);
      s13 = x3.fma(bv, s13);
      s14 = x4.fma(bv, s14);
      s15 = x5.fma(bv, s15);
      bv = DoubleVector.broadcast(V, b[bp + 2]);
      s20 = x0.fma(bv, s20);
      s21 = x1.fma(bv, s21);
      s22 = x2.fma(bv, s22);
      s23 = x3.fma(bv, s23);
      s24 = x4.fma(bv, s24);
      s25 = x5.fma(bv, s25);
      bv = DoubleVector.broadcast(V, b[bp + 3]);
      s30 = x0.fma(bv, s30);
      s31 = x1.fma(bv, s31);
      s32 = x2.fma(bv, s32);
      s33 = x3.fma(bv, s33);
      s34 = x4.fma(bv, s34);
      s35 = x5.fma(bv, s35);
    }
    s00.intoArray(c, c0);
    s01.intoArray(c, c0 + L);
    s02.intoArray(c, c0 + 2 * L);
    s03.intoArray(c, c0 + 3 * L);
    s04.intoArray(c, c0 + 4 * L);
    s05.intoArray(c, c0 + 5 * L);
    s10.intoArray(c, c1);
    s11.intoArray(c, c1 + L);
    s12.intoArray(c, c1 + 2 * L);
    s13.intoArray(c, c1 + 3 * L);
    s14.intoArray(c, c1 + 4 * L);
    s15.intoArray(c, c1 + 5 * L);
    s20.intoArray(c, c2);
    s21.intoArray(c, c2 + L);
    s22.intoArray(c, c2 + 2 * L);
    s23.intoArray(c, c2 + 3 * L);
    s24.intoArray(c, c2 + 4 * L);
    s25.intoArray(c, c2 + 5 * L);
    s30.intoArray(c, c3);
    s31.intoArray(c, c3 + L);
    s32.intoArray(c, c3 + 2 * L);
    s33.intoArray(c, c3 + 3 * L);
    s34.intoArray(c, c3 + 4 * L);
    s35.intoArray(c, c3 + 5 * L);
  }

  /** The product tile of {@link #tile6}, from zero, added into {@code x[x0 + r·rowStep + ·]} for rows {@code r < 6}. */
  private static void tile6ScatterAdd(int k, double[] aPack, double[] bPack, int b0, double[] x, int x0,
      int rowStep) {
    DoubleVector s00 = DoubleVector.zero(V);
    DoubleVector s01 = s00;
    DoubleVector s10 = s00;
    DoubleVector s11 = s00;
    DoubleVector s20 = s00;
    DoubleVector s21 = s00;
    DoubleVector s30 = s00;
    DoubleVector s31 = s00;
    DoubleVector s40 = s00;
    DoubleVector s41 = s00;
    DoubleVector s50 = s00;
    DoubleVector s51 = s00;
    for (int p = 0; p < k; p++) {
      int bp = b0 + p * NR;
      int ap = p * MR;
      DoubleVector b0v = DoubleVector.fromArray(V, bPack, bp);
      DoubleVector b1v = DoubleVector.fromArray(V, bPack, bp + L);
      DoubleVector av = DoubleVector.broadcast(V, aPack[ap]);
      s00 = b0v.fma(av, s00);
      s01 = b1v.fma(av, s01);
      av = DoubleVector.broadcast(V, aPack[ap + 1]);
      s10 = b0v.fma(av, s10);
      s11 = b1v.fma(av, s11);
      av = DoubleVector.broadcast(V, aPack[ap + 2]);
      s20 = b0v.fma(av, s20);
      s21 = b1v.fma(av, s21);
      av = DoubleVector.broadcast(V, aPack[ap + 3]);
      s30 = b0v.fma(av, s30);
      s31 = b1v.fma(av, s31);
      av = DoubleVector.broadcast(V, aPack[ap + 4]);
      s40 = b0v.fma(av, s40);
      s41 = b1v.fma(av, s41);
      av = DoubleVector.broadcast(V, aPack[ap + 5]);
      s50 = b0v.fma(av, s50);
      s51 = b1v.fma(av, s51);
    }
    addInto(x, x0, s00, s01);
    addInto(x, x0 + rowStep, s10, s11);
    addInto(x, x0 + 2 * rowStep, s20, s21);
    addInto(x, x0 + 3 * rowStep, s30, s31);
    addInto(x, x0 + 4 * rowStep, s40, s41);
    addInto(x, x0 + 5 * rowStep, s50, s51);
  }

  /**
   * {@link #tile6ScatterAdd} over two neighbouring panels at once, the first panel's columns added from
   * {@code x0}, the second's from {@code x1}: six broadcasts feed twenty-four fused multiply-adds instead of twelve.
   */
  private static void tile6x4ScatterAdd(int k, double[] aPack, double[] bPack, int b0, double[] x, int x0, int x1,
      int rowStep) {
    DoubleVector s00 = DoubleVector.zero(V);
    DoubleVector s01 = s00;
    DoubleVector s02 = s00;
    DoubleVector s03 = s00;
    DoubleVector s10 = s00;
    DoubleVector s11 = s00;
    DoubleVector s12 = s00;
    DoubleVector s13 = s00;
    DoubleVector s20 = s00;
    DoubleVector s21 = s00;
    DoubleVector s22 = s00;
    DoubleVector s23 = s00;
    DoubleVector s30 = s00;
    DoubleVector s31 = s00;
    DoubleVector s32 = s00;
    DoubleVector s33 = s00;
    DoubleVector s40 = s00;
    DoubleVector s41 = s00;
    DoubleVector s42 = s00;
    DoubleVector s43 = s00;
    DoubleVector s50 = s00;
    DoubleVector s51 = s00;
    DoubleVector s52 = s00;
    DoubleVector s53 = s00;
    int second = k * NR;
    for (int p = 0; p < k; p++) {
      int bp = b0 + p * NR;
      int ap = p * MR;
      DoubleVector b0v = DoubleVector.fromArray(V, bPack, bp);
      DoubleVector b1v = DoubleVector.fromArray(V, bPack, bp + L);
      DoubleVector b2v = DoubleVector.fromArray(V, bPack, bp + second);
      DoubleVector b3v = DoubleVector.fromArray(V, bPack, bp + second + L);
      DoubleVector av = DoubleVector.broadcast(V, aPack[ap]);
      s00 = b0v.fma(av, s00);
      s01 = b1v.fma(av, s01);
      s02 = b2v.fma(av, s02);
      s03 = b3v.fma(av, s03);
      av = DoubleVector.broadcast(V, aPack[ap + 1]);
      s10 = b0v.fma(av, s10);
      s11 = b1v.fma(av, s11);
      s12 = b2v.fma(av, s12);
      s13 = b3v.fma(av, s13);
      av = DoubleVector.broadcast(V, aPack[ap + 2]);
      s20 = b0v.fma(av, s20);
      s21 = b1v.fma(av, s21);
      s22 = b2v.fma(av, s22);
      s23 = b3v.fma(av, s23);
      av = DoubleVector.broadcast(V, aPack[ap + 3]);
      s30 = b0v.fma(av, s30);
      s31 = b1v.fma(av, s31);
      s32 = b2v.fma(av, s32);
      s33 = b3v.fma(av, s33);
      av = DoubleVector.broadcast(V, aPack[ap + 4]);
      s40 = b0v.fma(av, s40);
      s41 = b1v.fma(av, s41);
      s42 = b2v.fma(av, s42);
      s43 = b3v.fma(av, s43);
      av = DoubleVector.broadcast(V, aPack[ap + 5]);
      s50 = b0v.fma(av, s50);
      s51 = b1v.fma(av, s51);
      s52 = b2v.fma(av, s52);
      s53 = b3v.fma(av, s53);
    }
    DoubleVector.fromArray(V, x, x0).add(s00).intoArray(x, x0);
    DoubleVector.fromArray(V, x, x0 + L).add(s01).intoArray(x, x0 + L);
    DoubleVector.fromArray(V, x, x1).add(s02).intoArray(x, x1);
    DoubleVector.fromArray(V, x, x1 + L).add(s03).intoArray(x, x1 + L);
    DoubleVector.fromArray(V, x, x0 + rowStep).add(s10).intoArray(x, x0 + rowStep);
    DoubleVector.fromArray(V, x, x0 + rowStep + L).add(s11).intoArray(x, x0 + rowStep + L);
    DoubleVector.fromArray(V, x, x1 + rowStep).add(s12).intoArray(x, x1 + rowStep);
    DoubleVector.fromArray(V, x, x1 + rowStep + L).add(s13).intoArray(x, x1 + rowStep + L);
    DoubleVector.fromArray(V, x, x0 + 2 * rowStep).add(s20).intoArray(x, x0 + 2 * rowStep);
    DoubleVector.fromArray(V, x, x0 + 2 * rowStep + L).add(s21).intoArray(x, x0 + 2 * rowStep + L);
    DoubleVector.fromArray(V, x, x1 + 2 * rowStep).add(s22).intoArray(x, x1 + 2 * rowStep);
    DoubleVector.fromArray(V, x, x1 + 2 * rowStep + L).add(s23).intoArray(x, x1 + 2 * rowStep + L);
    DoubleVector.fromArray(V, x, x0 + 3 * rowStep).add(s30).intoArray(x, x0 + 3 * rowStep);
    DoubleVector.fromArray(V, x, x0 + 3 * rowStep + L).add(s31).intoArray(x, x0 + 3 * rowStep + L);
    DoubleVector.fromArray(V, x, x1 + 3 * rowStep).add(s32).intoArray(x, x1 + 3 * rowStep);
    DoubleVector.fromArray(V, x, x1 + 3 * rowStep + L).add(s33).intoArray(x, x1 + 3 * rowStep + L);
    DoubleVector.fromArray(V, x, x0 + 4 * rowStep).add(s40).intoArray(x, x0 + 4 * rowStep);
    DoubleVector.fromArray(V, x, x0 + 4 * rowStep + L).add(s41).intoArray(x, x0 + 4 * rowStep + L);
    DoubleVector.fromArray(V, x, x1 + 4 * rowStep).add(s42).intoArray(x, x1 + 4 * rowStep);
    DoubleVector.fromArray(V, x, x1 + 4 * rowStep + L).add(s43).intoArray(x, x1 + 4 * rowStep + L);
    DoubleVector.fromArray(V, x, x0 + 5 * rowStep).add(s50).intoArray(x, x0 + 5 * rowStep);
    DoubleVector.fromArray(V, x, x0 + 5 * rowStep + L).add(s51).intoArray(x, x0 + 5 * rowStep + L);
    DoubleVector.fromArray(V, x, x1 + 5 * rowStep).add(s52).intoArray(x, x1 + 5 * rowStep);
    DoubleVector.fromArray(V, x, x1 + 5 * rowStep + L).add(s53).intoArray(x, x1 + 5 * rowStep + L);
  }

  /** {@code x[at … at+NR) += (lo, hi)}. */
  private static void addInto(double[] x, int at, DoubleVector lo, DoubleVector hi) {
    DoubleVector.fromArray(V, x, at).add(lo).intoArray(x, at);
    DoubleVector.fromArray(V, x, at + L).add(hi).intoArray(x, at + L);
  }

  private static void tile4(int k, double[] aPack, double[] bPack, int b0, double[] c, int c0, int ldc) {
    int c1 = c0 + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    DoubleVector s00 = DoubleVector.fromArray(V, c, c0);
    DoubleVector s01 = DoubleVector.fromArray(V, c, c0 + L);
    DoubleVector s10 = DoubleVector.fromArray(V, c, c1);
    DoubleVector s11 = DoubleVector.fromArray(V, c, c1 + L);
    DoubleVector s20 = DoubleVector.fromArray(V, c, c2);
    DoubleVector s21 = DoubleVector.fromArray(V, c, c2 + L);
    DoubleVector s30 = DoubleVector.fromArray(V, c, c3);
    DoubleVector s31 = DoubleVector.fromArray(V, c, c3 + L);
    for (int p = 0; p < k; p++) {
      int bp = b0 + p * NR;
      int ap = p * 4;
      DoubleVector b0v = DoubleVector.fromArray(V, bPack, bp);
      DoubleVector b1v = DoubleVector.fromArray(V, bPack, bp + L);
      DoubleVector av = DoubleVector.broadcast(V, aPack[ap]);
      s00 = b0v.fma(av, s00);
      s01 = b1v.fma(av, s01);
      av = DoubleVector.broadcast(V, aPack[ap + 1]);
      s10 = b0v.fma(av, s10);
      s11 = b1v.fma(av, s11);
      av = DoubleVector.broadcast(V, aPack[ap + 2]);
      s20 = b0v.fma(av, s20);
      s21 = b1v.fma(av, s21);
      av = DoubleVector.broadcast(V, aPack[ap + 3]);
      s30 = b0v.fma(av, s30);
      s31 = b1v.fma(av, s31);
    }
    s00.intoArray(c, c0);
    s01.intoArray(c, c0 + L);
    s10.intoArray(c, c1);
    s11.intoArray(c, c1 + L);
    s20.intoArray(c, c2);
    s21.intoArray(c, c2 + L);
    s30.intoArray(c, c3);
    s31.intoArray(c, c3 + L);
  }

  /**
   * Two rows of {@code C} by two neighbouring panels (four vectors; the second panel's rows {@code k·NR} after the
   * first's): the short strips a convolution leaves at its row ends and padded borders. Eight independent chains
   * keep the multiply-adds busy, where a one-row tile's two wait on each other's latency.
   */
  private static void tile2x4(int k, double[] aPack, double[] bPack, int b0, double[] c, int c0, int ldc) {
    int c1 = c0 + ldc;
    DoubleVector s00 = DoubleVector.fromArray(V, c, c0);
    DoubleVector s01 = DoubleVector.fromArray(V, c, c0 + L);
    DoubleVector s02 = DoubleVector.fromArray(V, c, c0 + 2 * L);
    DoubleVector s03 = DoubleVector.fromArray(V, c, c0 + 3 * L);
    DoubleVector s10 = DoubleVector.fromArray(V, c, c1);
    DoubleVector s11 = DoubleVector.fromArray(V, c, c1 + L);
    DoubleVector s12 = DoubleVector.fromArray(V, c, c1 + 2 * L);
    DoubleVector s13 = DoubleVector.fromArray(V, c, c1 + 3 * L);
    int second = k * NR;
    for (int p = 0; p < k; p++) {
      int bp = b0 + p * NR;
      DoubleVector b0v = DoubleVector.fromArray(V, bPack, bp);
      DoubleVector b1v = DoubleVector.fromArray(V, bPack, bp + L);
      DoubleVector b2v = DoubleVector.fromArray(V, bPack, bp + second);
      DoubleVector b3v = DoubleVector.fromArray(V, bPack, bp + second + L);
      DoubleVector av = DoubleVector.broadcast(V, aPack[2 * p]);
      s00 = b0v.fma(av, s00);
      s01 = b1v.fma(av, s01);
      s02 = b2v.fma(av, s02);
      s03 = b3v.fma(av, s03);
      av = DoubleVector.broadcast(V, aPack[2 * p + 1]);
      s10 = b0v.fma(av, s10);
      s11 = b1v.fma(av, s11);
      s12 = b2v.fma(av, s12);
      s13 = b3v.fma(av, s13);
    }
    s00.intoArray(c, c0);
    s01.intoArray(c, c0 + L);
    s02.intoArray(c, c0 + 2 * L);
    s03.intoArray(c, c0 + 3 * L);
    s10.intoArray(c, c1);
    s11.intoArray(c, c1 + L);
    s12.intoArray(c, c1 + 2 * L);
    s13.intoArray(c, c1 + 3 * L);
  }

  private static void tile1(int k, double[] a, int a0, int cs, double[] bPack, int b0, double[] c, int c0) {
    DoubleVector s0 = DoubleVector.fromArray(V, c, c0);
    DoubleVector s1 = DoubleVector.fromArray(V, c, c0 + L);
    for (int p = 0; p < k; p++) {
      int bp = b0 + p * NR;
      DoubleVector av = DoubleVector.broadcast(V, a[a0 + p * cs]);
      s0 = DoubleVector.fromArray(V, bPack, bp).fma(av, s0);
      s1 = DoubleVector.fromArray(V, bPack, bp + L).fma(av, s1);
    }
    s0.intoArray(c, c0);
    s1.intoArray(c, c0 + L);
  }

  /** Columns {@code [j, n)} of one row: one vector if a whole one remains, then scalar fused multiply-adds. */
  private static void rowTail(int j, int n, int k, double[] a, int aRow, int cs, double[] b, int bOff, int ldb,
      double[] c, int cRow) {
    if (j + L <= n) {
      DoubleVector s = DoubleVector.fromArray(V, c, cRow + j);
      for (int p = 0; p < k; p++) {
        s = DoubleVector.fromArray(V, b, bOff + p * ldb + j).fma(DoubleVector.broadcast(V, a[aRow + p * cs]), s);
      }
      s.intoArray(c, cRow + j);
      j += L;
    }
    for (; j < n; j++) {
      double s = c[cRow + j];
      for (int p = 0; p < k; p++) {
        s = Math.fma(a[aRow + p * cs], b[bOff + p * ldb + j], s);
      }
      c[cRow + j] = s;
    }
  }
}
