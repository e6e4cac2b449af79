package org.minicnn.engine.conv.fast;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.minicnn.engine.conv.ConvSpec;

/**
 * The Vector API kernels of {@link SmallPatchConvolution}, one image at a time, in vectors of
 * {@code L} doubles (4 at 256 bits, 8 at 512; {@link VectorApi}). Forward: two vectors of filters of
 * six neighbouring output pixels whose windows lie inside the input at once (twelve accumulators, each
 * kernel load used six times; one vector left over takes six), else of four uncut neighbours, else of
 * one pixel. Kernel gradient: each kernel row's partial sum kept in registers over a run of uncut
 * pixels of one row, four taps per {@code dY} load. Input gradient: for stride 1 and filters a
 * multiple of {@code L} a gather, each input element summed in registers; otherwise the patch gradient
 * {@code dY[p, ·]·Wᵀ} vectorised over the taps with a transposed, zero-padded kernel (no horizontal
 * sums), then added tap by tap into {@code dx}.
 * Only loaded when the {@code jdk.incubator.vector} module is present (see {@link VectorApi#ENABLED}).
 */
final class VectorSmallPatch {

  private static final VectorSpecies<Double> V = VectorWidth.SPECIES;
  /** Doubles per vector: 4 (256 bits) or 8 (512 bits). */
  private static final int L = VectorWidth.LANES;
  /** Longest run of pixels the kernel gradient takes per pass: their {@code dY} rows stay in the L1 cache. */
  private static final int RUN_PIXELS = 64;

  /**
   * Per thread: [0] the transposed padded kernel, [1] four pixels' patch gradients, [2] the forward's last filters
   * in one vector ({@link #filterTail}), [3] one vector's room for the kernel gradient's last filters
   * ({@link #storeLanes}).
   */
  private static final ThreadLocal<double[][]> SCRATCH =
      ThreadLocal.withInitial(() -> new double[][] {{}, {}, {}, new double[L]});

  private VectorSmallPatch() {}

  /**
   * See {@link ScalarSmallPatch#forward}. Six neighbouring pixels of a row whose windows lie inside
   * the input go through {@link #sixPixels}; the others through {@link #forwardPixels}. Both sum each
   * output in the same order (bias, then the taps in patch order), so the split changes no bit.
   */
  static void forward(ConvSpec s, SmallPatchConvolution.Taps taps, double[] x, double[] w, double[] bias,
      double[] y, int n) {
    int imagePixel = n * s.outRows() * s.outCols();
    double[] tail = filterTail(s.filters(), s.patchSize(), w, bias);
    PixelGroups.forEachInteriorSix(s, new PixelGroups.PixelRuns() {
      @Override
      public void others(int p0, int p1) {
        forwardPixels(s, taps, x, w, bias, tail, y, n, p0, p1);
      }

      @Override
      public void six(int r, int c) {
        int p = r * s.outCols() + c;
        sixPixels(s.filters(), taps, PixelGroups.windowStart(s, n, r, c), x, w, bias, tail, y,
            (imagePixel + p) * s.filters());
      }
    });
  }

  /**
   * The filters past the last whole vector ({@code f % L} of them, from {@code fv = f − f % L}) as one vector
   * zero-padded: {@code tail[j]} their bias (zero without one), {@code tail[L + t·L + j] = w[t·f + fv + j]} for
   * tap {@code t < k}, then {@code L} values of room for {@link #onePixelFrom}'s lanes. So those filters take one
   * vector chain a pixel rather than a scalar chain per filter, which made a layer of 9 to 15 filters several
   * times slower per multiply-add than one of 8 or 16 at 512 bits. Null when {@code f} is whole vectors.
   */
  private static double[] filterTail(int f, int k, double[] w, double[] bias) {
    int fv = f - f % L;
    if (fv == f) {
      return null;
    }
    double[][] scratch = SCRATCH.get();
    if (scratch[2].length < (k + 2) * L) {
      scratch[2] = new double[(k + 2) * L];
    }
    double[] tail = scratch[2];
    for (int j = 0; j < L; j++) {
      boolean filter = fv + j < f;
      tail[j] = filter && bias != null ? bias[fv + j] : 0.0;
      for (int t = 0; t < k; t++) {
        tail[L + t * L + j] = filter ? w[t * f + fv + j] : 0.0;
      }
    }
    return tail;
  }

