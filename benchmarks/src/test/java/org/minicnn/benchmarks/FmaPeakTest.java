package org.minicnn.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The {@code peak} rows: one per vector width and the highest, their CSV cells (the dtype is float64), and
 * each row's GFLOP/s the operations of all threads over the measured time.
 */
class FmaPeakTest {

  @Test
  void oneRowPerWidthCountingTwoOperationsPerLaneThenTheHighest() {
    for (int threads : new int[] {1, 2}) {
      String[] lines = FmaPeak.measure(threads, 0.01).split("\n");
      assertEquals(3, lines.length, String.join("\n", lines));
      double highest = 0;
      for (int i = 0; i < 3; i++) {
        String[] cells = lines[i].split(",", -1);
        assertEquals(6, cells.length, lines[i]);
        assertEquals(i < 2 ? "peak-" + VectorFmaChains.WIDTHS[i] : "peak", cells[0], lines[i]);
        assertEquals("float64", cells[1], lines[i]);
        assertEquals(String.valueOf(threads), cells[2], lines[i]);
        assertEquals("", cells[3], lines[i]);
        double ms = Double.parseDouble(cells[4]);
        double gflops = Double.parseDouble(cells[5]);
        if (i < 2) {
          // the tests run with the Vector API: 12 chains of bits/64 lanes, 2 operations per lane and step
          int bits = VectorFmaChains.WIDTHS[i];
          long steps = VectorFmaChains.inHardware(bits) ? FmaPeak.ROUND_STEPS : FmaPeak.EMULATED_STEPS;
          double expected = 2.0 * threads * steps * 12 * (bits / 64) / (ms * 1e6);
          assertEquals(expected, gflops, 0.006 + 1e-4 * expected, lines[i]);
          highest = Math.max(highest, gflops);
        } else {
          assertEquals(highest, gflops, 0.0, lines[i]);
        }
      }
    }
  }

  @Test
  void everyChainVersionComputesTheSeriesItClaims() {
    // a ← a·m + c from a = c: after n steps a = c·(1 − m^(n+1)) / (1 − m), twelve chains (and 4 or 8 lanes)
    double m = 0.999999;
    double c = 1e-9;
    double chain = c * (1 - Math.pow(m, 1001)) / (1 - m);
    assertEquals(12 * chain, FmaPeak.scalarChains(1000), 1e-9 * chain);
    assertEquals(4 * 12 * chain, VectorFmaChains.run(256, 1000), 4e-9 * chain);
    assertEquals(8 * 12 * chain, VectorFmaChains.run(512, 1000), 8e-9 * chain);
    assertTrue(chain > 1000 * c, "the chains grow: " + chain);
  }
}
