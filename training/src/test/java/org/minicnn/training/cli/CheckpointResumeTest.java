package org.minicnn.training.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.engine.losses.MeanSquaredError;
import org.minicnn.training.EpochMetrics;
import org.minicnn.training.kernels.KernelHistory;
import org.minicnn.training.StepEvent;
import org.minicnn.training.Trainer;
import org.minicnn.training.TrainingListener;
import org.minicnn.training.experiments.Experiment;
import org.minicnn.training.experiments.Experiments;
import org.minicnn.training.experiments.Option;
import org.minicnn.training.experiments.RunConfig;
import org.minicnn.training.optim.Sgd;
import org.minicnn.training.run.CheckpointInterval;
import org.minicnn.training.run.Checkpointer;
import org.minicnn.training.run.RunCheckpoint;
import org.minicnn.training.run.RunFiles;

/**
 * {@code train --checkpoint-every} and {@code train --resume} in process: a run that stopped after a
 * checkpoint ends bit-identical to one never stopped, with continuous metrics and kernel history;
 * missing and corrupt checkpoints, divergence and misuse give their messages and exit codes.
 */
class CheckpointResumeTest extends CliTestBase {

  /** A vertical-line run of a few seconds' fraction: 6 epochs of 64 images. */
  private static final String[] SMALL = {"--epochs", "6", "--samples", "64", "--val-samples", "16", "--batch", "16"};

  @TempDir
  Path temp;

  private static String[] train(Path dir, String... more) {
    List<String> args = new ArrayList<>(List.of("train", "vertical-line", "--out", dir.toString(), "--quiet"));
    args.addAll(List.of(SMALL));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /**
   * What {@code train --checkpoint-every <every>} leaves when the process dies in epoch {@code crashEpoch}
   * (after its metrics are recorded, before they are saved), or, for an interval in steps, in step
   * {@code crashStep} (after the update, before it is saved).
   */
  private Path interruptedRun(String name, String every, int crashAt) throws IOException {
    Experiment experiment = Experiments.byName("vertical-line");
    RunConfig config = experiment.defaults();
    for (int i = 0; i < SMALL.length; i += 2) {
      config = config.with(Option.byFlag(SMALL[i]), SMALL[i + 1]);
    }
    Path dir = Files.createDirectory(temp.resolve(name));
    RunFiles.writeConfig(dir, config.commandLine(), SavedRun.startConfig(experiment, config));
    CheckpointInterval interval = CheckpointInterval.parse(every);
    TrainingListener crash = new TrainingListener() {
      @Override
      public void onEpoch(EpochMetrics m) {
        if (!interval.steps() && m.epoch() == crashAt) {
          throw new IllegalStateException("simulated crash at " + crashAt);
        }
      }

      @Override
      public void onStep(StepEvent e) {
        if (interval.steps() && e.step() == crashAt) {
          throw new IllegalStateException("simulated crash at " + crashAt);
        }
      }
    };
    RunConfig c = config;
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> experiment.run(c, TrainingListener.all(crash, new Checkpointer(dir, interval, false, c.digest()))));
    assertEquals("simulated crash at " + crashAt, e.getMessage());
    return dir;
  }

