package org.minicnn.training.plots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.minicnn.training.TrainingListener;
import org.minicnn.training.experiments.ClassifyLines;
import org.minicnn.training.experiments.D2lKernel;
import org.minicnn.training.experiments.Experiment;
import org.minicnn.training.experiments.ExperimentRun;
import org.minicnn.training.experiments.Option;
import org.minicnn.training.experiments.TeacherStudent;
import org.minicnn.training.run.RunRecord;
import org.minicnn.training.run.RunWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plots are real PNG images of the expected size with drawn content. */
class RunPlotsTest {

  @TempDir
  Path dir;

  /** Decodes a PNG and checks its size and that it is not blank: many colours, a good share of non-white pixels. */
  static void assertPicture(Path file, int width, int height) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(bytes, 4), file + " is a PNG");
    BufferedImage image = ImageIO.read(file.toFile());
    assertNotNull(image, file + " decodes");
    assertEquals(width, image.getWidth(), file + " width");
    assertEquals(height, image.getHeight(), file + " height");
    Set<Integer> colours = new HashSet<>();
    int nonWhite = 0;
    for (int y = 0; y < height; y += 2) {
      for (int x = 0; x < width; x += 2) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        colours.add(rgb);
        if (rgb != 0xFFFFFF) {
          nonWhite++;
        }
      }
    }
    assertTrue(colours.size() >= 10, file + " has only " + colours.size() + " colours");
    assertTrue(nonWhite > width * height / 4 / 50, file + " is nearly blank: " + nonWhite + " non-white samples");
  }

  @Test
  void aTwoFilterRunDrawsEveryPlotAtItsSize() throws IOException {
    Experiment e = TeacherStudent.twoDetectors();
    ExperimentRun run = e.run(e.defaults().with(Option.EPOCHS, "12").with(Option.SAMPLES, "64"),
        new TrainingListener() {});
    List<String> files = RunPlots.drawAll(RunWriter.record(run), e.references(run.config()), false, dir);
    assertEquals(List.of("loss.png", "similarity.png", "distance.png", "kernels.png", "filmstrip.png",
        "feature-maps.png", "filters.png"), files);
    assertPicture(dir.resolve("loss.png"), Charts.LINE_WIDTH, Charts.LINE_HEIGHT);
    assertPicture(dir.resolve("similarity.png"), Charts.LINE_WIDTH, Charts.LINE_HEIGHT);
    assertPicture(dir.resolve("distance.png"), Charts.LINE_WIDTH, Charts.LINE_HEIGHT);
    // two references: learned and hand-designed side by side, one row each
    assertPicture(dir.resolve("kernels.png"), 2 * Charts.PANEL_WIDTH, 2 * Charts.PANEL_HEIGHT);
    // 13 epochs (0..12): 8 frames in 2 rows of 4
    assertPicture(dir.resolve("filmstrip.png"), 4 * Charts.PANEL_WIDTH, 2 * Charts.PANEL_HEIGHT);
    assertPicture(dir.resolve("feature-maps.png"), 3 * Charts.PANEL_WIDTH, Charts.PANEL_HEIGHT);
    assertPicture(dir.resolve("filters.png"), 2 * Charts.PANEL_WIDTH, Charts.PANEL_HEIGHT);
  }

  @Test
  void aClassificationRunShowsEveryFilterAboveTheHandDesignedDetectors() throws IOException {
    Experiment e = ClassifyLines.fourClasses();
    ExperimentRun run = e.run(e.defaults().with(Option.EPOCHS, "1").with(Option.SAMPLES, "64").with(Option.FILTERS, "6"),
        new TrainingListener() {});
    List<String> files = RunPlots.drawAll(RunWriter.record(run), e.references(run.config()), true, dir);
    assertEquals("filters.png", files.get(files.size() - 1));
    // 6 learned filters in rows of 4, then a row of the 4 detectors
    assertPicture(dir.resolve("filters.png"), 4 * Charts.PANEL_WIDTH, 3 * Charts.PANEL_HEIGHT);
    // four detectors, each beside the learned filter most like it
    assertPicture(dir.resolve("kernels.png"), 2 * Charts.PANEL_WIDTH, 4 * Charts.PANEL_HEIGHT);
  }

  @Test
  void aFilmStripWithFewerFramesThanCellsLeavesTheRestWhite() throws IOException {
    Experiment e = TeacherStudent.verticalLine();
    ExperimentRun run = e.run(e.defaults().with(Option.EPOCHS, "4").with(Option.SAMPLES, "32"),
        new TrainingListener() {});
    RunPlots.drawAll(RunWriter.record(run), e.references(run.config()), false, dir);
    // 5 epochs (0..4): 5 frames in 2 rows of 4; XChart's own grid threw IndexOutOfBounds here
    assertPicture(dir.resolve("filmstrip.png"), 4 * Charts.PANEL_WIDTH, 2 * Charts.PANEL_HEIGHT);
    BufferedImage image = ImageIO.read(dir.resolve("filmstrip.png").toFile());
    for (int y = Charts.PANEL_HEIGHT; y < 2 * Charts.PANEL_HEIGHT; y += 7) {
      for (int x = Charts.PANEL_WIDTH; x < 4 * Charts.PANEL_WIDTH; x += 7) {
        assertEquals(0xFFFFFF, image.getRGB(x, y) & 0xFFFFFF, "cell without a frame at " + x + ", " + y);
      }
    }
  }

  @Test
  void aOneDimensionalRunDrawsItsFeatureMapsAsLines() throws IOException {
    Experiment e = TeacherStudent.bump1d();
    ExperimentRun run = e.run(e.defaults().with(Option.EPOCHS, "2").with(Option.SAMPLES, "32"),
        new TrainingListener() {});
    RunPlots.drawAll(RunWriter.record(run), e.references(run.config()), false, dir);
    assertPicture(dir.resolve("feature-maps.png"), Charts.LINE_WIDTH, Charts.LINE_HEIGHT);
    assertPicture(dir.resolve("kernels.png"), 2 * Charts.PANEL_WIDTH, Charts.PANEL_HEIGHT);
    assertPicture(dir.resolve("filmstrip.png"), 3 * Charts.PANEL_WIDTH, Charts.PANEL_HEIGHT);
  }

  @Test
  void plotsRedrawnFromTheRunDirectoryMatchTheOriginals() throws IOException {
    D2lKernel e = new D2lKernel();
    ExperimentRun run = e.run(e.defaults(), new TrainingListener() {});
    Path runDir = Files.createDirectory(dir.resolve("run"));
    RunWriter.write(run, runDir);
    byte[] original = Files.readAllBytes(runDir.resolve("kernels.png"));
    Files.delete(runDir.resolve("kernels.png"));
    RunPlots.drawAll(RunRecord.read(runDir), e.references(run.config()), false, runDir);
    assertArrayEquals(original, Files.readAllBytes(runDir.resolve("kernels.png")));
  }

  @Test
  void filmStripFramesRunEvenlyFromStartToEnd() {
    assertArrayEquals(new int[] {0, 3, 6, 9, 11, 14, 17, 20}, RunPlots.frames(21));
    assertArrayEquals(new int[] {0, 1, 2}, RunPlots.frames(3));
  }
}
