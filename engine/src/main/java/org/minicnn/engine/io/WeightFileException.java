package org.minicnn.engine.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A weight or checkpoint file that cannot be loaded: malformed, truncated, or not matching the
 * model. The message names the file, the line (1-based) and what was expected and what came.
 */
public class WeightFileException extends IOException {

  private static final long serialVersionUID = 1L;

  private final Path file;
  private final long line;

  /** @param line 1-based line number, or 0 when the problem is not on one line */
  public WeightFileException(Path file, long line, String problem) {
    super(file + (line > 0 ? " line " + line : "") + ": " + problem);
    this.file = file;
    this.line = line;
  }

  public Path file() {
    return file;
  }

  /** The 1-based line the problem is on, 0 when it is not on one line. */
  public long line() {
    return line;
  }
}