  /**
   * Outputs of six neighbouring pixels of one row whose windows lie inside the input, starting at {@code x[xa]}
   * and {@link SmallPatchConvolution.Taps#step} apart, at {@code y[yOff + ·]}: two
   * filters at a time in a tile of six pixels by two vectors, twelve registers, started from the bias, each kernel load used
   * six times, the taps read through {@link SmallPatchConvolution.Taps#offsets} (one index per tap
   * for all six pixels, where the per-pixel tap lists cost two). Not {@link Gemm#multiplyAddSixGathered},
   * whose tile adds into {@code y} from a packed kernel: with 9 to 32 taps a tile, writing the bias out,
   * reading it back and packing the kernel cost about as much as the arithmetic.
   */
  private static void sixPixels(int f, SmallPatchConvolution.Taps taps, int xa, double[] x, double[] w,
      double[] bias, double[] tail, double[] y, int yOff) {
    int[] offsets = taps.offsets;
    int k = offsets.length;
    int step = taps.step;
    int f2 = f - f % (2 * L);
    DoubleVector zero = DoubleVector.zero(V);
    int o = 0;
    for (; o < f2; o += 2 * L) {
      DoubleVector b0 = bias == null ? zero : DoubleVector.fromArray(V, bias, o);
      DoubleVector b1 = bias == null ? zero : DoubleVector.fromArray(V, bias, o + L);
      DoubleVector s00 = b0, s01 = b1, s10 = b0, s11 = b1, s20 = b0, s21 = b1;
      DoubleVector s30 = b0, s31 = b1, s40 = b0, s41 = b1, s50 = b0, s51 = b1;
      for (int t = 0; t < k; t++) {
        int xi = xa + offsets[t];
        int wOff = t * f + o;
        DoubleVector w0 = DoubleVector.fromArray(V, w, wOff);
        DoubleVector w1 = DoubleVector.fromArray(V, w, wOff + L);
        DoubleVector xv = DoubleVector.broadcast(V, x[xi]);
        s00 = w0.fma(xv, s00);
        s01 = w1.fma(xv, s01);
        xv = DoubleVector.broadcast(V, x[xi + step]);
        s10 = w0.fma(xv, s10);
        s11 = w1.fma(xv, s11);
        xv = DoubleVector.broadcast(V, x[xi + 2 * step]);
        s20 = w0.fma(xv, s20);
        s21 = w1.fma(xv, s21);
        xv = DoubleVector.broadcast(V, x[xi + 3 * step]);
        s30 = w0.fma(xv, s30);
        s31 = w1.fma(xv, s31);
        xv = DoubleVector.broadcast(V, x[xi + 4 * step]);
        s40 = w0.fma(xv, s40);
        s41 = w1.fma(xv, s41);
        xv = DoubleVector.broadcast(V, x[xi + 5 * step]);
        s50 = w0.fma(xv, s50);
        s51 = w1.fma(xv, s51);
      }
      int e = yOff + o;
      s00.intoArray(y, e);
      s01.intoArray(y, e + L);
      s10.intoArray(y, e + f);
      s11.intoArray(y, e + f + L);
      s20.intoArray(y, e + 2 * f);
      s21.intoArray(y, e + 2 * f + L);
      s30.intoArray(y, e + 3 * f);
      s31.intoArray(y, e + 3 * f + L);
      s40.intoArray(y, e + 4 * f);
      s41.intoArray(y, e + 4 * f + L);
      s50.intoArray(y, e + 5 * f);
      s51.intoArray(y, e + 5 * f + L);
    }
    if (o + L <= f) {
      // one vector of filters left (at 512 bits, eight filters): six chains, one a pixel
      sixChains(k, offsets, xa, step, x, w, o, f, bias, o, y, yOff + o, f, L, null);
      o += L;
    }
    if (o < f) {
      // the filters past the whole vectors: filterTail's vector, as onePixelFrom sums them
      sixChains(k, offsets, xa, step, x, tail, L, L, tail, 0, y, yOff + o, f, f - o, tail);
    }
  }

  /**
   * One vector of filters of the six pixels of {@link #sixPixels}: six chains started from {@code b[bOff…]} (zeros
   * when {@code b} is null), tap {@code t}'s kernel vector at {@code w[wOff + t·ws]}, pixel {@code q}'s first
   * {@code count} lanes written at {@code y[e + q·f]} ({@link #storeLanes}).
   */
  private static void sixChains(int k, int[] offsets, int xa, int step, double[] x, double[] w, int wOff, int ws,
      double[] b, int bOff, double[] y, int e, int f, int count, double[] tail) {
    DoubleVector s0 = b == null ? DoubleVector.zero(V) : DoubleVector.fromArray(V, b, bOff);
    DoubleVector s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0;
    for (int t = 0; t < k; t++) {
      int xi = xa + offsets[t];
      DoubleVector w0 = DoubleVector.fromArray(V, w, wOff + t * ws);
      s0 = w0.fma(DoubleVector.broadcast(V, x[xi]), s0);
      s1 = w0.fma(DoubleVector.broadcast(V, x[xi + step]), s1);
      s2 = w0.fma(DoubleVector.broadcast(V, x[xi + 2 * step]), s2);
      s3 = w0.fma(DoubleVector.broadcast(V, x[xi + 3 * step]), s3);
      s4 = w0.fma(DoubleVector.broadcast(V, x[xi + 4 * step]), s4);
      s5 = w0.fma(DoubleVector.broadcast(V, x[xi + 5 * step]), s5);
    }
    storeLanes(s0, tail, y, e, count);
    storeLanes(s1, tail, y, e + f, count);
    storeLanes(s2, tail, y, e + 2 * f, count);
    storeLanes(s3, tail, y, e + 3 * f, count);
    storeLanes(s4, tail, y, e + 4 * f, count);
    storeLanes(s5, tail, y, e + 5 * f, count);
  }

  /**
   * The first {@code count} lanes of {@code v} at {@code y[at + ·]}: straight when that is all {@code L}, else through
   * the room at the end of {@code tail}.
   */
  private static void storeLanes(DoubleVector v, double[] tail, double[] y, int at, int count) {
    if (count == L) {
      v.intoArray(y, at);
      return;
    }
    int lanes = tail.length - L;
    v.intoArray(tail, lanes);
    System.arraycopy(tail, lanes, y, at, count);
  }

