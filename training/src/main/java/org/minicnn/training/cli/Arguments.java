package org.minicnn.training.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * What picocli parsed for one subcommand, as the command reads it: the positional arguments, each
 * given option with its value as typed ({@code "true"} for an option without value; a repeated
 * option's values joined by one blank, and each in {@link #values}), whether {@code --help} was asked
 * for, and the subcommand's generated help for usage errors.
 */
final class Arguments {

  final List<String> positional = new ArrayList<>();
  final Map<String, String> flags = new LinkedHashMap<>();
  private final Map<String, List<String>> repeated = new LinkedHashMap<>();
  final boolean help;
  /** The command's name below minicnn: {@code train}, or {@code sweep collect} for a nested one. */
  final String command;
  /** The subcommand's words as given, after @files are expanded. */
  final List<String> words = new ArrayList<>();
  private final String usage;

  private Arguments(String command, boolean help, String usage) {
    this.command = command;
    this.help = help;
    this.usage = usage;
  }

  /** @param parsed picocli's result for the (innermost) subcommand */
  static Arguments of(ParseResult parsed) {
    CommandLine command = parsed.commandSpec().commandLine();
    String name = parsed.commandSpec().qualifiedName(" ").replaceFirst("^\\S+ ", "");
    Arguments a = new Arguments(name, parsed.isUsageHelpRequested(),
        command.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing());
    a.words.addAll(parsed.expandedArgs());
    for (PositionalParamSpec p : parsed.matchedPositionals()) {
      a.positional.addAll(p.stringValues());
    }
    for (OptionSpec o : parsed.matchedOptions()) {
      if (o.usageHelp()) {
        continue;
      }
      List<String> values = o.arity().max() == 0 ? List.of("true") : List.copyOf(o.stringValues());
      a.repeated.put(o.longestName(), values);
      a.flags.put(o.longestName(), String.join(" ", values));
    }
    return a;
  }

  /** Every value of an option that may be repeated, in order; empty when not given. */
  List<String> values(String option) {
    return repeated.getOrDefault(option, List.of());
  }

  /** The command's help, for the message of a wrong command line. */
  String usage() {
    return usage;
  }
}
