package org.minicnn.engine.conv.fast;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernels of {@link FloatSmallPatchConvolution}, on float buffers whose filter rows are padded to
 * whole vectors of {@code L} floats (8 at 256 bits, 16 at 512; {@link VectorWidth}): filters in the lanes, six
 * neighbouring pixels at a time where their windows lie inside the input (each kernel or {@code dy} load used six
 * times), else one pixel through its tap list. Where the filters fill two vectors, the six-pixel kernels take two
 * at a time, as {@link VectorFloatGemm}'s tile does: twelve chains, each broadcast input element feeding two fused
 * multiply-adds instead of one. The forward kernels leave their float sums in a scratch row and widen it from there
 * ({@link FloatGemm#widen}): a helper that took a vector and widened it was too large for the JIT to inline at six
 * call sites, and every call it did not inline boxed its vector. Each method runs the chains of its twin in
 * {@link ScalarFloatSmallPatch}, lane by lane, so the same bits. Only loaded when the {@code jdk.incubator.vector}
 * module is present (see {@link VectorApi#ENABLED}).
 */
final class VectorFloatSmallPatch implements FloatSmallPatchConvolution.Kernels {

  /** The one instance. */
  static final FloatSmallPatchConvolution.Kernels KERNELS = new VectorFloatSmallPatch();

  private static final VectorSpecies<Float> F = VectorWidth.FLOAT_SPECIES;
  /** Floats per vector: 8 (256 bits) or 16 (512 bits). */
  private static final int L = F.length();
  /** Doubles of the same width, for the bias gradient summed in double. */
  private static final VectorSpecies<Double> D = VectorWidth.SPECIES;
  private static final int DL = D.length();

  private VectorFloatSmallPatch() {}

  /** See {@link ScalarFloatSmallPatch#six}: two vectors of filters at a time while two remain, then one. */
  @Override
  public void six(int f, int fPad, int[] offsets, int step, float[] image, int xa, float[] w, float[] b, double[] y,
      int at, float[] rows) {
    int k = offsets.length;
    int o = 0;
    for (; o + 2 * L <= fPad; o += 2 * L) {
      FloatVector s00 = FloatVector.fromArray(F, b, o);
      FloatVector s01 = FloatVector.fromArray(F, b, o + L);
      FloatVector s10 = s00;
      FloatVector s11 = s01;
      FloatVector s20 = s00;
      FloatVector s21 = s01;
      FloatVector s30 = s00;
      FloatVector s31 = s01;
      FloatVector s40 = s00;
      FloatVector s41 = s01;
      FloatVector s50 = s00;
      FloatVector s51 = s01;
      for (int t = 0; t < k; t++) {
        int xi = xa + offsets[t];
        FloatVector lo = FloatVector.fromArray(F, w, t * fPad + o);
        FloatVector hi = FloatVector.fromArray(F, w, t * fPad + o + L);
        FloatVector av = FloatVector.broadcast(F, image[xi]);
        s00 = lo.fma(av, s00);
        s01 = hi.fma(av, s01);
        av = FloatVector.broadcast(F, image[xi + step]);
        s10 = lo.fma(av, s10);
        s11 = hi.fma(av, s11);
        av = FloatVector.broadcast(F, image[xi + 2 * step]);
        s20 = lo.fma(av, s20);
        s21 = hi.fma(av, s21);
        av = FloatVector.broadcast(F, image[xi + 3 * step]);
        s30 = lo.fma(av, s30);
        s31 = hi.fma(av, s31);
        av = FloatVector.broadcast(F, image[xi + 4 * step]);
        s40 = lo.fma(av, s40);
        s41 = hi.fma(av, s41);
        av = FloatVector.broadcast(F, image[xi + 5 * step]);
        s50 = lo.fma(av, s50);
        s51 = hi.fma(av, s51);
      }
      s00.intoArray(rows, o);
      s01.intoArray(rows, o + L);
      s10.intoArray(rows, fPad + o);
      s11.intoArray(rows, fPad + o + L);
      s20.intoArray(rows, 2 * fPad + o);
      s21.intoArray(rows, 2 * fPad + o + L);
      s30.intoArray(rows, 3 * fPad + o);
      s31.intoArray(rows, 3 * fPad + o + L);
      s40.intoArray(rows, 4 * fPad + o);
      s41.intoArray(rows, 4 * fPad + o + L);
      s50.intoArray(rows, 5 * fPad + o);
      s51.intoArray(rows, 5 * fPad + o + L);
    }
    for (; o < fPad; o += L) {
      FloatVector s0 = FloatVector.fromArray(F, b, o);
      FloatVector s1 = s0;
      FloatVector s2 = s0;
      FloatVector s3 = s0;
      FloatVector s4 = s0;
      FloatVector s5 = s0;
      for (int t = 0; t < k; t++) {
        int xi = xa + offsets[t];
        FloatVector wv = FloatVector.fromArray(F, w, t * fPad + o);
        s0 = wv.fma(FloatVector.broadcast(F, image[xi]), s0);
        s1 = wv.fma(FloatVector.broadcast(F, image[xi + step]), s1);
        s2 = wv.fma(FloatVector.broadcast(F, image[xi + 2 * step]), s2);
        s3 = wv.fma(FloatVector.broadcast(F, image[xi + 3 * step]), s3);
        s4 = wv.fma(FloatVector.broadcast(F, image[xi + 4 * step]), s4);
        s5 = wv.fma(FloatVector.broadcast(F, image[xi + 5 * step]), s5);
      }
      s0.intoArray(rows, o);
      s1.intoArray(rows, fPad + o);
      s2.intoArray(rows, 2 * fPad + o);
      s3.intoArray(rows, 3 * fPad + o);
      s4.intoArray(rows, 4 * fPad + o);
      s5.intoArray(rows, 5 * fPad + o);
    }
    for (int m = 0; m < 6; m++) {
      FloatGemm.widen(rows, m * fPad, y, at + m * f, f, false);
    }
  }

  /** See {@link ScalarFloatSmallPatch#pixel}. */
  @Override
  public void pixel(int f, int fPad, int t0, int t1, int[] input, int[] kernel, float[] image, float[] w, float[] b,
      double[] y, int at, float[] rows) {
    for (int o = 0; o < fPad; o += L) {
      FloatVector sum = FloatVector.fromArray(F, b, o);
      for (int t = t0; t < t1; t++) {
        sum = FloatVector.fromArray(F, w, kernel[t] * fPad + o).fma(FloatVector.broadcast(F, image[input[t]]), sum);
      }
      sum.intoArray(rows, o);
    }
    FloatGemm.widen(rows, 0, y, at, f, false);
  }

  /**
   * See {@link ScalarFloatSmallPatch#sixKernelGradient}: while two vectors of filters remain, six taps by two vectors
   * (each input element broadcast once for both); then eight or four taps at a time share each {@code dy} load.
   */
  @Override
  public void sixKernelGradient(int fPad, int[] offsets, int step, float[] image, int xa, float[] grad, int g0,
      float[] sums) {
    int k = offsets.length;
    int o = 0;
    for (; o + 2 * L <= fPad; o += 2 * L) {
      int t = 0;
      for (; t + 6 <= k; t += 6) {
        int q = t * fPad + o;
        FloatVector a00 = FloatVector.fromArray(F, sums, q);
        FloatVector a01 = FloatVector.fromArray(F, sums, q + L);
        FloatVector a10 = FloatVector.fromArray(F, sums, q + fPad);
        FloatVector a11 = FloatVector.fromArray(F, sums, q + fPad + L);
        FloatVector a20 = FloatVector.fromArray(F, sums, q + 2 * fPad);
        FloatVector a21 = FloatVector.fromArray(F, sums, q + 2 * fPad + L);
        FloatVector a30 = FloatVector.fromArray(F, sums, q + 3 * fPad);
        FloatVector a31 = FloatVector.fromArray(F, sums, q + 3 * fPad + L);
        FloatVector a40 = FloatVector.fromArray(F, sums, q + 4 * fPad);
        FloatVector a41 = FloatVector.fromArray(F, sums, q + 4 * fPad + L);
        FloatVector a50 = FloatVector.fromArray(F, sums, q + 5 * fPad);
        FloatVector a51 = FloatVector.fromArray(F, sums, q + 5 * fPad + L);
        int x0 = xa + offsets[t];
        int x1 = xa + offsets[t + 1];
        int x2 = xa + offsets[t + 2];
        int x3 = xa + offsets[t + 3];
        int x4 = xa + offsets[t + 4];
        int x5 = xa + offsets[t + 5];
        for (int m = 0, xm = 0, g = g0 + o; m < 6; m++, xm += step, g += fPad) {
          FloatVector lo = FloatVector.fromArray(F, grad, g);
          FloatVector hi = FloatVector.fromArray(F, grad, g + L);
          FloatVector xv = FloatVector.broadcast(F, image[x0 + xm]);
          a00 = lo.fma(xv, a00);
          a01 = hi.fma(xv, a01);
          xv = FloatVector.broadcast(F, image[x1 + xm]);
          a10 = lo.fma(xv, a10);
          a11 = hi.fma(xv, a11);
          xv = FloatVector.broadcast(F, image[x2 + xm]);
          a20 = lo.fma(xv, a20);
          a21 = hi.fma(xv, a21);
          xv = FloatVector.broadcast(F, image[x3 + xm]);
          a30 = lo.fma(xv, a30);
          a31 = hi.fma(xv, a31);
          xv = FloatVector.broadcast(F, image[x4 + xm]);
          a40 = lo.fma(xv, a40);
          a41 = hi.fma(xv, a41);
          xv = FloatVector.broadcast(F, image[x5 + xm]);
          a50 = lo.fma(xv, a50);
          a51 = hi.fma(xv, a51);
        }
        a00.intoArray(sums, q);
        a01.intoArray(sums, q + L);
        a10.intoArray(sums, q + fPad);
        a11.intoArray(sums, q + fPad + L);
        a20.intoArray(sums, q + 2 * fPad);
        a21.intoArray(sums, q + 2 * fPad + L);
        a30.intoArray(sums, q + 3 * fPad);
        a31.intoArray(sums, q + 3 * fPad + L);
        a40.intoArray(sums, q + 4 * fPad);
        a41.intoArray(sums, q + 4 * fPad + L);
        a50.intoArray(sums, q + 5 * fPad);
        a51.intoArray(sums, q + 5 * fPad + L);
      }
      for (; t < k; t++) {
        int q = t * fPad + o;
        FloatVector a0 = FloatVector.fromArray(F, sums, q);
        FloatVector a1 = FloatVector.fromArray(F, sums, q + L);
        int x0 = xa + offsets[t];
        for (int m = 0, g = g0 + o; m < 6; m++, g += fPad) {
          FloatVector xv = FloatVector.broadcast(F, image[x0 + m * step]);
          a0 = FloatVector.fromArray(F, grad, g).fma(xv, a0);
          a1 = FloatVector.fromArray(F, grad, g + L).fma(xv, a1);
        }
        a0.intoArray(sums, q);
        a1.intoArray(sums, q + L);
      }
    }
    for (; o < fPad; o += L) {
      int t = 0;
      for (; t + 8 <= k; t += 8) {
        int q = t * fPad + o;
        FloatVector a0 = FloatVector.fromArray(F, sums, q);
        FloatVector a1 = FloatVector.fromArray(F, sums, q + fPad);
        FloatVector a2 = FloatVector.fromArray(F, sums, q + 2 * fPad);
        FloatVector a3 = FloatVector.fromArray(F, sums, q + 3 * fPad);
        FloatVector a4 = FloatVector.fromArray(F, sums, q + 4 * fPad);
        FloatVector a5 = FloatVector.fromArray(F, sums, q + 5 * fPad);
        FloatVector a6 = FloatVector.fromArray(F, sums, q + 6 * fPad);
        FloatVector a7 = FloatVector.fromArray(F, sums, q + 7 * fPad);
        int x0 = xa + offsets[t];
        int x1 = xa + offsets[t + 1];
        int x2 = xa + offsets[t + 2];
        int x3 = xa + offsets[t + 3];
        int x4 = xa + offsets[t + 4];
        int x5 = xa + offsets[t + 5];
        int x6 = xa + offsets[t + 6];
        int x7 = xa + offsets[t + 7];
        for (int m = 0, xm = 0, g = g0 + o; m < 6; m++, xm += step, g += fPad) {
          FloatVector gv = FloatVector.fromArray(F, grad, g);
          a0 = gv.fma(FloatVector.broadcast(F, image[x0 + xm]), a0);
          a1 = gv.fma(FloatVector.broadcast(F, image[x1 + xm]), a1);
          a2 = gv.fma(FloatVector.broadcast(F, image[x2 + xm]), a2);
          a3 = gv.fma(FloatVector.broadcast(F, image[x3 + xm]), a3);
          a4 = gv.fma(FloatVector.broadcast(F, image[x4 + xm]), a4);
          a5 = gv.fma(FloatVector.broadcast(F, image[x5 + xm]), a5);
          a6 = gv.fma(FloatVector.broadcast(F, image[x6 + xm]), a6);
          a7 = gv.fma(FloatVector.broadcast(F, image[x7 + xm]), a7);
        }
        a0.intoArray(sums, q);
        a1.intoArray(sums, q + fPad);
        a2.intoArray(sums, q + 2 * fPad);
        a3.intoArray(sums, q + 3 * fPad);
        a4.intoArray(sums, q + 4 * fPad);
        a5.intoArray(sums, q + 5 * fPad);
        a6.intoArray(sums, q + 6 * fPad);
        a7.intoArray(sums, q + 7 * fPad);
      }
      for (; t + 4 <= k; t += 4) {
        int q = t * fPad + o;
        FloatVector a0 = FloatVector.fromArray(F, sums, q);
        FloatVector a1 = FloatVector.fromArray(F, sums, q + fPad);
        FloatVector a2 = FloatVector.fromArray(F, sums, q + 2 * fPad);
        FloatVector a3 = FloatVector.fromArray(F, sums, q + 3 * fPad);
        int x0 = xa + offsets[t];
        int x1 = xa + offsets[t + 1];
        int x2 = xa + offsets[t + 2];
        int x3 = xa + offsets[t + 3];
        for (int m = 0, xm = 0, g = g0 + o; m < 6; m++, xm += step, g += fPad) {
          FloatVector gv = FloatVector.fromArray(F, grad, g);
          a0 = gv.fma(FloatVector.broadcast(F, image[x0 + xm]), a0);
          a1 = gv.fma(FloatVector.broadcast(F, image[x1 + xm]), a1);
          a2 = gv.fma(FloatVector.broadcast(F, image[x2 + xm]), a2);
          a3 = gv.fma(FloatVector.broadcast(F, image[x3 + xm]), a3);
        }
        a0.intoArray(sums, q);
        a1.intoArray(sums, q + fPad);
        a2.intoArray(sums, q + 2 * fPad);
        a3.intoArray(sums, q + 3 * fPad);
      }
      for (; t < k; t++) {
        int q = t * fPad + o;
        FloatVector a0 = FloatVector.fromArray(F, sums, q);
        int x0 = xa + offsets[t];
        for (int m = 0; m < 6; m++) {
          a0 = FloatVector.fromArray(F, grad, g0 + m * fPad + o).fma(FloatVector.broadcast(F, image[x0 + m * step]), a0);
        }
        a0.intoArray(sums, q);
      }
    }
  }

  /** See {@link ScalarFloatSmallPatch#pixelKernelGradient}. */
  @Override
  public void pixelKernelGradient(int fPad, int t0, int t1, int[] input, int[] kernel, float[] image, float[] grad,
      int g0, float[] sums) {
    for (int t = t0; t < t1; t++) {
      FloatVector xv = FloatVector.broadcast(F, image[input[t]]);
      int q = kernel[t] * fPad;
      for (int o = 0; o < fPad; o += L) {
        FloatVector.fromArray(F, grad, g0 + o).fma(xv, FloatVector.fromArray(F, sums, q + o)).intoArray(sums, q + o);
      }
    }
  }

  /**
   * See {@link ScalarFloatSmallPatch#patchGradients}: six pixels by two vectors of taps in twelve chains (each
   * {@code dy} broadcast used twice), by one vector in six, or one pixel.
   */
  @Override
  public void patchGradients(int rows, int f, int kp, float[] wt, float[] grad, int g0, int fPad, float[] out,
      int at, int stride) {
    int c = 0;
    for (; rows == 6 && c + 2 * L <= kp; c += 2 * L) {
      FloatVector a0 = FloatVector.zero(F);
      FloatVector a1 = a0;
      FloatVector a2 = a0;
      FloatVector a3 = a0;
      FloatVector a4 = a0;
      FloatVector a5 = a0;
      FloatVector b0 = a0;
      FloatVector b1 = a0;
      FloatVector b2 = a0;
      FloatVector b3 = a0;
      FloatVector b4 = a0;
      FloatVector b5 = a0;
      for (int o = 0; o < f; o++) {
        FloatVector wa = FloatVector.fromArray(F, wt, o * kp + c);
        FloatVector wb = FloatVector.fromArray(F, wt, o * kp + c + L);
        int g = g0 + o;
        FloatVector dv = FloatVector.broadcast(F, grad[g]);
        a0 = wa.fma(dv, a0);
        b0 = wb.fma(dv, b0);
        dv = FloatVector.broadcast(F, grad[g + fPad]);
        a1 = wa.fma(dv, a1);
        b1 = wb.fma(dv, b1);
        dv = FloatVector.broadcast(F, grad[g + 2 * fPad]);
        a2 = wa.fma(dv, a2);
        b2 = wb.fma(dv, b2);
        dv = FloatVector.broadcast(F, grad[g + 3 * fPad]);
        a3 = wa.fma(dv, a3);
        b3 = wb.fma(dv, b3);
        dv = FloatVector.broadcast(F, grad[g + 4 * fPad]);
        a4 = wa.fma(dv, a4);
        b4 = wb.fma(dv, b4);
        dv = FloatVector.broadcast(F, grad[g + 5 * fPad]);
        a5 = wa.fma(dv, a5);
        b5 = wb.fma(dv, b5);
      }
      a0.intoArray(out, at + c);
      b0.intoArray(out, at + c + L);
      a1.intoArray(out, at + stride + c);
      b1.intoArray(out, at + stride + c + L);
      a2.intoArray(out, at + 2 * stride + c);
      b2.intoArray(out, at + 2 * stride + c + L);
      a3.intoArray(out, at + 3 * stride + c);
      b3.intoArray(out, at + 3 * stride + c + L);
      a4.intoArray(out, at + 4 * stride + c);
      b4.intoArray(out, at + 4 * stride + c + L);
      a5.intoArray(out, at + 5 * stride + c);
      b5.intoArray(out, at + 5 * stride + c + L);
    }
    for (; c < kp; c += L) {
      if (rows == 6) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        for (int o = 0; o < f; o++) {
          FloatVector wv = FloatVector.fromArray(F, wt, o * kp + c);
          int g = g0 + o;
          a0 = wv.fma(FloatVector.broadcast(F, grad[g]), a0);
          a1 = wv.fma(FloatVector.broadcast(F, grad[g + fPad]), a1);
          a2 = wv.fma(FloatVector.broadcast(F, grad[g + 2 * fPad]), a2);
          a3 = wv.fma(FloatVector.broadcast(F, grad[g + 3 * fPad]), a3);
          a4 = wv.fma(FloatVector.broadcast(F, grad[g + 4 * fPad]), a4);
          a5 = wv.fma(FloatVector.broadcast(F, grad[g + 5 * fPad]), a5);
        }
        a0.intoArray(out, at + c);
        a1.intoArray(out, at + stride + c);
        a2.intoArray(out, at + 2 * stride + c);
        a3.intoArray(out, at + 3 * stride + c);
        a4.intoArray(out, at + 4 * stride + c);
        a5.intoArray(out, at + 5 * stride + c);
      } else {
        FloatVector a0 = FloatVector.zero(F);
        for (int o = 0; o < f; o++) {
          a0 = FloatVector.fromArray(F, wt, o * kp + c).fma(FloatVector.broadcast(F, grad[g0 + o]), a0);
        }
        a0.intoArray(out, at + c);
      }
    }
  }

  /** See {@link FloatSmallPatchConvolution.Kernels#padRows}. */
  @Override
  public void padRows(int rows, int kp, float[] out, int at, int stride) {
    FloatVector zero = FloatVector.zero(F);
    for (int m = 0, e = at; m < rows; m++, e += stride) {
      zero.intoArray(out, e - L);
      zero.intoArray(out, e + kp);
    }
  }

  /** See {@link ScalarFloatSmallPatch#gatherRows}: a vector of image elements at a time, one chain of additions. */
  @Override
  public void gatherRows(float[] g, int gStride, int front, int pixels, int step, int k, float[] dImage, int size) {
    for (int q0 = 0; q0 < size; q0 += L) {
      int first = Math.max(0, Math.floorDiv(q0 - k + step, step));
      int last = Math.min(pixels - 1, (q0 + L - 1) / step);
      FloatVector sum = FloatVector.zero(F);
      for (int p = first; p <= last; p++) {
        sum = sum.add(FloatVector.fromArray(F, g, p * gStride + front + q0 - p * step));
      }
      sum.intoArray(dImage, q0);
    }
  }

  /** See {@link ScalarFloatSmallPatch#biasGradient}: each float vector widened into two vectors of double sums. */
  @Override
  public void biasGradient(float[] grad, int pixels, int fPad, double[] sums) {
    for (int o = 0; o < fPad; o += L) {
      DoubleVector lo = DoubleVector.fromArray(D, sums, o);
      DoubleVector hi = DoubleVector.fromArray(D, sums, o + DL);
      for (int g = o; g < pixels * fPad; g += fPad) {
        FloatVector v = FloatVector.fromArray(F, grad, g);
        lo = lo.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0));
        hi = hi.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1));
      }
      lo.intoArray(sums, o);
      hi.intoArray(sums, o + DL);
    }
  }

  /** {@link FloatGemm#addRun}: whole vectors, then the rest in plain Java (the same additions). */
  @Override
  public void addRun(float[] src, int from, float[] dst, int to, int length) {
    FloatGemm.addRun(src, from, dst, to, length);
  }
}