  /**
   * Outputs of pixels {@code [p0, p1)} of image {@code n}: four neighbouring uncut pixels together
   * where they fall inside the range (two vectors of filters at a time, then one), else one pixel.
   */
  private static void forwardPixels(ConvSpec s, SmallPatchConvolution.Taps taps, double[] x, double[] w,
      double[] bias, double[] tail, double[] y, int n, int p0, int p1) {
    int f = s.filters();
    int pixels = s.outRows() * s.outCols();
    int xBase = n * s.inRows() * s.inCols() * s.inChannels();
    int[] start = taps.start;
    int[] input = taps.input;
    int[] kernel = taps.kernel;
    int step = taps.step;
    boolean[] quad = taps.quad;
    DoubleVector zero = DoubleVector.zero(V);
    int f2 = f - f % (2 * L);
    for (int p = p0; p < p1; ) {
      int yOff = (n * pixels + p) * f;
      int t0 = start[p];
      int t1 = start[p + 1];
      int o = 0;
      if (quad[p] && p + 4 <= p1) {
        for (; o < f2; o += 2 * L) {
          DoubleVector b0 = bias == null ? zero : DoubleVector.fromArray(V, bias, o);
          DoubleVector b1 = bias == null ? zero : DoubleVector.fromArray(V, bias, o + L);
          DoubleVector a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1;
          for (int t = t0; t < t1; t++) {
            int xi = xBase + input[t];
            int wOff = kernel[t] * f + o;
            DoubleVector w0 = DoubleVector.fromArray(V, w, wOff);
            DoubleVector w1 = DoubleVector.fromArray(V, w, wOff + L);
            DoubleVector xv = DoubleVector.broadcast(V, x[xi]);
            a00 = w0.fma(xv, a00);
            a01 = w1.fma(xv, a01);
            xv = DoubleVector.broadcast(V, x[xi + step]);
            a10 = w0.fma(xv, a10);
            a11 = w1.fma(xv, a11);
            xv = DoubleVector.broadcast(V, x[xi + 2 * step]);
            a20 = w0.fma(xv, a20);
            a21 = w1.fma(xv, a21);
            xv = DoubleVector.broadcast(V, x[xi + 3 * step]);
            a30 = w0.fma(xv, a30);
            a31 = w1.fma(xv, a31);
          }
          a00.intoArray(y, yOff + o);
          a01.intoArray(y, yOff + o + L);
          a10.intoArray(y, yOff + f + o);
          a11.intoArray(y, yOff + f + o + L);
          a20.intoArray(y, yOff + 2 * f + o);
          a21.intoArray(y, yOff + 2 * f + o + L);
          a30.intoArray(y, yOff + 3 * f + o);
          a31.intoArray(y, yOff + 3 * f + o + L);
        }
        if (o + L <= f) {
          DoubleVector a0 = bias == null ? zero : DoubleVector.fromArray(V, bias, o);
          DoubleVector a1 = a0, a2 = a0, a3 = a0;
          for (int t = t0; t < t1; t++) {
            int xi = xBase + input[t];
            DoubleVector w0 = DoubleVector.fromArray(V, w, kernel[t] * f + o);
            a0 = w0.fma(DoubleVector.broadcast(V, x[xi]), a0);
            a1 = w0.fma(DoubleVector.broadcast(V, x[xi + step]), a1);
            a2 = w0.fma(DoubleVector.broadcast(V, x[xi + 2 * step]), a2);
            a3 = w0.fma(DoubleVector.broadcast(V, x[xi + 3 * step]), a3);
          }
          a0.intoArray(y, yOff + o);
          a1.intoArray(y, yOff + f + o);
          a2.intoArray(y, yOff + 2 * f + o);
          a3.intoArray(y, yOff + 3 * f + o);
          o += L;
        }
        for (int k = 0; k < 4; k++) {
          int tk = start[p + k];
          onePixelFrom(o, f, tk, tk + (t1 - t0), xBase, input, kernel, x, w, bias, tail, y, yOff + k * f);
        }
        p += 4;
      } else {
        onePixelFrom(0, f, t0, t1, xBase, input, kernel, x, w, bias, tail, y, yOff);
        p++;
      }
    }
  }

  /**
   * Filters {@code o0…f-1} of one pixel whose taps are {@code t0…t1-1}, written at {@code y[yOff + ·]}: whole
   * vectors from {@code w}, the filters past them as one vector from {@link #filterTail}'s {@code tail}, whose
   * lanes past {@code f} are dropped. Every filter is one chain of fused multiply-adds, whichever path it takes.
   */
  private static void onePixelFrom(int o0, int f, int t0, int t1, int xBase, int[] input, int[] kernel,
      double[] x, double[] w, double[] bias, double[] tail, double[] y, int yOff) {
    int o = o0;
    for (; o + L <= f; o += L) {
      DoubleVector a0 = bias == null ? DoubleVector.zero(V) : DoubleVector.fromArray(V, bias, o);
      for (int t = t0; t < t1; t++) {
        a0 = DoubleVector.fromArray(V, w, kernel[t] * f + o).fma(DoubleVector.broadcast(V, x[xBase + input[t]]), a0);
      }
      a0.intoArray(y, yOff + o);
    }
    if (o < f) {
      DoubleVector a0 = DoubleVector.fromArray(V, tail, 0);
      for (int t = t0; t < t1; t++) {
        a0 = DoubleVector.fromArray(V, tail, L + kernel[t] * L).fma(DoubleVector.broadcast(V, x[xBase + input[t]]), a0);
      }
      storeLanes(a0, tail, y, yOff + o, f - o);
    }
  }

  /** See {@link ScalarSmallPatch#backward}. */
  static void backward(ConvSpec s, SmallPatchConvolution.Taps taps, double[] x, double[] w, double[] dy,
      double[] dx, double[] partials, int pOff, int n) {
    if (partials != null) {
      kernelGradient(s, taps, x, dy, partials, pOff, n);
    }
    if (dx != null) {
      if (taps.gathers) {
        gatherInputGradient(s, taps, w, dy, dx, n);
      } else {
        inputGradient(s, taps, w, dy, dx, n);
      }
    }
  }

