package org.minicnn.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where a run stands, apart from the weights (in the model's parameters) and the optimiser's state
 * (in the optimiser): the epochs completed, the optimiser steps taken, the metrics so far and, in the
 * middle of an epoch, the sums its metrics are made of. The shuffling order of epoch {@code e} is a
 * pure function of the trainer's seed and {@code e} (see {@link Batches#permutation}), so this object
 * plus the seed is the whole random state: a run resumed from it, at an epoch boundary or between
 * two steps, continues exactly like one never interrupted.
 */
public final class TrainingState {

  private int epoch;
  private long step;
  private final List<EpochMetrics> history = new ArrayList<>();
  private double epochLossSum;
  private long epochCorrect;

  /** A fresh state: nothing trained yet. */
  public TrainingState() {}

  /**
   * A state to resume from at the end of epoch {@code epoch}.
   *
   * @param epoch completed epochs, ≥ 0
   * @param step optimiser steps taken, ≥ 0
   * @param history input, copied: the metrics of epochs 0..epoch
   */
  public TrainingState(int epoch, long step, List<EpochMetrics> history) {
    this(epoch, step, history, 0.0, 0);
  }

  /**
   * A state to resume from, possibly in the middle of epoch {@code epoch + 1}: the steps taken since
   * the last recorded epoch are that epoch's batches already trained.
   *
   * @param epoch completed epochs, ≥ 0
   * @param step optimiser steps taken, ≥ the step of the last recorded epoch
   * @param history input, copied: the metrics of epochs 0..epoch
   * @param epochLossSum Σ batch loss × batch size over the current epoch's batches so far (0 at its start)
   * @param epochCorrect correctly classified samples of those batches (0 unless labelled)
   */
  public TrainingState(int epoch, long step, List<EpochMetrics> history, double epochLossSum, long epochCorrect) {
    long recorded = history.isEmpty() ? 0 : history.get(history.size() - 1).step();
    if (epoch < 0 || step < recorded || epochCorrect < 0 || !Double.isFinite(epochLossSum)) {
      throw new IllegalArgumentException("TrainingState: expected epoch >= 0, step >= the last recorded epoch's step ("
          + recorded + "), a finite loss sum and a count >= 0, got epoch " + epoch + ", step " + step + ", loss sum "
          + epochLossSum + ", count " + epochCorrect);
    }
    this.epoch = epoch;
    this.step = step;
    this.history.addAll(history);
    this.epochLossSum = epochLossSum;
    this.epochCorrect = epochCorrect;
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

  /** Batches of the current epoch already trained: 0 at an epoch boundary. */
  public long stepsIntoEpoch() {
    return history.isEmpty() ? step : step - last().step();
  }

  /** Σ batch loss × batch size over the current epoch's batches so far (0 at an epoch boundary). */
  public double epochLossSum() {
    return epochLossSum;
  }

  /** Correctly classified samples in the current epoch's batches so far (0 at an epoch boundary or unlabelled). */
  public long epochCorrect() {
    return epochCorrect;
  }

  /** Takes over {@code other}'s position, history and partial sums (this state must be fresh). */
  void continueFrom(TrainingState other) {
    if (!history.isEmpty()) {
      throw new IllegalStateException("TrainingState: can only continue a saved state from a fresh one, but epoch "
          + epoch + " is recorded");
    }
    epoch = other.epoch;
    step = other.step;
    history.addAll(other.history);
    epochLossSum = other.epochLossSum;
    epochCorrect = other.epochCorrect;
  }

  /** One more step, whose batch of {@code size} samples had mean loss {@code loss} and {@code correct} hits. */
  void stepped(double loss, int size, long correct) {
    step++;
    epochLossSum += loss * size;
    epochCorrect += correct;
  }

  void record(EpochMetrics metrics) {
    epoch = metrics.epoch();
    history.add(metrics);
    epochLossSum = 0.0;
    epochCorrect = 0;
  }
}
