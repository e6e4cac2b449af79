package org.minicnn.training.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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

  private final Path dir;
  private final boolean resume;
  private CheckpointInterval every;
  private long lastSavedStep = -1;
  private int lastSavedEpoch = -1;

  /**
   * @param dir the run directory (modified: its checkpoint, metrics and kernel history files)
   * @param every how often to save; null with {@code resume}: the interval stored in the checkpoint
   * @param resume whether {@link #restore} continues from the directory's checkpoint
   */
  public Checkpointer(Path dir, CheckpointInterval every, boolean resume) {
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
      RunCheckpoint.load(file(), saved, trainer);
      if (every == null) {
        every = saved.every();
      } else if (!every.equals(saved.every())) {
        // the new interval is part of the run from now on, even if it ends (or is killed) before its next save
        RunCheckpoint.write(file(), trainer, saved.state(), every);
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
      RunCheckpoint.write(file(), trainer, state, every);
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

  @Override
  public String toString() {
    return "Checkpointer(" + dir + ", every " + every + ", last saved " + lastSaved() + ")";
  }
}