  /**
   * {@code out[outOff + o] += Σ dy[e + o]} over the pixels {@code from ≤ e < to} (element offsets, multiples
   * of {@code f}), each filter summed in pixel order (a vector lane per filter, so the same additions
   * as one by one, without a chain through memory).
   *
   * @param out modified: {@code out[outOff … outOff + f)}
   */
  static void biasGradient(double[] dy, int from, int to, int f, double[] out, int outOff) {
    int o = 0;
    for (; o + 2 * L <= f; o += 2 * L) {
      DoubleVector a0 = DoubleVector.fromArray(V, out, outOff + o);
      DoubleVector a1 = DoubleVector.fromArray(V, out, outOff + o + L);
      for (int e = from + o; e < to; e += f) {
        a0 = a0.add(DoubleVector.fromArray(V, dy, e));
        a1 = a1.add(DoubleVector.fromArray(V, dy, e + L));
      }
      a0.intoArray(out, outOff + o);
      a1.intoArray(out, outOff + o + L);
    }
    for (; o + L <= f; o += L) {
      DoubleVector a0 = DoubleVector.fromArray(V, out, outOff + o);
      for (int e = from + o; e < to; e += f) {
        a0 = a0.add(DoubleVector.fromArray(V, dy, e));
      }
      a0.intoArray(out, outOff + o);
    }
    for (; o < f; o++) {
      double sum = out[outOff + o];
      for (int e = from + o; e < to; e += f) {
        sum += dy[e];
      }
      out[outOff + o] = sum;
    }
  }

  private static void kernelGradient(ConvSpec s, SmallPatchConvolution.Taps taps, double[] x, double[] dy,
      double[] partials, int pOff, int n) {
    int f = s.filters();
    int fv = f - f % L;
    int pixels = s.outRows() * s.outCols();
    int xBase = n * s.inRows() * s.inCols() * s.inChannels();
    int[] start = taps.start;
    int[] input = taps.input;
    int[] kernel = taps.kernel;
    int step = taps.step;
    boolean[] quad = taps.quad;
    double[] room = SCRATCH.get()[3];
    for (int p = 0; p < pixels; ) {
      int d0 = (n * pixels + p) * f;
      if (quad[p]) {
        // a run of quads in one row with the taps of the first: per tap and two vectors of filters, four
        // register chains (even and odd pixels) over the whole run, the partial sum loaded and stored once
        int end = p + 4;
        while (end - p < RUN_PIXELS && taps.runOn[end - 4]) {
          end += 4;
        }
        int len = end - p;
        int t = start[p];
        int t1 = start[p + 1];
        for (; t + 4 <= t1; t += 4) {
          fourTaps(f, len, step, xBase, input, kernel, t, x, dy, d0, partials, pOff, room);
        }
        for (; t < t1; t++) {
          oneTap(f, len, step, xBase + input[t], pOff + kernel[t] * f, x, dy, d0, partials, room);
        }
        p = end;
      } else {
        for (int t = start[p]; t < start[p + 1]; t++) {
          double xs = x[xBase + input[t]];
          DoubleVector xv = DoubleVector.broadcast(V, xs);
          int q = pOff + kernel[t] * f;
          int o = 0;
          for (; o < fv; o += L) {
            DoubleVector.fromArray(V, dy, d0 + o).fma(xv, DoubleVector.fromArray(V, partials, q + o))
                .intoArray(partials, q + o);
          }
          for (; o < f; o++) {
            partials[q + o] = Math.fma(xs, dy[d0 + o], partials[q + o]);
          }
        }
        p++;
      }
    }
  }

