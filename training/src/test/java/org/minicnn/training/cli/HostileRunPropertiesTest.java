package org.minicnn.training.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.minicnn.training.run.RunCheckpoint;
import org.minicnn.training.run.RunFiles;
import org.minicnn.training.run.RunLock;

/**
 * minicnn as a hostile user meets it, with seeded random cases: command lines built from valid and
 * invalid values, and run directories corrupted by truncation, bit flips, deleted blocks of lines,
 * swapped values and symbolic links, then resumed or plotted; and a second process on a directory in
 * use. Whatever happens: the exit code is 0, 1 or 2 with a one-line "minicnn: …" message and no
 * stack trace; no OutOfMemoryError (it would fail the test) and no hang (the timeouts); a refusal
 * changes nothing; and an exit 0 of a resume means the run is the one it claims to be — its final
 * files equal, byte for byte, those of the run never corrupted.
 */
class HostileRunPropertiesTest extends CliTestBase {

  /** Random command lines and random corruptions per run of the suite (each costs about a second). */
  static final int COMMAND_LINES = 30;
  static final int CORRUPTIONS = 24;
  private static final List<String> FINAL_FILES = List.of(RunFiles.WEIGHTS, RunFiles.METRICS, RunFiles.KERNELS,
      RunCheckpoint.FILE);

  @TempDir
  Path temp;

  /** An exit code and message a user can act on: no stack trace, no raw exception. */
  private void assertTidy(int code, String what) {
    assertTrue(code >= 0 && code <= 2, what + ": exit " + code);
    assertFalse(err.contains("\tat ") || err.contains("Exception") || err.contains("java.lang.")
        || err.contains("Error:"), what + ": " + err);
    if (code != 0) {
      assertTrue(err.startsWith("minicnn: "), what + ": " + err);
    }
  }

  // ---- command lines -------------------------------------------------------------------------

  private static final Map<String, String[]> VALUES = new LinkedHashMap<>();

  static {
    VALUES.put("--epochs", new String[] {"1", "2", "0", "-1", "３", "1e1", "0x2", "99999999999", ""});
    VALUES.put("--samples", new String[] {"8", "16", "0", "1e3", "2000000000", "30000000", "１６"});
    VALUES.put("--val-samples", new String[] {"4", "8", "0", "-8"});
    VALUES.put("--size", new String[] {"8", "5", "3", "2", "1", "100000", "8.0"});
    VALUES.put("--batch", new String[] {"4", "1", "2147483647", "0", "-2147483648"});
    VALUES.put("--lr", new String[] {"0.01", "0.1", "1e100", "0x1p-7", "0.01d", "NaN", "Infinity", "-0.1", "1e400"});
    VALUES.put("--momentum", new String[] {"0", "0.9", "1", "0.5f", "-0.0"});
    VALUES.put("--weight-decay", new String[] {"0", "0.001", "1e300", "-1"});
    VALUES.put("--optimizer", new String[] {"sgd", "adam", "SGD", ""});
    VALUES.put("--init", new String[] {"glorot", "zeros", "ones"});
    VALUES.put("--seed", new String[] {"1", "-9223372036854775808", "9223372036854775808", "1.5"});
    VALUES.put("--patience", new String[] {"0", "1", "-1"});
    VALUES.put("--filters", new String[] {"1", "4", "0", "100000000"});
    VALUES.put("--nesterov", new String[] {"true", "false", "yes"});
    VALUES.put("--checkpoint-every", new String[] {"1", "3steps", "0", "1minute"});
    VALUES.put("--speed", new String[] {"3"});   // no such option
  }

