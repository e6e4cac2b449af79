package org.minicnn.training;

/**
 * Training stopped because a loss, gradient or weight became NaN or infinite. The message names the
 * step, the epoch and batch, and the tensor, e.g. {@code "training diverged at step 41 (epoch 2,
 * batch 9 of 32): gradient of conv2d/kernel is NaN at [0, 1, 0, 0]; try a smaller learning rate"}.
 */
public final class TrainingDivergedException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final long step;

  public TrainingDivergedException(long step, String message) {
    super(message);
    this.step = step;
  }

  /** The optimiser step (from 1) at which a non-finite value appeared. */
  public long step() {
    return step;
  }
}
