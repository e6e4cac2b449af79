package org.minicnn.engine.conv.fast;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API tile of {@link FloatGemm}: six rows by two float vectors in twelve registers while the inner
 * dimension streams through, each step two loads of {@code B}, six broadcasts of {@code A} and twelve fused
 * multiply-adds. At 512 bits a vector holds sixteen floats, so a step does 192 multiply-adds, twice the double
 * tile's. The twelve accumulators and six row steps are written out on purpose, as in {@link VectorGemm}: vectors
 * kept in an array, a second loop in the same method or a 24-accumulator tile were not kept in registers by the
 * JIT and ran 6 to 11 times slower (measured; see docs/kernels.md). Only loaded when the
 * {@code jdk.incubator.vector} module is present (see {@link VectorApi#ENABLED}).
 */
final class VectorFloatGemm {

  private static final VectorSpecies<Float> F = VectorWidth.FLOAT_SPECIES;
  /** Floats per vector: 8 (256 bits) or 16 (512 bits). */
  private static final int L = F.length();
  /** Columns of a tile: two vectors. */
  static final int PANEL = 2 * L;
  /** Doubles of the kernels' width, for rounding to float and widening back. */
  private static final VectorSpecies<Double> D = VectorWidth.SPECIES;
  /** Doubles per vector: half the floats. */
  private static final int DL = D.length();
  /**
   * The upper half of a float vector's lanes. Conversions go through {@link #F} and {@link #D} only: a second
   * float species in the same JVM would make the JIT's profiles of {@code FloatVector}'s methods see two
   * classes, and it then stops compiling the tile's loads and stores to single instructions.
   */
  private static final VectorMask<Float> UPPER = VectorMask.fromLong(F, -1L << DL);

  private VectorFloatGemm() {}

  /** See {@link FloatGemm#tile}. */
  static void tile(int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int bs, float[] c, int cOff,
      int ldc) {
    int a1 = ars;
    int a2 = 2 * ars;
    int a3 = 3 * ars;
    int a4 = 4 * ars;
    int a5 = 5 * ars;
    FloatVector s00 = FloatVector.fromArray(F, c, cOff);
    FloatVector s01 = FloatVector.fromArray(F, c, cOff + L);
    FloatVector s10 = FloatVector.fromArray(F, c, cOff + ldc);
    FloatVector s11 = FloatVector.fromArray(F, c, cOff + ldc + L);
    FloatVector s20 = FloatVector.fromArray(F, c, cOff + 2 * ldc);
    FloatVector s21 = FloatVector.fromArray(F, c, cOff + 2 * ldc + L);
    FloatVector s30 = FloatVector.fromArray(F, c, cOff + 3 * ldc);
    FloatVector s31 = FloatVector.fromArray(F, c, cOff + 3 * ldc + L);
    FloatVector s40 = FloatVector.fromArray(F, c, cOff + 4 * ldc);
    FloatVector s41 = FloatVector.fromArray(F, c, cOff + 4 * ldc + L);
    FloatVector s50 = FloatVector.fromArray(F, c, cOff + 5 * ldc);
    FloatVector s51 = FloatVector.fromArray(F, c, cOff + 5 * ldc + L);
    for (int p = 0, ap = aOff, bp = bOff; p < k; p++, ap += acs, bp += bs) {
      FloatVector lo = FloatVector.fromArray(F, b, bp);
      FloatVector hi = FloatVector.fromArray(F, b, bp + L);
      FloatVector av = FloatVector.broadcast(F, a[ap]);
      s00 = lo.fma(av, s00);
      s01 = hi.fma(av, s01);
      av = FloatVector.broadcast(F, a[ap + a1]);
      s10 = lo.fma(av, s10);
      s11 = hi.fma(av, s11);
      av = FloatVector.broadcast(F, a[ap + a2]);
      s20 = lo.fma(av, s20);
      s21 = hi.fma(av, s21);
      av = FloatVector.broadcast(F, a[ap + a3]);
      s30 = lo.fma(av, s30);
      s31 = hi.fma(av, s31);
      av = FloatVector.broadcast(F, a[ap + a4]);
      s40 = lo.fma(av, s40);
      s41 = hi.fma(av, s41);
      av = FloatVector.broadcast(F, a[ap + a5]);
      s50 = lo.fma(av, s50);
      s51 = hi.fma(av, s51);
    }
    store(c, cOff, s00, s01);
    store(c, cOff + ldc, s10, s11);
    store(c, cOff + 2 * ldc, s20, s21);
    store(c, cOff + 3 * ldc, s30, s31);
    store(c, cOff + 4 * ldc, s40, s41);
    store(c, cOff + 5 * ldc, s50, s51);
  }

  /** {@link FloatGemm#addRun} over whole vectors; returns how many elements it did (the rest: the caller). */
  static int addRun(float[] src, int from, float[] dst, int to, int length) {
    int t = 0;
    for (; t + L <= length; t += L) {
      FloatVector.fromArray(F, dst, to + t).add(FloatVector.fromArray(F, src, from + t)).intoArray(dst, to + t);
    }
    return t;
  }

  /** {@link FloatGemm#round} over whole vectors; returns how many elements it did. */
  static int round(double[] src, int from, float[] dst, int to, int length) {
    int t = 0;
    for (; t + L <= length; t += L) {
      FloatVector lo = (FloatVector) DoubleVector.fromArray(D, src, from + t).convertShape(VectorOperators.D2F, F, 0);
      FloatVector hi =
          (FloatVector) DoubleVector.fromArray(D, src, from + t + DL).convertShape(VectorOperators.D2F, F, -1);
      lo.blend(hi, UPPER).intoArray(dst, to + t);
    }
    return t;
  }

  /** {@link FloatGemm#widen} over whole vectors; returns how many elements it did. */
  static int widen(float[] src, int from, double[] dst, int to, int length, boolean add) {
    int t = 0;
    for (; t + L <= length; t += L) {
      FloatVector v = FloatVector.fromArray(F, src, from + t);
      DoubleVector lo = (DoubleVector) v.convertShape(VectorOperators.F2D, D, 0);
      DoubleVector hi = (DoubleVector) v.convertShape(VectorOperators.F2D, D, 1);
      if (add) {
        lo = lo.add(DoubleVector.fromArray(D, dst, to + t));
        hi = hi.add(DoubleVector.fromArray(D, dst, to + t + DL));
      }
      lo.intoArray(dst, to + t);
      hi.intoArray(dst, to + t + DL);
    }
    return t;
  }

  /** {@link FloatGemm#roundValues} over whole vectors; returns how many elements it did. */
  static int roundValues(double[] src, double[] dst, int length, boolean add) {
    int t = 0;
    for (; t + DL <= length; t += DL) {
      FloatVector narrow = (FloatVector) DoubleVector.fromArray(D, src, t).convertShape(VectorOperators.D2F, F, 0);
      DoubleVector wide = (DoubleVector) narrow.convertShape(VectorOperators.F2D, D, 0);
      (add ? wide.add(DoubleVector.fromArray(D, dst, t)) : wide).intoArray(dst, t);
    }
    return t;
  }

  private static void store(float[] c, int at, FloatVector lo, FloatVector hi) {
    lo.intoArray(c, at);
    hi.intoArray(c, at + L);
  }
}
