package org.minicnn.training.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.minicnn.engine.Parameter;
import org.minicnn.engine.Tensor;
import org.minicnn.training.EpochMetrics;
import org.minicnn.training.kernels.KernelHistory;
import org.minicnn.training.Trainer;
import org.minicnn.training.optim.Optimizer;
import org.minicnn.training.TrainingListener;
import org.minicnn.training.TrainingState;

/**
 * {@code checkpoint.csv} of a run directory: everything a run needs to continue bit-identically, in
 * one {@link CheckpointFile} written atomically. Counters {@code epoch} (completed), {@code step},
 * {@code epoch_correct} (hits so far in the epoch in progress), {@code checkpoint_every} and
 * {@code checkpoint_in_steps} (1: the interval counts steps, 0: epochs); the metrics of epochs
 * 0..epoch (the {@link EpochMetrics} columns); tensors {@code weights/<layer>/<parameter>} (Keras
 * layout), {@code optimizer/<layer>/<parameter>/<state>} (PyTorch's state names:
 * {@code momentum_buffer}; {@code step}, {@code exp_avg}, {@code exp_avg_sq}), {@code kernels/<epoch>}
 * (the watched kernel after each epoch) and, between two steps of an epoch, {@code trainer/epoch_loss_sum}
 * (the epoch's loss so far, see {@link TrainingState#epochLossSum}).
 *
 * <p>The random state needs no entry: data and initial weights are generated from the run's seed and
 * the shuffling of epoch {@code e} is a pure function of the seed and {@code e}
 * ({@link org.minicnn.training.Batches#permutation}), so the epoch counter is the generators' state.
 */
public final class RunCheckpoint {

  public static final String FILE = "checkpoint.csv";

  private static final List<String> FIXED = List.of("epoch", "step", "loss", "val_loss", "accuracy", "val_accuracy");
  private static final String EPOCH = "epoch";
  private static final String STEP = "step";
  private static final String CORRECT = "epoch_correct";
  private static final String EVERY = "checkpoint_every";
  private static final String IN_STEPS = "checkpoint_in_steps";
  /** {@link org.minicnn.training.experiments.RunConfig#digest} of the configuration the run trains. */
  public static final String CONFIG_DIGEST = "config_digest";
  private static final String LOSS_SUM = "trainer/epoch_loss_sum";
  /** Every optimiser state name, mapped to whether it has its parameter's shape (else [1]). */
  private static final Map<String, Boolean> OPTIMIZER_STATES = Map.of("momentum_buffer", true, "step", false,
      "exp_avg", true, "exp_avg_sq", true);
  private static final int MAX_COLUMNS = 256;

  private RunCheckpoint() {}

  /**
   * What a checkpoint holds, validated against the trainer it was read for.
   *
   * @param state epoch, step and the metrics of epochs 0..epoch
   * @param every the run's checkpoint interval
   * @param weights by parameter name, in the model's order
   * @param optimizerState one map per parameter, in the model's order (as {@code Optimizer.state} gives it)
   * @param kernelHistory the watched kernel after epochs 0..epoch; empty when the trainer keeps no kernel history
   */
  public record Saved(TrainingState state, CheckpointInterval every, Map<String, Tensor> weights,
      List<Map<String, Tensor>> optimizerState, List<Tensor> kernelHistory, long configDigest) {}

  /**
   * Writes the checkpoint of {@code trainer} at {@code state} to {@code file}, atomically.
   *
   * @param trainer input: its model's weights, its optimiser's state and its {@link KernelHistory}, if any
   * @param state input
   */
  public static void write(Path file, Trainer trainer, TrainingState state, CheckpointInterval every)
      throws IOException {
    write(file, trainer, state, every, 0);
  }

