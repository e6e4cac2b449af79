package org.minicnn.engine.conv.fast;

/**
 * The plain-Java {@link Gemm}: {@code C} cut into 4×4 tiles held in sixteen local variables while
 * the whole inner dimension streams through (four loads of {@code A}, four of {@code B}, sixteen fused
 * multiply-adds a step); the edge elements one at a time. Every element of {@code C} is one chain of
 * {@link Math#fma} over {@code p} in order — the same operations as {@link VectorGemm}, so the two give
 * the same bits, with or without the Vector API module.
 *
 * <p>Why tiles: the row-at-a-time loop {@code C[i,·] += A[i,p]·B[p,·]} that this replaced loads and
 * stores {@code C} at every step; the tile keeps {@code C} in registers, which measured two to three
 * times faster. {@link Math#fma} is one instruction on every x86-64 processor with FMA3
 * and on ARMv8.
 */
final class ScalarGemm {

  private ScalarGemm() {}

  /** See {@link Gemm#multiplyAdd}. */
  static void multiplyAdd(int m, int n, int k, double[] a, int aOff, int aRowStride, int aColStride,
      double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
    int m4 = m & ~3;
    int n4 = n & ~3;
    for (int i = 0; i < m4; i += 4) {
      for (int j = 0; j < n4; j += 4) {
        tile4x4(k, a, aOff + i * aRowStride, aRowStride, aColStride, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
      }
    }
    for (int i = 0; i < m; i++) {
      int aRow = aOff + i * aRowStride;
      for (int j = i < m4 ? n4 : 0; j < n; j++) {
        int e = cOff + i * ldc + j;
        double s = c[e];
        for (int p = 0; p < k; p++) {
          s = Math.fma(a[aRow + p * aColStride], b[bOff + p * ldb + j], s);
        }
        c[e] = s;
      }
    }
  }

  /** {@code C[0..4, 0..4] += A[0..4, ·]·B[·, 0..4]} with {@code A} from {@code a0}, {@code B} from {@code b0}, {@code C} from {@code c0}. */
  private static void tile4x4(int k, double[] a, int a0, int rs, int cs, double[] b, int b0, int ldb, double[] c,
      int c0, int ldc) {
    int c1 = c0 + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    double s00 = c[c0], s01 = c[c0 + 1], s02 = c[c0 + 2], s03 = c[c0 + 3];
    double s10 = c[c1], s11 = c[c1 + 1], s12 = c[c1 + 2], s13 = c[c1 + 3];
    double s20 = c[c2], s21 = c[c2 + 1], s22 = c[c2 + 2], s23 = c[c2 + 3];
    double s30 = c[c3], s31 = c[c3 + 1], s32 = c[c3 + 2], s33 = c[c3 + 3];
    for (int p = 0, ap = a0, bp = b0; p < k; p++, ap += cs, bp += ldb) {
      double b0v = b[bp];
      double b1v = b[bp + 1];
      double b2v = b[bp + 2];
      double b3v = b[bp + 3];
      double x = a[ap];
      s00 = Math.fma(x, b0v, s00);
      s01 = Math.fma(x, b1v, s01);
      s02 = Math.fma(x, b2v, s02);
      s03 = Math.fma(x, b3v, s03);
      x = a[ap + rs];
      s10 = Math.fma(x, b0v, s10);
      s11 = Math.fma(x, b1v, s11);
      s12 = Math.fma(x, b2v, s12);
      s13 = Math.fma(x, b3v, s13);
      x = a[ap + 2 * rs];
      s20 = Math.fma(x, b0v, s20);
      s21 = Math.fma(x, b1v, s21);
      s22 = Math.fma(x, b2v, s22);
      s23 = Math.fma(x, b3v, s23);
      x = a[ap + 3 * rs];
      s30 = Math.fma(x, b0v, s30);
      s31 = Math.fma(x, b1v, s31);
      s32 = Math.fma(x, b2v, s32);
      s33 = Math.fma(x, b3v, s33);
    }
    c[c0] = s00;
    c[c0 + 1] = s01;
    c[c0 + 2] = s02;
    c[c0 + 3] = s03;
    c[c1] = s10;
    c[c1 + 1] = s11;
    c[c1 + 2] = s12;
    c[c1 + 3] = s13;
    c[c2] = s20;
    c[c2 + 1] = s21;
    c[c2 + 2] = s22;
    c[c2 + 3] = s23;
    c[c3] = s30;
    c[c3 + 1] = s31;
    c[c3 + 2] = s32;
    c[c3 + 3] = s33;
  }
}
