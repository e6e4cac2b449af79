package org.minicnn.training.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import org.minicnn.training.experiments.Experiment;
import org.minicnn.training.experiments.Experiments;

/** {@code minicnn experiments}: each experiment's name and one-line description. */
final class ExperimentsCommand {

  static final String USAGE = "usage: minicnn experiments\n\nLists the experiments that 'minicnn train' runs.";

  private ExperimentsCommand() {}

  static int run(List<String> args, PrintStream out) throws UsageException {
    Arguments a = Arguments.parse(args, Set.of(), Set.of(), USAGE);
    if (a.help) {
      out.println(USAGE);
      return 0;
    }
    if (!a.positional.isEmpty()) {
      throw new UsageException("experiments takes no arguments, got " + a.positional, USAGE);
    }
    int width = Experiments.names().stream().mapToInt(String::length).max().orElse(0);
    for (Experiment e : Experiments.all()) {
      out.printf("%-" + width + "s  %s%n", e.name(), e.description());
    }
    return 0;
  }
}
