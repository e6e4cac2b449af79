package org.minicnn.training.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Declares one subcommand of {@code minicnn} for picocli: its one-line summary (in {@code minicnn --help}),
 * synopsis, description, positional parameters, options and footer. picocli generates the wrapped help
 * and the parser from it; every option value is kept as the string given, and the command checks it
 * with its own messages.
 */
final class CommandBuilder {

  /** Usage help is this wide unless the terminal says otherwise. */
  static final int WIDTH = 100;

  private final CommandSpec spec = CommandSpec.create();
  private final List<String> synopsis = new ArrayList<>();
  private final List<String> description = new ArrayList<>();
  private final List<String> footer = new ArrayList<>();

  CommandBuilder(String name, String summary) {
    spec.name(name);
    spec.usageMessage().headerHeading("").header(summary).synopsisHeading("usage: ").width(WIDTH).autoWidth(true)
        .optionListHeading("%noptions:%n").descriptionHeading("%n").footerHeading("%n").abbreviateSynopsis(false)
        .parameterListHeading("%n").sortOptions(false);
    spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("show this help").build());
  }

  /** A synopsis line ({@code minicnn data <preset> [--samples N]}), without "usage: "; several for several forms. */
  CommandBuilder synopsis(String... lines) {
    synopsis.addAll(List.of(lines));
    return this;
  }

  /** Paragraphs of the description; picocli wraps each to the width. */
  CommandBuilder description(String... paragraphs) {
    description.addAll(List.of(paragraphs));
    return this;
  }

  /**
   * The positional parameters, any number (the command checks how many, with its own message):
   * {@code label} and {@code help} in the help; an empty label hides them (a command that takes none).
   */
  CommandBuilder positionals(String label, String help) {
    spec.addPositional(PositionalParamSpec.builder().paramLabel(label).arity("0..*").type(String[].class)
        .description(help).hideParamSyntax(true).hidden(label.isEmpty()).build());
    return this;
  }

  /** An option that takes one value, given at most once. */
  CommandBuilder option(String name, String label, String help) {
    spec.addOption(OptionSpec.builder(name).paramLabel(label).arity("1").type(String.class).description(help)
        .build());
    return this;
  }

  /** An option that takes one value and may be given several times (its values kept in order). */
  CommandBuilder repeatable(String name, String label, String help) {
    spec.addOption(OptionSpec.builder(name).paramLabel(label).arity("1").type(String[].class).description(help)
        .build());
    return this;
  }

  /** An option that takes no value. */
  CommandBuilder flag(String name, String help) {
    spec.addOption(OptionSpec.builder(name).arity("0").type(boolean.class).description(help).build());
    return this;
  }

  /** Lines after the options (exit codes, lists of choices). */
  CommandBuilder footer(String... lines) {
    footer.addAll(List.of(lines));
    return this;
  }

  CommandSpec build() {
    if (!synopsis.isEmpty()) {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < synopsis.size(); i++) {
        lines.add((i == 0 ? "" : "       ") + synopsis.get(i));
      }
      spec.usageMessage().customSynopsis(lines.toArray(String[]::new));
    }
    spec.usageMessage().description(escape(description)).footer(escape(footer));
    // the summary is for minicnn's list of commands; a command's own help starts with "usage:"
    java.util.List<String> sections = new ArrayList<>(spec.usageMessage().sectionKeys());
    sections.remove(picocli.CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER);
    spec.usageMessage().sectionKeys(sections);
    return spec;
  }

  /** picocli reads {@code %} as a format character in help text. */
  private static String[] escape(List<String> lines) {
    return lines.stream().map(l -> l.replace("%", "%%")).toArray(String[]::new);
  }
}
