package org.minicnn.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.minicnn.engine.Layer;
import org.minicnn.engine.Parameter;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.losses.Loss;
import org.minicnn.training.optim.Optimizer;

/**
 * Mini-batch training of a model: for each epoch, the samples in a seeded shuffled order
 * ({@link Batches#permutation}), batch by batch: zero the gradients, forward, loss, backward,
 * optimiser step. After each epoch (and once before training, as epoch 0) it records
 * {@link EpochMetrics}: training loss, validation loss and, for labelled data, accuracy, plus the
 * values of each {@link Measurement}; then tells the listeners and asks the {@link EarlyStop}.
 *
 * <p>A NaN or infinite loss, gradient or updated weight stops training with a
 * {@link TrainingDivergedException} naming the step, the layer and the parameter (for a loss, the
 * weight of largest magnitude).
 *
 * <p>Listeners may resume a saved run ({@link TrainingListener#restore}), at an epoch's end or
 * between two steps, and save one after every step or epoch ({@link TrainingListener#onCheckpoint}).
 *
 * <p>The model's weights live in its parameters and the optimiser keeps its own state; everything
 * else about the run's progress is in the {@link TrainingState} that {@link #fit} returns, and
 * {@link #fit(Tensor, Tensor, TrainingState)} continues from one.
 *
 * <pre>{@code
 * TrainingState done = new Trainer(model, new MeanSquaredError(), new Sgd(0.01))
 *     .epochs(20).batchSize(32).seed(7).validation(valX, valY)
 *     .fit(trainX, trainY);
 * }</pre>
 */
public final class Trainer {

  private final Layer model;
  private final Loss loss;
  private final Optimizer optimizer;
  private int epochs = 10;
  private int batchSize = 32;
  private long seed;
  private boolean shuffle = true;
  private boolean labelled;
  private Tensor validationInputs;
  private Tensor validationTargets;
  private EarlyStop earlyStop;
  private final List<Measurement> measurements = new ArrayList<>();
  private final List<TrainingListener> listeners = new ArrayList<>();

  /**
   * @param model modified by training: its parameters' values and gradients
   * @param loss the loss of a batch (its mean over samples, so batches of different size weigh alike per sample)
   * @param optimizer modified: it keeps per-parameter state
   */
  public Trainer(Layer model, Loss loss, Optimizer optimizer) {
    if (model == null || loss == null || optimizer == null) {
      throw new IllegalArgumentException("Trainer: expected a model, a loss and an optimizer, got "
          + (model == null ? "no model" : "a model") + ", " + (loss == null ? "no loss" : "a loss") + " and "
          + (optimizer == null ? "no optimizer" : "an optimizer"));
    }
    this.model = model;
    this.loss = loss;
    this.optimizer = optimizer;
  }

  /** Total epochs to train (default 10); a resumed run trains the ones still missing. */
  public Trainer epochs(int value) {
    this.epochs = Shapes.requirePositive("Trainer", "epochs", value);
    return this;
  }

  /** Samples per batch (default 32); the last batch of an epoch may be smaller. */
  public Trainer batchSize(int value) {
    this.batchSize = Shapes.requirePositive("Trainer", "batch size", value);
    return this;
  }

  /** The seed of the shuffling (default 0). */
  public Trainer seed(long value) {
    this.seed = value;
    return this;
  }

  /** Whether to shuffle the samples each epoch (default true); false keeps their order. */
  public Trainer shuffle(boolean value) {
    this.shuffle = value;
    return this;
  }

  /**
   * Targets are class labels: record accuracy. Predictions {@code [n, classes]} are compared by their
   * arg-max (a single column by its sign, for logits of a binary classifier) with integer targets
   * {@code [n]} or {@code [n, 1]}.
   */
  public Trainer labelled(boolean value) {
    this.labelled = value;
    return this;
  }

  /** Data measured after every epoch but never trained on. @param inputs input @param targets input */
  public Trainer validation(Tensor inputs, Tensor targets) {
    Batches.requireSamePairs("Trainer.validation", inputs, targets);
    this.validationInputs = inputs;
    this.validationTargets = targets;
    return this;
  }

  public Trainer earlyStop(EarlyStop value) {
    this.earlyStop = value;
    return this;
  }

  public Trainer measure(Measurement value) {
    measurements.add(value);
    return this;
  }

  public Trainer listener(TrainingListener value) {
    listeners.add(value);
    return this;
  }

  public int epochs() {
    return epochs;
  }

  /** The model being trained (live: its parameters are the weights). */
  public Layer model() {
    return model;
  }

  /** The optimiser (live: it holds its per-parameter state). */
  public Optimizer optimizer() {
    return optimizer;
  }

