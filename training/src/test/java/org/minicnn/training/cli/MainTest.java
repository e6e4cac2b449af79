package org.minicnn.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages of the minicnn command. */
class MainTest extends CliTestBase {

  @TempDir
  Path temp;

  @Test
  void trainWritesARunDirectoryAndSaysHowCloseTheKernelCame() throws IOException {
    Path dir = temp.resolve("d2l");
    assertEquals(0, run("train", "d2l-kernel", "--out", dir.toString()), err);
    assertTrue(out.contains("step 10, loss 0.0039"), out);
    assertTrue(out.contains("d2l-kernel: threshold met — kernel (0.98847, -0.98847) after 10 steps"), out);
    assertTrue(out.contains("epoch 10/10  loss 3.8942e-03"), out);   // plain progress lines off a terminal
    assertTrue(out.contains("run directory: " + dir), out);
    for (String file : new String[] {"config.properties", "metrics.csv", "kernels.csv", "weights.csv", "sample.csv",
        "summary.md", "loss.png", "kernels.png", "filmstrip.png", "feature-maps.png"}) {
      assertTrue(Files.isRegularFile(dir.resolve(file)), file);
    }
    assertEquals(0, run("plot", dir.toString()), err);
    assertTrue(out.startsWith("redrew loss.png"), out);
  }

  @Test
  void aNonEmptyOutputDirectoryIsNeverOverwritten() throws IOException {
    Path dir = Files.createDirectory(temp.resolve("taken"));
    Files.writeString(dir.resolve("metrics.csv"), "earlier run");
    assertEquals(2, run("train", "d2l-kernel", "--out", dir.toString()));
    assertTrue(err.startsWith("minicnn: cannot create the run directory: " + dir + " already exists and is not empty"),
        err);
    assertEquals("earlier run", Files.readString(dir.resolve("metrics.csv")));
  }

  @Test
  void anUnknownExperimentExitsTwoWithTheChoicesAndTheUsage() {
    assertEquals(2, run("train", "diagonal-line"));
    assertTrue(err.startsWith("minicnn: unknown experiment 'diagonal-line'; expected one of vertical-line, "), err);
    assertTrue(err.contains("usage: minicnn train <experiment> [options]"), err);
    assertEquals("", out);
  }

  @Test
  void wrongFlagsExitTwoNamingTheFlag() {
    assertEquals(2, run("train", "vertical-line", "--speed", "3"));
    assertTrue(err.startsWith("minicnn: unknown option --speed\n"), err);
    assertEquals(2, run("train", "vertical-line", "--lr", "-1"));
    assertTrue(err.startsWith("minicnn: --lr: expected a number > 0, got '-1'\n"), err);
    assertEquals(2, run("train", "vertical-line", "--epochs", "0"));
    assertTrue(err.startsWith("minicnn: --epochs: expected an integer >= 1, got '0'\n"), err);
    assertEquals(2, run("train", "vertical-line", "--epochs"));
    assertTrue(err.startsWith("minicnn: --epochs needs a value\n"), err);
    assertEquals(2, run("train", "vertical-line", "--init", "ones"));
    assertTrue(err.startsWith("minicnn: --init: expected one of zeros, glorot, got 'ones'\n"), err);
    assertEquals(2, run("train", "vertical-line", "--data", "cats"));
    assertTrue(err.startsWith("minicnn: --data: expected one of lines, vertical-lines, horizontal-lines, noise,"
        + " got 'cats'\n"), err);
    assertEquals(2, run("train", "d2l-kernel", "--batch", "4"));
    assertTrue(err.startsWith("minicnn: --batch: d2l-kernel has no such option; it takes --epochs --lr --momentum"
        + " --seed --init\n"), err);
    assertEquals(2, run("train"));
    assertTrue(err.startsWith("minicnn: train needs an experiment: one of vertical-line"), err);
  }

  private static final String EVERY = "--checkpoint-every: expected N (epochs), Nepochs or Nsteps with N >= 1, got ";

