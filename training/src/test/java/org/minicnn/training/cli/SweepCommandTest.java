package org.minicnn.training.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minicnn.training.run.RunCheckpoint;
import org.minicnn.training.run.RunFiles;

/**
 * {@code minicnn sweep}: run directories equal to {@code minicnn train}'s, the same {@code sweep.csv} for any
 * {@code --parallel} and in shards, resuming, failures, and every wrong command line (exit 2, nothing written).
 */
class SweepCommandTest extends CliTestBase {

  /** Small vertical-line runs: a fraction of a second each. */
  static final List<String> SMALL = List.of("--epochs", "2", "--samples", "64", "--val-samples", "32", "--batch",
      "16");

  @TempDir
  Path temp;

  private int sweep(Path dir, String... more) {
    List<String> args = new ArrayList<>(List.of("sweep", "vertical-line"));
    args.addAll(SMALL);
    args.addAll(List.of(more));
    args.addAll(List.of("--out", dir.toString()));
    return run(args.toArray(String[]::new));
  }

  @Test
  void aRunDirectoryEqualsPlainTrainByteForByte() throws IOException {
    Path dir = temp.resolve("sweep");
    assertEquals(0, sweep(dir, "--grid", "seed=3,4", "--grid", "lr=0.01,0.03", "--checkpoint-every", "1",
        "--parallel", "2"), err);
    List<String> trainArgs = new ArrayList<>(List.of("train", "vertical-line"));
    trainArgs.addAll(SMALL);
    trainArgs.addAll(List.of("--seed", "4", "--lr", "0.03", "--checkpoint-every", "1", "--quiet", "--out",
        temp.resolve("train").toString()));
    assertEquals(0, run(trainArgs.toArray(String[]::new)), err);
    Path swept = dir.resolve("runs/seed-4_lr-0.03");
    for (String file : List.of(RunFiles.WEIGHTS, RunFiles.METRICS, RunFiles.KERNELS, RunFiles.SAMPLE,
        RunCheckpoint.FILE)) {
      assertArrayEquals(Files.readAllBytes(temp.resolve("train").resolve(file)), Files.readAllBytes(swept.resolve(file)),
          file);
    }
    assertEquals(RunFiles.readConfig(temp.resolve("train")).get("lr"), RunFiles.readConfig(swept).get("lr"));
    assertFalse(Files.exists(swept.resolve("loss.png")), "--plots final (the default) draws no run plots");
    assertTrue(Files.exists(dir.resolve("sweep-cosine-by-lr.png")), "but the sweep's");
    assertTrue(Files.exists(dir.resolve("sweep-success-seed-lr.png")));
    String summary = Files.readString(dir.resolve("summary.md"));
    String perSeed = summary.substring(summary.indexOf("## Per seed"), summary.indexOf("## Every run"));
    assertTrue(perSeed.contains("cosine of each run, by seed and the other axes (empty: not done).\n\n"
        + "| seed | lr 0.01 | lr 0.03 |\n|---|---|---|\n| 3 | 0.818 | 0.899 |\n| 4 | 0.198 | 0.682 |\n"), perSeed);
  }

  @Test
  void parallelOneParallelTwoAndThreeShardsGiveTheSameTable() throws IOException {
    String[] grid = {"--grid", "seed=0..4", "--grid", "init=zeros,glorot", "--plots", "none"};
    Path one = temp.resolve("one");
    assertEquals(0, sweep(one, concat(grid, "--parallel", "1")), err);
    assertTrue(out.contains("[10/10] runs/seed-4_init-glorot: threshold"), out);
    Path two = temp.resolve("two");
    assertEquals(0, sweep(two, concat(grid, "--parallel", "2")), err);
    Path shards = temp.resolve("shards");
    for (int k = 0; k < 3; k++) {
      assertEquals(0, sweep(shards, concat(grid, "--shard", k + "/3", "--parallel", "2")), err);
      assertTrue(out.contains("shard " + k + "/3 of " + (k == 0 ? 4 : 3) + ", 2 at once"), out);
      assertFalse(Files.exists(shards.resolve("sweep.csv")), "a shard writes no table; collect does");
    }
    assertEquals(0, run("sweep", "collect", shards.toString(), "--plots", "none"), err);
    assertTrue(out.startsWith("10 runs: 10 done, 0 failed, 0 missing;"), out);
    List<String> table = withoutSeconds(one.resolve("sweep.csv"));
    assertEquals(11, table.size());
    assertEquals("run,seed,init,status,loss,val_loss,cosine,max_abs_diff,threshold_met", table.get(0));
    assertTrue(table.get(2).startsWith("runs/seed-0_init-glorot,0,glorot,done,"), table.get(2));
    assertEquals(table, withoutSeconds(two.resolve("sweep.csv")));
    assertEquals(table, withoutSeconds(shards.resolve("sweep.csv")));
  }

