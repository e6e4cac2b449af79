package org.minicnn.engine.conv.fast;

/**
 * The float32 multiply of {@link FloatBlockedConvolution}: one tile of {@link #ROWS} rows by {@link #PANEL}
 * columns, {@code C += A·B} over an inner dimension of {@code k}, on buffers the caller has padded so that every
 * tile is whole (no edge code). Strides are free, so the same tile serves the three passes of a convolution:
 * the forward ({@code A} = patches by row, {@code B} = packed kernel panels), the input gradient ({@code A} =
 * {@code dY} rows, {@code B} = packed transposed kernel) and the kernel gradient ({@code A} = patches by column,
 * {@code B} = {@code dY} rows in place).
 *
 * <p>Every element of {@code C} is one chain of float fused multiply-adds ({@code fma(a, b, c)}, one rounding
 * each) over {@code p} in order, starting from its value in {@code C}. So the Vector API tile
 * ({@link VectorFloatGemm}), the plain-Java tile below and every width give the same bits: tiling is not
 * allowed to change a result, and the width decides the padding only.
 */
final class FloatGemm {

  /** Rows of a tile: six, as the double multiply's, so that twelve accumulators hide the fma latency. */
  static final int ROWS = 6;
  /**
   * Columns of a tile and of a packed panel: two float vectors (16 at 256 bits, 32 at 512) with the Vector API,
   * 8 in plain Java.
   */
  static final int PANEL = VectorApi.ENABLED ? VectorFloatGemm.PANEL : 8;

  private FloatGemm() {}

  /** {@code n} rounded up to a multiple of {@code multiple}. */
  static int roundUp(int n, int multiple) {
    return (n + multiple - 1) / multiple * multiple;
  }

  /**
   * {@code C[r, t] += Σ_p A[r, p]·B[p, t]} for {@code r <} {@link #ROWS}, {@code t <} {@link #PANEL}, {@code p < k},
   * with {@code A[r, p] = a[aOff + r·ars + p·acs]}, {@code B[p, t] = b[bOff + p·bs + t]} and
   * {@code C[r, t] = c[cOff + r·ldc + t]}; without {@code accumulate}, {@code C = A·B} (the chains start from
   * zero: {@code C}'s old values are not read). Rows next to each other ({@code ars = 1}) go to
   * {@link VectorFloatGemm#tileConsecutiveRows}, the same chains read at constant offsets.
   *
   * @param c modified: the tile
   */
  static void tile(int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int bs, float[] c, int cOff,
      int ldc, boolean accumulate) {
    if (VectorApi.ENABLED && ars == 1) {
      VectorFloatGemm.tileConsecutiveRows(k, a, aOff, acs, b, bOff, bs, c, cOff, ldc, accumulate);
    } else if (VectorApi.ENABLED) {
      VectorFloatGemm.tile(k, a, aOff, ars, acs, b, bOff, bs, c, cOff, ldc, accumulate);
    } else {
      plainTile(k, a, aOff, ars, acs, b, bOff, bs, c, cOff, ldc, accumulate);
    }
  }

  /**
   * Whether the 512-bit Vector API tiles of 24 accumulators are there ({@link VectorFloatGemm#tilePair},
   * {@link VectorFloatGemm#tileTall}): AVX-512 has 32 vector registers, AVX2 16, which twelve fill.
   */
  static final boolean WIDE_TILES = VectorApi.ENABLED && VectorFloatGemm.WIDE_TILES;

  /**
   * Rows that {@link #tiles} takes at once, and the multiple the callers pad their rows to: twelve with
   * {@link #WIDE_TILES} (one twelve-row tile of one panel, or two six-row tiles of two panels), else six.
   */
  static final int ROW_BLOCK = WIDE_TILES ? 2 * ROWS : ROWS;

  /**
   * {@link #tile} over {@link #ROW_BLOCK} rows and {@code width} columns, one panel or two ({@link #PANEL} or
   * twice it): {@code C}'s columns {@code [0, width)} from {@code cOff}, the second panel of {@code B} at
   * {@code bOff + bPanel}. The same chains, so the same bits as a tile per six rows and panel; with
   * {@link #WIDE_TILES} one panel goes to the twelve-row tile and two to the two-panel tile, so that every step
   * feeds 24 fused multiply-adds.
   *
   * @param c modified: the tiles
   */
  static void tiles(int width, int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int bs,
      int bPanel, float[] c, int cOff, int ldc, boolean accumulate) {
    if (!WIDE_TILES) {
      narrowTiles(width, k, a, aOff, ars, acs, b, bOff, bs, bPanel, c, cOff, ldc, accumulate);
    } else if (width == PANEL) {
      VectorFloatGemm.tileTall(k, a, aOff, ars, acs, b, bOff, bs, c, cOff, ldc, accumulate);
    } else {
      VectorFloatGemm.tilePair(k, a, aOff, ars, acs, b, bOff, bs, bPanel, c, cOff, ldc, accumulate);
      VectorFloatGemm.tilePair(k, a, aOff + ROWS * ars, ars, acs, b, bOff, bs, bPanel, c, cOff + ROWS * ldc, ldc,
          accumulate);
    }
  }