  @Test
  void outOfRangeNumbersExitTwoAndCreateNoRunDirectory() {
    Path dir = temp.resolve("never");
    String[][] cases = {
        {"--epochs", "-3", "--epochs: expected an integer >= 1, got '-3'"},
        {"--lr", "0", "--lr: expected a number > 0, got '0'"},
        {"--lr", "NaN", "--lr: expected a decimal number (ASCII digits, e.g. 0.01 or 1e-3), got 'NaN'"},
        {"--batch", "0", "--batch: expected an integer >= 1, got '0'"},
        {"--samples", "1e3", "--samples: expected an integer (ASCII digits), got '1e3'"},
        {"--momentum", "1", "--momentum: expected a number in [0, 1), got '1'"},
        {"--seed", "x", "--seed: expected an integer (ASCII digits), got 'x'"},
        {"--checkpoint-every", "-1", EVERY + "'-1'"},
        {"--checkpoint-every", "two", EVERY + "'two'"},
        {"--checkpoint-every", "0steps", EVERY + "'0steps'"},
        {"--checkpoint-every", "3 seconds", EVERY + "'3 seconds'"},
    };
    for (String[] c : cases) {
      assertEquals(2, run("train", "vertical-line", "--out", dir.toString(), c[0], c[1]), c[0] + " " + c[1]);
      assertTrue(err.startsWith("minicnn: " + c[2] + "\n\nusage: minicnn train"), err);
      assertEquals("", out);
      assertFalse(Files.exists(dir), "no run directory for " + c[0] + " " + c[1]);
    }
    assertEquals(2, run("train", "vertical-line", "--out", dir.toString(), "--quiet=yes"));
    assertTrue(err.startsWith("minicnn: --quiet takes no value, got 'yes'\n"), err);
    assertEquals(2, run("train", "vertical-line", "--out", dir.toString(), "--lr", "0.1", "--lr", "0.2"));
    assertTrue(err.startsWith("minicnn: --lr is given twice\n"), err);
    assertEquals(2, run("train", "vertical-line", "--out", dir.toString(), "--checkpoint-every", "--quiet"));
    assertTrue(err.startsWith("minicnn: --checkpoint-every needs a value\n"), err);
    assertFalse(Files.exists(dir));
  }

  @Test
  void anOutputDirectoryThatCannotBeCreatedExitsTwoAndCreatesNothing() throws IOException {
    Path file = Files.writeString(temp.resolve("file.txt"), "not a directory");
    Path dir = file.resolve("run");
    assertEquals(2, run("train", "d2l-kernel", "--out", dir.toString(), "--checkpoint-every", "1"));
    assertTrue(err.startsWith("minicnn: cannot create the run directory: " + dir + " cannot be created: " + file
        + " is a file, not a directory; choose another --out\n"), err);
    assertEquals("not a directory", Files.readString(file));
    assertEquals(2, run("train", "d2l-kernel", "--runs", file.toString()));
    assertTrue(err.startsWith("minicnn: cannot create the run directory: " + file + " is a file, not a directory;"
        + " choose another --runs\n"), err);
    assertEquals("not a directory", Files.readString(file));
    assertEquals("", out);
  }

  @Test
  void unknownCommandsAndNoCommandExitTwo() {
    assertEquals(2, run("fly"));
    assertTrue(err.startsWith("minicnn: unknown command 'fly'\n\nusage: minicnn <command> [options]"), err);
    assertEquals(2, run());
    assertTrue(err.startsWith("usage: minicnn <command>"), err);
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"train", "experiments", "plot", "examples"}) {
      assertEquals(0, run(command, "--help"), command);
      assertTrue(out.startsWith("usage: minicnn " + command), out);
    }
    assertEquals(0, run("train", "vertical-line", "--help"));
    assertTrue(out.contains("defaults: ./minicnn train vertical-line --epochs 20 --lr 0.01 --momentum 0.9"), out);
    assertEquals(0, run("--help"));
    assertTrue(out.startsWith("usage: minicnn <command>"), out);
  }

  @Test
  void experimentsListsEveryExperimentWithADescription() {
    assertEquals(0, run("experiments"));
    assertTrue(out.startsWith("vertical-line "), out);
    for (String name : new String[] {"horizontal-line", "bump-1d", "two-detectors", "d2l-kernel"}) {
      assertTrue(out.contains("\n" + name + " "), name + " in " + out);
    }
  }

  @Test
  void examplesPrintTheSeedsFeatureMaps() {
    assertEquals(0, run("examples"));
    assertTrue(out.contains("   [0, 0, 1, 1, 0, 0]   (shape [1, 6, 1])"), out);
    assertTrue(out.contains("   [0, 0, 0, 1, 1, 0, 0, 0]     [0, 0, 3, 3, 0, 0]\n"), out);
    assertTrue(out.contains("   [1, 1, 1, 1, 1, 1, 1, 1]     [3, 3, 3, 3, 3, 3]\n"), out);
  }

  @Test
  void plotOfSomethingThatIsNotARunDirectoryFails() throws IOException {
    assertEquals(2, run("plot", temp.resolve("missing").toString()));
    assertTrue(err.startsWith("minicnn: " + temp.resolve("missing") + " is not a directory"), err);
    Path empty = Files.createDirectory(temp.resolve("empty"));
    assertEquals(1, run("plot", empty.toString()));
    assertEquals("minicnn: " + empty.resolve("config.properties") + ": no such file\n", err);
  }
}
