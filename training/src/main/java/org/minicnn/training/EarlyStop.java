package org.minicnn.training;

import java.util.List;
import java.util.function.DoublePredicate;

/**
 * Decides after each epoch whether training should stop before the configured number of epochs.
 * Consulted with the whole history (epoch 0 first), after the epoch's listeners have run.
 */
@FunctionalInterface
public interface EarlyStop {

  /** @param history input, not modified: every epoch's metrics so far */
  boolean shouldStop(List<EpochMetrics> history);

  /**
   * Keras's {@code EarlyStopping(mode="min")}: stop when {@code metric} (e.g. {@code "val_loss"}) has
   * not fallen below its best value by more than {@code minDelta} for {@code patience} epochs.
   */
  static EarlyStop patience(String metric, int patience, double minDelta) {
    if (patience < 1 || !(minDelta >= 0)) {
      throw new IllegalArgumentException("EarlyStop.patience: expected patience >= 1 and minDelta >= 0, got "
          + patience + " and " + minDelta);
    }
    return history -> {
      double best = Double.POSITIVE_INFINITY;
      int since = 0;
      for (EpochMetrics m : history) {
        double value = m.get(metric);
        if (value < best - minDelta) {
          best = value;
          since = 0;
        } else {
          since++;
        }
      }
      return since >= patience;
    };
  }

  /** Stop as soon as the latest value of {@code metric} satisfies {@code reached}, e.g. {@code d -> d <= 1e-3}. */
  static EarlyStop when(String metric, DoublePredicate reached) {
    return history -> !history.isEmpty() && reached.test(history.get(history.size() - 1).get(metric));
  }
}
