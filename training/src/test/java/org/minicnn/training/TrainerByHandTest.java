package org.minicnn.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minicnn.training.TrainerTest.ramp;
import static org.minicnn.training.TrainerTest.scale;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.engine.losses.MeanSquaredError;
import org.minicnn.training.optim.Sgd;

/**
 * The metrics {@link Trainer#fit} records and the moments it tells its listeners, against values worked out by hand
 * on a model of one weight: a 1×1 convolution without bias, {@code y = w·x}, trained with the mean squared error.
 */
class TrainerByHandTest {

  /** Rounding of a few dozen double operations. */
  private static final double TOLERANCE = 1e-12;

  /**
   * A learning rate that cannot move a weight of magnitude 1 with gradients below 1e16: every epoch then sees the
   * same weight, and its metrics are those of that weight.
   */
  private static final double FROZEN = 1e-300;

  private static Tensor column(double... values) {
    return Tensor.of(values, values.length, 1, 1, 1);
  }

  @Test
  void anEpochsLossIsTheMeanOfItsBatchLossesWeightedByBatchSize() {
    // w = 1, x = 1..5, t = 0: per-sample losses 1, 4, 9, 16, 25. Batches of 2 in order have mean losses 2.5, 12.5
    // and 25 for 2, 2 and 1 samples: (2·2.5 + 2·12.5 + 1·25) / 5 = 11.
    Conv2D conv = scale(1.0);
    TrainingState state = new Trainer(conv, new MeanSquaredError(), new Sgd(FROZEN)).epochs(2).batchSize(2)
        .shuffle(false).fit(ramp(5, 1), column(0, 0, 0, 0, 0));
    assertEquals(1.0, conv.kernel().get(0, 0, 0, 0));
    assertEquals(3, state.history().size());
    for (EpochMetrics epoch : state.history()) {
      assertEquals(11.0, epoch.loss(), TOLERANCE, epoch.toString());
      assertTrue(Double.isNaN(epoch.accuracy()), epoch.toString());
    }
  }

  @Test
  void anEpochsLossIsMeasuredWithTheWeightsOfEachStep() {
    // t = 2x, w = 0, learning rate 0.01, batches {1, 2} and {3}.
    // Epoch 1: batch 1 has losses 4, 16 (mean 10) and gradient mean(2·(−2)·1, 2·(−4)·2) = −10, so w = 0.1;
    // batch 2 has loss (0.3 − 6)² = 32.49 and gradient 2·(−5.7)·3 = −34.2, so w = 0.442.
    // The epoch's loss is (2·10 + 1·32.49) / 3.
    Conv2D conv = scale(0.0);
    TrainingState state = new Trainer(conv, new MeanSquaredError(), new Sgd(0.01)).epochs(2).batchSize(2)
        .shuffle(false).fit(ramp(3, 1), ramp(3, 2));
    assertEquals((4 + 16 + 36) / 3.0, state.history().get(0).loss(), TOLERANCE);
    assertEquals((2 * 10 + 32.49) / 3, state.history().get(1).loss(), TOLERANCE);
    // Epoch 2 the same way from w = 0.442.
    double w = 0.442;
    double batch1 = (Math.pow(w - 2, 2) + Math.pow(2 * w - 4, 2)) / 2;
    w -= 0.01 * (2 * (w - 2) * 1 + 2 * (2 * w - 4) * 2) / 2;
    double batch2 = Math.pow(3 * w - 6, 2);
    w -= 0.01 * 2 * (3 * w - 6) * 3;
    assertEquals((2 * batch1 + batch2) / 3, state.history().get(2).loss(), TOLERANCE);
    assertEquals(w, conv.kernel().get(0, 0, 0, 0), TOLERANCE);
  }

  @Test
  void anEpochsAccuracyIsTheShareOfSamplesWhoseSignMatchesTheirLabel() {
    // w = 1: outputs 1, −2, 3, −4, 5 guess 1, 0, 1, 0, 1 against labels 1, 1, 0, 0, 1: 3 of 5 right.
    // Losses (w·x − label)²: 0, 9, 9, 16, 16, mean 10. Validation: −1, 2 guess 0, 1 against 0, 0: 1 of 2;
    // losses 1, 4, mean 2.5.
    TrainingState state = new Trainer(scale(1.0), new MeanSquaredError(), new Sgd(FROZEN)).epochs(2).batchSize(2)
        .shuffle(false).labelled(true).validation(column(-1, 2), column(0, 0))
        .fit(column(1, -2, 3, -4, 5), column(1, 1, 0, 0, 1));
    assertEquals(3, state.history().size());
    for (EpochMetrics epoch : state.history()) {
      assertEquals(0.6, epoch.accuracy(), TOLERANCE, epoch.toString());
      assertEquals(10.0, epoch.loss(), TOLERANCE, epoch.toString());
      assertEquals(0.5, epoch.valAccuracy(), TOLERANCE, epoch.toString());
      assertEquals(2.5, epoch.valLoss(), TOLERANCE, epoch.toString());
    }
  }