  /**
   * Every 2 epochs (4 steps each), stopped in epoch 5: resumes from the end of epoch 4 (step 16).
   * Every 5 steps, stopped at step 13: resumes from step 10, two batches into epoch 3. Every 5 steps,
   * stopped at step 23: resumes from step 20, the end of epoch 5.
   */
  @ParameterizedTest
  @CsvSource({"2, 5, 16, 4", "5steps, 13, 10, 2", "5steps, 23, 20, 5"})
  void aResumedRunEndsBitIdenticalWithContinuousMetricsAndKernelHistory(String every, int crashAt, int savedStep,
      int savedEpoch) throws IOException {
    Path straight = temp.resolve("straight");
    assertEquals(0, run(train(straight, "--checkpoint-every", every)), err);

    Path dir = interruptedRun("interrupted", every, crashAt);
    String checkpoint = Files.readString(dir.resolve(RunCheckpoint.FILE));
    assertTrue(checkpoint.startsWith("minicnn-checkpoint,1\ncounter,epoch," + savedEpoch + "\ncounter,step," + savedStep
        + "\n"), checkpoint);
    assertEquals(savedStep % 4 != 0, checkpoint.contains("tensor,trainer/epoch_loss_sum,1\n"), checkpoint);
    // metrics.csv and kernels.csv hold the epochs the checkpoint completed; the final files are not there yet
    List<Integer> saved = epochs(RunFiles.readMetrics(dir));
    assertEquals(IntStream.rangeClosed(0, savedEpoch).boxed().toList(), saved);
    assertEquals(saved.size() * 9 + 1, Files.readAllLines(dir.resolve(RunFiles.KERNELS)).size());
    assertFalse(Files.exists(dir.resolve(RunFiles.WEIGHTS)));

    assertEquals(0, run("train", "--resume", dir.toString(), "--quiet"), err);
    assertTrue(out.startsWith("resuming " + dir + "\ntraining vertical-line: ./minicnn train vertical-line --epochs 6"),
        out);
    assertTrue(out.contains("6 epochs, 24 steps in "), out);
    for (String file : new String[] {RunFiles.WEIGHTS, RunFiles.METRICS, RunFiles.KERNELS, RunCheckpoint.FILE,
        RunFiles.SAMPLE}) {
      assertArrayEquals(Files.readAllBytes(straight.resolve(file)), Files.readAllBytes(dir.resolve(file)), file);
    }
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), epochs(RunFiles.readMetrics(dir)));
    List<String> kernelEpochs = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve(RunFiles.KERNELS)).subList(1, 7 * 9 + 1)) {
      String epoch = line.substring(0, line.indexOf(','));
      if (!kernelEpochs.contains(epoch)) {
        kernelEpochs.add(epoch);
      }
    }
    assertEquals(List.of("0", "1", "2", "3", "4", "5", "6"), kernelEpochs);
    assertTrue(Files.readString(dir.resolve(RunFiles.CONFIG)).contains("run.epochs_completed=6\n"));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList());
    }
  }

  @Test
  void resumingAFinishedRunRewritesTheSameFiles() throws IOException {
    Path dir = temp.resolve("done");
    assertEquals(0, run(train(dir, "--checkpoint-every", "4")), err);
    byte[] weights = Files.readAllBytes(dir.resolve(RunFiles.WEIGHTS));
    byte[] metrics = Files.readAllBytes(dir.resolve(RunFiles.METRICS));
    assertTrue(Files.readString(dir.resolve(RunCheckpoint.FILE)).startsWith(
        "minicnn-checkpoint,1\ncounter,epoch,6\ncounter,step,24\ncounter,epoch_correct,0\ncounter,checkpoint_every,4\n"
        + "counter,checkpoint_in_steps,0\n"));
    assertEquals(0, run("train", "--resume", dir.toString(), "--quiet"), err);
    assertTrue(out.contains("6 epochs, 24 steps in "), out);
    assertArrayEquals(weights, Files.readAllBytes(dir.resolve(RunFiles.WEIGHTS)));
    assertArrayEquals(metrics, Files.readAllBytes(dir.resolve(RunFiles.METRICS)));
  }

  /** The kill -9 test's race: the run ended in a session saving per epoch; the next resume asks for steps. */
  @Test
  void resumingWithAnotherIntervalRecordsItEvenWhenNothingIsLeftToTrain() throws IOException {
    Path straight = temp.resolve("straight");
    assertEquals(0, run(train(straight, "--checkpoint-every", "3steps")), err);
    Path dir = temp.resolve("done");
    assertEquals(0, run(train(dir, "--checkpoint-every", "1")), err);
    assertTrue(Files.readString(dir.resolve(RunCheckpoint.FILE)).contains(
        "counter,checkpoint_every,1\ncounter,checkpoint_in_steps,0\n"));

    assertEquals(0, run("train", "--resume", dir.toString(), "--checkpoint-every", "3steps", "--quiet"), err);
    assertTrue(out.contains("6 epochs, 24 steps in "), out);
    for (String file : new String[] {RunFiles.WEIGHTS, RunFiles.METRICS, RunFiles.KERNELS, RunCheckpoint.FILE}) {
      assertArrayEquals(Files.readAllBytes(straight.resolve(file)), Files.readAllBytes(dir.resolve(file)), file);
    }
  }

  @Test
  void aMissingCheckpointFailsWithExitOne() throws IOException {
    Path dir = temp.resolve("plain");
    assertEquals(0, run(train(dir)), err);
    assertFalse(Files.exists(dir.resolve(RunCheckpoint.FILE)));
    assertEquals(1, run("train", "--resume", dir.toString()));
    assertEquals("minicnn: " + dir.resolve(RunCheckpoint.FILE) + ": no checkpoint to resume from; the run was not"
        + " trained with --checkpoint-every\n", err);
  }

  @Test
  void aCorruptCheckpointFailsWithExitOneNamingTheLineAndLoadsNothing() throws IOException {
    Path dir = interruptedRun("corrupt", "2", 3);
    Path checkpoint = dir.resolve(RunCheckpoint.FILE);
    String good = Files.readString(checkpoint);
    String[] lines = good.split("\n");

    Files.writeString(checkpoint, good.substring(0, good.length() / 2));   // cut in the middle of a line
    assertEquals(1, run("train", "--resume", dir.toString(), "--quiet"));
    assertTrue(err.startsWith("minicnn: " + checkpoint + " line "), err);
    assertFalse(Files.exists(dir.resolve(RunFiles.WEIGHTS)));

    int weightRow = List.of(lines).indexOf("tensor,weights/conv2d/kernel,3,3,1,1") + 2;   // 1-based line of value 1
    lines[weightRow - 1] = "NaN";
    Files.writeString(checkpoint, String.join("\n", lines) + "\n");
    assertEquals(1, run("train", "--resume", dir.toString(), "--quiet"));
    assertTrue(err.startsWith("minicnn: " + checkpoint + " line " + weightRow + ": "), err);
    assertTrue(err.contains("NaN"), err);

    Files.writeString(checkpoint, good.replace("tensor,weights/conv2d/kernel,3,3,1,1",
        "tensor,weights/conv2d/kernel,3,3,1,2"));
    assertEquals(1, run("train", "--resume", dir.toString(), "--quiet"));
    assertTrue(err.contains("weights/conv2d/kernel: declared shape [3, 3, 1, 2] (18 values) does not fit the model,"
        + " which expects [3, 3, 1, 1]"), err);

    Files.writeString(checkpoint, good.replace("counter,epoch,2", "counter,epoch,1"));
    assertEquals(1, run("train", "--resume", dir.toString(), "--quiet"));
    assertEquals("minicnn: " + checkpoint + ": expected 2 metrics rows (epochs 0..1), got 3\n", err);

    Files.writeString(checkpoint, good);
    assertEquals(0, run("train", "--resume", dir.toString(), "--quiet"), err);
  }

  @Test
  void divergenceStopsNamingStepLayerAndParameterAndKeepsTheLastGoodCheckpoint() throws IOException {
    Path dir = temp.resolve("diverged");
    assertEquals(1, run("train", "vertical-line", "--out", dir.toString(), "--lr", "1e3", "--checkpoint-every", "1",
        "--quiet"));
    String expected = "minicnn: training diverged at step 50 (epoch 2, batch 18 of 32): the loss is Infinity (largest"
        + " weight: conv2d/kernel at [1, 1, 0, 0] = ";
    assertTrue(err.startsWith(expected), err);
    assertTrue(err.endsWith("; try a smaller learning rate. The last good checkpoint (epoch 1, step 32) stays in "
        + dir.resolve(RunCheckpoint.FILE) + "\n"), err);
    assertFalse(Files.exists(dir.resolve(RunFiles.WEIGHTS)));

    // the checkpoint loads into the run's model: epoch 1, 32 steps, finite weights
    Conv2D conv = new Conv2D(1, 3, 3).useBias(false);
    Sequential model = new Sequential().add(conv);
    model.build(1, 8, 8, 1);
    Trainer trainer = new Trainer(model, new MeanSquaredError(), new Sgd(1e3).momentum(0.9)).epochs(20)
        .listener(new KernelHistory(conv::kernel));
    RunCheckpoint.Saved saved = RunCheckpoint.read(dir.resolve(RunCheckpoint.FILE), trainer);
    assertEquals(1, saved.state().epoch());
    assertEquals(32, saved.state().step());
    assertEquals(2, saved.kernelHistory().size());
    Tensor kernel = saved.weights().get("conv2d/kernel");
    assertArrayEquals(saved.kernelHistory().get(1).data(), kernel.data(), 0.0);
    for (double w : kernel.data()) {
      assertTrue(Double.isFinite(w), "weight " + w);
    }
    // and resuming it diverges at the same step again: the same run, deterministically
    String first = err;
    assertEquals(1, run("train", "--resume", dir.toString(), "--quiet"));
    assertEquals(first, err);
  }

  @Test
  void resumeMisuseExitsTwoAndWritesNothing() throws IOException {
    assertEquals(2, run("train", "--resume", temp.resolve("nowhere").toString()));
    assertTrue(err.startsWith("minicnn: --resume: " + temp.resolve("nowhere") + " is not a directory\n"), err);
    assertFalse(Files.exists(temp.resolve("nowhere")));

    Path notARun = Files.createDirectory(temp.resolve("not-a-run"));
    assertEquals(2, run("train", "--resume", notARun.toString()));
    assertTrue(err.startsWith("minicnn: --resume: " + notARun + " is not a run directory (it has no"
        + " config.properties)\n"), err);
    try (var files = Files.list(notARun)) {
      assertEquals(0, files.count());
    }

    assertEquals(2, run("train", "vertical-line", "--resume", notARun.toString()));
    assertTrue(err.startsWith("minicnn: train --resume takes no experiment (the run's config.properties names it),"
        + " got [vertical-line]\n"), err);
    assertEquals(2, run("train", "--resume", notARun.toString(), "--lr", "0.1"));
    assertTrue(err.startsWith("minicnn: --lr cannot be used with --resume: a resumed run keeps its saved"
        + " configuration"), err);
    assertEquals(2, run("train", "--resume"));
    assertTrue(err.startsWith("minicnn: --resume needs a value\n"), err);
    assertEquals(2, run("train", "--resume", notARun.toString(), "--checkpoint-every", "0"));
    assertTrue(err.startsWith("minicnn: --checkpoint-every: expected N (epochs), Nepochs or Nsteps with N >= 1, got"
        + " '0'\n"), err);
  }

  private static List<Integer> epochs(List<EpochMetrics> metrics) {
    return metrics.stream().map(EpochMetrics::epoch).toList();
  }
}
