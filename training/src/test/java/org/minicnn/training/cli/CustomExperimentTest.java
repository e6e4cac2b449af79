package org.minicnn.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minicnn.datasets.Dataset;
import org.minicnn.datasets.Kernels;
import org.minicnn.datasets.LineImages;
import org.minicnn.datasets.Orientation;
import org.minicnn.datasets.TeacherTargets;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.engine.losses.MeanSquaredError;
import org.minicnn.training.EpochMetrics;
import org.minicnn.training.TrainingListener;
import org.minicnn.training.experiments.CustomExperiment;
import org.minicnn.training.experiments.Experiment;
import org.minicnn.training.experiments.Experiments;
import org.minicnn.training.experiments.Option;
import org.minicnn.training.kernels.ReferenceKernel;
import org.minicnn.training.run.CheckpointInterval;
import org.minicnn.training.run.Checkpointer;
import org.minicnn.training.run.RunFiles;

/**
 * An experiment defined in Java (docs/experiments.md shows the same one) runs from {@code minicnn train}
 * with the built-in run directory, summary, plots and checkpoints, and resumes bit-identically.
 */
class CustomExperimentTest extends CliTestBase {

  @TempDir
  Path temp;

  /** A 5×5 student learns a 5×5 line-and-sobel literal from line images: the docs' example. */
  static Experiment sobelFromLines() {
    Tensor teacher = Kernels.nameOrLiteral("0,-1,0,1,0;-1,-2,0,2,1;-2,-4,0,4,2;-1,-2,0,2,1;0,-1,0,1,0");
    return CustomExperiment.builder("sobel-5x5-from-lines")
        .description("Conv2D(1,5,5) learns a 5x5 sobel-x from noisy line images")
        .option(Option.EPOCHS, "6").option(Option.LR, "0.01").option(Option.MOMENTUM, "0.9")
        .option(Option.SAMPLES, "192")
        .data(config -> {
          Tensor images = LineImages.builder().size(9, 9).orientations(Orientation.values()).linesPerImage(2)
              .randomPosition().gaussianNoise(0.3).seed(config.seed()).build().generate(config.samples() + 64);
          Dataset all = TeacherTargets.conv2d(images, teacher);
          return CustomExperiment.Data.split(all, config.samples());
        })
        .model(config -> new Sequential().add(new Conv2D(1, 5, 5).useBias(false).seed(config.seed())))
        .loss(new MeanSquaredError())
        .references(List.of(new ReferenceKernel("sobel-x-5x5", teacher.reshape(5, 5, 1), 0)))
        .build();
  }

  @Test
  void aCustomExperimentGetsTheWholeRunDirectoryAndResumesBitIdentically() throws IOException {
    Experiment custom = sobelFromLines();
    Experiments.register(custom);
    assertEquals(0, run("experiments"));
    assertTrue(out.contains("sobel-5x5-from-lines  Conv2D(1,5,5) learns a 5x5 sobel-x from noisy line images"), out);

    Path whole = temp.resolve("whole");
    assertEquals(0, run("train", "sobel-5x5-from-lines", "--quiet", "--out", whole.toString()), err);
    for (String file : List.of("config.properties", "metrics.csv", "kernels.csv", "weights.csv", "sample.csv",
        "summary.md", "loss.png", "similarity.png", "distance.png", "kernels.png", "filmstrip.png",
        "feature-maps.png")) {
      assertTrue(Files.isRegularFile(whole.resolve(file)), file);
    }
    List<EpochMetrics> metrics = RunFiles.readMetrics(whole);
    assertEquals(7, metrics.size(), "epochs 0-6");
    assertTrue(metrics.get(6).get("max_abs_diff") < metrics.get(0).get("max_abs_diff") / 10, metrics.toString());
    String summary = Files.readString(whole.resolve("summary.md"));
    assertTrue(summary.startsWith("# sobel-5x5-from-lines — whole"), summary);
    assertTrue(summary.contains("vs hand-designed `sobel-x-5x5`"), summary);

    // the same run, stopped after epoch 3 with a checkpoint every 2 epochs, then resumed from the command line
    Path resumed = Files.createDirectory(temp.resolve("resumed"));
    RunFiles.writeConfig(resumed, custom.defaults().commandLine(), SavedRun.startConfig(custom, custom.defaults()));
    TrainingListener crash = new TrainingListener() {
      @Override
      public void onEpoch(EpochMetrics m) {
        if (m.epoch() == 3) {
          throw new IllegalStateException("simulated crash");
        }
      }
    };
    assertThrows(IllegalStateException.class, () -> custom.run(custom.defaults(),
        TrainingListener.all(crash, new Checkpointer(resumed, CheckpointInterval.parse("2"), false))));
    assertEquals(0, run("train", "--resume", resumed.toString(), "--quiet"), err);
    assertTrue(out.startsWith("resuming " + resumed), out);
    for (String file : List.of("metrics.csv", "kernels.csv", "weights.csv")) {
      assertEquals(Files.readString(whole.resolve(file)), Files.readString(resumed.resolve(file)), file);
    }
  }

  @Test
  void aBuiltInNameCannotBeTakenAndAnIncompleteExperimentSaysWhatIsMissing() {
    assertEquals("Experiments.register: 'vertical-line' is a built-in experiment; choose another name",
        assertThrows(IllegalArgumentException.class, () -> Experiments.register(
            CustomExperiment.builder("vertical-line").data(c -> null).model(c -> null).loss(new MeanSquaredError())
                .references(List.of(new ReferenceKernel("v", Kernels.vertical().reshape(3, 3, 1), 0))).build()))
            .getMessage());
    assertEquals("CustomExperiment mine: expected data, loss, references, got none", assertThrows(
        IllegalArgumentException.class, () -> CustomExperiment.builder("mine").model(c -> null).build()).getMessage());
    assertEquals("CustomExperiment: expected a name of lower-case letters, digits and dashes, got 'My exp'",
        assertThrows(IllegalArgumentException.class, () -> CustomExperiment.builder("My exp")).getMessage());
  }
}