  /**
   * Adds the kernel gradient of taps {@code t…t+3} over a run of {@code len} (even) uncut pixels
   * whose {@code dY} rows start at {@code d0}: each {@code dY} load feeds four taps, and each tap
   * and vector of filters has its own chain over the run (eight chains at a time). The filters past the last
   * whole vector take one more ({@link #fourTapsLastFilters}) where {@link #lastFiltersInOneVector} says so;
   * {@code room} is {@link #storeLanes}'s.
   */
  private static void fourTaps(int f, int len, int step, int xBase, int[] input, int[] kernel, int t, double[] x,
      double[] dy, int d0, double[] partials, int pOff, double[] room) {
    int x0 = xBase + input[t];
    int x1 = xBase + input[t + 1];
    int x2 = xBase + input[t + 2];
    int x3 = xBase + input[t + 3];
    int q0 = pOff + kernel[t] * f;
    int q1 = pOff + kernel[t + 1] * f;
    int q2 = pOff + kernel[t + 2] * f;
    int q3 = pOff + kernel[t + 3] * f;
    int o = 0;
    for (; o + 2 * L <= f; o += 2 * L) {
      DoubleVector a0 = DoubleVector.fromArray(V, partials, q0 + o);
      DoubleVector b0 = DoubleVector.fromArray(V, partials, q0 + o + L);
      DoubleVector a1 = DoubleVector.fromArray(V, partials, q1 + o);
      DoubleVector b1 = DoubleVector.fromArray(V, partials, q1 + o + L);
      DoubleVector a2 = DoubleVector.fromArray(V, partials, q2 + o);
      DoubleVector b2 = DoubleVector.fromArray(V, partials, q2 + o + L);
      DoubleVector a3 = DoubleVector.fromArray(V, partials, q3 + o);
      DoubleVector b3 = DoubleVector.fromArray(V, partials, q3 + o + L);
      for (int m = 0, xm = 0, da = d0 + o; m < len; m++, xm += step, da += f) {
        DoubleVector g0 = DoubleVector.fromArray(V, dy, da);
        DoubleVector g1 = DoubleVector.fromArray(V, dy, da + L);
        DoubleVector xv = DoubleVector.broadcast(V, x[x0 + xm]);
        a0 = g0.fma(xv, a0);
        b0 = g1.fma(xv, b0);
        xv = DoubleVector.broadcast(V, x[x1 + xm]);
        a1 = g0.fma(xv, a1);
        b1 = g1.fma(xv, b1);
        xv = DoubleVector.broadcast(V, x[x2 + xm]);
        a2 = g0.fma(xv, a2);
        b2 = g1.fma(xv, b2);
        xv = DoubleVector.broadcast(V, x[x3 + xm]);
        a3 = g0.fma(xv, a3);
        b3 = g1.fma(xv, b3);
      }
      a0.intoArray(partials, q0 + o);
      b0.intoArray(partials, q0 + o + L);
      a1.intoArray(partials, q1 + o);
      b1.intoArray(partials, q1 + o + L);
      a2.intoArray(partials, q2 + o);
      b2.intoArray(partials, q2 + o + L);
      a3.intoArray(partials, q3 + o);
      b3.intoArray(partials, q3 + o + L);
    }
    for (; o + L <= f; o += L) {
      DoubleVector a0 = DoubleVector.fromArray(V, partials, q0 + o);
      DoubleVector a1 = DoubleVector.fromArray(V, partials, q1 + o);
      DoubleVector a2 = DoubleVector.fromArray(V, partials, q2 + o);
      DoubleVector a3 = DoubleVector.fromArray(V, partials, q3 + o);
      for (int m = 0, xm = 0, da = d0 + o; m < len; m++, xm += step, da += f) {
        DoubleVector g0 = DoubleVector.fromArray(V, dy, da);
        a0 = g0.fma(DoubleVector.broadcast(V, x[x0 + xm]), a0);
        a1 = g0.fma(DoubleVector.broadcast(V, x[x1 + xm]), a1);
        a2 = g0.fma(DoubleVector.broadcast(V, x[x2 + xm]), a2);
        a3 = g0.fma(DoubleVector.broadcast(V, x[x3 + xm]), a3);
      }
      a0.intoArray(partials, q0 + o);
      a1.intoArray(partials, q1 + o);
      a2.intoArray(partials, q2 + o);
      a3.intoArray(partials, q3 + o);
    }
    if (o < f && lastFiltersInOneVector(f, len, o, d0, dy, Math.max(Math.max(q0, q1), Math.max(q2, q3)), partials)) {
      fourTapsLastFilters(f - o, len, step, x, x0, x1, x2, x3, dy, d0 + o, f, partials, q0 + o, q1 + o, q2 + o,
          q3 + o, room);
      return;
    }
    for (; o < f; o++) {
      double s0 = partials[q0 + o];
      double s1 = partials[q1 + o];
      double s2 = partials[q2 + o];
      double s3 = partials[q3 + o];
      for (int m = 0, xm = 0, da = d0 + o; m < len; m++, xm += step, da += f) {
        double g = dy[da];
        s0 = Math.fma(x[x0 + xm], g, s0);
        s1 = Math.fma(x[x1 + xm], g, s1);
        s2 = Math.fma(x[x2 + xm], g, s2);
        s3 = Math.fma(x[x3 + xm], g, s3);
      }
      partials[q0 + o] = s0;
      partials[q1 + o] = s1;
      partials[q2 + o] = s2;
      partials[q3 + o] = s3;
    }
  }

  /**
   * {@link #fourTaps}'s chains for its last {@code count} filters ({@code 2 ≤ count < L}) in one vector: tap
   * {@code i} reads {@code x[xi + m·step]} and adds into {@code partials[qi + ·]}, pixel {@code m}'s {@code dY} row
   * at {@code dy[da + m·f]}. The lanes from {@code count} on are computed on what lies after and dropped
   * ({@link #lastFiltersInOneVector}).
   */
  private static void fourTapsLastFilters(int count, int len, int step, double[] x, int x0, int x1, int x2, int x3,
      double[] dy, int da, int f, double[] partials, int q0, int q1, int q2, int q3, double[] room) {
    DoubleVector a0 = DoubleVector.fromArray(V, partials, q0);
    DoubleVector a1 = DoubleVector.fromArray(V, partials, q1);
    DoubleVector a2 = DoubleVector.fromArray(V, partials, q2);
    DoubleVector a3 = DoubleVector.fromArray(V, partials, q3);
    for (int m = 0, xm = 0, d = da; m < len; m++, xm += step, d += f) {
      DoubleVector g0 = DoubleVector.fromArray(V, dy, d);
      a0 = g0.fma(DoubleVector.broadcast(V, x[x0 + xm]), a0);
      a1 = g0.fma(DoubleVector.broadcast(V, x[x1 + xm]), a1);
      a2 = g0.fma(DoubleVector.broadcast(V, x[x2 + xm]), a2);
      a3 = g0.fma(DoubleVector.broadcast(V, x[x3 + xm]), a3);
    }
    storeLanes(a0, room, partials, q0, count);
    storeLanes(a1, room, partials, q1, count);
    storeLanes(a2, room, partials, q2, count);
    storeLanes(a3, room, partials, q3, count);
  }