  @Test
  void aSecondRunSkipsFinishedRunsAndCollectListsMissingOnes() throws IOException {
    Path dir = temp.resolve("sweep");
    assertEquals(0, sweep(dir, "--grid", "seed=0..3", "--shard", "1/2"), err);
    assertEquals(0, run("sweep", "collect", dir.toString()), err);
    assertTrue(out.startsWith("4 runs: 2 done, 0 failed, 2 missing; threshold met by "), out);
    assertTrue(out.contains("missing: runs/seed-0\nmissing: runs/seed-2\n"), out);
    assertTrue(Files.readString(dir.resolve("sweep.csv")).contains("\nruns/seed-2,2,missing,,,,,,\n"),
        Files.readString(dir.resolve("sweep.csv")));
    assertTrue(Files.readString(dir.resolve("summary.md")).contains("## Missing runs"));
    long before = Files.getLastModifiedTime(dir.resolve("runs/seed-1/weights.csv")).toMillis();
    assertEquals(0, sweep(dir, "--grid", "seed=0..3"), err);
    assertTrue(out.contains("skipping 2 runs done before"), out);
    assertFalse(out.contains("runs/seed-1:"), out);
    assertTrue(out.contains("runs/seed-2: threshold"), out);
    assertTrue(out.contains("4 runs: 4 done, 0 failed, 0 missing"), out);
    assertEquals(before, Files.getLastModifiedTime(dir.resolve("runs/seed-1/weights.csv")).toMillis());
  }

  @Test
  void aDivergedRunIsRecordedAsFailedAndRetriedOnlyWhenAsked() throws IOException {
    Path dir = temp.resolve("sweep");
    assertEquals(1, sweep(dir, "--grid", "lr=0.01,1e100"), err);
    assertTrue(out.contains("runs/lr-1.0E100: FAILED: "), out);
    assertTrue(out.contains("2 runs: 1 done, 1 failed, 0 missing"), out);
    String summary = Files.readString(dir.resolve("summary.md"));
    assertTrue(summary.contains("## Failed runs\n\n- `runs/lr-1.0E100`: "), summary);
    assertTrue(Files.readString(dir.resolve("sweep.csv")).contains("\nruns/lr-1.0E100,1.0E100,failed,"));
    assertEquals(1, sweep(dir, "--grid", "lr=0.01,1e100"), err);
    assertTrue(out.contains("skipping 1 runs done before and 1 that failed before (--retry-failed trains them again)"),
        out);
    assertFalse(out.contains("FAILED"), out);
    assertEquals(1, sweep(dir, "--grid", "lr=0.01,1e100", "--retry-failed"), err);
    assertTrue(out.contains("runs/lr-1.0E100: FAILED: "), out);
  }

