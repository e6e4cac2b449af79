package org.minicnn.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.minicnn.engine.Layer;
import org.minicnn.engine.Parameter;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.engine.losses.MeanSquaredError;
import org.minicnn.training.optim.Sgd;
import org.junit.jupiter.api.Test;

class TrainerTest {

  /** Rounding of a handful of double operations. */
  private static final double TOLERANCE = 1e-12;

  /** A 1×1 convolution without bias: y = w·x per pixel, the smallest trainable model. */
  static Conv2D scale(double w) {
    Conv2D conv = new Conv2D(1, 1, 1).useBias(false);
    conv.setWeights(Tensor.of(new double[] {w}, 1, 1, 1, 1), null);
    return conv;
  }

  /** n samples of one pixel with values 1..n, shape [n, 1, 1, 1]. */
  static Tensor ramp(int n, double factor) {
    double[] data = new double[n];
    for (int i = 0; i < n; i++) {
      data[i] = factor * (i + 1);
    }
    return Tensor.of(data, n, 1, 1, 1);
  }

  @Test
  void recordsEpochZeroThenOneRowPerEpochWithStepCounts() {
    Conv2D conv = scale(0.0);
    TrainingState state = new Trainer(new Sequential().add(conv), new MeanSquaredError(), new Sgd(0.01))
        .epochs(3).batchSize(4).seed(1).validation(ramp(2, 1), ramp(2, 2))
        .fit(ramp(10, 1), ramp(10, 2));
    assertEquals(3, state.epoch());
    assertEquals(9, state.step());                          // ceil(10 / 4) = 3 batches per epoch
    assertEquals(4, state.history().size());
    EpochMetrics start = state.history().get(0);
    // w = 0: loss = mean((2x)²) over x = 1..10 = 4·38.5; validation over x = 1, 2: 4·2.5
    assertEquals(4 * 38.5, start.loss(), TOLERANCE);
    assertEquals(10.0, start.valLoss(), TOLERANCE);
    assertEquals(0, start.step());
    assertTrue(Double.isNaN(start.accuracy()));
    assertTrue(state.last().valLoss() < 0.01 * start.valLoss(), state.last().toString());
  }

  @Test
  void oneFullBatchStepIsPlainGradientDescent() {
    Conv2D conv = scale(0.5);
    new Trainer(conv, new MeanSquaredError(), new Sgd(0.1)).epochs(1).batchSize(2)
        .fit(Tensor.of(new double[] {1, 2}, 2, 1, 1, 1), Tensor.of(new double[] {2, 4}, 2, 1, 1, 1));
    // dL/dw = mean(2·(w·x − t)·x) = (2·(−1.5)·1 + 2·(−3)·2) / 2 = −7.5; w = 0.5 + 0.75
    assertEquals(1.25, conv.kernel().get(0, 0, 0, 0), TOLERANCE);
  }

  @Test
  void sameSeedGivesBitIdenticalWeightsAndAnotherSeedDiffers() {
    double a = trainWithSeed(7);
    assertEquals(a, trainWithSeed(7), 0.0);
    assertNotEquals(a, trainWithSeed(8));
  }

  private static double trainWithSeed(long seed) {
    Conv2D conv = scale(0.0);
    new Trainer(conv, new MeanSquaredError(), new Sgd(0.001).momentum(0.9)).epochs(2).batchSize(3).seed(seed)
        .fit(ramp(10, 1), ramp(10, 2));
    return conv.kernel().get(0, 0, 0, 0);
  }

  @Test
  void permutationIsAShuffleThatDependsOnlyOnSeedAndEpoch() {
    int[] p = Batches.permutation(50, 3, 2);
    assertArrayEquals(p, Batches.permutation(50, 3, 2));
    assertFalse(Arrays.equals(p, Batches.permutation(50, 3, 3)));
    assertFalse(Arrays.equals(p, Batches.permutation(50, 4, 2)));
    int[] sorted = p.clone();
    Arrays.sort(sorted);
    assertArrayEquals(Batches.identity(50), sorted);
  }

  @Test
  void resumingFromAStateContinuesExactlyLikeAnUninterruptedRun() {
    Conv2D straight = scale(0.0);
    Sgd straightSgd = new Sgd(0.001).momentum(0.9);
    new Trainer(straight, new MeanSquaredError(), straightSgd).epochs(5).batchSize(3).seed(5)
        .fit(ramp(10, 1), ramp(10, 2));

    Conv2D first = scale(0.0);
    Sgd firstSgd = new Sgd(0.001).momentum(0.9);
    TrainingState state = new Trainer(first, new MeanSquaredError(), firstSgd).epochs(2).batchSize(3).seed(5)
        .fit(ramp(10, 1), ramp(10, 2));
    Conv2D resumed = scale(first.kernel().get(0, 0, 0, 0));
    Sgd resumedSgd = new Sgd(0.001).momentum(0.9);
    resumedSgd.loadState(resumed.parameters(), firstSgd.state(first.parameters()));
    TrainingState copy = new TrainingState(state.epoch(), state.step(), state.history());
    new Trainer(resumed, new MeanSquaredError(), resumedSgd).epochs(5).batchSize(3).seed(5)
        .fit(ramp(10, 1), ramp(10, 2), copy);

    assertEquals(straight.kernel().get(0, 0, 0, 0), resumed.kernel().get(0, 0, 0, 0), 0.0);
    assertEquals(20, copy.step());                            // 4 batches per epoch
    assertEquals(6, copy.history().size());
  }