  /**
   * As {@link #write(Path, Trainer, TrainingState, CheckpointInterval)}, recording the digest of the
   * run's configuration, which a resume checks against its {@code config.properties}.
   */
  public static void write(Path file, Trainer trainer, TrainingState state, CheckpointInterval every,
      long configDigest) throws IOException {
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put(EPOCH, (long) state.epoch());
    counters.put(STEP, state.step());
    counters.put(CORRECT, state.epochCorrect());
    counters.put(EVERY, every.count());
    counters.put(IN_STEPS, every.steps() ? 1L : 0L);
    counters.put(CONFIG_DIGEST, configDigest);
    List<String> columns = state.history().get(0).columns();
    List<double[]> rows = new ArrayList<>();
    for (EpochMetrics m : state.history()) {
      double[] row = new double[columns.size()];
      for (int c = 0; c < row.length; c++) {
        row[c] = m.get(columns.get(c));
      }
      rows.add(row);
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    if (state.stepsIntoEpoch() > 0) {
      tensors.put(LOSS_SUM, Tensor.of(new double[] {state.epochLossSum()}, 1));
    }
    List<String> names = trainer.parameterNames();
    List<Parameter> parameters = trainer.model().parameters();
    List<Map<String, Tensor>> optimizer = trainer.optimizer().state(parameters);
    for (int i = 0; i < parameters.size(); i++) {
      tensors.put("weights/" + names.get(i), parameters.get(i).value());
    }
    for (int i = 0; i < parameters.size(); i++) {
      for (Map.Entry<String, Tensor> e : optimizer.get(i).entrySet()) {
        tensors.put("optimizer/" + names.get(i) + "/" + e.getKey(), e.getValue());
      }
    }
    KernelHistory history = kernelHistory(trainer);
    if (history != null) {
      List<Tensor> snapshots = history.snapshots();
      for (int e = 0; e < snapshots.size(); e++) {
        tensors.put("kernels/" + e, snapshots.get(e));
      }
    }
    CheckpointFile.write(file, new CheckpointFile.Contents(counters, columns, rows, tensors));
  }

  /**
   * Reads and validates a checkpoint for {@code trainer}'s model, optimiser and kernel history; loads
   * nothing into them.
   *
   * @param trainer input: the parameters' names and shapes, the epochs the run trains
   * @throws CheckpointFileException naming the file (and line) when it is malformed, incomplete or does not fit
   */
  public static Saved read(Path file, Trainer trainer) throws IOException {
    List<String> names = trainer.parameterNames();
    List<Parameter> parameters = trainer.model().parameters();
    Map<String, int[]> shapes = new LinkedHashMap<>();
    for (int i = 0; i < parameters.size(); i++) {
      int[] shape = parameters.get(i).value().shape();
      shapes.put("weights/" + names.get(i), shape);
      for (Map.Entry<String, Boolean> s : OPTIMIZER_STATES.entrySet()) {
        shapes.put("optimizer/" + names.get(i) + "/" + s.getKey(), s.getValue() ? shape : new int[] {1});
      }
    }
    KernelHistory history = kernelHistory(trainer);
    int maxEpochs = trainer.epochs();
    CheckpointFile.Contents c = CheckpointFile.read(file, new CheckpointFile.Schema() {
      @Override
      public Set<String> counters() {
        return Set.of(EPOCH, STEP, CORRECT, EVERY, IN_STEPS, CONFIG_DIGEST);
      }

      @Override
      public int[] shapeOf(String name) {
        if (history != null && name.matches("kernels/\\d{1,10}")
            && Long.parseLong(name.substring("kernels/".length())) <= maxEpochs) {
          return history.shape();
        }
        return name.equals(LOSS_SUM) ? new int[] {1} : shapes.get(name);
      }

      @Override
      public Set<String> requiredTensors() {
        Set<String> required = new java.util.LinkedHashSet<>();
        names.forEach(n -> required.add("weights/" + n));
        return required;
      }

      @Override
      public int maxRows() {
        return maxEpochs + 1;
      }

      @Override
      public int maxColumns() {
        return MAX_COLUMNS;
      }
    });
    Saved saved = validate(file, c, names, history != null, maxEpochs, trainer.optimizer());
    CheckpointFile.verifyChecksum(file);
    return saved;
  }

  private static Saved validate(Path file, CheckpointFile.Contents c, List<String> names, boolean kernels,
      int maxEpochs, Optimizer optimizerOfRun) throws CheckpointFileException {
    long epoch = c.counters().get(EPOCH);
    long step = c.counters().get(STEP);
    long correct = c.counters().get(CORRECT);
    long every = c.counters().get(EVERY);
    long inSteps = c.counters().get(IN_STEPS);
    if (epoch < 0 || epoch > maxEpochs || step < 0 || correct < 0 || every < 1 || (inSteps != 0 && inSteps != 1)) {
      throw new CheckpointFileException(file, 0, "expected epoch in 0.." + maxEpochs + " (the run's epochs), step >= 0,"
          + " epoch_correct >= 0, checkpoint_every >= 1 and checkpoint_in_steps 0 or 1, got epoch " + epoch + ", step "
          + step + ", epoch_correct " + correct + ", checkpoint_every " + every + ", checkpoint_in_steps " + inSteps);
    }
    if (c.columns().size() < FIXED.size() || !c.columns().subList(0, FIXED.size()).equals(FIXED)) {
      throw new CheckpointFileException(file, 0, "expected the metrics columns to start with " + FIXED + ", got "
          + c.columns());
    }
    if (c.rows().size() != epoch + 1) {
      throw new CheckpointFileException(file, 0, "expected " + (epoch + 1) + " metrics rows (epochs 0.." + epoch
          + "), got " + c.rows().size());
    }
    List<EpochMetrics> metrics = new ArrayList<>();
    for (int r = 0; r < c.rows().size(); r++) {
      double[] row = c.rows().get(r);
      long rowStep = (long) row[1];
      long previous = r == 0 ? 0 : metrics.get(r - 1).step();
      if (row[0] != r || row[1] != rowStep || rowStep < previous || rowStep > step) {
        throw new CheckpointFileException(file, 0, "metrics row " + (r + 1) + ": expected epoch " + r + " and a whole"
            + " step count in " + previous + ".." + step + ", got epoch " + row[0] + " and step " + row[1]);
      }
      Map<String, Double> extra = new LinkedHashMap<>();
      for (int k = FIXED.size(); k < row.length; k++) {
        extra.put(c.columns().get(k), row[k]);
      }
      metrics.add(new EpochMetrics(r, rowStep, row[2], row[3], row[4], row[5], extra));
    }
    boolean midEpoch = metrics.get(metrics.size() - 1).step() != step;
    Tensor lossSum = c.tensors().get(LOSS_SUM);
    if (midEpoch != (lossSum != null) || (!midEpoch && correct != 0)) {
      throw new CheckpointFileException(file, 0, "step " + step + " is " + (midEpoch ? "inside" : "at the end of")
          + " epoch " + (midEpoch ? epoch + 1 : epoch) + ", so expected " + (midEpoch ? "a " : "no ") + LOSS_SUM
          + (midEpoch ? "" : " and epoch_correct 0") + ", got " + (lossSum == null ? "none" : "one")
          + " and epoch_correct " + correct);
    }
    Map<String, Tensor> weights = new LinkedHashMap<>();
    List<Map<String, Tensor>> optimizer = new ArrayList<>();
    for (String name : names) {
      weights.put(name, c.tensors().get("weights/" + name));
      Map<String, Tensor> state = new LinkedHashMap<>();
      for (String s : List.of("momentum_buffer", "step", "exp_avg", "exp_avg_sq")) {
        Tensor t = c.tensors().get("optimizer/" + name + "/" + s);
        if (t != null) {
          state.put(s, t);
        }
      }
      // after a step, the optimiser holds all of its state for every parameter; a missing block would
      // silently restart (say) the momentum from zero and the run would not be the one it claims to be
      java.util.Set<String> expected = step == 0 ? Set.of() : optimizerOfRun.stateNames();
      if (!state.keySet().equals(expected)) {
        List<String> missing = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        expected.stream().sorted().filter(n -> !state.containsKey(n)).forEach(n -> missing.add("optimizer/" + name
            + "/" + n));
        state.keySet().stream().filter(n -> !expected.contains(n)).forEach(n -> extra.add("optimizer/" + name + "/"
            + n));
        throw new CheckpointFileException(file, 0, "incomplete optimiser state for " + optimizerOfRun.describe()
            + " at step " + step + ": " + (missing.isEmpty() ? "" : "missing " + String.join(", ", missing))
            + (missing.isEmpty() || extra.isEmpty() ? "" : "; ") + (extra.isEmpty() ? "" : "unexpected "
            + String.join(", ", extra)));
      }
      optimizer.add(state);
    }
    List<Tensor> history = new ArrayList<>();
    if (kernels) {
      for (int e = 0; e <= epoch; e++) {
        Tensor t = c.tensors().get("kernels/" + e);
        if (t == null) {
          throw new CheckpointFileException(file, 0, "expected the kernel of every epoch 0.." + epoch + ", but kernels/"
              + e + " is missing");
        }
        history.add(t);
      }
      for (String name : c.tensors().keySet()) {
        if (name.startsWith("kernels/") && Long.parseLong(name.substring("kernels/".length())) > epoch) {
          throw new CheckpointFileException(file, 0, name + " lies beyond the checkpoint's epoch " + epoch);
        }
      }
    }
    TrainingState state = new TrainingState((int) epoch, step, metrics, midEpoch ? lossSum.data()[0] : 0.0, correct);
    return new Saved(state, new CheckpointInterval(every, inSteps == 1), weights, optimizer, history,
        c.counters().get(CONFIG_DIGEST));
  }

  /**
   * Loads {@code saved} into {@code trainer}: the weights into its model's parameters, the optimiser
   * state into its optimiser and the kernel history into its {@link KernelHistory}.
   *
   * @param trainer modified
   * @throws CheckpointFileException naming {@code file} when the optimiser state does not fit this optimiser
   */
  public static void load(Path file, Saved saved, Trainer trainer) throws CheckpointFileException {
    List<Parameter> parameters = trainer.model().parameters();
    try {
      trainer.optimizer().loadState(parameters, saved.optimizerState());
    } catch (IllegalArgumentException e) {
      throw new CheckpointFileException(file, 0, "the optimiser state does not fit the run's optimiser "
          + trainer.optimizer().describe() + ": " + e.getMessage());
    }
    int i = 0;
    for (Tensor w : saved.weights().values()) {
      double[] target = parameters.get(i++).value().data();
      System.arraycopy(w.data(), 0, target, 0, target.length);
    }
    KernelHistory history = kernelHistory(trainer);
    if (history != null) {
      history.restore(saved.kernelHistory());
    }
  }

  /** The trainer's kernel history listener, or null. */
  static KernelHistory kernelHistory(Trainer trainer) {
    for (TrainingListener l : trainer.listeners()) {
      if (l instanceof KernelHistory h) {
        return h;
      }
    }
    return null;
  }
}
