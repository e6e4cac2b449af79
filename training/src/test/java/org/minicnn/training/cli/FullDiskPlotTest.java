package org.minicnn.training.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk while a PNG is written: {@code plot} exits 1 naming the file and the reason, and the plots
 * already there stay whole (written to a temporary file and renamed). The disk is really full: a 1 MB
 * tmpfs, filled with zeros, mounted in a new user and mount namespace ({@code unshare -rm}, so neither
 * root nor a change to the machine's mounts is needed); {@code minicnn plot} runs in a JVM inside it.
 */
class FullDiskPlotTest extends CliTestBase {

  private static final List<String> PLOTS = List.of("loss.png", "similarity.png", "distance.png", "kernels.png");

  @TempDir
  Path temp;

  @Test
  void aFullDiskWhileWritingAPlotNamesTheFileAndTheReasonAndKeepsTheOldPlots() throws Exception {
    Path run = temp.resolve("run");
    assertEquals(0, run("train", "d2l-kernel", "--out", run.toString(), "--quiet"), err);
    Path full = Files.createDirectory(temp.resolve("full"));
    Path seen = Files.createDirectory(temp.resolve("seen"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // inside the namespace: mount, copy the run, fill the disk, plot, and copy out what the plot left
    String script = String.join("\n",
        "mount -t tmpfs -o size=1m minicnn-full \"$FULL\" || { echo 'cannot mount a tmpfs'; exit 97; }",
        "cp -a \"$RUN\"/. \"$FULL\"/ || exit 98",
        "dd if=/dev/zero of=\"$FULL\"/filler bs=4096 2>/dev/null",
        "[ \"$(df --output=avail \"$FULL\" | tail -1 | tr -d ' ')\" = 0 ] || { echo 'the tmpfs is not full'; exit 99; }",
        "\"$JAVA\" --add-modules jdk.incubator.vector -Djava.awt.headless=true -cp \"$CP\" " + Main.class.getName()
            + " plot \"$FULL\" > \"$SEEN\"/stdout 2> \"$SEEN\"/stderr",
        "echo $? > \"$SEEN\"/exit",
        "ls -A \"$FULL\" > \"$SEEN\"/listing",
        "for f in " + String.join(" ", PLOTS) + "; do cp \"$FULL\"/$f \"$SEEN\"/$f; done");
    ProcessBuilder pb = new ProcessBuilder("unshare", "--user", "--map-root-user", "--mount", "bash", "-c", script)
        .redirectErrorStream(true);
    pb.environment().putAll(Map.of("FULL", full.toString(), "RUN", run.toString(), "SEEN", seen.toString(),
        "JAVA", java, "CP", System.getProperty("java.class.path")));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new AssertionError("this test needs unshare (util-linux) to mount a small full file system: " + e, e);
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("minicnn plot on a full disk did not finish in 120 s: " + output);
    }
    assertEquals(0, p.exitValue(), "this test needs a real full file system: unshare --user --map-root-user --mount"
        + " and mount -t tmpfs (user namespaces enabled in the kernel) failed: " + output);

    // all it printed but the JVM's notice of the Vector API module
    String stderr = Files.readString(seen.resolve("stderr"))
        .replace("WARNING: Using incubator modules: jdk.incubator.vector\n", "");
    assertEquals("1", Files.readString(seen.resolve("exit")).strip(), stderr);
    assertEquals("minicnn: " + full.resolve("loss.png") + ": cannot write the plot: No space left on device\n", stderr);
    // no temporary file left, and the plots of the finished run untouched
    List<String> listing = Files.readAllLines(seen.resolve("listing"));
    assertTrue(listing.stream().noneMatch(name -> name.endsWith(".tmp")), listing.toString());
    for (String png : PLOTS) {
      assertArrayEquals(Files.readAllBytes(run.resolve(png)), Files.readAllBytes(seen.resolve(png)), png);
    }
  }
}
