package org.minicnn.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The {@code peak} row: its CSV cells, and its GFLOP/s the operations of all threads over the measured time. */
class FmaPeakTest {

  @Test
  void theRowCountsEightOperationsPerVectorFusedMultiplyAddOfEveryThread() {
    for (int threads : new int[] {1, 2}) {
      String[] cells = FmaPeak.measure(threads, 0.01).split(",", -1);
      assertEquals(5, cells.length);
      assertEquals("peak", cells[0]);
      assertEquals(String.valueOf(threads), cells[1]);
      assertEquals("", cells[2]);
      double ms = Double.parseDouble(cells[3]);
      // the tests run with the Vector API: 12 chains of 4 lanes, 2 operations per lane and step
      double expected = 2.0 * threads * FmaPeak.ROUND_STEPS * 12 * 4 / (ms * 1e6);
      assertEquals(expected, Double.parseDouble(cells[4]), 0.006 + 1e-4 * expected, String.join(",", cells));
    }
  }

  @Test
  void bothChainVersionsComputeTheSeriesTheyClaim() {
    // a ← a·m + c from a = c: after n steps a = c·(1 − m^(n+1)) / (1 − m), twelve chains (and four lanes)
    double m = 0.999999;
    double c = 1e-9;
    double chain = c * (1 - Math.pow(m, 1001)) / (1 - m);
    assertEquals(12 * chain, FmaPeak.scalarChains(1000), 1e-9 * chain);
    assertEquals(4 * 12 * chain, VectorFmaChains.run(1000), 4e-9 * chain);
    assertTrue(chain > 1000 * c, "the chains grow: " + chain);
  }
}
