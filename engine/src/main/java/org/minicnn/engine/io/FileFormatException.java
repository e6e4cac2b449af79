package org.minicnn.engine.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A text file that cannot be read as what it claims to be: malformed, truncated, or not matching what
 * reads it. The message names the file, the line (1-based) and what was expected and what came.
 * Subclasses name the kind of file, e.g. {@link WeightFileException}.
 */
public class FileFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  private final Path file;
  private final long line;

  /** @param line 1-based line number, or 0 when the problem is not on one line */
  public FileFormatException(Path file, long line, String problem) {
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
