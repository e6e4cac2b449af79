package org.minicnn.training.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release zip as a user gets it: unzipped with {@code unzip} into a directory outside the checkout,
 * then {@code bin/minicnn train vertical-line} run from there with Maven and the checkout out of reach
 * (no Maven on the PATH, no MAVEN_HOME, the working directory the unzipped one).
 */
class ReleaseZipIT {

  private static Path zip() {
    String property = System.getProperty("minicnn.releaseZip");
    if (property == null) {
      throw new IllegalStateException("minicnn.releaseZip is not set; run this test through Maven's failsafe");
    }
    Path zip = Path.of(property);
    if (!Files.isRegularFile(zip)) {
      throw new IllegalStateException(zip + " does not exist; './mvnw package' builds it");
    }
    return zip;
  }

  @Test
  void unzippedAnywhereTrainsVerticalLine(@TempDir Path temp) throws Exception {
    Path zip = zip();
    Path checkout = Path.of("").toAbsolutePath().getParent();
    assertFalse(temp.toAbsolutePath().startsWith(checkout), temp + " must lie outside the checkout " + checkout);

    Path tools = toolsOnly(temp.resolve("path"));
    Path unpacked = Files.createDirectory(temp.resolve("unpacked"));
    Result unzip = exec(unpacked, tools, List.of("unzip", "-q", zip.toString()));
    assertEquals(0, unzip.code, "unzip failed: " + unzip.err);
    Path home;
    try (Stream<Path> top = Files.list(unpacked)) {
      List<Path> dirs = top.collect(Collectors.toList());
      assertEquals(1, dirs.size(), "the zip should hold one top directory, got " + dirs);
      home = dirs.get(0);
    }
    assertTrue(home.getFileName().toString().startsWith("minicnn-"), home.toString());
    for (String entry : List.of("bin/minicnn", "lib/minicnn.jar", "LICENSE", "README.md")) {
      assertTrue(Files.isRegularFile(home.resolve(entry)), "the zip has no " + entry);
    }
    assertTrue(Files.isExecutable(home.resolve("bin/minicnn")), "bin/minicnn is not executable");
    assertTrue(Files.readString(home.resolve("LICENSE")).contains("Apache License"), "LICENSE is not Apache-2.0");

    Path run = temp.resolve("run");
    Result train = exec(home, tools, List.of("bin/minicnn", "train", "vertical-line", "--quiet", "--out", run.toString()));
    assertEquals(0, train.code, "bin/minicnn train vertical-line failed:\n" + train.out + train.err);
    for (String file : List.of("config.properties", "metrics.csv", "weights.csv", "summary.md")) {
      assertTrue(Files.isRegularFile(run.resolve(file)), "the run has no " + file + "; it has "
          + Files.list(run).map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()));
    }
    assertTrue(Files.readString(run.resolve("config.properties")).contains("experiment=vertical-line"));
    assertFalse(train.err.contains("Vector API module is not loaded"),
        "bin/minicnn should start the JVM with the Vector API module:\n" + train.err);
  }

  private record Result(int code, String out, String err) {}

  /**
   * A directory holding only what a user's shell needs to unzip and start bin/minicnn: sh, dirname, unzip
   * and the JDK's java. With it as the whole PATH, no Maven (and no checkout script) can be reached.
   */
  private static Path toolsOnly(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.createSymbolicLink(dir.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
    for (String tool : List.of("sh", "dirname", "unzip")) {
      Path found = Stream.of("/bin", "/usr/bin").map(d -> Path.of(d, tool)).filter(Files::isExecutable).findFirst()
          .orElseThrow(() -> new IllegalStateException(tool + " is not installed (scripts/install-system-deps.sh installs it)"));
      Files.createSymbolicLink(dir.resolve(tool), found);
    }
    return dir;
  }

  /** Runs {@code command} in {@code dir} with {@code path} as the whole PATH and no Maven settings. */
  private static Result exec(Path dir, Path path, List<String> command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("MAVEN") || k.startsWith("M2") || k.equals("JDK_JAVA_OPTIONS"));
    env.remove("JAVA_HOME");
    env.put("PATH", path.toString());
    Path out = Files.createTempFile("release-it", ".out");
    Path err = Files.createTempFile("release-it", ".err");
    try {
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError(command + " did not finish in 5 minutes");
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
