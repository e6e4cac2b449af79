package org.minicnn.training.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minicnn.training.run.RunFiles;
import org.minicnn.training.run.RunLock;

/**
 * The failures a hostile user found, each refused with exit 2 (a command line) or 1 (a file), a message
 * naming the file, line and reason, and nothing written — or, for valid input, a run that finishes.
 */
class ReliabilityTest extends CliTestBase {

  @TempDir
  Path temp;

  /** A finished d2l-kernel run (10 steps, well under a second), for plot and resume. */
  private Path finishedRun(String name, String... extra) {
    Path dir = temp.resolve(name);
    List<String> args = new java.util.ArrayList<>(List.of("train", "d2l-kernel", "--out", dir.toString(), "--quiet"));
    args.addAll(List.of(extra));
    assertEquals(0, run(args.toArray(String[]::new)), err);
    return dir;
  }

  @Test
  void numbersArePlainAsciiDecimals() throws IOException {
    for (String[] flag : new String[][] {{"--epochs", "３"}, {"--epochs", "٣"}, {"--lr", "0x1p-7"}, {"--lr", "0.01d"},
        {"--lr", "0.01f"}, {"--lr", "NaN"}, {"--lr", "Infinity"}, {"--momentum", "0x0.8p0"}, {"--seed", "１"}}) {
      Path dir = temp.resolve("numbers");
      assertEquals(2, run("train", "vertical-line", flag[0], flag[1], "--out", dir.toString()), flag[1]);
      assertTrue(err.startsWith("minicnn: " + flag[0] + ": expected a"), err);
      assertTrue(err.contains("(ASCII digits"), err);
      assertFalse(Files.exists(dir), "nothing written for " + flag[1]);
    }
    assertEquals(2, run("data", "bumps", "--samples", "３"));
    assertTrue(err.startsWith("minicnn: --samples: expected an integer >= 1, got '３'"), err);

    Path dir = finishedRun("config-numbers", "--checkpoint-every", "1");
    Path config = dir.resolve(RunFiles.CONFIG);
    Files.writeString(config, Files.readString(config).replace("lr=0.03", "lr=0x1p-5"));
    assertEquals(1, run("train", "--resume", dir.toString()));
    assertTrue(err.startsWith("minicnn: " + config + ": "), err);
    assertTrue(err.contains("--lr: expected a decimal number (ASCII digits, e.g. 0.01 or 1e-3), got '0x1p-5'"), err);
  }

  @Test
  void sizesAndSamplesThatCannotRunExitTwoAndWriteNothing() {
    Path dir = temp.resolve("never");
    String[][] cases = {
        {"--size", "1", "the kernel 3x3 is larger than the images (1x1); raise --size to at least 3"},
        {"--size", "2", "the kernel 3x3 is larger than the images (2x2); raise --size to at least 3"},
        {"--size", "100000", "with --size 100000: 1024 samples of 10000000000 values are more than one array holds"},
        {"--samples", "2000000000", "2000000000 samples of 64 values are more than one array holds"},
        // fits one array (1.92e9 values), not the heap: 8 bytes × 4 values a pixel = 61 GB
        {"--samples", "30000000", "the data and activations need about 58594 MB, more than the memory budget of"}};
    for (String[] c : cases) {
      assertEquals(2, run("train", "vertical-line", c[0], c[1], "--out", dir.toString()), c[1] + ": " + err);
      assertTrue(err.startsWith("minicnn: "), err);
      assertTrue(err.contains(c[2]), err);
      assertFalse(Files.exists(dir), "nothing written for " + c[0] + " " + c[1]);
    }
    assertEquals(2, run("train", "bump-1d", "--size", "2", "--out", dir.toString()));
    assertTrue(err.startsWith("minicnn: the kernel 3 is larger than the signals (length 2); raise --size to at least 3"),
        err);
    assertFalse(Files.exists(dir));
  }

  /** Classification convolves its filters over a sample for the feature-map plot, so they must fit the images too. */
  @Test
  void classifySizesThatCannotRunExitTwoAndWriteNothing() {
    Path dir = temp.resolve("never");
    String[][] cases = {
        {"classify-lines", "--size", "1", "the kernel 3x3 is larger than the images (1x1); raise --size to at least 3"},
        {"classify-lines-4", "--size", "2", "the kernel 3x3 is larger than the images (2x2); raise --size to at least 3"},
        // classify's default --model is conv2d(16,3x3,same) relu globalmaxpool2d dense
        {"classify", "--size", "2", "--model: the kernel 3x3 is larger than the images (2x2); raise --size to at least 3"},
        {"classify-lines", "--size", "100000",
            "--samples 512 and --val-samples 256 with --size 100000: 512 samples of 10000000000 values are more than"
                + " one array holds"}};
    for (String[] c : cases) {
      assertEquals(2, run("train", c[0], c[1], c[2], "--out", dir.toString()), c[0] + " " + c[2] + ": " + err);
      assertTrue(err.startsWith("minicnn: " + c[3]), err);
      assertFalse(Files.exists(dir), "nothing written for " + c[0] + " " + c[2]);
    }
    // a model whose SAME padding fits 4x4 images, but whose 5x5 filters do not
    assertEquals(2, run("train", "classify", "--model", "conv2d(2,5x5,same) relu globalmaxpool2d dense", "--size", "4",
        "--out", dir.toString()), err);
    assertTrue(err.startsWith("minicnn: --model: the kernel 5x5 is larger than the images (4x4); raise --size to at"
        + " least 5"), err);
    assertFalse(Files.exists(dir));
  }