  /** The listeners, in the order added (unmodifiable view). */
  public List<TrainingListener> listeners() {
    return java.util.Collections.unmodifiableList(listeners);
  }

  /**
   * The name of each of the model's parameters, in {@code model().parameters()} order:
   * {@link Sequential#parameterNames} ({@code conv2d/kernel}) or {@code <layer>/<parameter>}.
   */
  public List<String> parameterNames() {
    // A bare layer is named as it would be in a Sequential, so that messages match weight files.
    return (model instanceof Sequential s ? s : new Sequential().add(model)).parameterNames();
  }

  /** Trains from scratch. @param inputs input, samples along the first axis @param targets input */
  public TrainingState fit(Tensor inputs, Tensor targets) {
    return fit(inputs, targets, new TrainingState());
  }

  /**
   * Trains from {@code state} (modified) until {@link #epochs(int)} epochs are complete or the early
   * stop says so. A fresh state is first offered to the listeners' {@link TrainingListener#restore};
   * if it stays fresh, epoch 0 is recorded first. A state in the middle of an epoch continues with
   * that epoch's next batch.
   *
   * @throws TrainingDivergedException when a loss, gradient or weight becomes NaN or infinite
   */
  public TrainingState fit(Tensor inputs, Tensor targets, TrainingState state) {
    Batches.requireSamePairs("Trainer.fit", inputs, targets);
    int n = inputs.dim(0);
    int batchesPerEpoch = (int) ((n + (long) batchSize - 1) / batchSize);  // long: no overflow for a huge batch
    if (state.history().isEmpty()) {
      TrainingState restored = restoreFrom(listeners, this);
      if (restored != null) {
        state.continueFrom(restored);
      }
    }
    if (state.history().isEmpty()) {
      record(state, 0, evaluate(inputs, targets));
    }
    while (state.epoch() < epochs && !(earlyStop != null && earlyStop.shouldStop(state.history()))) {
      int epoch = state.epoch() + 1;
      long resumedBatches = state.stepsIntoEpoch();
      if (resumedBatches >= batchesPerEpoch) {
        throw new IllegalStateException("Trainer: the state to continue from is " + resumedBatches + " steps into"
            + " epoch " + epoch + ", but an epoch has " + batchesPerEpoch + " batches (" + n + " samples in batches of "
            + batchSize + ")");
      }
      int[] order = shuffle ? Batches.permutation(n, seed, epoch) : Batches.identity(n);
      // The batch arrays are refilled step after step: only this step's forward and backward read a
      // batch (the model drops it at its next forward), and no listener or measurement sees one.
      double[] xBuffer = null;
      double[] yBuffer = null;
      for (int b = (int) resumedBatches; b < batchesPerEpoch; b++) {
        int from = b * batchSize;
        int to = Math.min(n, from + batchSize);
        Tensor x = Batches.take(inputs, order, from, to, xBuffer);
        Tensor y = Batches.take(targets, order, from, to, yBuffer);
        xBuffer = x.data();
        yBuffer = y.data();
        for (Parameter p : model.parameters()) {
          p.zeroGrad();
        }
        Tensor predicted = model.forward(x);
        double batchLoss = loss.forward(predicted, y);
        long step = state.step() + 1;
        if (!Double.isFinite(batchLoss)) {
          throw diverged(step, epoch, b + 1, batchesPerEpoch, "the loss is " + batchLoss + " (" + largestWeight()
              + ")");
        }
        long correct = labelled ? countCorrect(predicted, y) : 0;
        model.backward(loss.backward());
        checkFinite(step, epoch, b + 1, batchesPerEpoch, "gradient of ", true);
        optimizer.step(model.parameters());
        checkFinite(step, epoch, b + 1, batchesPerEpoch, "after the update, ", false);
        state.stepped(batchLoss, to - from, correct);
        StepEvent event = new StepEvent(epoch, step, b + 1, batchesPerEpoch, batchLoss);
        for (TrainingListener listener : listeners) {
          listener.onStep(event);
        }
        if (b + 1 < batchesPerEpoch) {
          // the epoch's last step is saved with its metrics, after record()
          for (TrainingListener listener : listeners) {
            listener.onCheckpoint(this, state);
          }
        }
      }
      double accuracy = labelled ? (double) state.epochCorrect() / n : Double.NaN;
      record(state, epoch, new double[] {state.epochLossSum() / n, accuracy});
    }
    return state;
  }

