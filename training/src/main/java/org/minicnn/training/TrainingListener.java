package org.minicnn.training;

import java.util.List;

/**
 * Told about training as it happens: after every optimiser step and after every epoch's metrics
 * (including epoch 0, measured before training). All methods default to doing nothing. A listener
 * must not change the model's weights, except in {@link #restore}.
 *
 * <p>{@link #restore} and {@link #onCheckpoint} let a listener save a run and continue it later
 * (the run directory's checkpoints): they see the trainer's live model, optimiser and listeners.
 */
public interface TrainingListener {

  default void onStep(StepEvent event) {}

  default void onEpoch(EpochMetrics metrics) {}

  /**
   * Called by {@link Trainer#fit} once, before anything else, when it starts from a fresh state. A
   * listener that resumes a run loads the saved weights into {@code trainer.model()}, the saved
   * optimiser state into {@code trainer.optimizer()} and any history the other listeners keep, and
   * returns where the run stood; every other listener returns null (train from the start).
   *
   * @param trainer modified by a resuming listener: its model's weights and its optimiser's state
   * @return the state to continue from, or null
   */
  default TrainingState restore(Trainer trainer) {
    return null;
  }

  /**
   * Called at every moment the run could be saved and resumed exactly: after each recorded epoch
   * (epoch 0 included), once every listener has heard {@link #onEpoch}, and after each step but an
   * epoch's last (which is followed by its epoch's metrics) once every listener has heard
   * {@link #onStep}. {@code state.stepsIntoEpoch()} is 0 exactly at an epoch's end.
   *
   * @param trainer input, not modified
   * @param state input, not modified
   */
  default void onCheckpoint(Trainer trainer, TrainingState state) {}

  /**
   * One listener that forwards every call to {@code listeners} in order; {@link #restore} returns the
   * one non-null answer.
   *
   * @throws IllegalStateException from restore when more than one listener resumes the run
   */
  static TrainingListener all(TrainingListener... listeners) {
    List<TrainingListener> list = List.of(listeners);
    return new TrainingListener() {
      @Override
      public void onStep(StepEvent event) {
        list.forEach(l -> l.onStep(event));
      }

      @Override
      public void onEpoch(EpochMetrics metrics) {
        list.forEach(l -> l.onEpoch(metrics));
      }

      @Override
      public TrainingState restore(Trainer trainer) {
        return Trainer.restoreFrom(list, trainer);
      }

      @Override
      public void onCheckpoint(Trainer trainer, TrainingState state) {
        list.forEach(l -> l.onCheckpoint(trainer, state));
      }
    };
  }
}
