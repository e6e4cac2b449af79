package org.minicnn.training;

/**
 * Told about training as it happens: after every optimiser step and after every epoch's metrics
 * (including epoch 0, measured before training). Both methods default to doing nothing. A listener
 * must not change the model's weights.
 */
public interface TrainingListener {

  default void onStep(StepEvent event) {}

  default void onEpoch(EpochMetrics metrics) {}
}
