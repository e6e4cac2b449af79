package org.minicnn.engine.losses;

import org.minicnn.engine.Tensor;

/**
 * A scalar loss of a batch of predictions. {@code forward} remembers what {@code backward} needs;
 * {@code backward} returns dLoss/dPredicted of the last forward.
 */
public interface Loss {

  /**
   * @param predicted input, not modified
   * @param target input, not modified; its meaning (values, labels) is the loss's own
   * @return the loss value
   * @throws IllegalArgumentException naming both shapes when they do not fit together
   */
  double forward(Tensor predicted, Tensor target);

  /**
   * @return dLoss/dPredicted for the last forward, shaped like the predictions
   * @throws IllegalStateException before any forward
   */
  Tensor backward();

  /** The loss's name as Keras spells it, for messages. */
  default String name() {
    return getClass().getSimpleName();
  }
}
