package org.minicnn.training.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.minicnn.engine.conv.ConvAlgorithm;
import org.minicnn.training.run.RunFiles;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The {@code minicnn} command, on picocli: {@code train}, {@code sweep}, {@code experiments}, {@code plot}, {@code examples},
 * {@code data}, {@code bench}, {@code export}, {@code plot-kernels} and {@code completion}. Each subcommand
 * declares its options in a {@link CommandBuilder}; picocli parses (with suggestions for misspelled options
 * and {@code @file} argument files) and writes the wrapped help; the command checks the values with its own
 * messages. Exit codes: 0 success, 1 the command failed (I/O, training diverged), 2 the command line is
 * wrong (the message and the usage go to standard error, and nothing is written).
 */
public final class Main {

  /** What runs a parsed subcommand. */
  @FunctionalInterface
  private interface Runner {
    int run(Arguments a, PrintStream out, boolean terminal) throws Exception;
  }

  private record Subcommand(CommandSpec spec, Runner runner) {}

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err, System.console() != null);
    System.out.flush();
    System.exit(code);
  }

  private static Map<String, Subcommand> subcommands() {
    Map<String, Subcommand> all = new LinkedHashMap<>();
    List<Subcommand> list = List.of(
        new Subcommand(TrainCommand.spec(), (a, out, terminal) -> new TrainCommand(out, terminal).run(a)),
        new Subcommand(SweepCommand.spec(), (a, out, terminal) -> new SweepCommand(out, terminal).run(a)),
        new Subcommand(ExperimentsCommand.spec(), (a, out, terminal) -> ExperimentsCommand.run(a, out)),
        new Subcommand(PlotCommand.spec(), (a, out, terminal) -> PlotCommand.run(a, out)),
        new Subcommand(ExamplesCommand.spec(), (a, out, terminal) -> ExamplesCommand.run(a, out)),
        new Subcommand(DataCommand.spec(), (a, out, terminal) -> DataCommand.run(a, out)),
        new Subcommand(BenchCommand.spec(), (a, out, terminal) -> BenchCommand.run(a, out)),
        new Subcommand(ExportCommand.spec(), (a, out, terminal) -> ExportCommand.run(a, out)),
        new Subcommand(PlotKernelsCommand.spec(), (a, out, terminal) -> PlotKernelsCommand.run(a, out)),
        new Subcommand(completionSpec(), (a, out, terminal) -> completion(a, out)),
        new Subcommand(scriptOnly("kernel", "kernel install", "register the notebooks' Jupyter kernel (./minicnn"
            + " script)"), null),
        new Subcommand(scriptOnly("notebooks", "notebooks student OUT_DIR", "write the notebooks' student edition"
            + " (./minicnn script)"), null),
        new Subcommand(scriptOnly("test", "test", "run every test (./minicnn script)"), null));
    for (Subcommand s : list) {
      all.put(s.spec().name(), s);
    }
    return all;
  }

  /** The whole command line: {@code minicnn} and its subcommands. */
  static CommandLine commandLine() {
    CommandSpec top = CommandSpec.create().name("minicnn");
    top.usageMessage().synopsisHeading("usage: ").customSynopsis("minicnn <command> [options]")
        .commandListHeading("%ncommands:%n").optionListHeading("%noptions:%n").width(CommandBuilder.WIDTH)
        .autoWidth(true).footerHeading("%n")
        .footer("Run 'minicnn <command> --help' for a command's options. Arguments can be read from files:"
            + " @FILE stands for FILE's words. './minicnn completion' prints a bash/zsh completion script.");
    top.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("show this help").build());
    top.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
        .description("print the version, the git commit and whether the Vector API is on").build());
    // the commands first, then minicnn's own two options
    List<String> sections = new ArrayList<>(top.usageMessage().sectionKeys());
    List<String> options = List.of(UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING, UsageMessageSpec.SECTION_KEY_OPTION_LIST);
    sections.removeAll(options);
    sections.addAll(sections.indexOf(UsageMessageSpec.SECTION_KEY_FOOTER_HEADING), options);
    top.usageMessage().sectionKeys(sections);
    CommandLine cli = new CommandLine(top);
    for (Subcommand s : subcommands().values()) {
      cli.addSubcommand(s.spec().name(), new CommandLine(s.spec()));
    }
    cli.setOverwrittenOptionsAllowed(false);
    cli.setAbbreviatedOptionsAllowed(false);
    cli.setCaseInsensitiveEnumValuesAllowed(false);
    cli.setExpandAtFiles(true);
    cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    return cli;
  }

  /**
   * Runs a command.
   *
   * @param terminal whether output goes to a terminal (progress bar instead of plain lines)
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out, PrintStream err, boolean terminal) {
    CommandLine cli = commandLine();
    String topUsage = cli.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing();
    if (args.length == 0) {
      err.println(topUsage);
      return 2;
    }
    if (args[0].equals("help")) {
      return help(cli, topUsage, args, out, err);
    }
    ParseResult parsed;
    try {
      parsed = cli.parseArgs(args);
    } catch (ParameterException e) {
      err.println("minicnn: " + message(e, cli));
      err.println();
      err.println(e.getCommandLine().getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing());
      return 2;
    }
    if (parsed.isVersionHelpRequested()) {
      out.println(version());
      return 0;
    }
    if (!parsed.hasSubcommand()) {
      out.println(topUsage);
      return 0;
    }
    ParseResult sub = parsed.subcommand();
    ParseResult innermost = sub;
    while (innermost.hasSubcommand()) {
      innermost = innermost.subcommand();  // sweep collect, sweep slurm
    }
    Arguments a = Arguments.of(innermost);
    try {
      Subcommand command = subcommands().get(sub.commandSpec().name());
      if (a.help && !command.spec().name().equals("train")) {
        // train's help adds the named experiment's defaults; every other command's help is its usage
        out.println(a.usage());
        return 0;
      }
      if (command.runner() == null) {
        throw new UsageException("'" + sub.commandSpec().name() + "' is handled by the ./minicnn script of a"
            + " checkout: ./minicnn " + sub.commandSpec().name(), a.usage());
      }
      return command.runner().run(a, out, terminal);
    } catch (UsageException e) {
      err.println("minicnn: " + e.getMessage());
      err.println();
      err.println(e.usage());
      return 2;
    } catch (java.nio.file.NoSuchFileException e) {
      err.println("minicnn: " + e.getFile() + ": no such file");
      return 1;
    } catch (Exception e) {
      err.println("minicnn: " + reason(e));
      return 1;
    }
  }

  /** {@code minicnn help [command]}: the usage of minicnn or of one command, on standard output. */
  private static int help(CommandLine cli, String topUsage, String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1) {
      out.println(topUsage);
      return 0;
    }
    CommandLine sub = cli.getSubcommands().get(args[1]);
    if (sub == null || args.length > 2) {
      err.println("minicnn: help takes one command (one of " + String.join(", ", cli.getSubcommands().keySet())
          + "), got " + String.join(" ", List.of(args).subList(1, args.length)));
      err.println();
      err.println(topUsage);
      return 2;
    }
    out.println(sub.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing());
    return 0;
  }

  private static final Pattern NO_VALUE = Pattern.compile("option '(\\S+)' should be specified without '(.*)' parameter");

  /** picocli's reason in minicnn's words ("--lr needs a value"), with suggestions for misspellings. */
  static String message(ParameterException e, CommandLine top) {
    if (e instanceof CommandLine.UnmatchedArgumentException u) {
      List<String> unmatched = u.getUnmatched();
      String first = unmatched.isEmpty() ? "" : unmatched.get(0);
      List<String> suggestions = new ArrayList<>(u.getSuggestions());
      String hint = suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions) + "?";
      if (first.startsWith("-")) {
        return "unknown option " + first.replaceFirst("=.*", "") + hint;
      }
      if (e.getCommandLine() == top) {
        return "unknown command '" + first + "'" + hint;
      }
      return "unexpected argument '" + first + "'" + hint;
    }
    if (e instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty()
        && m.getMissing().get(0) instanceof OptionSpec o) {
      return o.longestName() + " needs a value";
    }
    if (e instanceof CommandLine.OverwrittenOptionException o && o.getOverwritten() instanceof OptionSpec spec) {
      return spec.longestName() + " is given twice";
    }
    Matcher noValue = NO_VALUE.matcher(e.getMessage());
    if (noValue.matches()) {
      return noValue.group(1) + " takes no value, got '" + noValue.group(2) + "'";
    }
    return e.getMessage();
  }

  /** What {@code minicnn --version} prints: version, git commit, whether the Vector API kernels run. */
  static String version() {
    boolean vector = ConvAlgorithm.vectorKernels();
    return String.join("\n",
        "minicnn " + RunFiles.version(),
        "git commit " + RunFiles.commit(),
        "Vector API " + (vector ? "on (jdk.incubator.vector loaded: the fast kernels run)"
            : "off (plain Java; start the JVM with --add-modules jdk.incubator.vector for the fast kernels)"),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")");
  }

  private static CommandSpec completionSpec() {
    return new CommandBuilder("completion", "print a bash/zsh completion script")
        .synopsis("minicnn completion")
        .description("Prints a completion script for bash and zsh. Load it in the current shell with"
            + " 'source <(./minicnn completion)', or save it where your shell reads completions (for bash,"
            + " ~/.local/share/bash-completion/completions/minicnn). zsh needs 'autoload -U +X bashcompinit &&"
            + " bashcompinit' first.")
        .positionals("", "")
        .build();
  }

  private static int completion(Arguments a, PrintStream out) throws UsageException {
    if (!a.positional.isEmpty()) {
      throw new UsageException("completion takes no arguments, got " + a.positional, a.usage());
    }
    out.print(AutoComplete.bash("minicnn", commandLine()));
    return 0;
  }

  /** A command the {@code ./minicnn} script handles itself; listed here so the help shows it. */
  private static CommandSpec scriptOnly(String name, String synopsis, String summary) {
    return new CommandBuilder(name, summary).synopsis("./minicnn " + synopsis)
        .description("Handled by the ./minicnn script of a checkout, not by the jar.")
        .positionals("", "")
        .build();
  }

  /** An exception's message, or its type when it has none (e.g. AccessDeniedException names only the file). */
  static String reason(Exception e) {
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() == null) {
      String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
          : e instanceof java.nio.file.FileAlreadyExistsException ? "a file is in the way"
          : e instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
          : e.getClass().getSimpleName();
      return f.getFile() + ": " + why;
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }
}
