package org.minicnn.training.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.minicnn.training.optim.SgdTest.scalar;
import static org.minicnn.training.optim.SgdTest.stepWith;

import java.util.List;
import java.util.Map;
import org.minicnn.engine.Parameter;
import org.minicnn.engine.Tensor;
import org.junit.jupiter.api.Test;

/** Adam's updates worked out by hand from PyTorch's rule (torch.optim.Adam prints the same values). */
class AdamTest {

  /** Rounding of a few dozen double operations. */
  private static final double TOLERANCE = 1e-15;

  @Test
  void firstStepMovesByAboutTheLearningRateBecauseOfBiasCorrection() {
    Parameter p = scalar(1.0);
    // m = 0.1·0.5 = 0.05, v = 0.001·0.25; m̂ = 0.05/0.1 = 0.5, v̂ = 0.00025/0.001 = 0.25
    // p = 1 − 0.1·0.5/(0.5 + 1e-8)
    assertEquals(1 - 0.1 * 0.5 / (0.5 + 1e-8), stepWith(new Adam(0.1), p, 0.5), TOLERANCE);   // 0.900000002
  }

  @Test
  void secondStepUsesBothMomentsWithTheirBiasCorrections() {
    Adam adam = new Adam(0.1);
    Parameter p = scalar(1.0);
    double afterOne = stepWith(adam, p, 0.5);
    double m = 0.9 * 0.05 + 0.1 * -0.25;              // 0.02
    double v = 0.999 * 0.00025 + 0.001 * 0.0625;      // 0.00031225
    double mHat = m / (1 - 0.9 * 0.9);                // / 0.19
    double vHat = v / (1 - 0.999 * 0.999);            // / 0.001999
    double expected = afterOne - 0.1 * mHat / (Math.sqrt(vHat) + 1e-8);
    assertEquals(expected, stepWith(adam, p, -0.25), TOLERANCE);
    assertEquals(0.8733662987078463, p.value().get(0), TOLERANCE);   // torch.optim.Adam(lr=0.1)
    Map<String, Tensor> state = adam.state(List.of(p)).get(0);
    assertEquals(2.0, state.get("step").get(0));
    assertEquals(m, state.get("exp_avg").get(0), TOLERANCE);
    assertEquals(v, state.get("exp_avg_sq").get(0), TOLERANCE);
  }

  @Test
  void weightDecayIsAddedToTheGradientBeforeTheMoments() {
    Adam adam = new Adam(0.1).weightDecay(0.1);
    Parameter p = scalar(2.0);
    stepWith(adam, p, 0.5);        // g = 0.5 + 0.1·2 = 0.7, so the step is 0.1·0.7/(0.7 + 1e-8)
    assertEquals(2 - 0.1 * 0.7 / (0.7 + 1e-8), p.value().get(0), TOLERANCE);
    assertEquals(1.8395973867971898, stepWith(adam, p, -0.25), TOLERANCE);   // torch.optim.Adam(lr=0.1, weight_decay=0.1)
  }

  @Test
  void eachParameterCountsItsOwnSteps() {
    Adam adam = new Adam(0.1);
    Parameter a = scalar(1.0);
    Parameter b = scalar(1.0);
    stepWith(adam, a, 0.5);
    stepWith(adam, a, 0.5);
    assertEquals(0.900000002, stepWith(adam, b, 0.5), TOLERANCE);
    assertEquals(2.0, adam.state(List.of(a, b)).get(0).get("step").get(0));
    assertEquals(1.0, adam.state(List.of(a, b)).get(1).get("step").get(0));
  }

  @Test
  void loadedStateContinuesBitIdentically() {
    Adam original = new Adam(0.05);
    Parameter p = scalar(1.0);
    stepWith(original, p, 0.5);
    stepWith(original, p, -0.2);
    Adam resumed = new Adam(0.05);
    Parameter q = scalar(p.value().get(0));
    resumed.loadState(List.of(q), original.state(List.of(p)));
    assertEquals(stepWith(original, p, 0.7), stepWith(resumed, q, 0.7), 0.0);
  }

  @Test
  void partialStateIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Adam()
        .loadState(List.of(scalar(1)), List.of(Map.of("exp_avg", Tensor.zeros(1)))));
    assertEquals("Adam.loadState: parameter 0 (w[1]): expected state [step, exp_avg, exp_avg_sq] or none, got [exp_avg]",
        e.getMessage());
  }

  @Test
  void customBetasWeighTheMomentsAndTheirBiasCorrections() {
    Adam adam = new Adam(0.1).betas(0.5, 0.75);
    Parameter p = scalar(1.0);
    // step 1, g = 0.5: m = 0.5·0.5 = 0.25, v = 0.25·0.25 = 0.0625; m̂ = 0.25/0.5 = 0.5, v̂ = 0.0625/0.25 = 0.25
    assertEquals(1 - 0.1 * 0.5 / (0.5 + 1e-8), stepWith(adam, p, 0.5), TOLERANCE);
    // step 2, g = 1: m = 0.5·0.25 + 0.5·1 = 0.625, v = 0.75·0.0625 + 0.25·1 = 0.296875
    double mHat = 0.625 / (1 - 0.5 * 0.5);
    double vHat = 0.296875 / (1 - 0.75 * 0.75);
    double expected = 1 - 0.1 * 0.5 / (0.5 + 1e-8) - 0.1 * mHat / (Math.sqrt(vHat) + 1e-8);
    assertEquals(expected, stepWith(adam, p, 1.0), TOLERANCE);
    assertEquals(0.7988371734502562, p.value().get(0), TOLERANCE);   // torch.optim.Adam(lr=0.1, betas=(0.5, 0.75))
    Map<String, Tensor> state = adam.state(List.of(p)).get(0);
    assertEquals(0.625, state.get("exp_avg").get(0));
    assertEquals(0.296875, state.get("exp_avg_sq").get(0));
    assertEquals("adam(lr=0.1, betas=(0.5, 0.75), eps=1.0E-8, weight_decay=0.0)", adam.describe());
  }

  @Test
  void betasOutsideTheUnitIntervalAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Adam().betas(0.9, 1.0));
    assertEquals("Adam: beta2 must be in [0, 1), got 1.0", e.getMessage());
  }
}
