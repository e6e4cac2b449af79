package org.minicnn.training.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.minicnn.training.TrainingListener;
import org.minicnn.training.experiments.Experiment;
import org.minicnn.training.experiments.ExperimentRun;
import org.minicnn.training.experiments.Experiments;
import org.minicnn.training.experiments.Option;
import org.minicnn.training.experiments.RunConfig;
import org.minicnn.training.experiments.Verdict;
import org.minicnn.training.run.RunDirectory;
import org.minicnn.training.run.RunWriter;
import org.minicnn.training.run.Summary;

/** {@code minicnn train <experiment> [options]}: runs an experiment and writes a new run directory. */
final class TrainCommand {

  private static final String OUT = "--out";
  private static final String RUNS = "--runs";
  private static final String QUIET = "--quiet";

  private final PrintStream out;
  private final boolean terminal;

  TrainCommand(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  static String usage() {
    StringBuilder u = new StringBuilder(String.join("\n",
        "usage: minicnn train <experiment> [options]",
        "",
        "Trains an experiment (see 'minicnn experiments') with its default configuration, changed by the",
        "options, and writes a new run directory: config.properties, metrics.csv, kernels.csv, weights.csv,",
        "PNG plots and summary.md. 'minicnn train <experiment> --help' shows that experiment's defaults.",
        "",
        "options (each experiment takes those that apply to it):",
        ""));
    for (Option o : Option.values()) {
      u.append(String.format("  %-20s %s%n", o.flag() + " " + metavar(o), o.help()));
    }
    u.append(String.format("  %-20s %s%n", OUT + " DIR", "the run directory (new or empty); default runs/<experiment>-<UTC time>"));
    u.append(String.format("  %-20s %s%n", RUNS + " DIR", "where default run directories go (default runs)"));
    u.append(String.format("  %-20s %s", QUIET, "no progress output"));
    return u.toString();
  }

  private static String metavar(Option o) {
    return switch (o) {
      case EPOCHS, BATCH, SAMPLES, VAL_SAMPLES, SIZE, PATIENCE, FILTERS -> "N";
      case SEED -> "S";
      case NESTEROV -> "B";
      case OPTIMIZER, INIT, DATA -> "NAME";
      default -> "X";
    };
  }

  int run(List<String> args) throws UsageException, IOException {
    Set<String> flags = new HashSet<>(Set.of(OUT, RUNS));
    for (Option o : Option.values()) {
      flags.add(o.flag());
    }
    Arguments a = Arguments.parse(args, flags, Set.of(QUIET), usage());
    if (a.positional.isEmpty()) {
      if (a.help) {
        out.println(usage());
        return 0;
      }
      throw new UsageException("train needs an experiment: one of " + String.join(", ", Experiments.names()), usage());
    }
    if (a.positional.size() > 1) {
      throw new UsageException("train takes one experiment, got " + a.positional, usage());
    }
    Experiment experiment = Experiments.byName(a.positional.get(0));
    if (experiment == null) {
      throw new UsageException("unknown experiment '" + a.positional.get(0) + "'; expected one of "
          + String.join(", ", Experiments.names()), usage());
    }
    if (a.help) {
      out.println(usage());
      out.println();
      out.println(experiment.name() + ": " + experiment.description());
      out.println("defaults: " + experiment.defaults().commandLine());
      out.println("--data takes: " + String.join(", ", experiment.defaults().dataKinds()));
      return 0;
    }
    RunConfig config = experiment.defaults();
    try {
      for (Map.Entry<String, String> flag : a.flags.entrySet()) {
        Option o = Option.byFlag(flag.getKey());
        if (o != null) {
          config = config.with(o, flag.getValue());
        }
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), usage());
    }

    Path dir;
    try {
      dir = a.flags.containsKey(OUT)
          ? RunDirectory.createExactly(Path.of(a.flags.get(OUT)))
          : RunDirectory.createUnder(Path.of(a.flags.getOrDefault(RUNS, "runs")), experiment.name(), ZonedDateTime.now());
    } catch (IOException | RuntimeException e) {
      throw new UsageException("cannot create the run directory: " + e.getMessage(), usage());
    }

    boolean quiet = a.flags.containsKey(QUIET);
    Progress progress = new Progress(out, terminal, config.epochs());
    ExperimentRun run;
    try {
      out.println("training " + experiment.name() + ": " + config.commandLine());
      run = experiment.run(config, quiet ? new TrainingListener() {} : progress);
    } catch (RuntimeException e) {
      deleteIfEmpty(dir);
      throw e;
    } finally {
      if (!quiet) {
        progress.finish();
      }
    }
    List<String> plots = RunWriter.write(run, dir);
    report(run, dir, plots);
    return 0;
  }

  private void report(ExperimentRun run, Path dir, List<String> plots) {
    for (String note : run.notes()) {
      out.println(note);
    }
    Verdict verdict = run.verdict();
    out.println(run.experiment().name() + ": " + (verdict.met() ? "threshold met" : "threshold NOT met") + " — "
        + verdict.text());
    out.printf("%d epochs, %d steps in %.2f s%n", run.state().epoch(), run.state().step(), run.seconds());
    out.println("run directory: " + dir + " (" + Summary.FILE + ", config.properties, metrics.csv, kernels.csv,"
        + " weights.csv, " + String.join(", ", plots) + ")");
  }

  private static void deleteIfEmpty(Path dir) {
    try {
      Files.deleteIfExists(dir);
    } catch (IOException notEmptyOrGone) {
      // an earlier run's files, or already removed: leave it
    }
  }
}
