package org.minicnn.training.run;

/**
 * How often a run is saved: every {@code count} epochs, or every {@code count} optimiser steps.
 *
 * @param count ≥ 1
 * @param steps true: steps; false: epochs
 */
public record CheckpointInterval(long count, boolean steps) {

  public CheckpointInterval {
    if (count < 1) {
      throw new IllegalArgumentException("CheckpointInterval: expected a count >= 1, got " + count);
    }
  }

  /**
   * {@code 5} or {@code 5epochs}: every 5 epochs; {@code 200steps}: every 200 steps.
   *
   * @throws IllegalArgumentException "expected N, Nepochs or Nsteps with N >= 1, got 'x'"
   */
  public static CheckpointInterval parse(String text) {
    String t = text == null ? "" : text.trim();
    boolean steps = t.endsWith("steps");
    String digits = steps ? t.substring(0, t.length() - 5) : t.endsWith("epochs") ? t.substring(0, t.length() - 6) : t;
    if (digits.matches("\\d{1,18}") && Long.parseLong(digits) >= 1) {
      return new CheckpointInterval(Long.parseLong(digits), steps);
    }
    throw new IllegalArgumentException("expected N (epochs), Nepochs or Nsteps with N >= 1, got '" + text + "'");
  }

  /**
   * Whether a run in {@code state} is due for a checkpoint: at epoch 0, at the last epoch, and at
   * every {@code count}-th epoch end or step.
   *
   * @param epochEnd whether the state is at the end of its epoch (its metrics recorded)
   * @param epochs the run's epochs
   */
  boolean due(int epoch, long step, boolean epochEnd, int epochs) {
    if (epochEnd && (epoch == 0 || epoch == epochs)) {
      return true;
    }
    return steps ? step % count == 0 : epochEnd && epoch % count == 0;
  }

  /** {@code 5epochs} or {@code 200steps}, as {@link #parse} reads it. */
  @Override
  public String toString() {
    return count + (steps ? "steps" : "epochs");
  }
}
