package org.minicnn.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.minicnn.training.TrainerTest.ramp;
import static org.minicnn.training.TrainerTest.scale;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.engine.losses.MeanSquaredError;
import org.minicnn.training.optim.Sgd;

/** How a {@link Trainer} is set up: its arguments, what it hands back, measurements, and resuming through listeners. */
class TrainerSetupTest {

  @Test
  void aMissingModelLossOrOptimizerIsNamed() {
    Conv2D model = scale(1);
    MeanSquaredError loss = new MeanSquaredError();
    Sgd sgd = new Sgd(0.1);
    assertEquals("Trainer: expected a model, a loss and an optimizer, got no model, a loss and an optimizer",
        assertThrows(IllegalArgumentException.class, () -> new Trainer(null, loss, sgd)).getMessage());
    assertEquals("Trainer: expected a model, a loss and an optimizer, got a model, no loss and an optimizer",
        assertThrows(IllegalArgumentException.class, () -> new Trainer(model, null, sgd)).getMessage());
    assertEquals("Trainer: expected a model, a loss and an optimizer, got a model, a loss and no optimizer",
        assertThrows(IllegalArgumentException.class, () -> new Trainer(model, loss, null)).getMessage());
  }

  @Test
  void itHandsBackWhatItWasGiven() {
    Conv2D model = scale(1);
    Sgd sgd = new Sgd(0.1);
    TrainingListener first = new TrainingListener() {};
    TrainingListener second = new TrainingListener() {};
    Trainer trainer = new Trainer(model, new MeanSquaredError(), sgd).epochs(7).listener(first).listener(second);
    assertEquals(7, trainer.epochs());
    assertSame(model, trainer.model());
    assertSame(sgd, trainer.optimizer());
    assertEquals(List.of(first, second), trainer.listeners());
    assertThrows(UnsupportedOperationException.class, () -> trainer.listeners().clear());
  }

  @Test
  void validationDataMustPairInputsWithTargets() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Trainer(scale(0), new MeanSquaredError(), new Sgd(0.1)).validation(ramp(3, 1), ramp(4, 1)));
    assertEquals("Trainer.validation: expected as many targets as inputs (first axis), got inputs [3, 1, 1, 1]"
        + " and targets [4, 1, 1, 1]", e.getMessage());
  }

  @Test
  void measurementsAreRecordedWithEachEpochsMetrics() {
    Conv2D conv = scale(0.0);
    TrainingState state = new Trainer(conv, new MeanSquaredError(), new Sgd(0.01))
        .measure(model -> Map.of("w", conv.kernel().get(0, 0, 0, 0))).epochs(2).batchSize(3).shuffle(false)
        .fit(ramp(3, 1), ramp(3, 2));
    // One full batch per epoch: dL/dw = mean(2·(w·x − 2x)·x) = 2·(w − 2)·14/3, so w = 0 + 0.01·56/3 after epoch 1.
    assertEquals(0.0, state.history().get(0).get("w"));
    assertEquals(0.01 * 56 / 3, state.history().get(1).get("w"), 1e-15);
    assertEquals(conv.kernel().get(0, 0, 0, 0), state.history().get(2).get("w"));
  }

  /** A listener that restores {@code saved} and notes every call. */
  private static TrainingListener restoring(TrainingState saved, List<String> heard) {
    return new TrainingListener() {
      @Override
      public TrainingState restore(Trainer trainer) {
        heard.add("restore");
        return saved;
      }
    };
  }

  private static EpochMetrics metrics(int epoch, long step, double loss) {
    return new EpochMetrics(epoch, step, loss, Double.NaN, Double.NaN, Double.NaN, Map.of());
  }

  @Test
  void aFreshRunContinuesFromTheStateAListenerRestores() {
    // Two epochs of 2 batches were saved (with made-up losses); the third is trained.
    List<EpochMetrics> saved = List.of(metrics(0, 0, 40), metrics(1, 2, 30), metrics(2, 4, 20));
    List<String> heard = new ArrayList<>();
    TrainingState done = new Trainer(scale(0.5), new MeanSquaredError(), new Sgd(0.01)).epochs(3).batchSize(2)
        .listener(new TrainingListener() {}).listener(restoring(new TrainingState(2, 4, saved), heard))
        .fit(ramp(4, 1), ramp(4, 2));
    assertEquals(List.of("restore"), heard);
    assertEquals(3, done.epoch());
    assertEquals(6, done.step());
    assertEquals(saved, done.history().subList(0, 3));
    assertEquals(3, done.history().get(3).epoch());
  }

  @Test
  void aRunGivenAStateIsNotRestoredAgain() {
    List<String> heard = new ArrayList<>();
    TrainingState given = new TrainingState(1, 2, List.of(metrics(0, 0, 40), metrics(1, 2, 30)));
    TrainingState done = new Trainer(scale(0.5), new MeanSquaredError(), new Sgd(0.01)).epochs(2).batchSize(2)
        .listener(restoring(new TrainingState(5, 10, List.of()), heard)).fit(ramp(4, 1), ramp(4, 2), given);
    assertEquals(List.of(), heard);
    assertEquals(2, done.epoch());
    assertEquals(4, done.step());
  }

  @Test
  void twoListenersRestoringAreRefusedAndOneAmongOthersIsTaken() {
    TrainingState saved = new TrainingState(1, 2, List.of(metrics(0, 0, 1), metrics(1, 2, 1)));
    Trainer trainer = new Trainer(scale(0.5), new MeanSquaredError(), new Sgd(0.01));
    List<String> heard = new ArrayList<>();
    TrainingListener none = new TrainingListener() {};
    assertSame(saved, Trainer.restoreFrom(List.of(none, restoring(saved, heard), none), trainer));
    assertEquals(null, Trainer.restoreFrom(List.of(none, none), trainer));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Trainer.restoreFrom(
        List.of(restoring(saved, heard), none, restoring(saved, heard)), trainer));
    assertEquals("Trainer: two listeners restore a saved state; expected at most one", e.getMessage());
  }
}