  /**
   * {@link #fourTaps} for one tap reading {@code x[xi + m·step]}, its gradient at {@code partials[q + ·]}:
   * even and odd pixels in separate chains, added at the end.
   */
  private static void oneTap(int f, int len, int step, int xi, int q, double[] x, double[] dy, int d0,
      double[] partials, double[] room) {
    int o = 0;
    for (; o + 2 * L <= f; o += 2 * L) {
      DoubleVector a0 = DoubleVector.fromArray(V, partials, q + o);
      DoubleVector a1 = DoubleVector.fromArray(V, partials, q + o + L);
      DoubleVector b0 = DoubleVector.zero(V);
      DoubleVector b1 = DoubleVector.zero(V);
      for (int m = 0; m < len; m += 2) {
        int da = d0 + m * f + o;
        DoubleVector xa = DoubleVector.broadcast(V, x[xi + m * step]);
        DoubleVector xb = DoubleVector.broadcast(V, x[xi + (m + 1) * step]);
        a0 = DoubleVector.fromArray(V, dy, da).fma(xa, a0);
        a1 = DoubleVector.fromArray(V, dy, da + L).fma(xa, a1);
        b0 = DoubleVector.fromArray(V, dy, da + f).fma(xb, b0);
        b1 = DoubleVector.fromArray(V, dy, da + f + L).fma(xb, b1);
      }
      a0.add(b0).intoArray(partials, q + o);
      a1.add(b1).intoArray(partials, q + o + L);
    }
    // whole vectors, then the filters past them in one more where lastFiltersInOneVector says so
    for (; o + L <= f || o < f && lastFiltersInOneVector(f, len, o, d0, dy, q, partials); o += L) {
      DoubleVector a0 = DoubleVector.fromArray(V, partials, q + o);
      DoubleVector b0 = DoubleVector.zero(V);
      for (int m = 0; m < len; m += 2) {
        int da = d0 + m * f + o;
        a0 = DoubleVector.fromArray(V, dy, da).fma(DoubleVector.broadcast(V, x[xi + m * step]), a0);
        b0 = DoubleVector.fromArray(V, dy, da + f).fma(DoubleVector.broadcast(V, x[xi + (m + 1) * step]), b0);
      }
      storeLanes(a0.add(b0), room, partials, q + o, Math.min(L, f - o));
    }
    for (; o < f; o++) {
      double even = partials[q + o];
      double odd = 0.0;
      for (int m = 0; m < len; m += 2) {
        even = Math.fma(x[xi + m * step], dy[d0 + m * f + o], even);
        odd = Math.fma(x[xi + (m + 1) * step], dy[d0 + (m + 1) * f + o], odd);
      }
      partials[q + o] = even + odd;
    }
  }

  /**
   * Whether the kernel gradient's filters from {@code o} on ({@code f − o < L}, past the last whole vector) take one
   * vector over a run of {@code len} pixels whose {@code dY} rows start at {@code d0}, rather than a scalar chain
   * each: when there are at least two of them (one filter's chain is as fast without {@link #storeLanes}'s copy),
   * and the vector's other lanes lie inside the arrays: they read the next pixel's {@code dY} and the partial sums
   * after {@code partials[qMax + f − 1]}, the last of the run's taps (not so only in the batch's last run or for the
   * last kernel row), and are never stored, so their values never count: after a task's last kernel row they are its
   * bias sums and, with fewer filters than half a vector, the next task's first sums, which another thread may be
   * writing meanwhile. Both ways sum in the same order, so give the same bits. With a scalar
   * chain per filter, a layer of 13 to 15 filters at 512 bits took its kernel gradient at about a quarter of the
   * speed per multiply-add of one of 16 (docs/performance.md).
   */
  static boolean lastFiltersInOneVector(int f, int len, int o, int d0, double[] dy, int qMax, double[] partials) {
    return f - o >= 2 && d0 + (len - 1) * f + o + L <= dy.length && qMax + o + L <= partials.length;
  }

  /**
   * The input gradient of image {@code n} for stride 1 and filters a multiple of {@code L}
   * ({@link SmallPatchConvolution.Taps#gathers}), as a gather: each input element sums what every
   * output that read it sends back, {@code dx[q, ch] += Σ_(i,j) Σ_o dy[q − (i,j), o]·w[i, j, ch, o]}, in
   * registers with the filters in the vector lanes and one horizontal sum at the end, instead of
   * adding each tap into {@code dx}. Four neighbouring input pixels of one row whose kernel columns
   * all reach an output are taken together (eight chains); the others one by one.
   */
  private static void gatherInputGradient(ConvSpec s, SmallPatchConvolution.Taps taps, double[] w, double[] dy,
      double[] dx, int n) {
    int f = s.filters();
    int in = s.inChannels();
    int kr = s.kernelRows();
    int kc = s.kernelCols();
    int dr = s.dilationRows();
    int dc = s.dilationCols();
    int outRows = s.outRows();
    int outCols = s.outCols();
    int inCols = s.inCols();
    int pl = s.padLeft();
    int chunks = f / L;
    int[] gDy = taps.gatherDy;
    int[] gW = taps.gatherW;
    // input columns whose every kernel column j reads an output column qc - j·dc + pl
    int firstFull = Math.max(0, (kc - 1) * dc - pl);
    int endFull = Math.min(inCols, outCols - pl);
    for (int qr = 0; qr < s.inRows(); qr++) {
      int dxRow = (n * s.inRows() + qr) * inCols * in;
      // the kernel rows i whose output row qr - i·dr + padTop exists: iLo ≤ i < iHi
      int iLo = 0;
      while (iLo < kr && qr - iLo * dr + s.padTop() >= outRows) {
        iLo++;
      }
      int iHi = iLo;
      while (iHi < kr && qr - iHi * dr + s.padTop() >= 0) {
        iHi++;
      }
      if (iLo == iHi) {
        continue;
      }
      // where dy would hold output (qr + padTop, qc + padLeft); the table's offsets reach the real outputs
      int dyRow = ((n * outRows + qr + s.padTop()) * outCols + pl) * f;
      int kLo = iLo * kc * chunks;
      int kHi = iHi * kc * chunks;
      int qc = 0;
      while (qc < inCols) {
        if (qc >= firstFull && qc + 4 <= endFull) {
          int ch = 0;
          for (; ch + 2 <= in; ch += 2) {
            gatherFourTwo(f, in, ch, kLo, kHi, gDy, gW, dyRow + qc * f, w, dy, dx, dxRow + qc * in);
          }
          if (ch < in) {
            gatherFour(f, in, ch, kLo, kHi, gDy, gW, dyRow + qc * f, w, dy, dx, dxRow + qc * in);
          }
          qc += 4;
        } else {
          // the kernel columns j whose output column qc - j·dc + pl exists: jLo ≤ j < jHi
          int jLo = 0;
          while (jLo < kc && qc - jLo * dc + pl >= outCols) {
            jLo++;
          }
          int jHi = jLo;
          while (jHi < kc && qc - jHi * dc + pl >= 0) {
            jHi++;
          }
          for (int ch = 0; ch < in; ch++) {
            double sum = 0.0;
            for (int i = iLo; i < iHi && jLo < jHi; i++) {
              sum += dot(ch * f, (i * kc + jLo) * chunks, (i * kc + jHi) * chunks, gDy, gW, dyRow + qc * f, w, dy);
            }
            dx[dxRow + qc * in + ch] += sum;
          }
          qc++;
        }
      }
    }
  }

