package org.minicnn.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code minicnn bench}: the CSV it prints (never its timings) and its exit codes for bad flags. */
class BenchCommandTest extends CliTestBase {

  @Test
  void printsTheHeaderAndOneRowPerWorkloadAndThreadCount() {
    assertEquals(0, run("bench", "--workload", "S1,s4", "--threads", "1,2", "--dtype", "double", "--seconds", "0.01"),
        err);
    String[] lines = out.split("\n");
    assertEquals("workload,dtype,threads,fwd_ms,fwdbwd_ms,gflops_fwdbwd", lines[0]);
    assertEquals(5, lines.length, out);
    String[] expected = {"S1,float64,1,", "S4,float64,1,", "S1,float64,2,", "S4,float64,2,"};
    for (int i = 0; i < expected.length; i++) {
      String[] cells = lines[i + 1].split(",", -1);
      assertTrue(lines[i + 1].startsWith(expected[i]), lines[i + 1]);
      assertEquals(6, cells.length, lines[i + 1]);
      for (int c = 3; c < 6; c++) {
        assertTrue(Double.parseDouble(cells[c]) > 0, lines[i + 1]);
      }
    }
  }

  @Test
  void aListOfDtypesMeasuresEachWorkloadInEach() {
    assertEquals(0, run("bench", "--workload", "S3,job", "--threads", "1", "--dtype", "float32,float64,float",
        "--seconds", "0.01"), err);
    String[] lines = out.split("\n");
    String[] expected = {"S3,float32,1,", "S3,float64,1,", "job,float32,1,,", "job,float64,1,,"};
    assertEquals(expected.length + 1, lines.length, out);
    for (int i = 0; i < expected.length; i++) {
      assertTrue(lines[i + 1].startsWith(expected[i]), lines[i + 1]);
      assertTrue(Double.parseDouble(lines[i + 1].split(",", -1)[4]) > 0, lines[i + 1]);
    }
  }

  @Test
  void newOutputArraysAreAnOption() {
    assertEquals(0, run("bench", "--workload", "S2", "--threads", "1", "--seconds", "0.01", "--outputs", "new"), err);
    String[] lines = out.split("\n");
    assertEquals(2, lines.length, out);
    assertTrue(lines[1].startsWith("S2,float64,1,"), lines[1]);
  }

  @Test
  void theJobRowHasNoForwardTimeAndCountsTheTrainingFlops() {
    assertEquals(0, run("bench", "--workload", "job", "--threads", "1", "--seconds", "0.01"), err);
    String[] lines = out.split("\n");
    assertEquals(2, lines.length, out);
    String[] cells = lines[1].split(",", -1);
    assertEquals("job", cells[0]);
    assertEquals("float64", cells[1]);
    assertEquals("1", cells[2]);
    assertEquals("", cells[3]);
    double ms = Double.parseDouble(cells[4]);
    // 20 epochs x 1024 images x (2·6·6·9 forward FLOPs) x 3 for forward+backward
    double expectedGflops = 3.0 * 20 * 1024 * 2 * 6 * 6 * 9 / (ms * 1e6);
    assertEquals(expectedGflops, Double.parseDouble(cells[5]), 0.006 + 1e-3 * expectedGflops);
  }

  @Test
  void thePeakRowsHaveNoForwardTimeOnePerWidthAndTheHighestPerThreadCount() {
    assertEquals(0, run("bench", "--workload", "PEAK", "--threads", "1,2", "--seconds", "0.01"), err);
    String[] lines = out.split("\n");
    assertEquals(7, lines.length, out);
    String[] names = {"peak-256", "peak-512", "peak"};
    for (int t = 1; t <= 2; t++) {
      for (int i = 0; i < 3; i++) {
        String line = lines[1 + 3 * (t - 1) + i];
        String[] cells = line.split(",", -1);
        assertEquals(names[i], cells[0], line);
        assertEquals("float64", cells[1], line);
        assertEquals(String.valueOf(t), cells[2], line);
        assertEquals("", cells[3], line);
        assertTrue(Double.parseDouble(cells[4]) > 0 && Double.parseDouble(cells[5]) > 0, line);
      }
    }
  }

  @Test
  void badFlagsExitTwoNamingWhatWasExpected() {
    assertEquals(2, run("bench", "--workload", "S9"));
    assertTrue(err.startsWith("minicnn: --workload: expected S1, S2, S3, S4, S5, job, peak or all, got 'S9'\n"), err);
    assertTrue(err.contains("usage: minicnn bench"), err);
    assertEquals("", out);
    assertEquals(2, run("bench", "--threads", "0"));
    assertTrue(err.startsWith("minicnn: --threads: expected positive integers such as 1 or 1,2, got '0'\n"), err);
    assertEquals(2, run("bench", "--threads", "two"));
    assertTrue(err.startsWith("minicnn: --threads: expected positive integers such as 1 or 1,2, got 'two'\n"), err);
    assertEquals(2, run("bench", "--dtype", "float16"));
    assertTrue(err.startsWith("minicnn: --dtype: expected float64, float32 or both such as float32,float64 (double and"
        + " float are aliases), got 'float16'\n"), err);
    assertEquals(2, run("bench", "--dtype", "float32,"));
    assertTrue(err.startsWith("minicnn: --dtype: expected float64, float32 or both such as float32,float64 (double and"
        + " float are aliases), got 'float32,'\n"), err);
    assertEquals(2, run("bench", "--seconds", "-1"));
    assertTrue(err.startsWith("minicnn: --seconds: expected a positive number, got '-1'\n"), err);
    assertEquals(2, run("bench", "--algorithm", "fft"));
    assertTrue(err.startsWith("minicnn: --algorithm: expected BLOCKED, IM2COL or REFERENCE, got 'fft'\n"), err);
    assertEquals(2, run("bench", "--outputs", "kept"));
    assertTrue(err.startsWith("minicnn: --outputs: expected reused or new, got 'kept'\n"), err);
    assertEquals(2, run("bench", "--speed", "3"));
    assertTrue(err.startsWith("minicnn: unknown option --speed\n"), err);
    assertEquals(2, run("bench", "--threads"));
    assertTrue(err.startsWith("minicnn: --threads needs a value\n"), err);
    assertEquals(2, run("bench", "S1"));
    assertTrue(err.startsWith("minicnn: bench takes options only, got [S1]\n"), err);
    assertEquals("", out);
  }

  @Test
  void helpPrintsTheUsage() {
    assertEquals(0, run("bench", "--help"));
    assertTrue(out.startsWith("usage: minicnn bench [--workload S1..S5|job|peak|all]"), out);
  }
}
