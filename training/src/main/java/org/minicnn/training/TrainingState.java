package org.minicnn.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where a run stands, apart from the weights (in the model's parameters) and the optimiser's state
 * (in the optimiser): the epochs completed, the optimiser steps taken and the metrics so far. The
 * shuffling order of epoch {@code e} is a pure function of the trainer's seed and {@code e} (see
 * {@link Batches#permutation}), so this object plus the seed is the whole random state: a run
 * resumed from it at an epoch boundary continues exactly like one never interrupted.
 */
public final class TrainingState {

  private int epoch;
  private long step;
  private final List<EpochMetrics> history = new ArrayList<>();

  /** A fresh state: nothing trained yet. */
  public TrainingState() {}

  /**
   * A state to resume from.
   *
   * @param epoch completed epochs, ≥ 0
   * @param step optimiser steps taken, ≥ 0
   * @param history input, copied: the metrics of epochs 0..epoch
   */
  public TrainingState(int epoch, long step, List<EpochMetrics> history) {
    if (epoch < 0 || step < 0) {
      throw new IllegalArgumentException("TrainingState: expected epoch >= 0 and step >= 0, got epoch " + epoch
          + " and step " + step);
    }
    this.epoch = epoch;
    this.step = step;
    this.history.addAll(history);
  }

  /** Epochs completed. */
  public int epoch() {
    return epoch;
  }

  /** Optimiser steps taken. */
  public long step() {
    return step;
  }

  /** The metrics recorded so far, epoch 0 first (unmodifiable view). */
  public List<EpochMetrics> history() {
    return Collections.unmodifiableList(history);
  }

  /** The last epoch's metrics. @throws IllegalStateException when nothing is recorded yet */
  public EpochMetrics last() {
    if (history.isEmpty()) {
      throw new IllegalStateException("TrainingState: no metrics recorded yet");
    }
    return history.get(history.size() - 1);
  }

  /** Takes over {@code other}'s epoch, step and history (this state must be fresh). */
  void continueFrom(TrainingState other) {
    if (!history.isEmpty()) {
      throw new IllegalStateException("TrainingState: can only continue a saved state from a fresh one, but epoch "
          + epoch + " is recorded");
    }
    epoch = other.epoch;
    step = other.step;
    history.addAll(other.history);
  }

  void stepped() {
    step++;
  }

  void record(EpochMetrics metrics) {
    epoch = metrics.epoch();
    history.add(metrics);
  }
}
