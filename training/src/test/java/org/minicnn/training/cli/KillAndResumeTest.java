package org.minicnn.training.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.minicnn.training.run.RunCheckpoint;
import org.minicnn.training.run.RunFiles;

/**
 * The kill -9 test: a real {@code minicnn train --checkpoint-every 3steps} process (a JVM on
 * this test's class path) is killed with SIGKILL ({@link Process#destroyForcibly()} on Linux) at
 * {@value #KILLS} seeded random moments and resumed with {@code train --resume} each time; its final
 * {@code weights.csv}, {@code metrics.csv}, {@code kernels.csv} and checkpoint must equal, byte for
 * byte, those of a run never interrupted. Every other resume saves per epoch instead
 * ({@code --checkpoint-every 1}), so the run is resumed both between two steps of an epoch and at
 * epoch ends; the last resume goes back to {@code 3steps}, as the uninterrupted run.
 *
 * <p>The moments are chosen by progress, not by wall-clock time, so a slow or loaded machine changes
 * nothing: each kill waits until the checkpoint reaches a seeded random step (one in each of six
 * equal stretches of the run), then a seeded random 0–59 ms more, which lands
 * anywhere in the next steps — in a batch, in the metrics, or in the middle of writing a checkpoint.
 * After the last checkpoint the process still draws its plots for a second or more, so it is always
 * alive when killed; the test checks that (exit code 137 = killed by signal 9).
 */
class KillAndResumeTest {

  private static final int KILLS = 6;
  private static final int EPOCHS = 40;
  private static final int STEPS = 8 * EPOCHS;
  private static final long SEED = 20261129L;
  /** 40 epochs of 8 batches of 8 images, a checkpoint every 3 steps: about 4 s of training on a quiet machine. */
  private static final List<String> CONFIG = List.of("--epochs", Integer.toString(EPOCHS), "--samples", "64",
      "--val-samples", "32", "--batch", "8", "--checkpoint-every", "3steps", "--quiet");

  @TempDir
  Path temp;

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void killedWithSigkillAndResumedEndsBitIdenticalToAnUninterruptedRun() throws Exception {
    Path straightDir = temp.resolve("straight");
    Process straight = start(temp.resolve("straight.log"), train(straightDir));

    Path dir = temp.resolve("killed");
    Random random = new Random(SEED);
    // one target in each of KILLS equal stretches of steps 1..STEPS−8: early, middle and late kills
    List<Integer> targets = new ArrayList<>();
    int stretch = (STEPS - 8) / KILLS;
    for (int k = 0; k < KILLS; k++) {
      targets.add(1 + k * stretch + random.nextInt(stretch));
    }
    List<String> history = new ArrayList<>();
    int session = 0;
    for (int target : targets) {
      Path log = temp.resolve("session-" + session + ".log");
      Process p = start(log, session == 0 ? train(dir) : resume(dir, session % 2 == 1 ? "1" : "3steps"));
      int reached = awaitCheckpoint(dir, target, p, log);
      Thread.sleep(random.nextInt(60));
      assertTrue(p.isAlive(), "session " + session + " ended before its kill: " + Files.readString(log));
      p.destroyForcibly();
      assertEquals(137, p.waitFor(), "session " + session + " was killed by SIGKILL");
      history.add("killed after the checkpoint of step " + reached + " (target " + target + ")");
      session++;
    }
    Path log = temp.resolve("session-" + session + ".log");
    Process last = start(log, resume(dir, "3steps"));
    assertEquals(0, last.waitFor(), "the final resume: " + Files.readString(log));
    assertTrue(Files.readString(log).contains(EPOCHS + " epochs, " + STEPS + " steps in "),
        Files.readString(log));
    assertEquals(0, straight.waitFor(), Files.readString(temp.resolve("straight.log")));

    for (String file : List.of(RunFiles.WEIGHTS, RunFiles.METRICS, RunFiles.KERNELS, RunCheckpoint.FILE)) {
      assertArrayEquals(Files.readAllBytes(straightDir.resolve(file)), Files.readAllBytes(dir.resolve(file)),
          file + " differs after " + history);
    }
    assertEquals(EPOCHS + 2, Files.readAllLines(dir.resolve(RunFiles.METRICS)).size());
    try (var files = Files.list(dir)) {
      assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList(),
          "temporary files of killed writers are removed by the next write");
    }
    System.out.println("KillAndResumeTest: " + String.join("; ", history));
  }

  private static List<String> train(Path dir) {
    List<String> args = new ArrayList<>(List.of("train", "vertical-line", "--out", dir.toString()));
    args.addAll(CONFIG);
    return args;
  }

  private static List<String> resume(Path dir, String every) {
    return List.of("train", "--resume", dir.toString(), "--checkpoint-every", every, "--quiet");
  }

  /** Starts {@code minicnn <args>} in a new JVM on this test's class path, output to {@code log}. */
  static Process start(Path log, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true", "-cp",
        System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args);
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /**
   * Waits until the run's checkpoint holds step {@code target} or later and returns that step.
   *
   * @throws AssertionError when the process ends first, or after two minutes without progress
   */
  private static int awaitCheckpoint(Path dir, int target, Process p, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      int step = checkpointStep(dir.resolve(RunCheckpoint.FILE));
      if (step >= target) {
        return step;
      }
      if (!p.isAlive()) {
        fail("the process ended (exit " + p.exitValue() + ") before checkpoint " + target + ": "
            + Files.readString(log));
      }
      Thread.sleep(2);
    }
    p.destroyForcibly();
    return fail("no checkpoint " + target + " within two minutes: " + Files.readString(log));
  }

  /** The step counter of a checkpoint file (replaced atomically, so always complete), or −1 before the first. */
  private static int checkpointStep(Path checkpoint) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(checkpoint, StandardCharsets.UTF_8)) {
      in.readLine();
      in.readLine();
      String counter = in.readLine();
      return Integer.parseInt(counter.substring("counter,step,".length()));
    } catch (NoSuchFileException notYet) {
      return -1;
    }
  }
}