  @Test
  void aWeightThatOverflowsInTheUpdateStopsTrainingAtThatStep() {
    // Loss (1 − 3)² = 4 and gradient 2·(1 − 3)·1 = −4 are finite; w = 1 + 1e308·4 is not.
    Sequential model = new Sequential().add(scale(1.0));
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> new Trainer(model, new MeanSquaredError(), new Sgd(1e308)).epochs(3).batchSize(1)
            .fit(column(1), column(3)));
    assertEquals(1, e.step());
    String expected = "training diverged at step 1 (epoch 1, batch 1 of 1): after the update, conv2d/kernel is Infinity"
        + " at [0, 0, 0, 0]";
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
  }

  /**
   * A listener hears each step, then a checkpoint after every step but an epoch's last; that one is saved once,
   * after the epoch's metrics are recorded, so that the checkpoint holds them.
   */
  @Test
  void theCheckpointOfAnEpochsLastStepComesOnceAfterItsMetrics() {
    List<String> heard = new ArrayList<>();
    new Trainer(scale(1.0), new MeanSquaredError(), new Sgd(0.01)).epochs(2).batchSize(2).shuffle(false)
        .listener(new TrainingListener() {
          @Override
          public void onStep(StepEvent event) {
            heard.add("step " + event.step() + " (epoch " + event.epoch() + ", batch " + event.batch() + ")");
          }

          @Override
          public void onEpoch(EpochMetrics metrics) {
            heard.add("epoch " + metrics.epoch());
          }

          @Override
          public void onCheckpoint(Trainer trainer, TrainingState state) {
            heard.add("checkpoint at step " + state.step() + " with " + state.history().size() + " epochs recorded");
          }
        })
        .fit(ramp(4, 1), ramp(4, 2));
    assertEquals(List.of(
        "epoch 0", "checkpoint at step 0 with 1 epochs recorded",
        "step 1 (epoch 1, batch 1)", "checkpoint at step 1 with 1 epochs recorded",
        "step 2 (epoch 1, batch 2)", "epoch 1", "checkpoint at step 2 with 2 epochs recorded",
        "step 3 (epoch 2, batch 1)", "checkpoint at step 3 with 2 epochs recorded",
        "step 4 (epoch 2, batch 2)", "epoch 2", "checkpoint at step 4 with 3 epochs recorded"), heard);
  }

  @Test
  void accuracyTakesTheArgMaxOfEachRowAndTheFirstOfTiedClasses() {
    // Three rows of three classes, the largest at 2, 1 and 0; the last row ties classes 0 and 1 (NumPy's argmax
    // takes the first).
    Tensor logits = Tensor.of(new double[] {0, 1, 5, 2, 7, -1, 4, 4, 0}, 3, 3);
    assertEquals(3, Trainer.countCorrect(logits, Tensor.of(new double[] {2, 1, 0}, 3)));
    assertEquals(0, Trainer.countCorrect(logits, Tensor.of(new double[] {0, 2, 1}, 3)));
    // One logit: a positive one says class 1, zero or below class 0.
    assertEquals(3, Trainer.countCorrect(Tensor.of(new double[] {0, 1e-300, -2}, 3, 1),
        Tensor.of(new double[] {0, 1, 0}, 3)));
  }

  @Test
  void anOverflowingLossNamesTheWeightOfLargestMagnitudeTheFirstOfEqualOnes() {
    // y = b·(a·x) with x = 1 and target 0: (a·b)² overflows at the first step although a and b are finite.
    assertTrue(overflowMessage(2e100, -3e100).contains("(largest weight: conv2d_1/kernel at [0, 0, 0, 0] = -3.0E100)"),
        overflowMessage(2e100, -3e100));
    assertTrue(overflowMessage(3e100, -3e100).contains("(largest weight: conv2d/kernel at [0, 0, 0, 0] = 3.0E100)"),
        overflowMessage(3e100, -3e100));
  }

  private static String overflowMessage(double a, double b) {
    Sequential model = new Sequential().add(scale(a)).add(scale(b));
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> new Trainer(model, new MeanSquaredError(), new Sgd(0.1)).epochs(1).batchSize(1)
            .fit(column(1), column(0)));
    assertTrue(e.getMessage().startsWith("training diverged at step 1 (epoch 1, batch 1 of 1): the loss is Infinity"),
        e.getMessage());
    return e.getMessage();
  }
}
