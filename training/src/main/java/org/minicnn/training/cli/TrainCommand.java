package org.minicnn.training.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.minicnn.training.TrainingDivergedException;
import org.minicnn.training.TrainingListener;
import org.minicnn.training.experiments.Experiment;
import org.minicnn.training.experiments.ExperimentRun;
import org.minicnn.training.experiments.Experiments;
import org.minicnn.training.experiments.Option;
import org.minicnn.training.experiments.RunConfig;
import org.minicnn.training.experiments.Verdict;
import org.minicnn.training.run.CheckpointInterval;
import org.minicnn.training.run.Checkpointer;
import org.minicnn.training.run.RunCheckpoint;
import org.minicnn.training.run.RunDirectory;
import org.minicnn.training.run.RunFiles;
import org.minicnn.training.run.RunLock;
import org.minicnn.training.run.RunWriter;
import org.minicnn.training.run.Summary;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code minicnn train <experiment> [options]}: runs an experiment and writes a new run directory;
 * with {@code --checkpoint-every N} it saves the run every N epochs (or, given {@code Nsteps}, steps),
 * and {@code minicnn train --resume RUN_DIR} continues a saved run from its last checkpoint.
 */
final class TrainCommand {

  private static final String OUT = "--out";
  private static final String RUNS = "--runs";
  private static final String QUIET = "--quiet";
  private static final String CHECKPOINT_EVERY = "--checkpoint-every";
  private static final String RESUME = "--resume";
  /** The config key of the checkpoint interval, for a run restarted before its first checkpoint. */
  private static final String CHECKPOINT_KEY = "run.checkpoint_every";

  private final PrintStream out;
  private final boolean terminal;

  TrainCommand(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** The options come from {@link Option}, the experiments' parameters, with its help texts. */
  static CommandSpec spec() {
    CommandBuilder b = new CommandBuilder("train", "train an experiment and write its run directory")
        .synopsis("minicnn train <experiment> [options]", "minicnn train --resume RUN_DIR [--checkpoint-every N] [--quiet]")
        .description("Trains an experiment (see 'minicnn experiments') with its default configuration, changed by the"
            + " options, and writes a new run directory: config.properties, metrics.csv, kernels.csv, weights.csv,"
            + " PNG plots and summary.md. 'minicnn train <experiment> --help' shows that experiment's defaults."
            + " Each experiment takes the options that apply to it.")
        .positionals("<experiment>", "the experiment to train");
    for (Option o : Option.values()) {
      if (o == Option.TEACHER) {
        b.repeatable(o.flag(), metavar(o), o.help());  // several teachers: the flag repeated
      } else {
        b.option(o.flag(), metavar(o), o.help());
      }
    }
    return b.option(OUT, "DIR", "the run directory (new or empty); default runs/<experiment>-<UTC time>")
        .option(RUNS, "DIR", "where default run directories go (default runs)")
        .option(CHECKPOINT_EVERY, "N", "save the whole training state in the run directory (checkpoint.csv) every N"
            + " epochs (N or Nepochs) or every N steps (Nsteps), and at epoch 0 and the last epoch")
        .option(RESUME, "RUN_DIR", "continue a run saved with --checkpoint-every from its last checkpoint, with its"
            + " saved configuration")
        .flag(QUIET, "no progress output")
        .footer("exit codes: 0 done; 1 training failed (diverged: the last checkpoint stays), or a file could not be"
            + " read or written (a missing or corrupt checkpoint); 2 a wrong command line (nothing is written).")
        .build();
  }

  static String metavar(Option o) {
    return switch (o) {
      case EPOCHS, BATCH, SAMPLES, VAL_SAMPLES, SIZE, PATIENCE, FILTERS, THICKNESS -> "N";
      case SEED -> "S";
      case NESTEROV -> "B";
      case OPTIMIZER, INIT, DATA -> "NAME";
      case TEACHER -> "K";
      case MODEL -> "SPEC";
      case CLASSES -> "C,C,..";
      default -> "X";
    };
  }

  int run(Arguments a) throws UsageException, IOException {
    if (a.flags.containsKey(RESUME) && !a.help) {
      return resume(a);
    }
    if (a.positional.isEmpty()) {
      if (a.help) {
        out.println(a.usage());
        return 0;
      }
      throw new UsageException("train needs an experiment: one of " + String.join(", ", Experiments.names()), a.usage());
    }
    if (a.positional.size() > 1) {
      throw new UsageException("train takes one experiment, got " + a.positional, a.usage());
    }
    Experiment experiment = Experiments.byName(a.positional.get(0));
    if (experiment == null) {
      throw new UsageException("unknown experiment '" + a.positional.get(0) + "'; expected one of "
          + String.join(", ", Experiments.names()), a.usage());
    }
    if (a.help) {
      out.println(a.usage());
      out.println();
      out.println(experiment.name() + ": " + experiment.description());
      out.println("defaults: " + experiment.defaults().commandLine());
      if (experiment.defaults().has(Option.DATA)) {
        out.println("--data takes: " + String.join(", ", experiment.defaults().dataKinds()));
      }
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
      experiment.check(config);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), a.usage());
    }

    CheckpointInterval every = checkpointEvery(a);

