package org.minicnn.benchmarks;

import java.util.Locale;
import org.minicnn.engine.conv.ConvAlgorithm;

/**
 * The {@code peak} rows of {@code minicnn bench}: what this machine's cores deliver to a loop that does
 * nothing but fused multiply-adds, the ceiling for every {@code gflops_fwdbwd} next to them. Each of
 * {@code threads} threads runs twelve independent chains of vector fused multiply-adds (the
 * accumulators of the convolutions' register tile) in registers, with no memory traffic, all threads at
 * once; a row's {@code fwdbwd_ms} is the median wall time of one such round and {@code gflops_fwdbwd}
 * the operations of all threads over it (two per lane and fused multiply-add).
 *
 * <p>One row per vector width the kernels are written for, {@code peak-256} and {@code peak-512}, then
 * {@code peak}: the highest of them, the machine's ceiling. A width the hardware lacks is emulated by the
 * JDK, orders of magnitude slower; it is measured on {@value #EMULATED_STEPS} steps a round instead of
 * {@value #ROUND_STEPS} and shows as a low number, not as the ceiling.
 *
 * <p>Why: on a shared virtual machine the two "cores" may not be two cores' worth of arithmetic, and
 * a clock speed from {@code /proc/cpuinfo} does not say what a core delivers. Measured in the same run
 * as the workloads, the ceiling tells how far a kernel is from the hardware and whether 2 threads can
 * be 2× at all. When the convolutions run plain Java (no Vector API module, or {@code minicnn.scalar})
 * there is one row, {@code peak}, of scalar chains ({@link Math#fma}), the ceiling of those kernels.
 */
public final class FmaPeak {

  /** The name of the ceiling's row; the rows per width are {@code peak-256} and {@code peak-512}. */
  public static final String NAME = "peak";
  /** Fused multiply-adds per chain per round: long enough that starting the threads is negligible. */
  static final long ROUND_STEPS = 5_000_000L;
  /** Steps per round at a width the hardware lacks. */
  static final long EMULATED_STEPS = 5_000L;
  /** Independent chains per thread, enough to keep two fused multiply-add units busy through their latency. */
  static final int CHAINS = 12;

  /** The chains of the kernels in use ({@link ConvAlgorithm#vectorKernels}). */
  private static final boolean VECTOR = ConvAlgorithm.vectorKernels();

  private FmaPeak() {}

  /**
   * The CSV rows {@code peak-256,float64,threads,,ms,gflops}, {@code peak-512,…} and {@code peak,…} (the highest) of
   * {@link ConvBench#HEADER}, one a line; only {@code peak} when the kernels run plain Java.
   */
  public static String measure(int threads, double seconds) {
    if (!VECTOR) {
      double ms = ConvBench.medianMillis(() -> round(threads, ROUND_STEPS, 0), seconds);
      return row(NAME, threads, ms, flops(threads, ROUND_STEPS, 1) / (ms * 1e6));
    }
    StringBuilder rows = new StringBuilder();
    double bestMs = 0;
    double best = -1;
    for (int bits : VectorFmaChains.WIDTHS) {
      long steps = VectorFmaChains.inHardware(bits) ? ROUND_STEPS : EMULATED_STEPS;
      double ms = ConvBench.medianMillis(() -> round(threads, steps, bits), seconds);
      double gflops = flops(threads, steps, bits / 64) / (ms * 1e6);
      rows.append(row(NAME + "-" + bits, threads, ms, gflops)).append('\n');
      if (gflops > best) {
        best = gflops;
        bestMs = ms;
      }
    }
    return rows.append(row(NAME, threads, bestMs, best)).toString();
  }

  private static String row(String name, int threads, double ms, double gflops) {
    return String.format(Locale.ROOT, "%s,float64,%d,,%.4f,%.2f", name, threads, ms, gflops);
  }

  /** Floating-point operations of one round: two per lane per fused multiply-add. */
  static double flops(int threads, long steps, int lanes) {
    return 2.0 * threads * steps * CHAINS * lanes;
  }

  /**
   * Runs {@code steps} steps of the chains on {@code threads} threads at once and waits for them.
   *
   * @param bits the vector width, or 0 for scalar chains
   * @throws IllegalStateException if a chain's result is not the finite number it must be (the JIT kept the work)
   */
  static void round(int threads, long steps, int bits) {
    Thread[] workers = new Thread[threads];
    double[] results = new double[threads];
    for (int t = 0; t < threads; t++) {
      int slot = t;
      workers[t] = new Thread(() -> results[slot] = bits > 0 ? VectorFmaChains.run(bits, steps) : scalarChains(steps));
      workers[t].start();
    }
    for (Thread worker : workers) {
      try {
        worker.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("peak: interrupted while waiting for its threads", e);
      }
    }
    for (double r : results) {
      if (!(r > 0 && Double.isFinite(r))) {
        throw new IllegalStateException("peak: expected a positive finite sum of the chains, got " + r);
      }
    }
  }

  /** Twelve scalar chains {@code a ← m·c + a} (see {@link VectorFmaChains#run256}), summed at the end. */
  static double scalarChains(long steps) {
    double m = 0.999999;
    double c = 1e-9;
    double a0 = c, a1 = c, a2 = c, a3 = c, a4 = c, a5 = c, a6 = c, a7 = c, a8 = c, a9 = c, a10 = c, a11 = c;
    for (long i = 0; i < steps; i++) {
      a0 = Math.fma(m, c, a0);
      a1 = Math.fma(m, c, a1);
      a2 = Math.fma(m, c, a2);
      a3 = Math.fma(m, c, a3);
      a4 = Math.fma(m, c, a4);
      a5 = Math.fma(m, c, a5);
      a6 = Math.fma(m, c, a6);
      a7 = Math.fma(m, c, a7);
      a8 = Math.fma(m, c, a8);
      a9 = Math.fma(m, c, a9);
      a10 = Math.fma(m, c, a10);
      a11 = Math.fma(m, c, a11);
    }
    return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
  }
}
