package org.minicnn.training.cli;

/** A command line that cannot be run as given: the message says why; the command prints it with its usage and exits 2. */
final class UsageException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String usage;

  UsageException(String message, String usage) {
    super(message);
    this.usage = usage;
  }

  String usage() {
    return usage;
  }
}
