package org.minicnn.benchmarks;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FmaPeak}'s chains in 256-bit registers. Only loaded when the {@code jdk.incubator.vector}
 * module is present.
 */
final class VectorFmaChains {

  private static final VectorSpecies<Double> V = DoubleVector.SPECIES_256;
  /** Doubles per register. */
  static final int LANES = 4;

  private VectorFmaChains() {}

  /** Twelve chains {@code a ← a·m + c} of four lanes, summed at the end so the work is kept. */
  static double run(long steps) {
    DoubleVector m = DoubleVector.broadcast(V, 0.999999);
    DoubleVector c = DoubleVector.broadcast(V, 1e-9);
    DoubleVector a0 = c, a1 = c, a2 = c, a3 = c, a4 = c, a5 = c, a6 = c, a7 = c, a8 = c, a9 = c, a10 = c, a11 = c;
    for (long i = 0; i < steps; i++) {
      a0 = a0.fma(m, c);
      a1 = a1.fma(m, c);
      a2 = a2.fma(m, c);
      a3 = a3.fma(m, c);
      a4 = a4.fma(m, c);
      a5 = a5.fma(m, c);
      a6 = a6.fma(m, c);
      a7 = a7.fma(m, c);
      a8 = a8.fma(m, c);
      a9 = a9.fma(m, c);
      a10 = a10.fma(m, c);
      a11 = a11.fma(m, c);
    }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
        .reduceLanes(VectorOperators.ADD);
  }
}
