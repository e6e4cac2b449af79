package org.minicnn.training.experiments;

import org.minicnn.engine.Sequential;
import org.minicnn.engine.Tensor;
import org.minicnn.training.Trainer;
import org.minicnn.training.TrainingState;

/**
 * An experiment's training loop, ready to run: the trainer, its model and its training data
 * (see {@link TeacherStudent#trainingJob}).
 *
 * @param trainer configured with the run's epochs, batch size, optimiser and shuffling seed
 * @param model the student, modified by {@link #fit}
 * @param inputs the training inputs
 * @param targets the teacher's targets
 */
public record TrainingJob(Trainer trainer, Sequential model, Tensor inputs, Tensor targets) {

  /** Trains the model from scratch on the data (modifies the model's weights). */
  public TrainingState fit() {
    return trainer.fit(inputs, targets);
  }
}
