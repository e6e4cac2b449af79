package org.minicnn.training.cli;

import java.io.PrintStream;
import org.minicnn.training.experiments.Experiment;
import org.minicnn.training.experiments.Experiments;
import picocli.CommandLine.Model.CommandSpec;

/** {@code minicnn experiments}: each experiment's name and one-line description. */
final class ExperimentsCommand {

  private ExperimentsCommand() {}

  static CommandSpec spec() {
    return new CommandBuilder("experiments", "list the experiments with one-line descriptions")
        .synopsis("minicnn experiments")
        .description("Lists the experiments that 'minicnn train' runs.")
        .positionals("", "")
        .build();
  }

  static int run(Arguments a, PrintStream out) throws UsageException {
    if (!a.positional.isEmpty()) {
      throw new UsageException("experiments takes no arguments, got " + a.positional, a.usage());
    }
    int width = Experiments.names().stream().mapToInt(String::length).max().orElse(0);
    for (Experiment e : Experiments.all()) {
      out.printf("%-" + width + "s  %s%n", e.name(), e.description());
    }
    return 0;
  }
}
