package org.minicnn.training.run;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;

/** Creates the directory of a new run; an earlier run's directory is never reused or overwritten. */
public final class RunDirectory {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private RunDirectory() {}

  /**
   * Creates {@code <root>/<experiment>-<UTC yyyyMMdd-HHmmss>}, or with {@code -2}, {@code -3}, … appended
   * when that exists (two runs in the same second). Creation is atomic, so concurrent runs never share one.
   */
  public static Path createUnder(Path root, String experiment, ZonedDateTime now) throws IOException {
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw new IOException(root + " is a file, not a directory; choose another --runs");
    }
    Files.createDirectories(root);
    String base = experiment + "-" + STAMP.format(now.withZoneSameInstant(ZoneOffset.UTC));
    for (int n = 1; ; n++) {
      Path candidate = root.resolve(n == 1 ? base : base + "-" + n);
      try {
        return Files.createDirectory(candidate);
      } catch (FileAlreadyExistsException taken) {
        // try the next counter
      }
    }
  }

  /**
   * Checks that {@code dir} holds nothing but its {@link RunLock} file.
   *
   * @throws IOException naming the directory when it holds anything else
   */
  public static void requireEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      if (entries.anyMatch(f -> !f.getFileName().toString().equals(RunLock.FILE))) {
        throw new IOException(dir + " already exists and is not empty; an earlier run is never overwritten:"
            + " choose another --out or remove it");
      }
    }
  }

  /**
   * Uses {@code dir} as the run directory: creates it (and its parents) or accepts it when it exists
   * and is empty.
   *
   * @throws IOException naming the directory when it exists and is not empty, or is a file, or when its
   *     nearest existing ancestor is a file or not writable (then nothing is created)
   */
  public static Path createExactly(Path dir) throws IOException {
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new IOException(dir + " exists and is not a directory; choose another --out");
      }
      requireEmpty(dir);
      return dir;
    }
    for (Path ancestor = dir.toAbsolutePath().getParent(); ancestor != null; ancestor = ancestor.getParent()) {
      if (Files.exists(ancestor)) {
        if (!Files.isDirectory(ancestor)) {
          throw new IOException(dir + " cannot be created: " + ancestor + " is a file, not a directory;"
              + " choose another --out");
        }
        if (!Files.isWritable(ancestor)) {
          throw new IOException(dir + " cannot be created: " + ancestor + " is not writable; choose another --out");
        }
        break;
      }
    }
    return Files.createDirectories(dir);
  }
}
