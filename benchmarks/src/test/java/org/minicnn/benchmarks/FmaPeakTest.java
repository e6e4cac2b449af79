package org.minicnn.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    // a ← m·c + a from a = c: after n steps a = c·(1 + n·m), twelve chains (and 4 or 8 lanes)
    double m = 0.999999;
    double c = 1e-9;
    double chain = c * (1 + 1000 * m);
    assertEquals(12 * chain, FmaPeak.scalarChains(1000), 1e-9 * chain);
    assertEquals(4 * 12 * chain, VectorFmaChains.run(256, 1000), 4e-9 * chain);
    assertEquals(8 * 12 * chain, VectorFmaChains.run(512, 1000), 8e-9 * chain);
    assertTrue(chain > 1000 * c, "the chains grow: " + chain);
  }

  /**
   * scripts/fma_peak.c's loop keeps every chain in a register at both widths: sixteen chains of AVX-512's 32
   * registers, twelve of AVX2's 16. With sixteen at AVX2 two chains went through the stack and the loop measured
   * about half the machine, which made kernels look close to a ceiling they were far from.
   */
  @Test
  void theCeilingLoopInCKeepsEveryChainInARegister(@TempDir Path dir) throws Exception {
    assertEquals(List.of(12, 0), ceilingLoop(dir, "-mavx2", "-mfma"));
    assertEquals(List.of(16, 0), ceilingLoop(dir, "-mavx512f"));
  }

  /** Fused multiply-adds and memory operands in the hot loop of the assembly gcc makes of fma_peak.c. */
  private static List<Integer> ceilingLoop(Path dir, String... isa) throws IOException, InterruptedException {
    Path source = Path.of("..", "scripts", "fma_peak.c").toAbsolutePath().normalize();
    Path assembly = dir.resolve("fma_peak" + isa.length + ".s");
    List<String> command = new ArrayList<>(List.of("gcc", "-O2", "-pthread", "-S", "-o", assembly.toString()));
    command.addAll(List.of(isa));
    command.add(source.toString());
    Process gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
    String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
      throw new AssertionError("gcc (Debian's, on every machine of this kind) must compile " + source + ": " + log);
    }
    List<String> lines = Files.readAllLines(assembly);
    int first = 0;
    while (first < lines.size() && !lines.get(first).contains("vfmadd")) {
      first++;
    }
    int fmas = 0;
    int memory = 0;
    for (int i = first; i < lines.size() && !lines.get(i).trim().startsWith("j"); i++) {
      String line = lines.get(i);
      fmas += line.contains("vfmadd") && line.contains("pd") ? 1 : 0;
      memory += line.contains("(%") ? 1 : 0;
    }
    return List.of(fmas, memory);
  }
}