  @Test
  void filesThatClaimMoreThanTheHeapAreRefusedNamingTheFile() throws IOException {
    Path dir = checkpointedRun("huge-config");
    Path config = dir.resolve(RunFiles.CONFIG);
    String text = Files.readString(config);
    Files.writeString(config, text.replace("samples=64\n", "samples=30000000\n"));
    assertEquals(1, run("train", "--resume", dir.toString(), "--quiet"));
    assertTrue(err.startsWith("minicnn: " + config + ": --samples 30000000 and --val-samples 16 with --size 8: the data"
        + " and activations need about "), err);
    assertTrue(err.contains("more than the memory budget of"), err);

    Files.writeString(config, text.replace("run.sample_shape=1x8x8x1", "run.sample_shape=1x28000x28000x1"));
    assertEquals(1, run("plot", dir.toString()));
    assertEquals("minicnn: " + dir.resolve(RunFiles.SAMPLE) + ": expected more than 64 values for the shape"
        + " 1x28000x28000x1 of " + config + ", got 64\n", err);
  }

  @Test
  void aBatchLargerThanTheDataIsOneBatch() {
    Path dir = temp.resolve("huge-batch");
    assertEquals(0, run("train", "vertical-line", "--batch", "2147483647", "--epochs", "2", "--samples", "16",
        "--val-samples", "8", "--out", dir.toString(), "--quiet"), err);
    assertTrue(out.contains("2 epochs, 2 steps in "), out);
  }

  @Test
  void aDivergenceCausedByWeightDecayNamesIt() {
    assertEquals(1, run("train", "vertical-line", "--weight-decay", "1e300", "--epochs", "1", "--samples", "64",
        "--out", temp.resolve("decay").toString(), "--quiet"));
    assertTrue(err.contains("; the weight decay is the cause: lr × weight_decay = 1.0000000000000001E298 >= 3.8,"
        + " beyond which the decay alone makes the weights grow; use a weight decay below 380.0"), err);
    assertFalse(err.contains("smaller learning rate"), err);
    assertEquals(1, run("train", "vertical-line", "--lr", "1e100", "--epochs", "3", "--samples", "64",
        "--out", temp.resolve("lr").toString(), "--quiet"));
    assertTrue(err.contains("; try a smaller learning rate"), err);
  }