  /** Loss (mean over samples) and accuracy (NaN unless labelled) of the model on a data set, without training. */
  private double[] evaluate(Tensor inputs, Tensor targets) {
    int n = inputs.dim(0);
    int[] order = Batches.identity(n);
    double lossSum = 0;
    long correct = 0;
    for (int from = 0; from < n; from += batchSize) {
      int to = Math.min(n, from + batchSize);
      Tensor predicted = model.forward(Batches.take(inputs, order, from, to));
      Tensor y = Batches.take(targets, order, from, to);
      lossSum += loss.forward(predicted, y) * (to - from);
      if (labelled) {
        correct += countCorrect(predicted, y);
      }
    }
    return new double[] {lossSum / n, labelled ? (double) correct / n : Double.NaN};
  }

  private void record(TrainingState state, int epoch, double[] train) {
    double[] validation = validationInputs == null
        ? new double[] {Double.NaN, Double.NaN}
        : evaluate(validationInputs, validationTargets);
    Map<String, Double> extra = new LinkedHashMap<>();
    for (Measurement m : measurements) {
      extra.putAll(m.measure(model));
    }
    EpochMetrics metrics = new EpochMetrics(epoch, state.step(), train[0], validation[0], train[1], validation[1],
        extra);
    state.record(metrics);
    for (TrainingListener listener : listeners) {
      listener.onEpoch(metrics);
    }
    for (TrainingListener listener : listeners) {
      listener.onCheckpoint(this, state);
    }
  }

  /** The one non-null {@link TrainingListener#restore} answer of {@code candidates}, or null. */
  static TrainingState restoreFrom(List<TrainingListener> candidates, Trainer trainer) {
    TrainingState found = null;
    for (TrainingListener listener : candidates) {
      TrainingState restored = listener.restore(trainer);
      if (restored != null) {
        if (found != null) {
          throw new IllegalStateException("Trainer: two listeners restore a saved state; expected at most one");
        }
        found = restored;
      }
    }
    return found;
  }

  /** Predictions that pick the target class: arg-max over the last axis, or the sign of a single logit. */
  static long countCorrect(Tensor predicted, Tensor labels) {
    int n = predicted.dim(0);
    int classes = predicted.size() / n;
    if (labels.size() != n) {
      throw new IllegalArgumentException("Trainer: accuracy needs one integer label per sample, got labels "
          + Shapes.format(labels.shape()) + " for predictions " + Shapes.format(predicted.shape()));
    }
    double[] p = predicted.data();
    double[] y = labels.data();
    long correct = 0;
    for (int i = 0; i < n; i++) {
      int guess;
      if (classes == 1) {
        guess = p[i] > 0 ? 1 : 0;
      } else {
        guess = 0;
        for (int c = 1; c < classes; c++) {
          if (p[i * classes + c] > p[i * classes + guess]) {
            guess = c;
          }
        }
      }
      if (guess == y[i]) {
        correct++;
      }
    }
    return correct;
  }

  private void checkFinite(long step, int epoch, int batch, int batches, String prefix, boolean gradients) {
    List<Parameter> parameters = model.parameters();
    for (int k = 0; k < parameters.size(); k++) {
      Tensor t = gradients ? parameters.get(k).grad() : parameters.get(k).value();
      double[] data = t.data();
      for (int i = 0; i < data.length; i++) {
        if (!Double.isFinite(data[i])) {
          // names only on failure: building them every step cost more than the step's arithmetic
          throw diverged(step, epoch, batch, batches, prefix + parameterNames().get(k) + " is " + data[i] + " at "
              + Shapes.format(Shapes.unravel(i, t.shape())));
        }
      }
    }
  }

  /**
   * Where the weights stand when the loss overflows although every weight is finite: the weight of
   * largest magnitude, e.g. {@code "largest weight: conv2d/kernel at [1, 1, 0, 0] = -3.1E153"}.
   */
  private String largestWeight() {
    List<Parameter> parameters = model.parameters();
    List<String> names = parameterNames();
    String where = "the model has no weights";
    double largest = -1;
    for (int k = 0; k < parameters.size(); k++) {
      Tensor t = parameters.get(k).value();
      double[] data = t.data();
      for (int i = 0; i < data.length; i++) {
        double magnitude = Double.isNaN(data[i]) ? Double.POSITIVE_INFINITY : Math.abs(data[i]);
        if (magnitude > largest) {
          largest = magnitude;
          where = "largest weight: " + names.get(k) + " at " + Shapes.format(Shapes.unravel(i, t.shape())) + " = "
              + data[i];
        }
      }
    }
    return where;
  }

  private TrainingDivergedException diverged(long step, int epoch, int batch, int batches, String what) {
    return new TrainingDivergedException(step, "training diverged at step " + step + " (epoch " + epoch + ", batch "
        + batch + " of " + batches + "): " + what + "; " + optimizer.divergenceAdvice());
  }
}
