package org.minicnn.engine.conv.fast;

/**
 * {@code C += A·B} on slices of flat arrays: the one hot loop of {@link BlockedConvolution}.
 *
 * <p>{@code A} is {@code m × k} with element {@code (i, p)} at {@code a[aOff + i·aRowStride + p·aColStride]}
 * (so a transposed matrix is just other strides), {@code B} is {@code k × n} row-major with row
 * length {@code ldb}, {@code C} is {@code m × n} row-major with row length {@code ldc}. Every element
 * of {@code C} is summed over {@code p = 0, 1, …, k−1} in that order, so results do not depend on how
 * callers split the rows or columns.
 *
 * <p>Uses {@link VectorGemm} (the JDK Vector API, register-tiled, fused multiply-add) when the
 * {@code jdk.incubator.vector} module is in the boot layer ({@code --add-modules jdk.incubator.vector})
 * and {@link ScalarGemm} otherwise. Both sum each element as one chain of fused multiply-adds, so they
 * give the same bits (tested).
 */
final class Gemm {

  /**
   * Columns of a packed panel of {@code B} and of the Vector API kernel's tiles: two vectors
   * ({@link VectorApi#LANES}), 8 at 256 bits, 16 at 512.
   */
  static final int PANEL = 2 * VectorApi.LANES;

  private Gemm() {}

  /**
   * @param a input
   * @param b input
   * @param c modified: {@code C += A·B}
   * @throws IllegalArgumentException if a slice reaches outside its array (checked once here, so the
   *     kernels may run with the Vector API's per-load bounds checks switched off)
   */
  static void multiplyAdd(int m, int n, int k, double[] a, int aOff, int aRowStride, int aColStride,
      double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
    if (m <= 0 || n <= 0 || k <= 0) {
      return;
    }
    requireInside("A", a, aOff, (long) (m - 1) * aRowStride + (long) (k - 1) * aColStride, aRowStride, aColStride);
    requireInside("B", b, bOff, (long) (k - 1) * ldb + n - 1, ldb, 1);
    requireInside("C", c, cOff, (long) (m - 1) * ldc + n - 1, ldc, 1);
    if (VectorApi.ENABLED) {
      VectorGemm.multiplyAdd(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, ldb, c, cOff, ldc);
    } else {
      ScalarGemm.multiplyAdd(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, ldb, c, cOff, ldc);
    }
  }

  /**
   * The length of the packed copy of a {@code k × n} matrix {@code B} that {@link #packB} writes and
   * {@link #multiplyAddPacked} reads; 0 when the kernel in use reads {@code B} directly (the scalar
   * kernel, and shapes too small for a tile).
   */
  static int packedSize(int k, int n) {
    return VectorApi.ENABLED ? VectorGemm.packedSize(k, n) : 0;
  }

  /**
   * Packs {@code B} ({@code k × n}, row-major, row length {@code ldb}, from {@code bOff}) once, for
   * callers that multiply many {@code A}s by the same {@code B}.
   *
   * @param packed modified: its first {@link #packedSize}{@code (k, n)} elements
   * @throws IllegalArgumentException if the slice of {@code b} reaches outside it or {@code packed} is too short
   */
  static void packB(int k, int n, double[] b, int bOff, int ldb, double[] packed) {
    if (n <= 0 || k <= 0) {
      return;
    }
    requireInside("B", b, bOff, (long) (k - 1) * ldb + n - 1, ldb, 1);
    requirePacked(packed, k, n);
    if (VectorApi.ENABLED) {
      VectorGemm.packB(k, n, b, bOff, ldb, packed);
    }
  }

  /**
   * {@link #multiplyAdd} with {@code B} already packed by {@link #packB}{@code (k, n, b, bOff, ldb, packed)}
   * (the kernel still reads the edge columns from {@code b}); the same result bit for bit.
   *
   * @param packed input: {@link #packB}'s copy of the same slice of {@code b}, unchanged since
   * @param c modified: {@code C += A·B}
   * @throws IllegalArgumentException if a slice reaches outside its array or {@code packed} is too short
   */
  static void multiplyAddPacked(int m, int n, int k, double[] a, int aOff, int aRowStride, int aColStride,
      double[] b, int bOff, int ldb, double[] packed, double[] c, int cOff, int ldc) {
    if (m <= 0 || n <= 0 || k <= 0) {
      return;
    }
    requireInside("A", a, aOff, (long) (m - 1) * aRowStride + (long) (k - 1) * aColStride, aRowStride, aColStride);
    requireInside("B", b, bOff, (long) (k - 1) * ldb + n - 1, ldb, 1);
    requireInside("C", c, cOff, (long) (m - 1) * ldc + n - 1, ldc, 1);
    requirePacked(packed, k, n);
    if (VectorApi.ENABLED) {
      VectorGemm.multiplyAddPacked(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, ldb, packed, c, cOff, ldc);
    } else {
      ScalarGemm.multiplyAdd(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, ldb, c, cOff, ldc);
    }
  }

