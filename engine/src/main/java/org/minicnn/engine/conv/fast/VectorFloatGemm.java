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
 * tile's; there, with 32 registers, {@link #tilePair} does two panels at once and {@link #tileTall} twelve rows
 * of one panel (24 accumulators each, so every step feeds 24 multiply-adds). The accumulators and row steps are
 * written out on purpose, as in {@link VectorGemm}: vectors kept in an array or a second loop in the same method
 * were not kept in registers by the JIT and ran 6 to 11 times slower (measured; see docs/kernels.md). Only loaded
 * when the {@code jdk.incubator.vector} module is present (see {@link VectorApi#ENABLED}).
 */
final class VectorFloatGemm {

  private static final VectorSpecies<Float> F = VectorWidth.FLOAT_SPECIES;
  /** Floats per vector: 8 (256 bits) or 16 (512 bits). */
  private static final int L = F.length();
  /** Columns of a tile: two vectors. */
  static final int PANEL = 2 * L;
  /**
   * Whether {@link #tilePair} and {@link #tileTall} are used: at 512 bits, where there are registers (32) for
   * their 24 accumulators.
   */
  static final boolean WIDE_TILES = L >= 16;
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

  /** See {@link FloatGemm#tile}; {@code C} starts from zero unless {@code accumulate}. */
  static void tile(int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int bs, float[] c, int cOff,
      int ldc, boolean accumulate) {
    FloatVector zero = FloatVector.zero(F);
    int a1 = ars;
    int a2 = 2 * ars;
    int a3 = 3 * ars;
    int a4 = 4 * ars;
    int a5 = 5 * ars;
    FloatVector s00 = accumulate ? FloatVector.fromArray(F, c, cOff) : zero;
    FloatVector s01 = accumulate ? FloatVector.fromArray(F, c, cOff + L) : zero;
    FloatVector s10 = accumulate ? FloatVector.fromArray(F, c, cOff + ldc) : zero;
    FloatVector s11 = accumulate ? FloatVector.fromArray(F, c, cOff + ldc + L) : zero;
    FloatVector s20 = accumulate ? FloatVector.fromArray(F, c, cOff + 2 * ldc) : zero;
    FloatVector s21 = accumulate ? FloatVector.fromArray(F, c, cOff + 2 * ldc + L) : zero;
    FloatVector s30 = accumulate ? FloatVector.fromArray(F, c, cOff + 3 * ldc) : zero;
    FloatVector s31 = accumulate ? FloatVector.fromArray(F, c, cOff + 3 * ldc + L) : zero;
    FloatVector s40 = accumulate ? FloatVector.fromArray(F, c, cOff + 4 * ldc) : zero;
    FloatVector s41 = accumulate ? FloatVector.fromArray(F, c, cOff + 4 * ldc + L) : zero;
    FloatVector s50 = accumulate ? FloatVector.fromArray(F, c, cOff + 5 * ldc) : zero;
    FloatVector s51 = accumulate ? FloatVector.fromArray(F, c, cOff + 5 * ldc + L) : zero;
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

  /**
   * {@link #tile} for rows of {@code A} that lie next to each other ({@code ars = 1}: the kernel gradient's rows are
   * consecutive patch elements). With the six rows at constant offsets from one index, the JIT checks the bounds of
   * the first and the last and keeps no register per row: a step compiles to about 38 instructions instead of 53
   * (read from C2's code at 256 bits), for the same twelve fused multiply-adds. The same chains, so the same bits.
   */
  static void tileConsecutiveRows(int k, float[] a, int aOff, int acs, float[] b, int bOff, int bs, float[] c, int cOff,
      int ldc, boolean accumulate) {
    FloatVector zero = FloatVector.zero(F);
    FloatVector s00 = accumulate ? FloatVector.fromArray(F, c, cOff) : zero;
    FloatVector s01 = accumulate ? FloatVector.fromArray(F, c, cOff + L) : zero;
    FloatVector s10 = accumulate ? FloatVector.fromArray(F, c, cOff + ldc) : zero;
    FloatVector s11 = accumulate ? FloatVector.fromArray(F, c, cOff + ldc + L) : zero;
    FloatVector s20 = accumulate ? FloatVector.fromArray(F, c, cOff + 2 * ldc) : zero;
    FloatVector s21 = accumulate ? FloatVector.fromArray(F, c, cOff + 2 * ldc + L) : zero;
    FloatVector s30 = accumulate ? FloatVector.fromArray(F, c, cOff + 3 * ldc) : zero;
    FloatVector s31 = accumulate ? FloatVector.fromArray(F, c, cOff + 3 * ldc + L) : zero;
    FloatVector s40 = accumulate ? FloatVector.fromArray(F, c, cOff + 4 * ldc) : zero;
    FloatVector s41 = accumulate ? FloatVector.fromArray(F, c, cOff + 4 * ldc + L) : zero;
    FloatVector s50 = accumulate ? FloatVector.fromArray(F, c, cOff + 5 * ldc) : zero;
    FloatVector s51 = accumulate ? FloatVector.fromArray(F, c, cOff + 5 * ldc + L) : zero;
    for (int p = 0, ap = aOff, bp = bOff; p < k; p++, ap += acs, bp += bs) {
      FloatVector lo = FloatVector.fromArray(F, b, bp);
      FloatVector hi = FloatVector.fromArray(F, b, bp + L);
      FloatVector av = FloatVector.broadcast(F, a[ap]);
      s00 = lo.fma(av, s00);
      s01 = hi.fma(av, s01);
      av = FloatVector.broadcast(F, a[ap + 1]);
      s10 = lo.fma(av, s10);
      s11 = hi.fma(av, s11);
      av = FloatVector.broadcast(F, a[ap + 2]);
      s20 = lo.fma(av, s20);
      s21 = hi.fma(av, s21);
      av = FloatVector.broadcast(F, a[ap + 3]);
      s30 = lo.fma(av, s30);
      s31 = hi.fma(av, s31);
      av = FloatVector.broadcast(F, a[ap + 4]);
      s40 = lo.fma(av, s40);
      s41 = hi.fma(av, s41);
      av = FloatVector.broadcast(F, a[ap + 5]);
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

  /**
   * {@link #tile} over two panels of columns at once ({@code C}'s columns {@code [0, 2·PANEL)} from {@code cOff};
   * the second panel of {@code B} {@code bPanel} elements after the first): six broadcasts of {@code A} feed
   * twenty-four fused multiply-adds instead of twelve. Only at 512 bits ({@link #WIDE_TILES}): 24 accumulators, four
   * loads and a broadcast take 29 of the 32 vector registers. Every load, multiply-add and store is written out,
   * with no helper, as in {@link VectorGemm}'s wide tiles: the JIT compiles the Vector API calls to single
   * instructions only while it inlines all of them, and a helper in the double scatter tile was enough to stop
   * that (boxed vectors, 7 times slower). Each element is the same chain as in {@link #tile}, so the same bits.
   */
  static void tilePair(int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int bs, int bPanel,
      float[] c, int cOff, int ldc, boolean accumulate) {
    FloatVector zero = FloatVector.zero(F);
    int a1 = ars;
    int a2 = 2 * ars;
    int a3 = 3 * ars;
    int a4 = 4 * ars;
    int a5 = 5 * ars;
    int c1 = cOff + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    int c4 = c3 + ldc;
    int c5 = c4 + ldc;
    FloatVector s00 = accumulate ? FloatVector.fromArray(F, c, cOff) : zero;
    FloatVector s01 = accumulate ? FloatVector.fromArray(F, c, cOff + L) : zero;
    FloatVector s02 = accumulate ? FloatVector.fromArray(F, c, cOff + 2 * L) : zero;
    FloatVector s03 = accumulate ? FloatVector.fromArray(F, c, cOff + 3 * L) : zero;
    FloatVector s10 = accumulate ? FloatVector.fromArray(F, c, c1) : zero;
    FloatVector s11 = accumulate ? FloatVector.fromArray(F, c, c1 + L) : zero;
    FloatVector s12 = accumulate ? FloatVector.fromArray(F, c, c1 + 2 * L) : zero;
    FloatVector s13 = accumulate ? FloatVector.fromArray(F, c, c1 + 3 * L) : zero;
    FloatVector s20 = accumulate ? FloatVector.fromArray(F, c, c2) : zero;
    FloatVector s21 = accumulate ? FloatVector.fromArray(F, c, c2 + L) : zero;
    FloatVector s22 = accumulate ? FloatVector.fromArray(F, c, c2 + 2 * L) : zero;
    FloatVector s23 = accumulate ? FloatVector.fromArray(F, c, c2 + 3 * L) : zero;
    FloatVector s30 = accumulate ? FloatVector.fromArray(F, c, c3) : zero;
    FloatVector s31 = accumulate ? FloatVector.fromArray(F, c, c3 + L) : zero;
    FloatVector s32 = accumulate ? FloatVector.fromArray(F, c, c3 + 2 * L) : zero;
    FloatVector s33 = accumulate ? FloatVector.fromArray(F, c, c3 + 3 * L) : zero;
    FloatVector s40 = accumulate ? FloatVector.fromArray(F, c, c4) : zero;
    FloatVector s41 = accumulate ? FloatVector.fromArray(F, c, c4 + L) : zero;
    FloatVector s42 = accumulate ? FloatVector.fromArray(F, c, c4 + 2 * L) : zero;
    FloatVector s43 = accumulate ? FloatVector.fromArray(F, c, c4 + 3 * L) : zero;
    FloatVector s50 = accumulate ? FloatVector.fromArray(F, c, c5) : zero;
    FloatVector s51 = accumulate ? FloatVector.fromArray(F, c, c5 + L) : zero;
    FloatVector s52 = accumulate ? FloatVector.fromArray(F, c, c5 + 2 * L) : zero;
    FloatVector s53 = accumulate ? FloatVector.fromArray(F, c, c5 + 3 * L) : zero;
    for (int p = 0, ap = aOff, bp = bOff; p < k; p++, ap += acs, bp += bs) {
      FloatVector b0v = FloatVector.fromArray(F, b, bp);
      FloatVector b1v = FloatVector.fromArray(F, b, bp + L);
      FloatVector b2v = FloatVector.fromArray(F, b, bp + bPanel);
      FloatVector b3v = FloatVector.fromArray(F, b, bp + bPanel + L);
      FloatVector av = FloatVector.broadcast(F, a[ap]);
      s00 = b0v.fma(av, s00);
      s01 = b1v.fma(av, s01);
      s02 = b2v.fma(av, s02);
      s03 = b3v.fma(av, s03);
      av = FloatVector.broadcast(F, a[ap + a1]);
      s10 = b0v.fma(av, s10);
      s11 = b1v.fma(av, s11);
      s12 = b2v.fma(av, s12);
      s13 = b3v.fma(av, s13);
      av = FloatVector.broadcast(F, a[ap + a2]);
      s20 = b0v.fma(av, s20);
      s21 = b1v.fma(av, s21);
      s22 = b2v.fma(av, s22);
      s23 = b3v.fma(av, s23);
      av = FloatVector.broadcast(F, a[ap + a3]);
      s30 = b0v.fma(av, s30);
      s31 = b1v.fma(av, s31);
      s32 = b2v.fma(av, s32);
      s33 = b3v.fma(av, s33);
      av = FloatVector.broadcast(F, a[ap + a4]);
      s40 = b0v.fma(av, s40);
      s41 = b1v.fma(av, s41);
      s42 = b2v.fma(av, s42);
      s43 = b3v.fma(av, s43);
      av = FloatVector.broadcast(F, a[ap + a5]);
      s50 = b0v.fma(av, s50);
      s51 = b1v.fma(av, s51);
      s52 = b2v.fma(av, s52);
      s53 = b3v.fma(av, s53);
    }
    s00.intoArray(c, cOff);
    s01.intoArray(c, cOff + L);
    s02.intoArray(c, cOff + 2 * L);
    s03.intoArray(c, cOff + 3 * L);
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
   * {@link #tile} over twelve rows at once ({@code A}'s rows {@code 0…11}, {@code C}'s rows {@code 0…11} from
   * {@code cOff}): two loads of {@code B} feed twenty-four fused multiply-adds instead of twelve, for rows of one
   * panel (S3's 32 filters at 512 bits), where {@link #tilePair} has no second panel to take. Only where
   * {@link #WIDE_TILES}: 24 accumulators, two loads and a broadcast take 27 of the 32 vector registers. Written out
   * like {@link #tilePair}, with no helper, for the same reason; each element is the same chain as in
   * {@link #tile}, so the same bits.
   */
  static void tileTall(int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int bs, float[] c,
      int cOff, int ldc, boolean accumulate) {
    FloatVector zero = FloatVector.zero(F);
    int a1 = ars;
    int a2 = 2 * ars;
    int a3 = 3 * ars;
    int a4 = 4 * ars;
    int a5 = 5 * ars;
    int a6 = 6 * ars;
    int a7 = 7 * ars;
    int a8 = 8 * ars;
    int a9 = 9 * ars;
    int a10 = 10 * ars;
    int a11 = 11 * ars;
    int c0 = cOff;
    int c1 = c0 + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    int c4 = c3 + ldc;
    int c5 = c4 + ldc;
    int c6 = c5 + ldc;
    int c7 = c6 + ldc;
    int c8 = c7 + ldc;
    int c9 = c8 + ldc;
    int c10 = c9 + ldc;
    int c11 = c10 + ldc;
    FloatVector s00 = accumulate ? FloatVector.fromArray(F, c, c0) : zero;
    FloatVector s01 = accumulate ? FloatVector.fromArray(F, c, c0 + L) : zero;
    FloatVector s10 = accumulate ? FloatVector.fromArray(F, c, c1) : zero;
    FloatVector s11 = accumulate ? FloatVector.fromArray(F, c, c1 + L) : zero;
    FloatVector s20 = accumulate ? FloatVector.fromArray(F, c, c2) : zero;
    FloatVector s21 = accumulate ? FloatVector.fromArray(F, c, c2 + L) : zero;
    FloatVector s30 = accumulate ? FloatVector.fromArray(F, c, c3) : zero;
    FloatVector s31 = accumulate ? FloatVector.fromArray(F, c, c3 + L) : zero;
    FloatVector s40 = accumulate ? FloatVector.fromArray(F, c, c4) : zero;
    FloatVector s41 = accumulate ? FloatVector.fromArray(F, c, c4 + L) : zero;
    FloatVector s50 = accumulate ? FloatVector.fromArray(F, c, c5) : zero;
    FloatVector s51 = accumulate ? FloatVector.fromArray(F, c, c5 + L) : zero;
    FloatVector s60 = accumulate ? FloatVector.fromArray(F, c, c6) : zero;
    FloatVector s61 = accumulate ? FloatVector.fromArray(F, c, c6 + L) : zero;
    FloatVector s70 = accumulate ? FloatVector.fromArray(F, c, c7) : zero;
    FloatVector s71 = accumulate ? FloatVector.fromArray(F, c, c7 + L) : zero;
    FloatVector s80 = accumulate ? FloatVector.fromArray(F, c, c8) : zero;
    FloatVector s81 = accumulate ? FloatVector.fromArray(F, c, c8 + L) : zero;
    FloatVector s90 = accumulate ? FloatVector.fromArray(F, c, c9) : zero;
    FloatVector s91 = accumulate ? FloatVector.fromArray(F, c, c9 + L) : zero;
    FloatVector s100 = accumulate ? FloatVector.fromArray(F, c, c10) : zero;
    FloatVector s101 = accumulate ? FloatVector.fromArray(F, c, c10 + L) : zero;
    FloatVector s110 = accumulate ? FloatVector.fromArray(F, c, c11) : zero;
    FloatVector s111 = accumulate ? FloatVector.fromArray(F, c, c11 + L) : zero;
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
      av = FloatVector.broadcast(F, a[ap + a6]);
      s60 = lo.fma(av, s60);
      s61 = hi.fma(av, s61);
      av = FloatVector.broadcast(F, a[ap + a7]);
      s70 = lo.fma(av, s70);
      s71 = hi.fma(av, s71);
      av = FloatVector.broadcast(F, a[ap + a8]);
      s80 = lo.fma(av, s80);
      s81 = hi.fma(av, s81);
      av = FloatVector.broadcast(F, a[ap + a9]);
      s90 = lo.fma(av, s90);
      s91 = hi.fma(av, s91);
      av = FloatVector.broadcast(F, a[ap + a10]);
      s100 = lo.fma(av, s100);
      s101 = hi.fma(av, s101);
      av = FloatVector.broadcast(F, a[ap + a11]);
      s110 = lo.fma(av, s110);
      s111 = hi.fma(av, s111);
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
    s60.intoArray(c, c6);
    s61.intoArray(c, c6 + L);
    s70.intoArray(c, c7);
    s71.intoArray(c, c7 + L);
    s80.intoArray(c, c8);
    s81.intoArray(c, c8 + L);
    s90.intoArray(c, c9);
    s91.intoArray(c, c9 + L);
    s100.intoArray(c, c10);
    s101.intoArray(c, c10 + L);
    s110.intoArray(c, c11);
    s111.intoArray(c, c11 + L);
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

  /** {@link FloatGemm#roundValues} over whole vectors from {@code from}; returns where it stopped. */
  static int roundValues(double[] src, double[] dst, int from, int end, boolean add) {
    int t = from;
    for (; t + DL <= end; t += DL) {
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