  @Test
  void plotReplacesSymlinksAndNeverWritesThroughThem() throws IOException {
    Path dir = finishedRun("links");
    Path victim = Files.writeString(temp.resolve("victim"), "not a picture");
    for (String png : List.of("loss.png", "similarity.png", "distance.png", "kernels.png", "feature-maps.png")) {
      Files.delete(dir.resolve(png));
      Files.createSymbolicLink(dir.resolve(png), victim);
    }
    assertEquals(0, run("plot", dir.toString()), err);
    assertEquals("not a picture", Files.readString(victim));
    for (String png : List.of("loss.png", "similarity.png", "distance.png", "kernels.png", "feature-maps.png")) {
      assertFalse(Files.isSymbolicLink(dir.resolve(png)), png);
      assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'},
          java.util.Arrays.copyOf(Files.readAllBytes(dir.resolve(png)), 4), png);
    }
  }

  @Test
  void plotRefusesNumbersThatAreNotFiniteDecimalsNamingFileLineAndColumn() throws IOException {
    Path dir = finishedRun("bad-numbers");
    Path metrics = dir.resolve(RunFiles.METRICS);
    List<String> lines = Files.readAllLines(metrics);
    for (String bad : List.of("Infinity", "NaN", "0x1p3", "1e400", "1d")) {
      String[] cells = lines.get(2).split(",", -1);
      cells[2] = bad;
      List<String> changed = new java.util.ArrayList<>(lines);
      changed.set(2, String.join(",", cells));
      Files.write(metrics, changed);
      assertEquals(1, run("plot", dir.toString()), bad);
      assertEquals("minicnn: " + metrics + ": line 3, column 'loss': expected a finite decimal number (an empty cell"
          + " for not measured), got '" + bad + "'\n", err);
    }
    Files.write(metrics, lines);
    Path kernels = dir.resolve(RunFiles.KERNELS);
    String original = Files.readString(kernels);
    Files.writeString(kernels, original.replaceFirst("\n(0,0,0,0,0,)[^\n]*\n", "\n$11e400\n"));
    assertEquals(1, run("plot", dir.toString()));
    assertTrue(err.startsWith("minicnn: " + kernels + ": line 2, column 'value': expected a finite decimal number"),
        err);
  }

  @Test
  void plotRefusesFilesThatAreNotOfOneRun() throws IOException {
    Path dir = finishedRun("disagree", "--epochs", "3");
    Path config = dir.resolve(RunFiles.CONFIG);
    String text = Files.readString(config);
    Files.writeString(config, text.replace("epochs=3\n", "epochs=2\n"));
    assertEquals(1, run("plot", dir.toString()));
    assertEquals("minicnn: " + dir.resolve(RunFiles.METRICS) + ": 3 epochs, but " + config
        + " says epochs=2: the files are not of one run\n", err);
    Files.writeString(config, text);
    Path metrics = dir.resolve(RunFiles.METRICS);
    List<String> lines = Files.readAllLines(metrics);
    Files.write(metrics, lines.subList(0, lines.size() - 1));
    assertEquals(1, run("plot", dir.toString()));
    assertEquals("minicnn: " + dir.resolve(RunFiles.KERNELS) + ": kernels of epochs 0..3, but " + metrics
        + " has epochs 0..2: the files are not of one run\n", err);
  }

  @Test
  void unreadableFilesAreNamedWithTheReason() throws IOException {
    Path dir = finishedRun("unreadable");
    Path config = dir.resolve(RunFiles.CONFIG);
    String text = Files.readString(config);
    Files.write(config, text.getBytes(StandardCharsets.UTF_16));
    assertEquals(1, run("plot", dir.toString()));
    assertEquals("minicnn: " + config + ": not UTF-8 text (a binary file, or another encoding such as UTF-16)\n", err);

    Files.writeString(config, text.replace("lr=0.03\n", "lr=0.03\ncomment=\\uZZ\n"));
    int line = (int) text.substring(0, text.indexOf("lr=0.03\n")).lines().count() + 2;
    assertEquals(1, run("plot", dir.toString()));
    assertEquals("minicnn: " + config + ": line " + line + ": a malformed \\u escape '\\uZZ' (expected \\u and four"
        + " hexadecimal digits)\n", err);
    Files.writeString(config, text);

    Path metrics = dir.resolve(RunFiles.METRICS);
    Files.writeString(metrics, Files.readString(metrics).replaceFirst("\n1,", "\n\"1,"));
    assertEquals(1, run("plot", dir.toString()));
    assertTrue(err.startsWith("minicnn: " + metrics + ": "), err);
    assertTrue(err.contains("not CSV: "), err);
  }

  @Test
  void aRunDirectoryThatCannotBeCreatedIsRefusedWithTheReason() {
    assertEquals(2, run("train", "d2l-kernel", "--out", "/proc/x"));
    assertTrue(err.startsWith("minicnn: cannot create the run directory: /proc/x: "), err);
    String reason = err.lines().findFirst().orElseThrow().substring("minicnn: cannot create the run directory: /proc/x: "
        .length());
    assertFalse(reason.isBlank(), "a reason follows the directory: " + err);
  }

  @Test
  void aDataFileUnderARegularFileIsAWrongCommandLine() throws IOException {
    Path file = Files.writeString(temp.resolve("afile"), "x");
    assertEquals(2, run("data", "bumps", "--out", file.resolve("data.csv").toString()));
    assertTrue(err.startsWith("minicnn: --out: " + file.resolve("data.csv") + " cannot be created: " + file
        + " is a file, not a directory\n"), err);
    assertEquals("x", Files.readString(file));
  }

  @Test
  void aRunDirectoryInUseIsRefusedAndNothingChanges() throws IOException {
    Path dir = finishedRun("in-use", "--checkpoint-every", "1");
    byte[] weights = Files.readAllBytes(dir.resolve(RunFiles.WEIGHTS));
    long pngTime = Files.getLastModifiedTime(dir.resolve("loss.png")).toMillis();
    try (RunLock lock = RunLock.acquire(dir)) {
      String inUse = "minicnn: run directory " + dir + " is in use (pid " + ProcessHandle.current().pid() + ")";
      assertEquals(1, run("plot", dir.toString()));
      assertTrue(err.startsWith(inUse), err);
      assertEquals(1, run("train", "--resume", dir.toString()));
      assertTrue(err.startsWith(inUse), err);
    }
    assertArrayEquals(weights, Files.readAllBytes(dir.resolve(RunFiles.WEIGHTS)));
    assertEquals(pngTime, Files.getLastModifiedTime(dir.resolve("loss.png")).toMillis());
    assertEquals(0, run("plot", dir.toString()), err);
  }

  @Test
  void aRunStoppedBeforeItsFirstCheckpointStartsFromTheBeginningOnResume() throws IOException {
    Path straight = finishedRun("straight", "--checkpoint-every", "1");
    Path dir = finishedRun("dead-end", "--checkpoint-every", "1");
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        if (!f.getFileName().toString().equals(RunFiles.CONFIG)) {
          Files.delete(f);
        }
      }
    }
    assertEquals(0, run("train", "--resume", dir.toString(), "--quiet"), err);
    assertTrue(out.startsWith("starting " + dir + " from the beginning (it stopped before its first checkpoint)"), out);
    for (String file : List.of(RunFiles.WEIGHTS, RunFiles.METRICS, RunFiles.KERNELS)) {
      assertArrayEquals(Files.readAllBytes(straight.resolve(file)), Files.readAllBytes(dir.resolve(file)), file);
    }
  }

  /** A finished vertical-line run (SGD with momentum) saved at every epoch. */
  private Path checkpointedRun(String name) {
    Path dir = temp.resolve(name);
    assertEquals(0, run("train", "vertical-line", "--epochs", "3", "--samples", "64", "--val-samples", "16",
        "--checkpoint-every", "1", "--out", dir.toString(), "--quiet"), err);
    return dir;
  }

  @Test
  void aCheckpointWithoutTheMomentumIsRefused() throws IOException {
    Path dir = checkpointedRun("no-momentum");
    Path checkpoint = dir.resolve(org.minicnn.training.run.RunCheckpoint.FILE);
    List<String> lines = Files.readAllLines(checkpoint);
    int block = lines.indexOf("tensor,optimizer/conv2d/kernel/momentum_buffer,3,3,1,1");
    assertTrue(block > 0, "the checkpoint holds the momentum");
    List<String> without = new java.util.ArrayList<>(lines.subList(0, block));
    without.addAll(lines.subList(block + 1 + 9, lines.size()));
    Files.write(checkpoint, without);
    byte[] weights = Files.readAllBytes(dir.resolve(RunFiles.WEIGHTS));
    assertEquals(1, run("train", "--resume", dir.toString(), "--quiet"));
    assertEquals("minicnn: " + checkpoint + ": incomplete optimiser state for sgd(lr=0.01, momentum=0.9,"
        + " nesterov=false, weight_decay=0.0) at step 6: missing optimizer/conv2d/kernel/momentum_buffer\n", err);
    assertArrayEquals(weights, Files.readAllBytes(dir.resolve(RunFiles.WEIGHTS)));
  }

  @Test
  void aTruncatedConfigIsRefusedNamingWhatIsMissing() throws IOException {
    Path dir = checkpointedRun("cut-config");
    Path config = dir.resolve(RunFiles.CONFIG);
    List<String> lines = Files.readAllLines(config);
    Files.write(config, lines.subList(0, 4));
    assertEquals(1, run("train", "--resume", dir.toString(), "--quiet"));
    assertEquals("minicnn: " + config + ": incomplete: no lr, momentum, nesterov, weight_decay, optimizer, batch,"
        + " seed, init, data, samples, val_samples, size, patience (a run's config.properties names every option of"
        + " vertical-line)\n", err);
  }

  @Test
  void aConfigThatNoLongerDescribesTheCheckpointedRunIsRefused() throws IOException {
    Path dir = checkpointedRun("edited");
    Path config = dir.resolve(RunFiles.CONFIG);
    String text = Files.readString(config);
    Path checkpoint = dir.resolve(org.minicnn.training.run.RunCheckpoint.FILE);
    int line = Files.readAllLines(checkpoint).indexOf(Files.readAllLines(checkpoint).stream()
        .filter(l -> l.startsWith("counter,config_digest,")).findFirst().orElseThrow()) + 1;
    for (String[] edit : new String[][] {{"experiment=vertical-line", "experiment=horizontal-line"},
        {"seed=1\n", "seed=2\n"}, {"momentum=0.9", "momentum=0.5"}}) {
      Files.writeString(config, text.replace(edit[0], edit[1]));
      assertEquals(1, run("train", "--resume", dir.toString(), "--quiet"), edit[1]);
      assertTrue(err.startsWith("minicnn: " + checkpoint + " line " + line + ": config_digest "), err);
      assertTrue(err.contains(" of " + config + ": the configuration was changed since the checkpoint was written"),
          err);
    }
    Files.writeString(config, text);
    assertEquals(0, run("train", "--resume", dir.toString(), "--quiet"), err);
  }
}
