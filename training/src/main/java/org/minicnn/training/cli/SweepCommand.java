package org.minicnn.training.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.minicnn.training.experiments.Experiment;
import org.minicnn.training.experiments.Experiments;
import org.minicnn.training.experiments.Option;
import org.minicnn.training.run.CheckpointInterval;
import org.minicnn.training.sweep.RunStatus;
import org.minicnn.training.sweep.SlurmScript;
import org.minicnn.training.sweep.Sweep;
import org.minicnn.training.sweep.SweepMismatchException;
import org.minicnn.training.sweep.SweepRun;
import org.minicnn.training.sweep.SweepRunner;
import org.minicnn.training.sweep.SweepSummary;
import org.minicnn.training.sweep.SweepTable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code minicnn sweep}: an experiment over the product of grid axes ({@code sweep EXPERIMENT … --grid …}),
 * the table of a sweep directory ({@code sweep collect DIR}) and a Slurm job array of its shards
 * ({@code sweep slurm …}). The whole command line is checked before anything is written: a wrong one
 * exits 2 and leaves no file behind. Entry point: {@link #run}.
 */
final class SweepCommand {

  private static final String GRID = "--grid";
  private static final String OUT = "--out";
  private static final String PARALLEL = "--parallel";
  private static final String SHARD = "--shard";
  private static final String PLOTS = "--plots";
  private static final String RETRY_FAILED = "--retry-failed";
  private static final String MAX_RUNS = "--max-runs";
  private static final String CHECKPOINT_EVERY = "--checkpoint-every";
  private static final String QUIET = "--quiet";
  private static final String TASKS = "--tasks";
  private static final String PARTITION = "--partition";
  private static final String TIME = "--time";
  private static final String CPUS_PER_TASK = "--cpus-per-task";
  private static final List<String> PLOT_CHOICES = List.of("none", "final", "all");

  /** {@code sweep} with its subcommands {@code collect} and {@code slurm}; the train options come from {@link Option}. */
  static CommandSpec spec() {
    CommandSpec sweep = trainOptions(new CommandBuilder("sweep", "train an experiment over a grid of options, in"
            + " parallel, in shards or on Slurm")
        .synopsis("minicnn sweep EXPERIMENT [train options] --grid NAME=VALUES [--grid NAME=VALUES ...] --out DIR",
            "              [--parallel N] [--shard K/N] [--plots none|final|all] [--retry-failed]",
            "              [--max-runs N] [--checkpoint-every N] [--quiet]",
            "minicnn sweep collect DIR [--plots none|final]",
            "minicnn sweep slurm EXPERIMENT [train options] --grid ... --out DIR --tasks N",
            "              [--partition P] [--time T] [--cpus-per-task C] [--plots ...] [--max-runs N]")
        .description("Trains EXPERIMENT (see 'minicnn experiments') once per point of the grid: the product of the"
            + " axes, the train options fixed. Each run is an ordinary run directory DIR/runs/<axis-value_...>, with"
            + " the files 'minicnn train' writes; DIR/sweep.csv has one row per run and DIR/summary.md the tables"
            + " and plots. 'sweep collect DIR' writes DIR/sweep.csv and DIR/summary.md from whatever runs are there"
            + " and lists the runs that are missing or failed; 'sweep slurm ... --tasks N' writes DIR/sweep.sbatch,"
            + " a Slurm job array whose task K runs --shard K/N, and prints the sbatch command.")
        .positionals("EXPERIMENT", "the experiment to train")
        .repeatable(GRID, "NAME=VALUES", "NAME: a train option without its dashes (seed, lr, filters, weight-decay,"
            + " ...); VALUES: a comma list (0.01,0.03,0.1) or an integer range (0..99)")
        .option(OUT, "DIR", "the sweep directory: new, empty, or this same sweep's (then finished runs are skipped,"
            + " interrupted ones resumed or trained again)")
        .option(PARALLEL, "N", "runs at once in this JVM, each on one thread (default: the number of cores)")
        .option(SHARD, "K/N", "only the K-th of N balanced parts (K from 0 to N-1); then 'sweep collect DIR'")
        .option(PLOTS, "none|final|all", "none; the sweep's plots only (default); also each run's plots")
        .flag(RETRY_FAILED, "train the runs that failed before again (they are skipped otherwise)")
        .option(MAX_RUNS, "N", "allow a grid of more than " + Sweep.DEFAULT_MAX_RUNS + " runs")
        .option(CHECKPOINT_EVERY, "N", "checkpoint each run as 'minicnn train' does; a killed sweep resumes them")
        .flag(QUIET, "no progress output")
        .footer(EXIT_CODES));
    sweep.addSubcommand("collect", new CommandLine(new CommandBuilder("collect", "the table and summary of a sweep"
            + " directory")
        .synopsis("minicnn sweep collect DIR [--plots none|final]")
        .description("Writes DIR/sweep.csv and DIR/summary.md from whatever runs are there and lists the runs that"
            + " are missing or failed.")
        .positionals("DIR", "the sweep directory")
        .option(PLOTS, "none|final", "none; the sweep's plots (default)")
        .footer(EXIT_CODES)
        .build()));
    sweep.addSubcommand("slurm", new CommandLine(trainOptions(new CommandBuilder("slurm", "a Slurm job array of the"
            + " sweep's shards")
        .synopsis("minicnn sweep slurm EXPERIMENT [train options] --grid ... --out DIR --tasks N",
            "              [--partition P] [--time T] [--cpus-per-task C] [--plots ...] [--max-runs N]")
        .description("Writes DIR/sweep.sbatch, a Slurm job array whose task K runs --shard K/N, and prints the"
            + " sbatch command; when every task has ended, 'minicnn sweep collect DIR' makes the table.")
        .positionals("EXPERIMENT", "the experiment to train")
        .repeatable(GRID, "NAME=VALUES", "as for sweep")
        .option(OUT, "DIR", "the sweep directory")
        .option(TASKS, "N", "the number of array tasks (shards)")
        .option(PARTITION, "P", "the Slurm partition")
        .option(TIME, "T", "the time limit of a task, as sbatch --time takes it")
        .option(CPUS_PER_TASK, "C", "cores per task (default 1)")
        .option(PLOTS, "none|final|all", "as for sweep")
        .option(MAX_RUNS, "N", "allow a grid of more than " + Sweep.DEFAULT_MAX_RUNS + " runs")
        .footer(EXIT_CODES))));
    return sweep;
  }

  private static final String EXIT_CODES = "exit codes: 0 every run done; 1 a run failed (see summary.md) or a file"
      + " could not be read or written; 2 a wrong command line, or DIR holds another sweep (nothing is written).";

  /** Adds train's options (the fixed values of the sweep) to {@code b} and builds it. */
  private static CommandSpec trainOptions(CommandBuilder b) {
    for (Option o : Option.values()) {
      if (o == Option.TEACHER) {
        b.repeatable(o.flag(), TrainCommand.metavar(o), o.help());
      } else {
        b.option(o.flag(), TrainCommand.metavar(o), o.help());
      }
    }
    return b.build();
  }

  private final PrintStream out;
  private final boolean terminal;

  SweepCommand(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** Runs {@code minicnn sweep}, {@code sweep collect} or {@code sweep slurm}; returns the exit code. */
  int run(Arguments a) throws UsageException, IOException {
    if (a.command.equals("sweep collect")) {
      return collect(a);
    }
    boolean slurm = a.command.equals("sweep slurm");
    List<String> grid = a.values(GRID);
    if (a.positional.size() != 1) {
      throw new UsageException("sweep takes one experiment (one of " + String.join(", ", Experiments.names())
          + "), got " + (a.positional.isEmpty() ? "none" : a.positional), a.usage());
    }
    Experiment experiment = Experiments.byName(a.positional.get(0));
    if (experiment == null) {
      throw new UsageException("unknown experiment '" + a.positional.get(0) + "'; expected one of "
          + String.join(", ", Experiments.names()), a.usage());
    }
    if (!a.flags.containsKey(OUT)) {
      throw new UsageException("sweep needs " + OUT + " DIR, the sweep directory", a.usage());
    }
    Map<Option, String> fixed = new LinkedHashMap<>();
    a.flags.forEach((flag, value) -> {
      Option o = Option.byFlag(flag);
      if (o != null) {
        fixed.put(o, value);
      }
    });
    long maxRuns = a.flags.containsKey(MAX_RUNS) ? positive(a, MAX_RUNS) : Sweep.DEFAULT_MAX_RUNS;
    String plots = a.flags.getOrDefault(PLOTS, "final");
    if (!PLOT_CHOICES.contains(plots)) {
      throw new UsageException(PLOTS + ": expected one of none, final, all, got '" + plots + "'", a.usage());
    }
    Sweep sweep;
    try {
      sweep = Sweep.of(experiment, fixed, grid, maxRuns);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), a.usage());
    }
    Path dir = Path.of(a.flags.get(OUT));
    if (slurm) {
      return slurm(a, sweep, dir, fixed, plots);
    }
    int parallel = a.flags.containsKey(PARALLEL) ? (int) positive(a, PARALLEL)
        : Runtime.getRuntime().availableProcessors();
    int[] shard = a.flags.containsKey(SHARD) ? shard(a.flags.get(SHARD), a.usage()) : null;
    CheckpointInterval every = null;
    if (a.flags.containsKey(CHECKPOINT_EVERY)) {
      try {
        every = CheckpointInterval.parse(a.flags.get(CHECKPOINT_EVERY));
      } catch (IllegalArgumentException e) {
        throw new UsageException(CHECKPOINT_EVERY + ": " + e.getMessage(), a.usage());
      }
    }
    open(sweep, dir, a.usage());
    List<SweepRun> runs = shard == null ? sweep.runs() : sweep.shard(shard[0], shard[1]);
    boolean quiet = a.flags.containsKey(QUIET);
    out.println("sweep of " + experiment.name() + ": " + sweep.size() + " runs"
        + (shard == null ? "" : ", shard " + shard[0] + "/" + shard[1] + " of " + runs.size()) + ", " + parallel
        + " at once, in " + dir);
    SweepProgress progress = new SweepProgress(out, terminal && !quiet, quiet);
    SweepRunner.Outcome outcome = new SweepRunner(sweep, dir, every, plots.equals("all"), a.flags.containsKey(
        RETRY_FAILED)).run(runs, parallel, progress);
    progress.finish();
    if (!quiet && outcome.trained() + outcome.failed() > 0) {
      out.printf("per-run overhead (directory, files, status%s): %.1f ms on average%n",
          plots.equals("all") ? ", plots" : "", outcome.overheadPerRun() * 1e3);
    }
    int failed = outcome.failed() + outcome.skippedFailed() + outcome.busy();
    if (outcome.busy() > 0) {
      out.printf("%d runs were left to another process that holds their directory; run the sweep again when it"
          + " has ended%n", outcome.busy());
    }
    if (shard != null) {
      out.printf("shard %d/%d: %d runs trained, %d failed, %d done before%s; when every shard has ended:"
          + " minicnn sweep collect %s%n", shard[0], shard[1], outcome.trained(), outcome.failed(),
          outcome.skippedDone(), outcome.skippedFailed() == 0 ? ""
              : ", " + outcome.skippedFailed() + " failed before (not retried without " + RETRY_FAILED + ")", dir);
      return failed == 0 ? 0 : 1;
    }
    int code = report(SweepTable.collect(sweep, dir), dir, !plots.equals("none"));
    return outcome.busy() > 0 ? 1 : code;
  }

  /** {@code sweep collect DIR}: the table and summary of whatever is in DIR. */
  private int collect(Arguments a) throws UsageException, IOException {
    if (a.positional.size() != 1) {
      throw new UsageException("sweep collect takes one sweep directory, got "
          + (a.positional.isEmpty() ? "none" : a.positional), a.usage());
    }
    String plots = a.flags.getOrDefault(PLOTS, "final");
    if (!plots.equals("none") && !plots.equals("final")) {
      throw new UsageException("sweep collect " + PLOTS + ": expected none or final, got '" + plots + "'", a.usage());
    }
    Path dir = Path.of(a.positional.get(0));
    Sweep sweep;
    try {
      sweep = Sweep.read(dir);
    } catch (SweepMismatchException e) {
      throw new UsageException("sweep collect: " + e.getMessage(), a.usage());
    }
    SweepTable table = SweepTable.collect(sweep, dir);
    report(table, dir, plots.equals("final"));
    for (SweepTable.Row r : table.withStatus(RunStatus.State.FAILED)) {
      out.println("failed: " + r.run().relativeDir() + ": " + r.status().verdict());
    }
    for (SweepTable.Row r : table.withStatus(RunStatus.State.MISSING)) {
      out.println("missing: " + r.run().relativeDir());
    }
    return 0;
  }

  /** Writes sweep.csv and summary.md and says how the sweep stands; 1 when a run failed. */
  private int report(SweepTable table, Path dir, boolean plots) throws IOException {
    table.write(dir);
    new SweepSummary(table).write(dir, plots);
    int done = table.withStatus(RunStatus.State.DONE).size();
    int failed = table.withStatus(RunStatus.State.FAILED).size();
    int missing = table.withStatus(RunStatus.State.MISSING).size();
    long met = table.rows().stream().filter(r -> r.status().thresholdMet()).count();
    out.printf("%d runs: %d done, %d failed, %d missing; threshold met by %d. Results: %s, %s%n",
        table.rows().size(), done, failed, missing, met, dir.resolve(SweepTable.FILE), dir.resolve(SweepSummary.FILE));
    return failed == 0 ? 0 : 1;
  }

  /** {@code sweep slurm …}: writes DIR/sweep.sbatch and prints how to submit it. */
  private int slurm(Arguments a, Sweep sweep, Path dir, Map<Option, String> fixed, String plots)
      throws UsageException, IOException {
    if (!a.flags.containsKey(TASKS)) {
      throw new UsageException("sweep slurm needs " + TASKS + " N, the number of array tasks (shards)", a.usage());
    }
    int tasks = (int) positive(a, TASKS);
    if (tasks > sweep.size()) {
      throw new UsageException(TASKS + ": expected at most one task per run (" + sweep.size() + "), got " + tasks,
          a.usage());
    }
    int cpus = a.flags.containsKey(CPUS_PER_TASK) ? (int) positive(a, CPUS_PER_TASK) : 1;
    open(sweep, dir, a.usage());
    List<String> args = new ArrayList<>(List.of("sweep", sweep.experiment().name()));
    fixed.forEach((o, v) -> {
      args.add(o.flag());
      args.add(v);
    });
    sweep.axes().forEach(axis -> {
      args.add(GRID);
      args.add(axis.name() + "=" + axis.spec());
    });
    args.addAll(List.of(PLOTS, plots));
    if (a.flags.containsKey(MAX_RUNS)) {
      args.addAll(List.of(MAX_RUNS, a.flags.get(MAX_RUNS)));
    }
    Path script = SlurmScript.write(dir, args, tasks, cpus, a.flags.get(PARTITION), a.flags.get(TIME));
    out.println("wrote " + script + ": a job array of " + tasks + " tasks for the " + sweep.size() + " runs of "
        + sweep.experiment().name() + ". Submit it with:");
    out.println("  sbatch " + script.toAbsolutePath());
    out.println("and when every task has ended: minicnn sweep collect " + dir.toAbsolutePath());
    return 0;
  }

  /** Opens the sweep directory; another sweep's is a wrong command line. */
  private static void open(Sweep sweep, Path dir, String usage) throws UsageException, IOException {
    try {
      sweep.open(dir);
    } catch (SweepMismatchException e) {
      throw new UsageException(e.getMessage(), usage);
    }
  }

  private static long positive(Arguments a, String flag) throws UsageException {
    String v = a.flags.get(flag);
    try {
      long n = Long.parseLong(v.trim());
      if (n >= 1 && n <= Integer.MAX_VALUE) {
        return n;
      }
    } catch (NumberFormatException e) {
      // the message below
    }
    throw new UsageException(flag + ": expected an integer >= 1, got '" + v + "'", a.usage());
  }

  /** {@code K/N} with 0 ≤ K < N. */
  private static int[] shard(String text, String usage) throws UsageException {
    String[] parts = text.split("/", -1);
    try {
      if (parts.length == 2) {
        int k = Integer.parseInt(parts[0].trim());
        int n = Integer.parseInt(parts[1].trim());
        if (n >= 1 && k >= 0 && k < n) {
          return new int[] {k, n};
        }
      }
    } catch (NumberFormatException e) {
      // the message below
    }
    throw new UsageException(SHARD + ": expected K/N with 0 <= K < N (e.g. 0/4), got '" + text + "'", usage);
  }
}
