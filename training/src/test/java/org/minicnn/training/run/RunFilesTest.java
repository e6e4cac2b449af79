package org.minicnn.training.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.io.WeightFile;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.training.EpochMetrics;
import org.minicnn.training.TrainingListener;
import org.minicnn.training.experiments.Experiment;
import org.minicnn.training.experiments.ExperimentRun;
import org.minicnn.training.experiments.Option;
import org.minicnn.training.experiments.TeacherStudent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run directory's files read back and agree with the run, value for value. */
class RunFilesTest {

  @TempDir
  static Path temp;

  private static ExperimentRun run;
  private static Path dir;

  @BeforeAll
  static void writeARun() throws IOException {
    Experiment e = TeacherStudent.twoDetectors();
    run = e.run(e.defaults().with(Option.EPOCHS, "3").with(Option.SAMPLES, "64"), new TrainingListener() {});
    dir = RunDirectory.createExactly(temp.resolve("run"));
    RunWriter.write(run, dir);
  }

  @Test
  void metricsReadBackBitIdentical() throws IOException {
    List<EpochMetrics> read = RunFiles.readMetrics(dir);
    assertEquals(run.state().history(), read);
    assertEquals("epoch,step,loss,val_loss,cosine,max_abs_diff,cosine_vertical,max_abs_diff_vertical,"
        + "cosine_horizontal,max_abs_diff_horizontal", Files.readAllLines(dir.resolve(RunFiles.METRICS)).get(0));
    assertEquals(4, read.size());
  }

  @Test
  void kernelHistoryReadsBackForEveryEpoch() throws IOException {
    List<Tensor> read = RunFiles.readKernels(dir, new int[] {3, 3, 1, 2});
    assertEquals(run.kernelHistory(), read);
    assertEquals(1 + 4 * 18, Files.readAllLines(dir.resolve(RunFiles.KERNELS)).size());   // header + 4 epochs × 18 weights
  }

  @Test
  void weightsLoadIntoAFreshModelBitIdentically() throws IOException {
    Conv2D conv = new Conv2D(2, 3, 3).useBias(false);
    Sequential fresh = new Sequential().add(conv);
    fresh.build(1, 8, 8, 1);
    WeightFile.load(dir.resolve(RunFiles.WEIGHTS), fresh);
    assertEquals(run.finalKernel(), conv.kernel());
    assertEquals("minicnn-weights,1,keras", Files.readAllLines(dir.resolve(RunFiles.WEIGHTS)).get(0));
    assertEquals("tensor,conv2d/kernel,3,3,1,2", Files.readAllLines(dir.resolve(RunFiles.WEIGHTS)).get(1));
  }

  @Test
  void configHoldsEveryParameterTheShapesAndTheCommandLine() throws IOException {
    Map<String, String> config = RunFiles.readConfig(dir);
    assertEquals("two-detectors", config.get("experiment"));
    assertEquals("3", config.get("epochs"));
    assertEquals("64", config.get("samples"));
    assertEquals("lines", config.get("data"));
    assertEquals("3x3x1x2", config.get(RunRecord.KERNEL_SHAPE));
    assertEquals("1x8x8x1", config.get(RunRecord.SAMPLE_SHAPE));
    assertTrue(Files.readString(dir.resolve(RunFiles.CONFIG)).contains("#   ./minicnn train two-detectors --epochs 3 "));
  }

  @Test
  void theRecordReadBackEqualsTheRunsRecord() throws IOException {
    RunRecord read = RunRecord.read(dir);
    RunRecord direct = RunWriter.record(run);
    assertEquals(direct.metrics(), read.metrics());
    assertEquals(direct.kernelHistory(), read.kernelHistory());
    assertEquals(direct.sample(), read.sample());
  }

  @Test
  void theSummaryStatesTheResultInNumbersAndShowsThePlots() throws IOException {
    String summary = Files.readString(dir.resolve(Summary.FILE));
    assertTrue(summary.contains("max |learned − hand-designed| = "), summary);
    assertTrue(summary.contains("## What the data determines"), summary);
    assertTrue(summary.contains("![kernels](kernels.png)"), summary);
    assertTrue(summary.contains("| max_abs_diff_vertical | "), summary);
  }

  @Test
  void runDirectoriesAreNeverReused() throws IOException {
    ZonedDateTime now = ZonedDateTime.of(2026, 11, 28, 17, 30, 5, 0, ZoneOffset.UTC);
    Path first = RunDirectory.createUnder(temp.resolve("runs"), "vertical-line", now);
    Path second = RunDirectory.createUnder(temp.resolve("runs"), "vertical-line", now);
    assertEquals("vertical-line-20261128-173005", first.getFileName().toString());
    assertEquals("vertical-line-20261128-173005-2", second.getFileName().toString());
    IOException e = assertThrows(IOException.class, () -> RunDirectory.createExactly(dir));
    assertEquals(dir + " already exists and is not empty; an earlier run is never overwritten: choose another --out"
        + " or remove it", e.getMessage());
  }

  @Test
  void aTruncatedKernelHistoryIsRefusedNamingTheFile() throws IOException {
    Path broken = Files.createDirectory(temp.resolve("broken"));
    List<String> lines = Files.readAllLines(dir.resolve(RunFiles.KERNELS));
    Files.write(broken.resolve(RunFiles.KERNELS), lines.subList(0, 10));
    IOException e = assertThrows(IOException.class, () -> RunFiles.readKernels(broken, new int[] {3, 3, 1, 2}));
    assertEquals(broken.resolve(RunFiles.KERNELS) + ": expected a multiple of 18 weights (kernel 3x3x1x2 per epoch),"
        + " got 9 rows", e.getMessage());
  }
}
