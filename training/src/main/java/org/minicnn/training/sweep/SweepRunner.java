package org.minicnn.training.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.DoubleAdder;
import org.minicnn.engine.conv.fast.ConvThreads;
import org.minicnn.training.TrainingListener;
import org.minicnn.training.experiments.ExperimentRun;
import org.minicnn.training.run.CheckpointInterval;
import org.minicnn.training.run.Checkpointer;
import org.minicnn.training.run.RunCheckpoint;
import org.minicnn.training.run.RunFiles;
import org.minicnn.training.run.RunLock;
import org.minicnn.training.run.RunWriter;

/**
 * Trains a sweep's runs, {@code parallel} at a time in this JVM, each on one thread (results are
 * bit-identical for any thread count, so a run's files equal those of {@code minicnn train} with the same
 * options). Resumable: a run with a status file is skipped (a failed one is trained again only with
 * {@code retryFailed}); a run without one — never started, or killed — is resumed from its checkpoint when it
 * has one and otherwise trained again from an empty directory. Each run holds its directory's
 * {@link RunLock} while it trains; a run whose directory another process holds is left to that process. Its status file is written last, so a kill
 * at any moment leaves each run either complete with its status or trained again next time.
 */
public final class SweepRunner {

  /** Told about the runs as they start and end (called from the worker threads). */
  public interface Progress {

    /** Before the first run: how many will be trained and how many were skipped. */
    default void planned(int toTrain, int skippedDone, int skippedFailed) {}

    default void started(SweepRun run) {}

    /** @param overheadSeconds the run's time outside data generation and training (directory, files, status) */
    default void finished(SweepRun run, RunStatus status, double overheadSeconds) {}
  }

  /**
   * What a call of {@link #run} did.
   *
   * @param trained runs trained (or resumed) to the end now
   * @param failed runs that failed now
   * @param busy runs left alone because another process holds their directory's lock
   * @param skippedDone runs done before
   * @param skippedFailed runs that had failed before and were not retried
   * @param overheadSeconds the time the runs trained now spent outside their experiment's data generation
   *     and training, summed: preparing the directory, writing the files (and plots) and the status
   */
  public record Outcome(int trained, int failed, int busy, int skippedDone, int skippedFailed,
      double overheadSeconds) {

    /** The mean overhead per run trained now, in seconds (0 when none was). */
    public double overheadPerRun() {
      return trained + failed == 0 ? 0 : overheadSeconds / (trained + failed);
    }
  }

  private final Sweep sweep;
  private final Path dir;
  private final CheckpointInterval every;
  private final boolean plots;
  private final boolean retryFailed;
  private final DoubleAdder overhead = new DoubleAdder();

  /**
   * @param dir the sweep directory, opened ({@link Sweep#open})
   * @param every the runs' checkpoint interval ({@code --checkpoint-every}), or null for none
   * @param plots whether each run draws its plots
   * @param retryFailed whether runs that failed before are trained again
   */
  public SweepRunner(Sweep sweep, Path dir, CheckpointInterval every, boolean plots, boolean retryFailed) {
    this.sweep = sweep;
    this.dir = dir;
    this.every = every;
    this.plots = plots;
    this.retryFailed = retryFailed;
  }

