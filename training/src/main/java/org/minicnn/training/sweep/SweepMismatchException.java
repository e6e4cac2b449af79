package org.minicnn.training.sweep;

import java.io.IOException;

/**
 * A directory that cannot be this sweep's: it holds another sweep (the message lists what differs), or
 * something that is not a sweep. Nothing was written; the command line names the wrong directory.
 */
public final class SweepMismatchException extends IOException {

  private static final long serialVersionUID = 1L;

  public SweepMismatchException(String message) {
    super(message);
  }
}