  /**
   * Adds into {@code dx[dxAt + m·in + ch]}, {@code m < 4}, the sums over the table entries
   * {@code kLo…kHi-1} of {@code dy[dyAt + m·f + gDy[k] + ·]·w[gW[k] + ch·f + ·]} (a vector of filters an entry).
   */
  private static void gatherFour(int f, int in, int ch, int kLo, int kHi, int[] gDy, int[] gW, int dyAt,
      double[] w, double[] dy, double[] dx, int dxAt) {
    DoubleVector a0 = DoubleVector.zero(V);
    DoubleVector a1 = DoubleVector.zero(V);
    DoubleVector a2 = DoubleVector.zero(V);
    DoubleVector a3 = DoubleVector.zero(V);
    DoubleVector b0 = DoubleVector.zero(V);
    DoubleVector b1 = DoubleVector.zero(V);
    DoubleVector b2 = DoubleVector.zero(V);
    DoubleVector b3 = DoubleVector.zero(V);
    int chf = ch * f;
    int k = kLo;
    for (; k + 1 < kHi; k += 2) {
      DoubleVector wa = DoubleVector.fromArray(V, w, gW[k] + chf);
      DoubleVector wb = DoubleVector.fromArray(V, w, gW[k + 1] + chf);
      int ea = dyAt + gDy[k];
      int eb = dyAt + gDy[k + 1];
      a0 = DoubleVector.fromArray(V, dy, ea).fma(wa, a0);
      b0 = DoubleVector.fromArray(V, dy, eb).fma(wb, b0);
      a1 = DoubleVector.fromArray(V, dy, ea + f).fma(wa, a1);
      b1 = DoubleVector.fromArray(V, dy, eb + f).fma(wb, b1);
      a2 = DoubleVector.fromArray(V, dy, ea + 2 * f).fma(wa, a2);
      b2 = DoubleVector.fromArray(V, dy, eb + 2 * f).fma(wb, b2);
      a3 = DoubleVector.fromArray(V, dy, ea + 3 * f).fma(wa, a3);
      b3 = DoubleVector.fromArray(V, dy, eb + 3 * f).fma(wb, b3);
    }
    if (k < kHi) {
      DoubleVector wa = DoubleVector.fromArray(V, w, gW[k] + chf);
      int ea = dyAt + gDy[k];
      a0 = DoubleVector.fromArray(V, dy, ea).fma(wa, a0);
      a1 = DoubleVector.fromArray(V, dy, ea + f).fma(wa, a1);
      a2 = DoubleVector.fromArray(V, dy, ea + 2 * f).fma(wa, a2);
      a3 = DoubleVector.fromArray(V, dy, ea + 3 * f).fma(wa, a3);
    }
    dx[dxAt + ch] += sum(a0.add(b0));
    dx[dxAt + in + ch] += sum(a1.add(b1));
    dx[dxAt + 2 * in + ch] += sum(a2.add(b2));
    dx[dxAt + 3 * in + ch] += sum(a3.add(b3));
  }

