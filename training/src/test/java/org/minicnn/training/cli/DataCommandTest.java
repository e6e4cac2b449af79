package org.minicnn.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minicnn.datasets.DataFile;
import org.minicnn.datasets.DatasetPresets;
import org.minicnn.datasets.csv.DatasetCsv;

/** {@code minicnn data}: presets written as CSV that reads back equal to the generated set; exit codes and messages. */
class DataCommandTest extends CliTestBase {

  @TempDir
  Path temp;

  @Test
  void aPresetIsWrittenAsCsvThatReadsBackEqualToTheGeneratedSet() throws IOException {
    Path file = temp.resolve("lines.csv");
    assertEquals(0, run("data", "classify-4", "--samples", "12", "--seed", "7", "--out", file.toString()), err);
    assertEquals("wrote 12 samples of classify-4 (inputs [8, 8, 1], classes vertical, horizontal, diagonal, none,"
        + " seed 7) to " + file + "\n", out);
    DataFile read = DatasetCsv.read(file);
    assertEquals(DatasetPresets.generate("classify-4", 12, 7), read);
    assertEquals(List.of("vertical", "horizontal", "diagonal", "none"), read.classNames());
    assertEquals("minicnn-dataset,version=1,inputs=8x8x1,classes=vertical;horizontal;diagonal;none,samples=12",
        Files.readAllLines(file).get(0));
  }

  @Test
  void withoutOutTheCsvGoesToStandardOutputWithTheDefaults() throws IOException {
    assertEquals(0, run("data", "teacher-bump"), err);
    DataFile read = DatasetCsv.read(new StringReader(out), "<stdout>");
    assertEquals(DatasetPresets.generate("teacher-bump", DataCommand.DEFAULT_SAMPLES, DataCommand.DEFAULT_SEED), read);
    assertEquals(DataCommand.DEFAULT_SAMPLES, read.size());
    assertTrue(out.startsWith("minicnn-dataset,version=1,inputs=16x1,targets=14x1,samples=100\n"), out);
  }

  @Test
  void listNamesEveryPresetWithItsDescription() {
    assertEquals(0, run("data", "--list"));
    List<String> lines = out.lines().toList();
    assertEquals(DatasetPresets.names().size(), lines.size());
    for (int i = 0; i < lines.size(); i++) {
      String name = DatasetPresets.names().get(i);
      assertTrue(lines.get(i).startsWith(name + " "), lines.get(i));
      assertTrue(lines.get(i).endsWith("  " + DatasetPresets.describe(name)), lines.get(i));
    }
  }

  @Test
  void helpShowsTheOptionsAndThePresets() {
    assertEquals(0, run("data", "--help"));
    assertTrue(out.startsWith("usage: minicnn data <preset> [--samples N] [--seed S] [--out FILE]\n"), out);
    assertTrue(out.contains("\n  classify-2 "), out);
    assertEquals(0, run("--help"));
    assertTrue(out.contains("\n  data          write a synthetic data set as CSV ('minicnn data --list')\n"), out);
  }

  @Test
  void badArgumentsExitTwoWithAMessageAndTheUsage() {
    assertEquals(2, run("data", "cats"));
    assertTrue(err.startsWith("minicnn: unknown preset 'cats'; expected one of lines-vertical, lines-horizontal,"), err);
    assertTrue(err.contains("usage: minicnn data <preset>"), err);
    assertEquals(2, run("data"));
    assertTrue(err.startsWith("minicnn: data needs exactly one preset (one of lines-vertical, "), err);
    assertTrue(err.contains("), got none\n"), err);
    assertEquals(2, run("data", "bumps", "--samples", "0"));
    assertTrue(err.startsWith("minicnn: --samples: expected an integer >= 1, got '0'\n"), err);
    assertEquals(2, run("data", "bumps", "--samples", "many"));
    assertTrue(err.startsWith("minicnn: --samples: expected an integer >= 1, got 'many'\n"), err);
    assertEquals(2, run("data", "bumps", "--seed", "1.5"));
    assertTrue(err.startsWith("minicnn: --seed: expected an integer (ASCII digits), got '1.5'\n"), err);
    assertEquals(2, run("data", "classify-4", "--samples", "10"));
    assertTrue(err.startsWith("minicnn: --samples: classify-4 has 4 balanced classes; the number of samples must be a"
        + " positive multiple of 4, got 10\n"), err);
    assertEquals(2, run("data", "bumps", "--size", "3"));
    assertTrue(err.startsWith("minicnn: unknown option --size\n"), err);
    assertEquals(2, run("data", "--list", "bumps"));
    assertTrue(err.startsWith("minicnn: --list takes nothing else, got --list bumps\n"), err);
    assertEquals("", out);
  }

  @Test
  void aFailedCommandLineWritesNoFile() {
    Path file = temp.resolve("never.csv");
    assertEquals(2, run("data", "classify-2", "--samples", "3", "--out", file.toString()));
    assertFalse(Files.exists(file));
  }
}
