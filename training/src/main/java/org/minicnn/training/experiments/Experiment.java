package org.minicnn.training.experiments;

import java.util.List;
import org.minicnn.training.kernels.ReferenceKernel;
import org.minicnn.training.TrainingListener;

/**
 * A named, reproducible training experiment: a fixed default configuration (with a seed) whose every
 * parameter can be overridden, the hand-designed kernels the learned ones are compared with, and
 * the threshold a default run must meet.
 */
public interface Experiment {

  /** The name used on the command line, e.g. {@code vertical-line}. */
  String name();

  /** One line for {@code minicnn experiments}. */
  String description();

  /** The default configuration; its options are the ones this experiment takes. */
  RunConfig defaults();

  /** The hand-designed kernels, for this configuration, that the watched layer's filters are compared with. */
  List<ReferenceKernel> references(RunConfig config);

  /**
   * true: each reference is compared with the most similar learned filter, by pattern only
   * ({@link org.minicnn.training.kernels.KernelComparison#matched}); false: with its own filter, weight by weight.
   */
  default boolean matchedComparison() {
    return false;
  }

  /**
   * Checks what single options cannot, before anything is written: e.g. that a teacher kernel fits the
   * images, that a model spec ends in one logit per class, and that the data fits the kernel, one array
   * and the memory budget ({@link RunBudget}). Called before a run directory is created, and by
   * {@link #run}.
   *
   * @throws IllegalArgumentException naming the option and the offending value
   */
  default void check(RunConfig config) {}

  /**
   * Runs the experiment.
   *
   * @param listener told about every step and epoch (e.g. a progress bar)
   * @throws org.minicnn.training.TrainingDivergedException when the loss or a gradient becomes NaN or infinite
   */
  ExperimentRun run(RunConfig config, TrainingListener listener);

  /**
   * The model {@link #run} trains for {@code config}, built, with the layers, shapes and names of a
   * run's model (its weights are not the trained ones): what a run's {@code weights.csv} loads into.
   * By default the model of a one-epoch run; an experiment that can build it without training overrides this.
   */
  default org.minicnn.engine.Sequential initialModel(RunConfig config) {
    return run(config.with(Option.EPOCHS, "1"), new TrainingListener() {}).model();
  }

  /** Whether a finished run meets this experiment's threshold, and by how much. */
  Verdict verdict(ExperimentRun run);
}
