package org.minicnn.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code minicnn} launcher script, run by bash from another working directory: the user's relative
 * paths resolve against that directory, not the repository's. The script is a copy of the repository's
 * in a temporary "repository" whose runnable jar {@code training/target/training-VERSION-all.jar} is a
 * manifest-only jar starting {@link Main} on this test's class path (the shaded jar is built after the tests).
 */
class LauncherTest {

  @TempDir
  Path temp;

  @Test
  void relativePathsResolveAgainstTheCallersWorkingDirectory() throws Exception {
    Path root = Files.createDirectories(temp.resolve("repository"));
    Path script = Files.copy(Path.of("..", "minicnn"), root.resolve("minicnn"));
    writeLauncherJar(Files.createDirectories(root.resolve("training/target")).resolve("training-0.0.0-all.jar"));
    Path work = Files.createDirectories(temp.resolve("work"));

    Process p = new ProcessBuilder("bash", script.toString(), "data", "bumps", "--samples", "3", "--out", "x.csv")
        .directory(work.toFile()).redirectErrorStream(true).redirectOutput(temp.resolve("log").toFile()).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the launcher ends");
    String log = Files.readString(temp.resolve("log"));
    assertEquals(0, p.exitValue(), log);
    assertTrue(log.contains("wrote 3 samples of bumps"), log);
    assertTrue(Files.isRegularFile(work.resolve("x.csv")), "x.csv is in the caller's directory: " + log);
    assertFalse(Files.exists(root.resolve("x.csv")), "nothing is written into the repository");
  }

  /** A jar whose manifest starts {@link Main} with this JVM's class path. */
  private static void writeLauncherJar(Path jar) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
    List<String> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      urls.add(Path.of(entry).toAbsolutePath().toUri().toString());
    }
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
      j.flush();
    }
  }
}
