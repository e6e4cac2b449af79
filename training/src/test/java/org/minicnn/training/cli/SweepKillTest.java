package org.minicnn.training.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.minicnn.training.run.RunCheckpoint;
import org.minicnn.training.run.RunFiles;

/**
 * Kill and rerun: a real {@code minicnn sweep} process (a JVM on this test's class path) is killed with
 * SIGKILL at seeded moments and started again with the same command each time; the sweep then ends with
 * the same {@code sweep.csv} (but for {@code seconds}) and the same run files, byte for byte, as one never
 * interrupted. Each kill waits until a seeded number of runs has ended, then a seeded 0–149 ms more, which
 * lands in a run's training, its checkpoint or its files, or between runs. With {@code --checkpoint-every}
 * the killed runs resume from their checkpoints; without, they are trained again from the start.
 */
class SweepKillTest extends CliTestBase {

  private static final int RUNS = 8;
  private static final List<String> SWEEP = List.of("sweep", "vertical-line", "--epochs", "6", "--samples", "128",
      "--val-samples", "32", "--batch", "16", "--grid", "seed=0.." + (RUNS - 1), "--parallel", "2", "--plots", "none");

  @TempDir
  Path temp;

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void killedWhileCheckpointingRunsAndRerunEndsAsAnUninterruptedSweep() throws Exception {
    killAndRerun(List.of("--checkpoint-every", "3steps"), 20261207L,
        List.of(RunFiles.WEIGHTS, RunFiles.METRICS, RunFiles.KERNELS, RunCheckpoint.FILE));
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void killedWithoutCheckpointsAndRerunEndsAsAnUninterruptedSweep() throws Exception {
    killAndRerun(List.of(), 7L, List.of(RunFiles.WEIGHTS, RunFiles.METRICS, RunFiles.KERNELS));
  }

  private void killAndRerun(List<String> options, long seed, List<String> files) throws Exception {
    Path straight = temp.resolve("straight");
    assertEquals(0, run(command(straight, options).toArray(String[]::new)), err);

    Path dir = temp.resolve("killed");
    Random random = new Random(seed);
    List<String> history = new ArrayList<>();
    for (int target = random.nextInt(2); target < RUNS - 1; target += 1 + random.nextInt(3)) {
      Path log = temp.resolve("session-" + history.size() + ".log");
      Process p = KillAndResumeTest.start(log, command(dir, options));
      awaitEnded(dir, target, p, log);
      Thread.sleep(random.nextInt(150));
      if (!p.isAlive()) {
        history.add("ended by itself before its kill after run " + target);
        break;
      }
      p.destroyForcibly();
      assertEquals(137, p.waitFor(), "killed by SIGKILL");
      history.add("killed with " + ended(dir) + " runs ended (target " + target + ")");
    }
    Path log = temp.resolve("last.log");
    Process last = KillAndResumeTest.start(log, command(dir, options));
    assertEquals(0, last.waitFor(), Files.readString(log));
    assertTrue(Files.readString(log).contains(RUNS + " runs: " + RUNS + " done, 0 failed, 0 missing"),
        Files.readString(log));
    assertTrue(history.stream().filter(h -> h.startsWith("killed")).count() >= 2, history.toString());

    assertEquals(SweepCommandTest.withoutSeconds(straight.resolve("sweep.csv")),
        SweepCommandTest.withoutSeconds(dir.resolve("sweep.csv")), "sweep.csv after " + history);
    for (int s = 0; s < RUNS; s++) {
      for (String file : files) {
        Path run = Path.of("runs", "seed-" + s, file);
        assertArrayEquals(Files.readAllBytes(straight.resolve(run)), Files.readAllBytes(dir.resolve(run)),
            run + " after " + history);
      }
    }
    System.out.println("SweepKillTest " + options + ": " + String.join("; ", history));
  }

  private static List<String> command(Path dir, List<String> options) {
    List<String> args = new ArrayList<>(SWEEP);
    args.addAll(options);
    args.addAll(List.of("--out", dir.toString()));
    return args;
  }

  /** The number of runs with a status file. */
  private static long ended(Path dir) throws IOException {
    Path status = dir.resolve("status");
    if (!Files.isDirectory(status)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(status)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".properties")).count();
    }
  }

  /** Waits until {@code target} runs have ended; fails when the process ends first or after two minutes. */
  private static void awaitEnded(Path dir, int target, Process p, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      if (ended(dir) >= target) {
        return;
      }
      if (!p.isAlive()) {
        fail("the sweep ended (exit " + p.exitValue() + ") before " + target + " runs: " + Files.readString(log));
      }
      Thread.sleep(2);
    }
    p.destroyForcibly();
    fail("not " + target + " runs within two minutes: " + Files.readString(log));
  }
}
