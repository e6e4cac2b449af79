package org.minicnn.notebooks.kernel;

/**
 * A notebook cell that did not compile or threw. The message starts with what went wrong (the
 * compiler's diagnostics, or the thrown exception's class and message); Jupyter shows it as the
 * cell's error, and nbclient/nbconvert fail the run on it.
 */
public final class CellFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code trace}: where the cell threw (empty for a compilation error). */
  CellFailure(String message, StackTraceElement[] trace) {
    super(message, null, false, true);
    setStackTrace(trace);
  }
}
