package org.minicnn.training.run;

import java.nio.file.Path;
import org.minicnn.engine.io.FileFormatException;

/**
 * A checkpoint file that cannot be resumed from: malformed, truncated, incomplete, or not the state of
 * the run that resumes it. The message names the file, the line (1-based) where one applies, and what
 * was expected and what came.
 */
public class CheckpointFileException extends FileFormatException {

  private static final long serialVersionUID = 1L;

  /** @param line 1-based line number, or 0 when the problem is not on one line */
  public CheckpointFileException(Path file, long line, String problem) {
    super(file, line, problem);
  }
}
