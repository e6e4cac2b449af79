package org.minicnn.training.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  static final String USAGE = String.join("\n",
      "usage: minicnn sweep EXPERIMENT [train options] --grid NAME=VALUES [--grid NAME=VALUES ...] --out DIR",
      "                     [--parallel N] [--shard K/N] [--plots none|final|all] [--retry-failed]",
      "                     [--max-runs N] [--checkpoint-every N] [--quiet]",
      "       minicnn sweep collect DIR [--plots none|final]",
      "       minicnn sweep slurm EXPERIMENT [train options] --grid ... --out DIR --tasks N",
      "                     [--partition P] [--time T] [--cpus-per-task C] [--plots ...] [--max-runs N]",
      "",
      "Trains EXPERIMENT (see 'minicnn experiments') once per point of the grid: the product of the axes, the",
      "train options fixed. Each run is an ordinary run directory DIR/runs/<axis-value_...>, with the files",
      "'minicnn train' writes; DIR/sweep.csv has one row per run and DIR/summary.md the tables and plots.",
      "",
      "  --grid NAME=VALUES    NAME: a train option without its dashes (seed, lr, filters, weight-decay, ...);",
      "                        VALUES: a comma list (0.01,0.03,0.1) or an integer range (0..99)",
      "  --out DIR             the sweep directory: new, empty, or this same sweep's (then finished runs are",
      "                        skipped, interrupted ones resumed or trained again)",
      "  --parallel N          runs at once in this JVM, each on one thread (default: the number of cores)",
      "  --shard K/N           only the K-th of N balanced parts (K from 0 to N-1); then 'sweep collect DIR'",
      "  --plots none|final|all  none; the sweep's plots only (default); also each run's plots",
      "  --retry-failed        train the runs that failed before again (they are skipped otherwise)",
      "  --max-runs N          allow a grid of more than " + Sweep.DEFAULT_MAX_RUNS + " runs",
      "  --checkpoint-every N  checkpoint each run as 'minicnn train' does; a killed sweep resumes them",
      "  --quiet               no progress output",
      "  collect DIR           write DIR/sweep.csv and DIR/summary.md from whatever runs are there and list",
      "                        the runs that are missing or failed",
      "  slurm ... --tasks N   write DIR/sweep.sbatch, a Slurm job array whose task K runs --shard K/N, and",
      "                        print the sbatch command",
      "",
      "exit codes: 0 every run done; 1 a run failed (see summary.md) or a file could not be read or written;",
      "2 a wrong command line, or DIR holds another sweep (nothing is written).");

  private final PrintStream out;
  private final boolean terminal;

  SweepCommand(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** Runs {@code minicnn sweep <args>}; returns the exit code. */
  int run(List<String> args) throws UsageException, IOException {
    if (!args.isEmpty() && args.get(0).equals("collect")) {
      return collect(args.subList(1, args.size()));
    }
    boolean slurm = !args.isEmpty() && args.get(0).equals("slurm");
    List<String> rest = slurm ? args.subList(1, args.size()) : args;
    List<String> grid = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (int i = 0; i < rest.size(); i++) {
      String arg = rest.get(i);
      if (arg.equals(GRID)) {
        if (i + 1 >= rest.size() || rest.get(i + 1).startsWith("--")) {
          throw new UsageException(GRID + " needs a value NAME=VALUES", USAGE);
        }
        grid.add(rest.get(++i));
      } else if (arg.startsWith(GRID + "=")) {
        grid.add(arg.substring(GRID.length() + 1));
      } else {
        others.add(arg);
      }
    }
    Set<String> flags = new HashSet<>(Set.of(OUT, MAX_RUNS, PLOTS));
    for (Option o : Option.values()) {
      flags.add(o.flag());
    }
    flags.addAll(slurm ? Set.of(TASKS, PARTITION, TIME, CPUS_PER_TASK) : Set.of(PARALLEL, SHARD, CHECKPOINT_EVERY));
    Arguments a = Arguments.parse(others, flags, slurm ? Set.of() : Set.of(RETRY_FAILED, QUIET),
        Set.of(Option.TEACHER.flag()), USAGE);
    if (a.help) {
      out.println(USAGE);
      return 0;
    }
    if (a.positional.size() != 1) {
      throw new UsageException("sweep takes one experiment (one of " + String.join(", ", Experiments.names())
          + "), got " + (a.positional.isEmpty() ? "none" : a.positional), USAGE);
    }
    Experiment experiment = Experiments.byName(a.positional.get(0));
    if (experiment == null) {
      throw new UsageException("unknown experiment '" + a.positional.get(0) + "'; expected one of "
          + String.join(", ", Experiments.names()), USAGE);
    }
    if (!a.flags.containsKey(OUT)) {
      throw new UsageException("sweep needs " + OUT + " DIR, the sweep directory", USAGE);
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
      throw new UsageException(PLOTS + ": expected one of none, final, all, got '" + plots + "'", USAGE);
    }
    Sweep sweep;
    try {
      sweep = Sweep.of(experiment, fixed, grid, maxRuns);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), USAGE);
    }
    Path dir = Path.of(a.flags.get(OUT));
    if (slurm) {
      return slurm(a, sweep, dir, fixed, plots);
    }
    int parallel = a.flags.containsKey(PARALLEL) ? (int) positive(a, PARALLEL)
        : Runtime.getRuntime().availableProcessors();
    int[] shard = a.flags.containsKey(SHARD) ? shard(a.flags.get(SHARD)) : null;
    CheckpointInterval every = null;
    if (a.flags.containsKey(CHECKPOINT_EVERY)) {
      try {
        every = CheckpointInterval.parse(a.flags.get(CHECKPOINT_EVERY));
      } catch (IllegalArgumentException e) {
        throw new UsageException(CHECKPOINT_EVERY + ": " + e.getMessage(), USAGE);
      }
    }
    open(sweep, dir);
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
  private int collect(List<String> args) throws UsageException, IOException {
    Arguments a = Arguments.parse(args, Set.of(PLOTS), Set.of(), USAGE);
    if (a.help) {
      out.println(USAGE);
      return 0;
    }
    if (a.positional.size() != 1) {
      throw new UsageException("sweep collect takes one sweep directory, got "
          + (a.positional.isEmpty() ? "none" : a.positional), USAGE);
    }
    String plots = a.flags.getOrDefault(PLOTS, "final");
    if (!plots.equals("none") && !plots.equals("final")) {
      throw new UsageException("sweep collect " + PLOTS + ": expected none or final, got '" + plots + "'", USAGE);
    }
    Path dir = Path.of(a.positional.get(0));
    Sweep sweep;
    try {
      sweep = Sweep.read(dir);
    } catch (SweepMismatchException e) {
      throw new UsageException("sweep collect: " + e.getMessage(), USAGE);
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
      throw new UsageException("sweep slurm needs " + TASKS + " N, the number of array tasks (shards)", USAGE);
    }
    int tasks = (int) positive(a, TASKS);
    if (tasks > sweep.size()) {
      throw new UsageException(TASKS + ": expected at most one task per run (" + sweep.size() + "), got " + tasks,
          USAGE);
    }
    int cpus = a.flags.containsKey(CPUS_PER_TASK) ? (int) positive(a, CPUS_PER_TASK) : 1;
    open(sweep, dir);
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
  private static void open(Sweep sweep, Path dir) throws UsageException, IOException {
    try {
      sweep.open(dir);
    } catch (SweepMismatchException e) {
      throw new UsageException(e.getMessage(), USAGE);
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
    throw new UsageException(flag + ": expected an integer >= 1, got '" + v + "'", USAGE);
  }

  /** {@code K/N} with 0 ≤ K < N. */
  private static int[] shard(String text) throws UsageException {
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
    throw new UsageException(SHARD + ": expected K/N with 0 <= K < N (e.g. 0/4), got '" + text + "'", USAGE);
  }
}