  /** {@link #gatherFour} for channels {@code ch} and {@code ch+1} at once: each {@code dy} load feeds both. */
  private static void gatherFourTwo(int f, int in, int ch, int kLo, int kHi, int[] gDy, int[] gW, int dyAt,
      double[] w, double[] dy, double[] dx, int dxAt) {
    DoubleVector a0 = DoubleVector.zero(V);
    DoubleVector a1 = DoubleVector.zero(V);
    DoubleVector a2 = DoubleVector.zero(V);
    DoubleVector a3 = DoubleVector.zero(V);
    DoubleVector b0 = DoubleVector.zero(V);
    DoubleVector b1 = DoubleVector.zero(V);
    DoubleVector b2 = DoubleVector.zero(V);
    DoubleVector b3 = DoubleVector.zero(V);
    int chf = ch * f;
    for (int k = kLo; k < kHi; k++) {
      int wk = gW[k] + chf;
      DoubleVector wa = DoubleVector.fromArray(V, w, wk);
      DoubleVector wb = DoubleVector.fromArray(V, w, wk + f);
      int e = dyAt + gDy[k];
      DoubleVector g = DoubleVector.fromArray(V, dy, e);
      a0 = g.fma(wa, a0);
      b0 = g.fma(wb, b0);
      g = DoubleVector.fromArray(V, dy, e + f);
      a1 = g.fma(wa, a1);
      b1 = g.fma(wb, b1);
      g = DoubleVector.fromArray(V, dy, e + 2 * f);
      a2 = g.fma(wa, a2);
      b2 = g.fma(wb, b2);
      g = DoubleVector.fromArray(V, dy, e + 3 * f);
      a3 = g.fma(wa, a3);
      b3 = g.fma(wb, b3);
    }
    dx[dxAt + ch] += sum(a0);
    dx[dxAt + ch + 1] += sum(b0);
    dx[dxAt + in + ch] += sum(a1);
    dx[dxAt + in + ch + 1] += sum(b1);
    dx[dxAt + 2 * in + ch] += sum(a2);
    dx[dxAt + 2 * in + ch + 1] += sum(b2);
    dx[dxAt + 3 * in + ch] += sum(a3);
    dx[dxAt + 3 * in + ch + 1] += sum(b3);
  }

  /** The sum over the table entries {@code kLo…kHi-1} of {@code dy[dyAt + gDy[k] + ·]·w[gW[k] + chf + ·]}. */
  private static double dot(int chf, int kLo, int kHi, int[] gDy, int[] gW, int dyAt, double[] w, double[] dy) {
    DoubleVector a0 = DoubleVector.zero(V);
    for (int k = kLo; k < kHi; k++) {
      a0 = DoubleVector.fromArray(V, dy, dyAt + gDy[k]).fma(DoubleVector.fromArray(V, w, gW[k] + chf), a0);
    }
    return sum(a0);
  }

  /**
   * The sum of the lanes of {@code v} in a fixed order, so the same bits interpreted or compiled: four
   * lanes pairwise; eight lanes by {@code reduceLanes}, which adds them one after the other in both
   * (about a third cheaper than extracting eight lanes one by one).
   */
  static double sum(DoubleVector v) {
    return v.length() == 4 ? (v.lane(0) + v.lane(1)) + (v.lane(2) + v.lane(3)) : v.reduceLanes(VectorOperators.ADD);
  }

  private static void inputGradient(ConvSpec s, SmallPatchConvolution.Taps taps, double[] w, double[] dy,
      double[] dx, int n) {
    int f = s.filters();
    int k = s.patchSize();
    int kp = (k + L - 1) / L * L;
    int pixels = s.outRows() * s.outCols();
    int xBase = n * s.inRows() * s.inCols() * s.inChannels();
    int[] start = taps.start;
    int[] input = taps.input;
    int[] kernel = taps.kernel;
    double[][] scratch = SCRATCH.get();
    if (scratch[0].length < f * kp) {
      scratch[0] = new double[f * kp];
    }
    if (scratch[1].length < 4 * kp) {
      scratch[1] = new double[4 * kp];
    }
    double[] wt = scratch[0];
    double[] g = scratch[1];
    // wt[o·kp + t] = w[t·f + o], zeros in the padding
    for (int o = 0; o < f; o++) {
      for (int t = 0; t < kp; t++) {
        wt[o * kp + t] = t < k ? w[t * f + o] : 0.0;
      }
    }
    // four uncut neighbours at a time (four independent chains of fused multiply-adds, one pass over
    // their shared tap list), else one pixel
    int step = taps.step;
    boolean[] quad = taps.quad;
    for (int p = 0; p < pixels; ) {
      int d0 = (n * pixels + p) * f;
      if (quad[p]) {
        for (int c = 0; c < kp; c += L) {
          DoubleVector a0 = DoubleVector.zero(V);
          DoubleVector a1 = DoubleVector.zero(V);
          DoubleVector a2 = DoubleVector.zero(V);
          DoubleVector a3 = DoubleVector.zero(V);
          for (int o = 0; o < f; o++) {
            DoubleVector wv = DoubleVector.fromArray(V, wt, o * kp + c);
            a0 = wv.fma(DoubleVector.broadcast(V, dy[d0 + o]), a0);
            a1 = wv.fma(DoubleVector.broadcast(V, dy[d0 + f + o]), a1);
            a2 = wv.fma(DoubleVector.broadcast(V, dy[d0 + 2 * f + o]), a2);
            a3 = wv.fma(DoubleVector.broadcast(V, dy[d0 + 3 * f + o]), a3);
          }
          a0.intoArray(g, c);
          a1.intoArray(g, kp + c);
          a2.intoArray(g, 2 * kp + c);
          a3.intoArray(g, 3 * kp + c);
        }
        for (int t = start[p]; t < start[p + 1]; t++) {
          int xi = xBase + input[t];
          int kt = kernel[t];
          dx[xi] += g[kt];
          dx[xi + step] += g[kp + kt];
          dx[xi + 2 * step] += g[2 * kp + kt];
          dx[xi + 3 * step] += g[3 * kp + kt];
        }
        p += 4;
      } else {
        for (int c = 0; c < kp; c += L) {
          DoubleVector a0 = DoubleVector.zero(V);
          for (int o = 0; o < f; o++) {
            a0 = DoubleVector.fromArray(V, wt, o * kp + c).fma(DoubleVector.broadcast(V, dy[d0 + o]), a0);
          }
          a0.intoArray(g, c);
        }
        for (int t = start[p]; t < start[p + 1]; t++) {
          dx[xBase + input[t]] += g[kernel[t]];
        }
        p++;
      }
    }
  }
}
