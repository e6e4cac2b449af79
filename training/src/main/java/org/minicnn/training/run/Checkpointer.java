package org.minicnn.training.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.minicnn.training.KernelHistory;
import org.minicnn.training.Trainer;
import org.minicnn.training.TrainingListener;
import org.minicnn.training.TrainingState;

/**
 * Saves a run in its directory every {@code every} epochs (epoch 0, before training, included) and at
 * its last epoch, and resumes it from there: {@link RunCheckpoint#FILE} first, then {@code metrics.csv}
 * and {@code kernels.csv} rewritten up to that epoch — each file atomically, so a kill at any instant
 * leaves the previous complete checkpoint. A resumed run rewrites both CSV files from its checkpoint
 * on, so their history continues without gaps or repeats.
 */
public final class Checkpointer implements TrainingListener {

  private final Path dir;
  private final boolean resume;
  private int every;
  private int lastSaved = -1;

  /**
   * @param dir the run directory (modified: its checkpoint, metrics and kernel history files)
   * @param every epochs between checkpoints, ≥ 1; 0 with {@code resume}: the interval stored in the checkpoint
   * @param resume whether {@link #restore} continues from the directory's checkpoint
   */
  public Checkpointer(Path dir, int every, boolean resume) {
    if (every < 0 || (every == 0 && !resume)) {
      throw new IllegalArgumentException("Checkpointer: expected every >= 1 (0 only to resume with the saved"
          + " interval), got " + every);
    }
    this.dir = dir;
    this.every = every;
    this.resume = resume;
  }

  /** The checkpoint file. */
  public Path file() {
    return dir.resolve(RunCheckpoint.FILE);
  }

  /** The epoch of the last checkpoint written or resumed from, or −1 when there is none yet. */
  public int lastSaved() {
    return lastSaved;
  }

  /**
   * Loads the directory's checkpoint into {@code trainer} when resuming.
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
      if (every == 0) {
        every = saved.every();
      }
      lastSaved = saved.state().epoch();
      return saved.state();
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  @Override
  public void onCheckpoint(Trainer trainer, TrainingState state) {
    int epoch = state.epoch();
    if (epoch % every != 0 && epoch != trainer.epochs()) {
      return;
    }
    try {
      RunCheckpoint.write(file(), trainer, state, every);
      lastSaved = epoch;
      RunFiles.writeMetrics(dir, state.history());
      KernelHistory history = RunCheckpoint.kernelHistory(trainer);
      if (history != null) {
        RunFiles.writeKernels(dir, history.snapshots());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the checkpoint of epoch " + epoch + " to " + dir + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "Checkpointer(" + dir + ", every " + every + " epochs, last saved epoch " + lastSaved + ")";
  }
}