  /** Labels 0/1 for the sign of a 1×1 convolution's output: x·(−1)^i, label 1 for positive. */
  private static Tensor[] signs(int n) {
    double[] x = new double[n];
    double[] labels = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = (i % 3 == 0 ? -1 : 1) * 0.1 * (i + 1);
      labels[i] = x[i] > 0 ? 1 : 0;
    }
    return new Tensor[] {Tensor.of(x, n, 1, 1, 1), Tensor.of(labels, n, 1, 1, 1)};
  }

  @Test
  void resumingBetweenTwoStepsOfAnEpochContinuesExactlyWithItsLossAndAccuracy() {
    Tensor[] data = signs(10);
    Conv2D straight = scale(-0.5);
    Sgd straightSgd = new Sgd(0.05).momentum(0.9);
    TrainingState done = new Trainer(straight, new MeanSquaredError(), straightSgd).epochs(4).batchSize(3).seed(3)
        .labelled(true).fit(data[0], data[1]);

    // save everything after step 6: two of the four batches of epoch 2
    double[] savedWeight = new double[1];
    List<java.util.Map<String, Tensor>> savedSgd = new ArrayList<>();
    TrainingState[] saved = new TrainingState[1];
    Conv2D first = scale(-0.5);
    Sgd firstSgd = new Sgd(0.05).momentum(0.9);
    new Trainer(first, new MeanSquaredError(), firstSgd).epochs(4).batchSize(3).seed(3).labelled(true)
        .listener(new TrainingListener() {
          @Override
          public void onCheckpoint(Trainer trainer, TrainingState state) {
            if (state.step() == 6) {
              saved[0] = new TrainingState(state.epoch(), state.step(), state.history(), state.epochLossSum(),
                  state.epochCorrect());
              savedWeight[0] = first.kernel().get(0, 0, 0, 0);
              savedSgd.addAll(firstSgd.state(first.parameters()));
            }
          }
        })
        .fit(data[0], data[1]);
    assertEquals(1, saved[0].epoch());
    assertEquals(2, saved[0].stepsIntoEpoch());
    assertTrue(saved[0].epochLossSum() > 0 && saved[0].epochCorrect() > 0, saved[0].epochLossSum() + " "
        + saved[0].epochCorrect());

    Conv2D resumed = scale(savedWeight[0]);
    Sgd resumedSgd = new Sgd(0.05).momentum(0.9);
    resumedSgd.loadState(resumed.parameters(), savedSgd);
    TrainingState end = new Trainer(resumed, new MeanSquaredError(), resumedSgd).epochs(4).batchSize(3).seed(3)
        .labelled(true).fit(data[0], data[1], saved[0]);
    assertEquals(straight.kernel().get(0, 0, 0, 0), resumed.kernel().get(0, 0, 0, 0), 0.0);
    assertEquals(16, end.step());
    assertEquals(done.history(), end.history());   // records compare every double exactly (NaN included)
  }

  @Test
  void aStateBeyondTheLastBatchOfItsEpochIsRefused() {
    TrainingState tooFar = new TrainingState(0, 4, List.of(new EpochMetrics(0, 0, 1, 1, Double.NaN, Double.NaN,
        java.util.Map.of())), 1.0, 0);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new Trainer(scale(0), new MeanSquaredError(), new Sgd(0.1)).epochs(2).batchSize(3)
            .fit(ramp(10, 1), ramp(10, 2), tooFar));
    assertEquals("Trainer: the state to continue from is 4 steps into epoch 1, but an epoch has 4 batches (10 samples"
        + " in batches of 3)", e.getMessage());
  }

  @Test
  void listenersHearEveryStepThenTheEpoch() {
    List<String> heard = new ArrayList<>();
    new Trainer(scale(0.0), new MeanSquaredError(), new Sgd(0.01)).epochs(2).batchSize(6)
        .listener(new TrainingListener() {
          @Override
          public void onStep(StepEvent e) {
            heard.add("step " + e.step() + " epoch " + e.epoch() + " batch " + e.batch() + "/" + e.batchesPerEpoch());
          }

          @Override
          public void onEpoch(EpochMetrics m) {
            heard.add("epoch " + m.epoch());
          }
        })
        .fit(ramp(10, 1), ramp(10, 2));
    assertEquals(List.of("epoch 0", "step 1 epoch 1 batch 1/2", "step 2 epoch 1 batch 2/2", "epoch 1",
        "step 3 epoch 2 batch 1/2", "step 4 epoch 2 batch 2/2", "epoch 2"), heard);
  }

  @Test
  void earlyStopEndsTrainingWhenItsConditionHolds() {
    TrainingState state = new Trainer(scale(0.0), new MeanSquaredError(), new Sgd(0.01)).epochs(100).batchSize(10)
        .earlyStop(EarlyStop.when("loss", loss -> loss < 1.0))
        .fit(ramp(10, 1), ramp(10, 2));
    assertTrue(state.epoch() < 100);
    assertTrue(state.last().loss() < 1.0);
    assertTrue(state.history().get(state.epoch() - 1).loss() >= 1.0);
  }

  @Test
  void patienceStopsAfterThatManyEpochsWithoutImprovement() {
    // lr so small that the loss does not move by more than minDelta
    TrainingState state = new Trainer(scale(0.0), new MeanSquaredError(), new Sgd(1e-12)).epochs(50).batchSize(10)
        .earlyStop(EarlyStop.patience("loss", 3, 1e-3))
        .fit(ramp(10, 1), ramp(10, 2));
    assertEquals(3, state.epoch());
  }

  @Test
  void anInfiniteLossStopsTrainingNamingTheStepAndTheLargestWeight() {
    Sequential model = new Sequential().add(scale(1.0));
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> new Trainer(model, new MeanSquaredError(), new Sgd(1.0)).epochs(5).batchSize(1)
            .fit(Tensor.of(new double[] {1e150}, 1, 1, 1, 1), Tensor.zeros(1, 1, 1, 1)));
    // step 1: loss (w·x)² = 1e300, gradient 2·(w·x)·x ≈ 2e300, w = 1 − 2e300 ≈ −2e300 (finite);
    // step 2: the prediction −2e300·1e150 overflows, so the loss is infinite and the message names the weight
    String prefix = "training diverged at step 2 (epoch 2, batch 1 of 1): the loss is Infinity (largest weight:"
        + " conv2d/kernel at [0, 0, 0, 0] = ";
    String suffix = "); try a smaller learning rate";
    assertTrue(e.getMessage().startsWith(prefix) && e.getMessage().endsWith(suffix), e.getMessage());
    String message = e.getMessage();
    double weight = Double.parseDouble(message.substring(prefix.length(), message.length() - suffix.length()));
    assertEquals(-2e300, weight, 1e285);
    assertEquals(2, e.step());
  }

  @Test
  void aNaNGradientStopsTrainingNamingTheParameter() {
    Sequential model = new Sequential().add(scale(1.0)).add(new NaNGradient());
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> new Trainer(model, new MeanSquaredError(), new Sgd(0.1)).epochs(1).batchSize(2)
            .fit(ramp(4, 1), ramp(4, 1)));
    assertEquals("training diverged at step 1 (epoch 1, batch 1 of 2): gradient of na_n_gradient/w is NaN at [1];"
        + " try a smaller learning rate", e.getMessage());
  }

  @Test
  void aBareLayerIsNamedAsInSequentialAndWeightFiles() {
    // the same name "na_n_gradient/w" as inside a Sequential (and in a weights file), not the class name
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> new Trainer(new NaNGradient(), new MeanSquaredError(), new Sgd(0.1)).epochs(1).batchSize(4)
            .fit(ramp(4, 1), ramp(4, 1)));
    assertEquals("training diverged at step 1 (epoch 1, batch 1 of 1): gradient of na_n_gradient/w is NaN at [1];"
        + " try a smaller learning rate", e.getMessage());
  }

  /** Identity forward whose backward writes NaN into element 1 of its parameter's gradient. */
  private static final class NaNGradient implements Layer {
    private final Parameter w = new Parameter("w", Tensor.zeros(2));

    @Override
    public Tensor forward(Tensor input) {
      return input;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
      w.grad().data()[1] = Double.NaN;
      return gradOutput;
    }

    @Override
    public List<Parameter> parameters() {
      return List.of(w);
    }

    @Override
    public int[] outputShape(int... inputShape) {
      return inputShape;
    }
  }

  @Test
  void accuracyComparesArgMaxOrTheSignOfOneLogitWithTheLabels() {
    Tensor logits = Tensor.of(new double[] {2, 1, 0, 3, -1, 5}, 3, 2);
    assertEquals(2, Trainer.countCorrect(logits, Tensor.of(new double[] {0, 1, 0}, 3)));
    Tensor single = Tensor.of(new double[] {0.3, -0.2, 4}, 3, 1);
    assertEquals(3, Trainer.countCorrect(single, Tensor.of(new double[] {1, 0, 1}, 3)));
  }

  @Test
  void mismatchedInputsAndTargetsAreRefusedWithTheirShapes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Trainer(scale(0), new MeanSquaredError(), new Sgd(0.1)).fit(ramp(3, 1), ramp(4, 1)));
    assertEquals("Trainer.fit: expected as many targets as inputs (first axis), got inputs [3, 1, 1, 1]"
        + " and targets [4, 1, 1, 1]", e.getMessage());
  }
}
