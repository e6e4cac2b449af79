package org.minicnn.engine.conv;

/**
 * The plain-Java {@link Gemm}: one row of {@code C} at a time, as a sequence of
 * {@code C[i,·] += A[i,p]·B[p,·]} updates whose inner loop the JIT vectorises.
 */
final class ScalarGemm {

  private ScalarGemm() {}

  /** See {@link Gemm#multiplyAdd}. */
  static void multiplyAdd(int m, int n, int k, double[] a, int aOff, int aRowStride, int aColStride,
      double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      int cRow = cOff + i * ldc;
      int aRow = aOff + i * aRowStride;
      for (int p = 0; p < k; p++) {
        double av = a[aRow + p * aColStride];
        int bRow = bOff + p * ldb;
        for (int j = 0; j < n; j++) {
          c[cRow + j] += av * b[bRow + j];
        }
      }
    }
  }
}
