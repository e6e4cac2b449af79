package org.minicnn.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minicnn.training.run.RunFiles;

/**
 * What picocli brings to the minicnn command: --version, suggestions for misspelled options and commands,
 * @argfiles, wrapped generated help, and a completion script that the real bash completes with.
 */
class CommandLineFeaturesTest extends CliTestBase {

  @TempDir
  Path temp;

  @Test
  void versionNamesTheVersionTheCommitAndTheVectorApi() {
    assertEquals(0, run("--version"), err);
    List<String> lines = out.lines().toList();
    assertEquals("minicnn " + RunFiles.version(), lines.get(0));
    assertTrue(RunFiles.version().matches("\\d+\\.\\d+\\.\\d+.*"), RunFiles.version());
    assertTrue(lines.get(1).matches("git commit ([0-9a-f]{12}|unknown)"), lines.get(1));
    // the tests run with --add-modules jdk.incubator.vector (surefire's argLine)
    assertTrue(lines.get(2).startsWith("Vector API on "), lines.get(2));
    assertEquals(0, run("-V"), err);
  }

  @Test
  void misspelledOptionsAndCommandsGetSuggestionsAndWriteNothing() {
    Path dir = temp.resolve("run");
    assertEquals(2, run("train", "vertical-line", "--lrr", "0.1", "--out", dir.toString()));
    assertTrue(err.startsWith("minicnn: unknown option --lrr; did you mean --lr?\n\nusage: minicnn train"), err);
    assertFalse(Files.exists(dir));
    assertEquals(2, run("trian", "vertical-line"));
    assertTrue(err.startsWith("minicnn: unknown command 'trian'; did you mean train"), err);
    assertEquals("", out);
  }

  @Test
  void theScriptsOwnCommandsAreListedAndExplainedInTheJar() {
    assertEquals(0, run("--help"), err);
    assertTrue(out.contains("\n  notebooks     write the notebooks' student edition (./minicnn script)\n"), out);
    assertEquals(2, run("test"));
    assertTrue(err.startsWith("minicnn: 'test' is handled by the ./minicnn script of a checkout: ./minicnn test\n"), err);
  }

  @Test
  void argumentsComeFromAtFiles() throws Exception {
    Path dir = temp.resolve("from-file");
    Path args = temp.resolve("args.txt");
    Files.writeString(args, "vertical-line\n--epochs 1 --samples 32\n--val-samples 8\n--quiet\n--out \"" + dir + "\"\n");
    assertEquals(0, run("train", "@" + args), err);
    String config = Files.readString(dir.resolve("config.properties"));
    assertTrue(config.contains("epochs=1\n"), config);
    assertTrue(config.contains("samples=32\n"), config);
  }

  @Test
  void helpIsGeneratedAndWrapped() {
    assertEquals(0, run("train", "--help"), err);
    assertTrue(out.startsWith("usage: minicnn train <experiment> [options]\n"), out);
    for (String line : out.lines().toList()) {
      assertTrue(line.length() <= CommandBuilder.WIDTH, "longer than " + CommandBuilder.WIDTH + ": " + line);
    }
    assertTrue(out.contains("--weight-decay=X"), out);
    assertTrue(out.contains("L2 weight decay, >= 0"), out);
    assertEquals(0, run("help", "export"), err);
    assertTrue(out.startsWith("usage: minicnn export RUN_DIR"), out);
  }

  @Test
  void bashCompletesCommandsAndOptionsWithTheScript() throws Exception {
    assertEquals(0, run("completion"), err);
    assertTrue(out.contains("_complete_minicnn"), out);
    Path script = temp.resolve("minicnn-completion.bash");
    Files.writeString(script, out);
    assertEquals(List.of("train"), complete(script, "minicnn", "tr"));
    assertEquals(List.of("plot", "plot-kernels"), complete(script, "minicnn", "plot"));
    assertTrue(complete(script, "minicnn", "train", "--l").contains("--lr"), complete(script, "minicnn", "train", "--l").toString());
  }

  /** What bash's completion function offers for the last of {@code words}. */
  private static List<String> complete(Path script, String... words) throws Exception {
    String line = String.join(" ", words);
    String program = "source '" + script + "'\n"
        + "COMP_WORDS=(" + line + ")\nCOMP_CWORD=" + (words.length - 1) + "\nCOMP_LINE='" + line + "'\n"
        + "COMP_POINT=" + line.length() + "\n_complete_minicnn\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
    Process p = new ProcessBuilder("bash", "-c", program).redirectErrorStream(true).start();
    String printed = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bash did not finish");
    assertEquals(0, p.exitValue(), printed);
    return printed.lines().filter(s -> !s.isBlank()).sorted().toList();
  }
}