  /**
   * Whether {@link #multiplyAddSixGathered} computes a product with {@code n} columns: the Vector API
   * kernel, and {@code n} a multiple of its {@link #PANEL}-column panels.
   */
  static boolean gathers(int k, int n) {
    return VectorApi.ENABLED && n % PANEL == 0 && packedSize(k, n) > 0;
  }

  /**
   * {@code C += A·B} for six rows of {@code A} read where they lie instead of from a copied matrix:
   * {@code A[r, p] = x[base + r·rowStep + offsets[p]]} (six neighbouring output pixels of a
   * convolution, whose patches sit {@code rowStep} apart in the input); otherwise as
   * {@link #multiplyAddPacked} with {@code m = 6}, and the same result bit for bit. Only when
   * {@link #gathers}{@code (k, n)}.
   *
   * @param offsets input: {@code k} offsets into {@code x}
   * @param packed input: {@link #packB}'s copy of {@code B} ({@code k × n})
   * @param c modified: {@code C += A·B}, six rows of row length {@code ldc} from {@code cOff}
   * @throws IllegalArgumentException if {@code C} reaches outside its array, {@code packed} is too short, or
   *     {@link #gathers} is false; an offset outside {@code x} throws {@link ArrayIndexOutOfBoundsException}
   */
  static void multiplyAddSixGathered(int n, int k, double[] x, int base, int rowStep, int[] offsets, double[] packed,
      double[] c, int cOff, int ldc) {
    if (!gathers(k, n)) {
      throw new IllegalArgumentException("Gemm: gathered rows need the Vector API and a multiple of " + PANEL
          + " columns, got " + n + " columns" + (VectorApi.ENABLED ? "" : " without the Vector API"));
    }
    requireInside("C", c, cOff, 5L * ldc + n - 1, ldc, 1);
    requirePacked(packed, k, n);
    VectorGemm.multiplyAddSixGathered(n, k, x, base, rowStep, offsets, packed, c, cOff, ldc);
  }

  /**
   * {@code x[base + r·rowStep + offsets[j]] += (A·B)[r, j]} for six rows of {@code A} ({@code 6 × k},
   * row-major, row length {@code lda}, from {@code aOff}) and {@code B} ({@code k × n}, packed): the
   * patch gradients of six neighbouring output pixels added straight into the input gradient, with no
   * patch matrix in between. Each panel of {@link #PANEL} columns must sit in that many consecutive elements
   * ({@code offsets[PANEL·g + t] = offsets[PANEL·g] + t}); the caller ensures that. Tiles are added in column-group
   * order, rows in order. Only when {@link #gathers}{@code (k, n)}.
   *
   * @param a input
   * @param packed input: {@link #packB}'s copy of {@code B}
   * @param x modified
   * @param offsets input: {@code n} offsets into {@code x}
   * @throws IllegalArgumentException if {@code A} or a tile reaches outside its array, {@code packed} is too
   *     short, or {@link #gathers} is false
   */
  static void multiplyScatterAddSix(int n, int k, double[] a, int aOff, int lda, double[] packed, double[] x,
      int base, int rowStep, int[] offsets) {
    if (!gathers(k, n)) {
      throw new IllegalArgumentException("Gemm: scattered rows need the Vector API and a multiple of " + PANEL
          + " columns, got " + n + " columns" + (VectorApi.ENABLED ? "" : " without the Vector API"));
    }
    requireInside("A", a, aOff, 5L * lda + k - 1, lda, 1);
    requirePacked(packed, k, n);
    for (int g = 0; g < n; g += PANEL) {
      long first = (long) base + offsets[g];
      long last = first + 5L * rowStep + PANEL - 1;
      if (first < 0 || rowStep < 0 || last >= x.length) {
        throw new IllegalArgumentException("Gemm: scattered columns " + g + ".." + (g + PANEL - 1) + " reach elements "
            + first + " to " + last + ", expected inside 0.." + (x.length - 1));
      }
    }
    VectorGemm.multiplyScatterAddSix(n, k, a, aOff, lda, packed, x, base, rowStep, offsets);
  }