  /**
   * Trains those of {@code runs} that are not done, {@code parallel} at a time.
   *
   * @throws IOException when a run's directory or status cannot be written (a run's own failure — diverged,
   *     an unreadable checkpoint — is recorded as its status instead)
   */
  public Outcome run(List<SweepRun> runs, int parallel, Progress progress) throws IOException {
    Map<SweepRun, Boolean> toTrain = new LinkedHashMap<>();  // run → whether to start it afresh
    int skippedDone = 0;
    int skippedFailed = 0;
    for (SweepRun r : runs) {
      RunStatus status = RunStatus.read(dir, r);
      if (status.state() == RunStatus.State.DONE) {
        skippedDone++;
      } else if (status.state() == RunStatus.State.FAILED && !retryFailed) {
        skippedFailed++;
      } else {
        toTrain.put(r, status.state() == RunStatus.State.FAILED);
      }
    }
    progress.planned(toTrain.size(), skippedDone, skippedFailed);
    int threadsBefore = ConvThreads.threads();
    ConvThreads.setThreads(1);
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, toTrain.size())), task -> {
      Thread t = new Thread(task, "sweep-run");
      t.setDaemon(true);
      return t;
    });
    int trained = 0;
    int failed = 0;
    int busy = 0;
    try {
      List<Future<RunStatus>> futures = new ArrayList<>();
      toTrain.forEach((r, afresh) -> futures.add(pool.submit(() -> {
        progress.started(r);
        long began = System.nanoTime();
        RunStatus status = train(r, afresh);
        double total = (System.nanoTime() - began) / 1e9;
        double extra = Double.isNaN(status.seconds()) ? total : total - status.seconds();
        if (status.state() != RunStatus.State.MISSING) {
          overhead.add(extra);
        }
        progress.finished(r, status, extra);
        return status;
      })));
      for (Future<RunStatus> f : futures) {
        RunStatus status = f.get();
        if (status.state() == RunStatus.State.DONE) {
          trained++;
        } else if (status.state() == RunStatus.State.FAILED) {
          failed++;
        } else {
          busy++;
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      throw new IllegalStateException("a sweep run stopped unexpectedly: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("the sweep was interrupted", e);
    } finally {
      pool.shutdownNow();
      ConvThreads.setThreads(threadsBefore);
    }
    return new Outcome(trained, failed, busy, skippedDone, skippedFailed, overhead.sum());
  }

  /**
   * Trains one run into {@code DIR/runs/<name>} as {@code minicnn train --out} would, and writes its status.
   *
   * @param afresh whether to discard its directory even when it holds a checkpoint (a failed run retried)
   */
  private RunStatus train(SweepRun r, boolean afresh) throws IOException {
    Path runDir = Files.createDirectories(dir.resolve(r.relativeDir()));
    RunLock lock;
    try {
      lock = RunLock.acquire(runDir);
    } catch (IOException inUse) {
      // another process trains this run (the same shard started twice, say): it is left to that process
      return new RunStatus(RunStatus.State.MISSING, false, inUse.getMessage(), Double.NaN);
    }
    try (lock) {
      boolean resume = !afresh && Files.isRegularFile(runDir.resolve(RunCheckpoint.FILE));
      if (!resume) {
        clear(runDir);
      }
      Checkpointer checkpointer = null;
      if (resume) {
        checkpointer = new Checkpointer(runDir, every, true, r.config().digest());
      } else if (every != null) {
        // as minicnn train --checkpoint-every: a resume reads the experiment, its parameters and the
        // interval from here
        Map<String, String> start = new LinkedHashMap<>();
        start.put("experiment", sweep.experiment().name());
        start.putAll(r.config().asMap());
        start.put("run.checkpoint_every", every.toString());
        RunFiles.writeConfig(runDir, r.config().commandLine(), start);
        checkpointer = new Checkpointer(runDir, every, false, r.config().digest());
      }
      RunStatus status;
      try {
        ExperimentRun run = sweep.experiment().run(r.config(), checkpointer == null ? new TrainingListener() {}
            : checkpointer);
        RunWriter.write(run, runDir, plots);
        status = new RunStatus(RunStatus.State.DONE, run.verdict().met(), run.verdict().text(), run.seconds());
      } catch (RuntimeException e) {
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        status = new RunStatus(RunStatus.State.FAILED, false, why, Double.NaN);
      }
      status.write(RunStatus.file(dir, r));
      return status;
    }
  }

  /** Deletes everything in a run directory but its lock: what an interrupted session left there. */
  private static void clear(Path runDir) throws IOException {
    try (var entries = Files.list(runDir)) {
      for (Path entry : entries.toList()) {
        if (!entry.getFileName().toString().equals(RunLock.FILE)) {
          deleteTree(entry);
        }
      }
    }
  }

  /** Deletes {@code root} and everything under it, if it exists; links are removed, never followed. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
