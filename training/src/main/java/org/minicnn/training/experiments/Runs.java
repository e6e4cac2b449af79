package org.minicnn.training.experiments;

import org.minicnn.engine.Tensor;
import org.minicnn.training.EarlyStop;
import org.minicnn.training.Trainer;
import org.minicnn.training.optim.Adam;
import org.minicnn.training.optim.Optimizer;
import org.minicnn.training.optim.Sgd;

/** What every experiment builds the same way from its configuration. */
final class Runs {

  private Runs() {}

  /** The optimiser the configuration names (SGD with momentum, Nesterov and weight decay, or Adam). */
  static Optimizer optimizer(RunConfig c) {
    double weightDecay = c.has(Option.WEIGHT_DECAY) ? c.weightDecay() : 0.0;
    if (c.has(Option.OPTIMIZER) && c.optimizer().equals("adam")) {
      return new Adam(c.lr()).weightDecay(weightDecay);
    }
    return new Sgd(c.lr())
        .momentum(c.has(Option.MOMENTUM) ? c.momentum() : 0.0)
        .nesterov(c.has(Option.NESTEROV) && c.nesterov())
        .weightDecay(weightDecay);
  }

  /** Epochs, batch size, seed and early stop from the configuration. */
  static Trainer configure(Trainer trainer, RunConfig c) {
    trainer.epochs(c.epochs()).batchSize(c.batch()).seed(c.seed());
    if (c.has(Option.PATIENCE) && c.patience() > 0) {
      trainer.earlyStop(EarlyStop.patience("val_loss", c.patience(), 0.0));
    }
    return trainer;
  }

  /** A copy of the first sample of {@code inputs} (input), shape {@code [1, …]}: the feature-map plot's sample. */
  static Tensor firstSample(Tensor inputs) {
    int[] shape = inputs.shape();
    shape[0] = 1;
    double[] data = new double[inputs.size() / inputs.dim(0)];
    System.arraycopy(inputs.data(), 0, data, 0, data.length);
    return Tensor.of(data, shape);
  }

  /** Seconds since {@code startNanos}. */
  static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