  /**
   * {@link #tiles} by six-row tiles, one per panel: {@link #ROWS} rows and {@code width} columns (one panel or
   * two). What {@link #tiles} runs without {@link #WIDE_TILES}.
   *
   * @param c modified: the tiles
   */
  static void narrowTiles(int width, int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int bs,
      int bPanel, float[] c, int cOff, int ldc, boolean accumulate) {
    tile(k, a, aOff, ars, acs, b, bOff, bs, c, cOff, ldc, accumulate);
    if (width > PANEL) {
      tile(k, a, aOff, ars, acs, b, bOff + bPanel, bs, c, cOff + PANEL, ldc, accumulate);
    }
  }

  /**
   * How many columns {@link #tiles} takes from column {@code j} of a row of {@code width} (whole panels): two
   * panels where two are left, else one.
   */
  static int step(int j, int width) {
    return j + 2 * PANEL <= width ? 2 * PANEL : PANEL;
  }

  /** {@link #tile} in plain Java: the same fused multiply-adds in the same order, so the same bits. */
  static void plainTile(int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int bs, float[] c,
      int cOff, int ldc, boolean accumulate) {
    for (int r = 0; r < ROWS; r++) {
      for (int t = 0; t < PANEL; t++) {
        int e = cOff + r * ldc + t;
        float sum = accumulate ? c[e] : 0f;
        for (int p = 0; p < k; p++) {
          sum = Math.fma(a[aOff + r * ars + p * acs], b[bOff + p * bs + t], sum);
        }
        c[e] = sum;
      }
    }
  }

  /**
   * {@code dst[to + t] += src[from + t]} for {@code t < length}: a run of patch gradients added back into the
   * input gradient; in vectors when the Vector API is present (the same additions).
   */
  static void addRun(float[] src, int from, float[] dst, int to, int length) {
    int done = VectorApi.ENABLED ? VectorFloatGemm.addRun(src, from, dst, to, length) : 0;
    plainAddRun(src, from + done, dst, to + done, length - done);
  }

  /** {@link #addRun} in plain Java. */
  static void plainAddRun(float[] src, int from, float[] dst, int to, int length) {
    for (int t = 0; t < length; t++) {
      dst[to + t] += src[from + t];
    }
  }

  /** {@code dst[to + t] = (float) src[from + t]} for {@code t < length} (round to nearest). */
  static void round(double[] src, int from, float[] dst, int to, int length) {
    int done = VectorApi.ENABLED ? VectorFloatGemm.round(src, from, dst, to, length) : 0;
    plainRound(src, from + done, dst, to + done, length - done);
  }

  /** {@link #round} in plain Java. */
  static void plainRound(double[] src, int from, float[] dst, int to, int length) {
    for (int t = 0; t < length; t++) {
      dst[to + t] = (float) src[from + t];
    }
  }

  /**
   * {@code dst[to + t] = src[from + t]} widened to double for {@code t < length}; with {@code add},
   * {@code dst[to + t] += src[from + t]} instead.
   */
  static void widen(float[] src, int from, double[] dst, int to, int length, boolean add) {
    int done = VectorApi.ENABLED ? VectorFloatGemm.widen(src, from, dst, to, length, add) : 0;
    plainWiden(src, from + done, dst, to + done, length - done, add);
  }

  /** {@link #widen} in plain Java. */
  static void plainWiden(float[] src, int from, double[] dst, int to, int length, boolean add) {
    for (int t = 0; t < length; t++) {
      dst[to + t] = add ? dst[to + t] + src[from + t] : src[from + t];
    }
  }

  /**
   * {@code dst[t] = (float) src[t]} widened back, for {@code from <= t < end}; with {@code add},
   * {@code dst[t] += (float) src[t]} instead ({@code src} and {@code dst} may be the same array).
   */
  static void roundValues(double[] src, double[] dst, int from, int end, boolean add) {
    int done = VectorApi.ENABLED ? VectorFloatGemm.roundValues(src, dst, from, end, add) : from;
    plainRoundValues(src, done, dst, end, add);
  }

  /** {@link #roundValues} in plain Java, for {@code from <= t < end}. */
  static void plainRoundValues(double[] src, int from, double[] dst, int end, boolean add) {
    for (int t = from; t < end; t++) {
      dst[t] = add ? dst[t] + (float) src[t] : (float) src[t];
    }
  }

  /**
   * Rounds a {@code rows × cols} matrix {@code M[i, j] = m[i·rowStride + j·colStride]} (the kernel, or its
   * transpose by other strides) to float and lays it out in panels of {@link #PANEL} columns, zero beyond
   * {@code cols}: {@code packed[(jp·rows + i)·PANEL + t] = M[i, jp·PANEL + t]}. The tile then reads a panel's rows
   * one after the other.
   *
   * @param packed modified: its first {@code rows ·} {@link #roundUp}{@code (cols, PANEL)} elements
   */
  static void packPanels(int rows, int cols, double[] m, int rowStride, int colStride, float[] packed) {
    int panels = roundUp(cols, PANEL) / PANEL;
    for (int jp = 0, q = 0; jp < panels; jp++) {
      for (int i = 0; i < rows; i++) {
        for (int t = 0; t < PANEL; t++, q++) {
          int j = jp * PANEL + t;
          packed[q] = j < cols ? (float) m[i * rowStride + j * colStride] : 0f;
        }
      }
    }
  }
}
