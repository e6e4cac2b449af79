package org.minicnn.benchmarks;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FmaPeak}'s chains in vector registers, one method per width. Each has its own copy of the loop on
 * purpose: the species must be a constant in the method the JIT compiles the loop in, or every operation
 * becomes a call. Only loaded when the {@code jdk.incubator.vector} module is present.
 */
final class VectorFmaChains {

  /** The widths measured, in bits: those the convolution kernels are written for. */
  static final int[] WIDTHS = {256, 512};

  private static final VectorSpecies<Double> V256 = DoubleVector.SPECIES_256;
  private static final VectorSpecies<Double> V512 = DoubleVector.SPECIES_512;

  private VectorFmaChains() {}

  /** Whether the hardware has vectors of {@code bits} (else the JDK emulates them, far slower). */
  static boolean inHardware(int bits) {
    return DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= bits;
  }

  /** {@link #run256} or {@link #run512}. */
  static double run(int bits, long steps) {
    return switch (bits) {
      case 256 -> run256(steps);
      case 512 -> run512(steps);
      default -> throw new IllegalArgumentException("peak: expected a width of 256 or 512 bits, got " + bits);
    };
  }

  /**
   * Twelve chains {@code a ← m·c + a} of four lanes, summed at the end so the work is kept. The chain runs through
   * the addend, as the kernels' accumulators do: with {@code a ← a·m + c} the JIT copied {@code c} into a fresh
   * register before every fused multiply-add (the instruction overwrites its addend) and, with AVX2's sixteen
   * registers, kept some chains on the stack: the loop ran at about 60 % of the machine.
   */
  static double run256(long steps) {
    DoubleVector m = DoubleVector.broadcast(V256, 0.999999);
    DoubleVector c = DoubleVector.broadcast(V256, 1e-9);
    DoubleVector a0 = c, a1 = c, a2 = c, a3 = c, a4 = c, a5 = c, a6 = c, a7 = c, a8 = c, a9 = c, a10 = c, a11 = c;
    for (long i = 0; i < steps; i++) {
      a0 = m.fma(c, a0);
      a1 = m.fma(c, a1);
      a2 = m.fma(c, a2);
      a3 = m.fma(c, a3);
      a4 = m.fma(c, a4);
      a5 = m.fma(c, a5);
      a6 = m.fma(c, a6);
      a7 = m.fma(c, a7);
      a8 = m.fma(c, a8);
      a9 = m.fma(c, a9);
      a10 = m.fma(c, a10);
      a11 = m.fma(c, a11);
    }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
        .reduceLanes(VectorOperators.ADD);
  }

  /** {@link #run256} with eight lanes. */
  static double run512(long steps) {
    DoubleVector m = DoubleVector.broadcast(V512, 0.999999);
    DoubleVector c = DoubleVector.broadcast(V512, 1e-9);
    DoubleVector a0 = c, a1 = c, a2 = c, a3 = c, a4 = c, a5 = c, a6 = c, a7 = c, a8 = c, a9 = c, a10 = c, a11 = c;
    for (long i = 0; i < steps; i++) {
      a0 = m.fma(c, a0);
      a1 = m.fma(c, a1);
      a2 = m.fma(c, a2);
      a3 = m.fma(c, a3);
      a4 = m.fma(c, a4);
      a5 = m.fma(c, a5);
      a6 = m.fma(c, a6);
      a7 = m.fma(c, a7);
      a8 = m.fma(c, a8);
      a9 = m.fma(c, a9);
      a10 = m.fma(c, a10);
      a11 = m.fma(c, a11);
    }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
        .reduceLanes(VectorOperators.ADD);
  }
}