    Path dir;
    try {
      dir = a.flags.containsKey(OUT)
          ? RunDirectory.createExactly(Path.of(a.flags.get(OUT)))
          : RunDirectory.createUnder(Path.of(a.flags.getOrDefault(RUNS, "runs")), experiment.name(), ZonedDateTime.now());
    } catch (IOException | RuntimeException e) {
      throw new UsageException("cannot create the run directory: " + Main.reason(e), a.usage());
    }
    try (RunLock lock = RunLock.acquire(dir)) {
      try {
        // another process may have filled it between the check and the lock
        RunDirectory.requireEmpty(dir);
      } catch (IOException e) {
        throw new UsageException("cannot use the run directory: " + e.getMessage(), a.usage());
      }
      Checkpointer checkpointer = null;
      if (every != null) {
        // --resume reads the experiment and its parameters from here; the end of the run rewrites it complete
        Map<String, String> start = SavedRun.startConfig(experiment, config);
        start.put(CHECKPOINT_KEY, every.toString());
        RunFiles.writeConfig(dir, config.commandLine(), start);
        checkpointer = new Checkpointer(dir, every, false, config.digest());
      }
      return train(experiment, config, dir, checkpointer, a.flags.containsKey(QUIET));
    }
  }


  /** {@code train --resume RUN_DIR}: the run's saved experiment and configuration, from its last checkpoint. */
  private int resume(Arguments a) throws UsageException, IOException {
    if (!a.positional.isEmpty()) {
      throw new UsageException("train --resume takes no experiment (the run's config.properties names it), got "
          + a.positional, a.usage());
    }
    for (String flag : a.flags.keySet()) {
      if (!flag.equals(RESUME) && !flag.equals(CHECKPOINT_EVERY) && !flag.equals(QUIET)) {
        throw new UsageException(flag + " cannot be used with --resume: a resumed run keeps its saved configuration"
            + " and directory (only --checkpoint-every and --quiet apply)", a.usage());
      }
    }
    CheckpointInterval every = checkpointEvery(a);
    Path dir = Path.of(a.flags.get(RESUME));
    if (!Files.isDirectory(dir)) {
      throw new UsageException("--resume: " + dir + " is not a directory", a.usage());
    }
    if (!Files.isRegularFile(dir.resolve(RunFiles.CONFIG))) {
      throw new UsageException("--resume: " + dir + " is not a run directory (it has no " + RunFiles.CONFIG + ")",
          a.usage());
    }
    try (RunLock lock = RunLock.acquire(dir)) {
      Map<String, String> savedConfig = RunFiles.readConfig(dir);
      SavedRun saved = SavedRun.of(dir, savedConfig);
      Path checkpoint = dir.resolve(RunCheckpoint.FILE);
      if (!Files.isRegularFile(checkpoint)) {
        if (Files.exists(dir.resolve(Summary.FILE)) || Files.exists(dir.resolve(RunFiles.METRICS))) {
          throw new IOException(checkpoint + ": no checkpoint to resume from; the run was not trained with "
              + CHECKPOINT_EVERY);
        }
        // stopped after writing its configuration, before its first checkpoint (epoch 0): nothing was
        // trained yet, so the run starts from the beginning
        out.println("starting " + dir + " from the beginning (it stopped before its first checkpoint)");
        CheckpointInterval restart = every;
        if (restart == null) {
          try {
            restart = CheckpointInterval.parse(savedConfig.getOrDefault(CHECKPOINT_KEY, "1"));
          } catch (IllegalArgumentException e) {
            throw new IOException(dir.resolve(RunFiles.CONFIG) + ": " + CHECKPOINT_KEY + ": " + e.getMessage(), e);
          }
        }
        return train(saved.experiment(), saved.config(), dir,
            new Checkpointer(dir, restart, false, saved.config().digest()), a.flags.containsKey(QUIET));
      }
      out.println("resuming " + dir);
      return train(saved.experiment(), saved.config(), dir,
          new Checkpointer(dir, every, true, saved.config().digest()), a.flags.containsKey(QUIET));
    }
  }

  /** The {@code --checkpoint-every} interval, null when not given. */
  private static CheckpointInterval checkpointEvery(Arguments a) throws UsageException {
    String value = a.flags.get(CHECKPOINT_EVERY);
    try {
      return value == null ? null : CheckpointInterval.parse(value);
    } catch (IllegalArgumentException e) {
      throw new UsageException(CHECKPOINT_EVERY + ": " + e.getMessage(), a.usage());
    }
  }

  /**
   * Trains and writes the run's files into {@code dir}.
   *
   * @param checkpointer saves (and, resuming, restores) the run, or null
   */
  private int train(Experiment experiment, RunConfig config, Path dir, Checkpointer checkpointer, boolean quiet)
      throws IOException {
    Progress progress = new Progress(out, terminal, config.epochs());
    TrainingListener shown = quiet ? new TrainingListener() {} : progress;
    ExperimentRun run;
    try {
      out.println("training " + experiment.name() + ": " + config.commandLine());
      run = experiment.run(config, checkpointer == null ? shown : TrainingListener.all(shown, checkpointer));
    } catch (TrainingDivergedException e) {
      if (checkpointer != null && checkpointer.lastSaved() != null) {
        throw new TrainingDivergedException(e.step(), e.getMessage() + ". The last good checkpoint ("
            + checkpointer.lastSaved() + ") stays in " + checkpointer.file());
      }
      deleteIfEmpty(dir);
      throw e;
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

  /** Removes a run directory that holds nothing but its lock: a run that failed before writing anything. */
  private static void deleteIfEmpty(Path dir) {
    try {
      RunDirectory.requireEmpty(dir);
      Files.deleteIfExists(dir.resolve(RunLock.FILE));
      Files.deleteIfExists(dir);
    } catch (IOException notEmptyOrGone) {
      // an earlier run's files, or already removed: leave it
    }
  }
}
