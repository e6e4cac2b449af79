package org.minicnn.training.experiments;

import java.util.List;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.Tensor;
import org.minicnn.training.EpochMetrics;
import org.minicnn.training.TrainingState;
import org.minicnn.training.attribution.FilterAttribution;
import org.minicnn.training.identifiability.Identifiability;

/**
 * What a finished run holds.
 *
 * @param experiment the experiment run
 * @param config its parameters
 * @param model the trained model (its weights are the final weights)
 * @param state epochs, steps and every epoch's metrics (epoch 0 first)
 * @param kernelHistory the watched convolution's kernel (Keras layout) after each epoch, epoch 0 (the start) first
 * @param sample one input {@code [1, …]} for the feature-map plot
 * @param identifiability what the training data determines about the kernel (teacher–student runs), or null
 * @param attribution which first-layer filter the classifier relies on for each class (classification runs), or
 *     null
 * @param notes extra result lines for the summary, e.g. d2l's per-step losses
 * @param seconds wall-clock time of data generation and training
 */
public record ExperimentRun(Experiment experiment, RunConfig config, Sequential model, TrainingState state,
    List<Tensor> kernelHistory, Tensor sample, Identifiability identifiability, FilterAttribution attribution,
    List<String> notes,
    double seconds) {

  /** The last epoch's metrics. */
  public EpochMetrics last() {
    return state.last();
  }

  /** The final kernel of the watched convolution. */
  public Tensor finalKernel() {
    return kernelHistory.get(kernelHistory.size() - 1);
  }

  /** Whether the run met its experiment's threshold. */
  public Verdict verdict() {
    return experiment.verdict(this);
  }
}