  /**
   * {@code C += A·B} with {@code A} ({@code 6 × count}) read where it lies, {@code A[r, q] =
   * x[pixelBase[q] + offset + r]}, and {@code B} ({@code count × n}) row-major in place: six
   * consecutive patch elements of {@code count} pixels against those pixels' output gradients, the
   * kernel gradient without a patch matrix. Each element of {@code C} is one chain of fused
   * multiply-adds over {@code q} in order, as in {@link #multiplyAdd}, so the same bits. Only when
   * {@link #gathers}{@code (count, n)} ({@code count ≥ 4}).
   *
   * @param x input
   * @param pixelBase input: {@code count} offsets into {@code x}
   * @param b input
   * @param c modified: six rows of row length {@code ldc} from {@code cOff}
   * @throws IllegalArgumentException if {@code B} or {@code C} reaches outside its array or {@link #gathers} is false
   */
  static void multiplyAddSixByPixels(int n, int count, double[] x, int[] pixelBase, int offset, double[] b, int bOff,
      int ldb, double[] c, int cOff, int ldc) {
    if (!gathers(count, n)) {
      throw new IllegalArgumentException("Gemm: rows by pixels need the Vector API, a multiple of " + PANEL
          + " columns and at least 4 pixels, got " + n + " columns and " + count + " pixels"
          + (VectorApi.ENABLED ? "" : " without the Vector API"));
    }
    requireInside("B", b, bOff, (long) (count - 1) * ldb + n - 1, ldb, 1);
    requireInside("C", c, cOff, 5L * ldc + n - 1, ldc, 1);
    VectorGemm.multiplyAddSixByPixels(n, count, x, pixelBase, offset, b, bOff, ldb, c, cOff, ldc);
  }

  /**
   * Patch elements a {@link #multiplyAddByPixelsTransposed} call takes: six vectors, 48 at 512 bits. They must lie
   * in consecutive input elements, as a window row's columns and channels do when it has a multiple of this many.
   */
  static final int TRANSPOSED_RUN = 3 * PANEL;

  /**
   * Whether {@link #multiplyAddByPixelsTransposed} computes {@code n} filters: the Vector API at 512 bits or
   * wider, whose 32 registers hold its 24 accumulators, and {@code n} a multiple of 4.
   */
  static boolean transposesByPixels(int n) {
    return VectorApi.ENABLED && VectorApi.LANES >= 8 && n % 4 == 0;
  }

  /**
   * The product of {@link #multiplyAddSixByPixels} for {@link #TRANSPOSED_RUN} consecutive patch elements,
   * transposed: {@code C[o, j] += Σ_q B[q, o]·x[pixelBase[q] + offset + j]} for filters {@code o < n}
   * and patch elements {@code j < TRANSPOSED_RUN}, {@code B} ({@code count × n}) row-major in place and {@code C}
   * ({@code n × TRANSPOSED_RUN}) with row length {@code ldc}. The patch elements are the vectors and the output
   * gradients the broadcasts, so a caller can keep one run of patch elements in the L1 cache while every filter
   * passes over it; each element of {@code C} is the same chain of fused multiply-adds over {@code q} in order,
   * so the same bits as the untransposed product. Only when {@link #transposesByPixels}{@code (n)} and
   * {@code count ≥ 4}.
   *
   * @param x input
   * @param pixelBase input: {@code count} offsets into {@code x}
   * @param b input
   * @param c modified: {@code n} rows of row length {@code ldc} from {@code cOff}
   * @throws IllegalArgumentException if {@code B} or {@code C} reaches outside its array or the call does not suit
   */
  static void multiplyAddByPixelsTransposed(int n, int count, double[] x, int[] pixelBase, int offset, double[] b,
      int bOff, int ldb, double[] c, int cOff, int ldc) {
    if (!transposesByPixels(n) || count < 4) {
      throw new IllegalArgumentException("Gemm: transposed rows by pixels need the Vector API at 512 bits or wider,"
          + " a multiple of 4 filters and at least 4 pixels, got " + n + " filters and " + count + " pixels at "
          + VectorApi.bits() + " bits" + (VectorApi.ENABLED ? "" : " without the Vector API"));
    }
    requireInside("B", b, bOff, (long) (count - 1) * ldb + n - 1, ldb, 1);
    requireInside("C", c, cOff, (long) (n - 1) * ldc + TRANSPOSED_RUN - 1, ldc, 1);
    VectorGemm.multiplyAddByPixelsTransposed(n, count, x, pixelBase, offset, b, bOff, ldb, c, cOff, ldc);
  }

  private static void requirePacked(double[] packed, int k, int n) {
    int size = packedSize(k, n);
    if (size > 0 && (packed == null || packed.length < size)) {
      throw new IllegalArgumentException("Gemm: packed B for k=" + k + ", n=" + n + " needs " + size
          + " elements, got " + (packed == null ? "null" : packed.length));
    }
  }

  private static void requireInside(String name, double[] array, int offset, long lastRelative, int rowStride,
      int colStride) {
    if (offset < 0 || rowStride < 0 || colStride < 0 || offset + lastRelative >= array.length) {
      throw new IllegalArgumentException("Gemm: matrix " + name + " with offset " + offset + " and strides "
          + rowStride + ", " + colStride + " reaches element " + (offset + lastRelative) + ", expected below its length "
          + array.length);
    }
  }
}