  static List<String> commandLine(SplittableRandom random, Path out) {
    List<String> args = new ArrayList<>(List.of("train"));
    String[] experiments = {"vertical-line", "bump-1d", "classify-lines", "two-detectors", "d2l-kernel", "nope"};
    args.add(experiments[random.nextInt(experiments.length)]);
    for (Map.Entry<String, String[]> option : VALUES.entrySet()) {
      boolean always = option.getKey().equals("--epochs") || option.getKey().equals("--samples");
      if (always || random.nextInt(100) < 25) {
        // the first two values are valid: most options get one, so that many command lines train
        String[] values = option.getValue();
        args.add(option.getKey());
        args.add(values[random.nextInt(100) < 80 ? random.nextInt(Math.min(2, values.length))
            : random.nextInt(values.length)]);
      }
    }
    args.addAll(List.of("--out", out.toString(), "--quiet"));
    return args;
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void everyCommandLineEndsTidily() throws IOException {
    SplittableRandom random = new SplittableRandom(20_261_207L);
    int[] exits = new int[3];
    for (int i = 0; i < COMMAND_LINES; i++) {
      Path out = temp.resolve("run-" + i);
      List<String> args = commandLine(random, out);
      if (args.contains("d2l-kernel") || args.contains("--size") && args.get(args.indexOf("--size") + 1).equals("8")) {
        // d2l-kernel takes neither --samples nor --size; keep the trained cases small either way
        args.set(args.indexOf("--samples") + 1, "8");
      }
      int code = run(args.toArray(String[]::new));
      String what = "case " + i + ": minicnn " + String.join(" ", args);
      assertTidy(code, what);
      exits[code]++;
      if (code == 2) {
        assertFalse(Files.exists(out), what + ": a wrong command line writes nothing");
      }
      if (code == 0) {
        assertTrue(Files.isRegularFile(out.resolve("summary.md")), what + ": a finished run has its summary");
      }
    }
    assertTrue(exits[0] >= 3 && exits[2] >= 3, "the cases train and are refused: exits 0/1/2 = "
        + java.util.Arrays.toString(exits));
  }

  // ---- corrupted run directories ---------------------------------------------------------------

  /** A finished, checkpointed run: 3 epochs of 4 steps, saved at every epoch. */
  private Path baseRun() {
    Path dir = temp.resolve("base");
    assertEquals(0, run("train", "vertical-line", "--epochs", "3", "--samples", "32", "--val-samples", "8", "--batch",
        "8", "--checkpoint-every", "1", "--out", dir.toString(), "--quiet"), err);
    return dir;
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }

  /** Applies one seeded corruption to {@code file}; returns what it did. */
  static String corrupt(SplittableRandom random, Path file, Path victim) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    switch (random.nextInt(5)) {
      case 0: {
        int at = random.nextInt(bytes.length);
        Files.write(file, java.util.Arrays.copyOf(bytes, at));
        return "truncated at byte " + at;
      }
      case 1: {
        int at = random.nextInt(bytes.length);
        int bit = random.nextInt(8);
        bytes[at] ^= (byte) (1 << bit);
        Files.write(file, bytes);
        return "bit " + bit + " of byte " + at + " flipped";
      }
      case 2: {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.ISO_8859_1));
        int from = random.nextInt(lines.size());
        int count = 1 + random.nextInt(Math.min(10, lines.size() - from));
        lines.subList(from, from + count).clear();
        Files.write(file, lines, StandardCharsets.ISO_8859_1);
        return "lines " + (from + 1) + ".." + (from + count) + " deleted";
      }
      case 3: {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.ISO_8859_1));
        List<int[]> numbers = new ArrayList<>();   // {line, start, end} of every number
        java.util.regex.Pattern number = java.util.regex.Pattern.compile("-?[0-9][0-9.eE-]*");
        for (int l = 0; l < lines.size(); l++) {
          java.util.regex.Matcher m = number.matcher(lines.get(l));
          while (m.find()) {
            numbers.add(new int[] {l, m.start(), m.end()});
          }
        }
        if (numbers.size() < 2) {
          return "no values to swap";
        }
        int[] a = numbers.get(random.nextInt(numbers.size()));
        int[] b = numbers.get(random.nextInt(numbers.size()));
        if (a[0] == b[0]) {
          return "two values of one line left alone";
        }
        String va = lines.get(a[0]).substring(a[1], a[2]);
        String vb = lines.get(b[0]).substring(b[1], b[2]);
        lines.set(a[0], lines.get(a[0]).substring(0, a[1]) + vb + lines.get(a[0]).substring(a[2]));
        lines.set(b[0], lines.get(b[0]).substring(0, b[1]) + va + lines.get(b[0]).substring(b[2]));
        Files.write(file, lines, StandardCharsets.ISO_8859_1);
        return "values '" + va + "' (line " + (a[0] + 1) + ") and '" + vb + "' (line " + (b[0] + 1) + ") swapped";
      }
      default: {
        Files.delete(file);
        Files.createSymbolicLink(file, victim);
        return "replaced by a symbolic link to " + victim;
      }
    }
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void aCorruptedRunDirectoryIsRefusedOrIsTheRunItClaimsToBe() throws IOException {
    Path base = baseRun();
    Map<String, byte[]> straight = new LinkedHashMap<>();
    for (String f : FINAL_FILES) {
      straight.put(f, Files.readAllBytes(base.resolve(f)));
    }
    Path victim = Files.writeString(temp.resolve("victim"), "victim\n");
    String[] targets = {RunFiles.CONFIG, RunCheckpoint.FILE, RunCheckpoint.FILE, RunFiles.METRICS, RunFiles.KERNELS,
        RunFiles.SAMPLE};
    SplittableRandom random = new SplittableRandom(20_261_208L);
    int[] exits = new int[3];
    for (int i = 0; i < CORRUPTIONS; i++) {
      Path dir = temp.resolve("corrupt-" + i);
      copy(base, dir);
      String target = targets[random.nextInt(targets.length)];
      String how = corrupt(random, dir.resolve(target), victim);
      boolean resume = random.nextInt(100) < 75;
      Map<String, byte[]> before = snapshot(dir);
      int code = resume ? run("train", "--resume", dir.toString(), "--quiet") : run("plot", dir.toString());
      String what = "case " + i + ": " + target + " " + how + ", then " + (resume ? "--resume" : "plot");
      assertTidy(code, what);
      exits[code]++;
      assertEquals("victim\n", Files.readString(victim), what + ": nothing is written through a link");
      if (code != 0) {
        assertEquals(before.keySet(), snapshot(dir).keySet(), what + ": a refusal changes nothing");
        for (Map.Entry<String, byte[]> e : snapshot(dir).entrySet()) {
          assertArrayEquals(before.get(e.getKey()), e.getValue(), what + ": a refusal changes nothing, " + e.getKey());
        }
      } else if (resume) {
        for (String f : FINAL_FILES) {
          assertArrayEquals(straight.get(f), Files.readAllBytes(dir.resolve(f)), what + ": exit 0, but " + f
              + " is not the run's");
        }
      }
    }
    assertTrue(exits[0] >= 2 && exits[1] >= 10, "corruptions are refused, harmless ones resumed: exits 0/1/2 = "
        + java.util.Arrays.toString(exits));
  }

  /** Every regular file of {@code dir} (not following links) and its bytes. */
  private static Map<String, byte[]> snapshot(Path dir) throws IOException {
    Map<String, byte[]> files = new java.util.TreeMap<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path f : list.toList()) {
        if (Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)
            && !f.getFileName().toString().equals(RunLock.FILE)) {
          files.put(f.getFileName().toString(), Files.readAllBytes(f));
        }
      }
    }
    return files;
  }

  // ---- a second process ------------------------------------------------------------------------

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void aSecondProcessIsRefusedWhileARunTrains() throws Exception {
    Path dir = temp.resolve("busy");
    Path log = temp.resolve("busy.log");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true", "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "train", "vertical-line", "--epochs", "100000",
        "--samples", "64", "--val-samples", "8", "--checkpoint-every", "1", "--out", dir.toString(), "--quiet"));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!Files.isRegularFile(dir.resolve(RunCheckpoint.FILE))) {
        if (!child.isAlive() || System.nanoTime() > deadline) {
          fail("the training process wrote no checkpoint: " + Files.readString(log));
        }
        Thread.sleep(20);
      }
      String inUse = "minicnn: run directory " + dir + " is in use (pid " + child.pid() + ")";
      Map<String, byte[]> config = Map.of(RunFiles.CONFIG, Files.readAllBytes(dir.resolve(RunFiles.CONFIG)));
      assertEquals(1, run("train", "--resume", dir.toString(), "--quiet"));
      assertTrue(err.startsWith(inUse), err);
      assertEquals(1, run("plot", dir.toString()));
      assertTrue(err.startsWith(inUse), err);
      assertFalse(Files.exists(dir.resolve("loss.png")), "the refused plot drew nothing");
      int code = run("train", "vertical-line", "--out", dir.toString(), "--quiet");
      assertEquals(2, code, err);
      assertTrue(err.startsWith("minicnn: cannot create the run directory: " + dir + " already exists and is not"
          + " empty"), err);
      assertArrayEquals(config.get(RunFiles.CONFIG), Files.readAllBytes(dir.resolve(RunFiles.CONFIG)));
    } finally {
      child.destroyForcibly();
      child.waitFor();
    }
  }
}
