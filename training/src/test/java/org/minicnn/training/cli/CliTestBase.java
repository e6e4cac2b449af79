package org.minicnn.training.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the minicnn command in process, as if not on a terminal, and keeps what it printed. */
abstract class CliTestBase {

  /** Standard output and standard error of the last {@link #run}. */
  protected String out;
  protected String err;

  /** @return the exit code of {@code minicnn args…} */
  protected int run(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
        new PrintStream(e, true, StandardCharsets.UTF_8), false);
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return code;
  }
}
