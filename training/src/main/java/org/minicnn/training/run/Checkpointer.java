package org.minicnn.training.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.minicnn.training.kernels.KernelHistory;
import org.minicnn.training.Trainer;
import org.minicnn.training.TrainingListener;
import org.minicnn.training.TrainingState;

/**
 * Saves a run in its directory at every {@link CheckpointInterval} (and at epoch 0, before training,
 * and at its last epoch), and resumes it from there: {@link RunCheckpoint#FILE} first, then {@code metrics.csv}
 * and {@code kernels.csv} rewritten up to its last completed epoch — each file atomically, so a kill at any instant
 * leaves the previous complete checkpoint. A resumed run rewrites both CSV files from its checkpoint
 * on, so their history continues without gaps or repeats.
 */
public final class Checkpointer implements TrainingListener {

  /**
   * The digest of a checkpoint written without a configuration (by a library caller's checkpointer):
   * a resume then cannot check the agreement. The command line always records one.
   */
  public static final long NO_DIGEST = 0;

  private final Path dir;
  private final boolean resume;
  private final long configDigest;
  private CheckpointInterval every;
  private long lastSavedStep = -1;
  private int lastSavedEpoch = -1;

  /**
   * @param dir the run directory (modified: its checkpoint, metrics and kernel history files)
   * @param every how often to save; null with {@code resume}: the interval stored in the checkpoint
   * @param resume whether {@link #restore} continues from the directory's checkpoint
   */
  public Checkpointer(Path dir, CheckpointInterval every, boolean resume) {
    this(dir, every, resume, NO_DIGEST);
  }

  /**
   * @param configDigest the digest of the run's configuration
   *     ({@link org.minicnn.training.experiments.RunConfig#digest}), written into every checkpoint; a
   *     resume refuses a checkpoint written with another
   */
  public Checkpointer(Path dir, CheckpointInterval every, boolean resume, long configDigest) {
    this.configDigest = configDigest;
    if (every == null && !resume) {
      throw new IllegalArgumentException("Checkpointer: expected an interval (null only to resume with the saved"
          + " one), got null");
    }
    this.dir = dir;
    this.every = every;
    this.resume = resume;
  }

  /** The checkpoint file. */
  public Path file() {
    return dir.resolve(RunCheckpoint.FILE);
  }

  /** Where the last checkpoint written or resumed from stands, e.g. {@code "epoch 3, step 96"}, or null. */
  public String lastSaved() {
    return lastSavedStep < 0 ? null : "epoch " + lastSavedEpoch + ", step " + lastSavedStep;
  }

  /**
   * Loads the directory's checkpoint into {@code trainer} when resuming; a different interval given
   * to this checkpointer is written into the checkpoint at once.
   *
   * @throws UncheckedIOException with the file, line and problem when the checkpoint is missing,
   *     malformed or does not fit the model
   */
  @Override
  public TrainingState restore(Trainer trainer) {
    if (!resume) {
      return null;
    }
    try {
      RunCheckpoint.Saved saved = RunCheckpoint.read(file(), trainer);
      // 0: written without a configuration (a library caller's Checkpointer); the checksum keeps a
      // recorded digest from being edited to 0
      if (saved.configDigest() != NO_DIGEST && saved.configDigest() != configDigest) {
        throw new CheckpointFileException(file(), lineOf(RunCheckpoint.CONFIG_DIGEST), RunCheckpoint.CONFIG_DIGEST
            + " " + saved.configDigest() + " is not the digest " + configDigest + " of " + dir.resolve(RunFiles.CONFIG)
            + ": the configuration was changed since the checkpoint was written (or the files are of two runs)");
      }
      RunCheckpoint.load(file(), saved, trainer);
      if (every == null) {
        every = saved.every();
      } else if (!every.equals(saved.every())) {
        // the new interval is part of the run from now on, even if it ends (or is killed) before its next save
        RunCheckpoint.write(file(), trainer, saved.state(), every, configDigest);
      }
      lastSavedEpoch = saved.state().epoch();
      lastSavedStep = saved.state().step();
      return saved.state();
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  @Override
  public void onCheckpoint(Trainer trainer, TrainingState state) {
    boolean epochEnd = state.stepsIntoEpoch() == 0;
    if (!every.due(state.epoch(), state.step(), epochEnd, trainer.epochs())) {
      return;
    }
    try {
      RunCheckpoint.write(file(), trainer, state, every, configDigest);
      lastSavedEpoch = state.epoch();
      lastSavedStep = state.step();
      RunFiles.writeMetrics(dir, state.history());
      KernelHistory history = RunCheckpoint.kernelHistory(trainer);
      if (history != null) {
        RunFiles.writeKernels(dir, history.snapshots());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the checkpoint of epoch " + state.epoch() + ", step "
          + state.step() + " to " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The line of the checkpoint file holding counter {@code name}, or 0. */
  private int lineOf(String name) throws IOException {
    List<String> lines = java.nio.file.Files.readAllLines(file(), java.nio.charset.StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("counter," + name + ",")) {
        return i + 1;
      }
    }
    return 0;
  }

  @Override
  public String toString() {
    return "Checkpointer(" + dir + ", every " + every + ", last saved " + lastSaved() + ")";
  }
}
