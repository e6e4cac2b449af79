package org.minicnn.engine.io;

import java.nio.file.Path;

/**
 * A weight file that cannot be loaded: malformed, truncated, or not matching the model. The message
 * names the file, the line (1-based) and what was expected and what came.
 */
public class WeightFileException extends FileFormatException {

  private static final long serialVersionUID = 1L;

  /** @param line 1-based line number, or 0 when the problem is not on one line */
  public WeightFileException(Path file, long line, String problem) {
    super(file, line, problem);
  }
}