  @Test
  void aRunWhoseDirectoryAnotherProcessHoldsIsLeftToIt() throws Exception {
    Path dir = temp.resolve("sweep");
    assertEquals(0, sweep(dir, "--grid", "seed=0..2", "--shard", "0/3"), err);
    Path held = Files.createDirectories(dir.resolve("runs/seed-1"));
    Path log = temp.resolve("holder.log");
    // another JVM holds seed-1's lock, as a second sweep process training it would
    Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), LockHolder.class.getName(), held.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!Files.readString(log).contains("locked") && System.nanoTime() < deadline) {
        assertTrue(holder.isAlive(), Files.readString(log));
        Thread.sleep(20);
      }
      assertEquals(1, sweep(dir, "--grid", "seed=0..2"), err);
      assertTrue(out.contains("runs/seed-1: not trained: run directory " + held + " is in use (pid " + holder.pid()
          + ")"), out);
      assertTrue(out.contains("1 runs were left to another process that holds their directory"), out);
      assertTrue(out.contains("3 runs: 2 done, 0 failed, 1 missing"), out);
    } finally {
      holder.destroyForcibly().waitFor();
    }
    assertEquals(0, sweep(dir, "--grid", "seed=0..2"), err);
    assertTrue(out.contains("skipping 2 runs done before"), out);
    assertTrue(out.contains("3 runs: 3 done, 0 failed, 0 missing"), out);
  }

  /** Holds a run directory's lock until killed. */
  static final class LockHolder {
    public static void main(String[] args) throws Exception {
      try (org.minicnn.training.run.RunLock lock = org.minicnn.training.run.RunLock.acquire(Path.of(args[0]))) {
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(600_000);
      }
    }
  }

  @Test
  void aDirectoryOfAnotherSweepIsRefusedSayingWhatDiffers() throws IOException {
    Path dir = temp.resolve("sweep");
    assertEquals(0, sweep(dir, "--grid", "seed=0,1"), err);
    byte[] table = Files.readAllBytes(dir.resolve("sweep.csv"));
    assertEquals(2, sweep(dir, "--grid", "seed=0..2", "--lr", "0.03"));
    assertTrue(err.startsWith("minicnn: " + dir + " holds another sweep (" + dir.resolve("sweep.properties")
        + "); what differs: grid seed: 0,1 there, 0,1,2 here; option lr: 0.01 there, 0.03 here."), err);
    assertEquals(2, sweep(dir, "--grid", "lr=0.01", "--grid", "seed=0,1"));
    assertTrue(err.contains("what differs: grid axes: seed there, lr,seed here; grid lr: (none) there, 0.01 here"),
        err);
    assertArrayEquals(table, Files.readAllBytes(dir.resolve("sweep.csv")));
    Path other = Files.createDirectories(temp.resolve("other"));
    Files.writeString(other.resolve("notes.txt"), "mine");
    assertEquals(2, sweep(other, "--grid", "seed=0,1"));
    assertTrue(err.startsWith("minicnn: " + other + " is not empty and is not a sweep directory (it has no"
        + " sweep.properties); choose another --out"), err);
  }

  @Test
  void wrongCommandLinesExitTwoWithAMessageAndWriteNothing() throws IOException {
    Path dir = temp.resolve("never");
    expectUsage("minicnn: --grid: unknown axis 'speed'; vertical-line takes epochs, lr, momentum, nesterov,"
        + " weight-decay, optimizer, batch, seed, init, data, samples, val-samples, size, patience\n",
        "--grid", "speed=1,2");
    expectUsage("minicnn: --grid: unknown axis 'filters'; vertical-line takes ", "--grid", "filters=8,16");
    expectUsage("minicnn: --grid seed: --seed is also given as a fixed option (--seed 3); give it either way, not"
        + " both\n", "--seed", "3", "--grid", "seed=0..9");
    expectUsage("minicnn: --grid seed: the axis is given twice; put all its values in one --grid\n",
        "--grid", "seed=0,1", "--grid", "seed=2");
    expectUsage("minicnn: --grid lr: expected a comma list of values or a range A..B, got an empty value in"
        + " '0.1,,0.3'\n", "--grid", "lr=0.1,,0.3");
    expectUsage("minicnn: --grid lr: expected a comma list of values or a range A..B, got an empty value in ''\n",
        "--grid", "lr=");
    expectUsage("minicnn: --grid lr: the value 0.1 is given twice in '0.1,0.10'\n", "--grid", "lr=0.1,0.10");
    expectUsage("minicnn: --grid lr: the value 0.1 is given twice in '0.1|0.10'\n", "--grid", "lr=0.1|0.10");
    expectUsage("minicnn: --grid seed: expected an integer range A..B (e.g. 0..99), got '0..'\n",
        "--grid", "seed=0..");
    expectUsage("minicnn: --grid seed: expected an integer range A..B (e.g. 0..99), got '1..2..3'\n",
        "--grid", "seed=1..2..3");
    expectUsage("minicnn: --grid seed: expected a range A..B with A <= B, got '9..0'\n", "--grid", "seed=9..0");
    expectUsage("minicnn: --grid lr: --lr: expected a number > 0, got '-1'\n", "--grid", "lr=0.1,-1");
    expectUsage("minicnn: --grid: expected NAME=VALUES (e.g. seed=0..9 or lr=0.01,0.03), got 'seed'\n",
        "--grid", "seed");
    expectUsage("minicnn: the grid has 20000 runs, more than 10000; give --max-runs N to allow more\n",
        "--grid", "seed=0..9999", "--grid", "init=zeros,glorot");
    expectUsage("minicnn: the grid has 20 runs, more than 10 (--max-runs)\n",
        "--grid", "seed=0..9", "--grid", "init=zeros,glorot", "--max-runs", "10");
    expectUsage("minicnn: --shard: expected K/N with 0 <= K < N (e.g. 0/4), got '3/3'\n",
        "--grid", "seed=0..9", "--shard", "3/3");
    expectUsage("minicnn: --shard: expected K/N with 0 <= K < N (e.g. 0/4), got '1'\n",
        "--grid", "seed=0..9", "--shard", "1");
    expectUsage("minicnn: a sweep needs at least one --grid NAME=VALUES (e.g. --grid seed=0..9)\n");
    expectUsage("minicnn: --plots: expected one of none, final, all, got 'some'\n", "--grid", "seed=1",
        "--plots", "some");
    expectUsage("minicnn: --parallel: expected an integer >= 1, got '0'\n", "--grid", "seed=1", "--parallel", "0");
    assertEquals(2, run("sweep", "vertical-line", "--grid", "seed=1"));
    assertTrue(err.startsWith("minicnn: sweep needs --out DIR, the sweep directory\n"), err);
    assertEquals(2, run("sweep", "diagonal-line", "--grid", "seed=1", "--out", dir.toString()));
    assertTrue(err.startsWith("minicnn: unknown experiment 'diagonal-line'; expected one of vertical-line,"), err);
    assertEquals(2, run("sweep", "slurm", "vertical-line", "--grid", "seed=1..4", "--out", dir.toString(), "--tasks",
        "5"));
    assertTrue(err.startsWith("minicnn: --tasks: expected at most one task per run (4), got 5\n"), err);
    assertEquals(2, run("sweep", "classify", "--grid", "model=conv2d(4,3x3,same) relu globalmaxpool2d dense(3)"
        + "|conv2d(4,3x3,same) relu globalmaxpool2d dense", "--out", dir.toString()));
    assertTrue(err.startsWith("minicnn: run model-conv2d_4_3x3_same__relu_globalmaxpool2d_~"), err);
    assertTrue(err.contains("the last dense has 3 units but there are 4 classes"), err);
    assertFalse(Files.exists(dir), "nothing written");

    Path plain = Files.createDirectories(temp.resolve("plain"));
    assertEquals(2, run("sweep", "collect", plain.toString()));
    assertTrue(err.startsWith("minicnn: sweep collect: " + plain + " is not a sweep directory: it has no"
        + " sweep.properties\n"), err);
    assertEquals(2, run("sweep", "collect", temp.resolve("absent").toString()));
    assertTrue(err.startsWith("minicnn: sweep collect: " + temp.resolve("absent") + " is not a directory\n"), err);
    try (Stream<Path> files = Files.list(plain)) {
      assertEquals(0, files.count(), "collect wrote nothing");
    }
  }

  /** {@code sweep vertical-line ARGS --out DIR} exits 2, its message starts with {@code message}, DIR stays absent. */
  private void expectUsage(String message, String... args) {
    Path dir = temp.resolve("never");
    assertEquals(2, sweep(dir, args), out);
    assertTrue(err.startsWith(message), "expected " + message + "got " + err);
    assertTrue(err.contains("usage: minicnn sweep EXPERIMENT"), err);
    assertEquals("", out);
    assertFalse(Files.exists(dir), "nothing written for " + List.of(args));
  }

  /** The lines of a sweep.csv without its last column, {@code seconds}. */
  static List<String> withoutSeconds(Path table) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(table)) {
      assertTrue(line.lastIndexOf(',') > 0, line);
      lines.add(line.substring(0, line.lastIndexOf(',')));
    }
    return lines;
  }

  private static String[] concat(String[] a, String... b) {
    return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
  }
}
