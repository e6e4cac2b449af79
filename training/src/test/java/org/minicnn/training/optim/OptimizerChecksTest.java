package org.minicnn.training.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.minicnn.training.optim.SgdTest.scalar;
import static org.minicnn.training.optim.SgdTest.stepWith;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.Parameter;
import org.minicnn.engine.Tensor;

/** What the optimisers accept at the edges of their hyper-parameters, what they refuse, and how they describe themselves. */
class OptimizerChecksTest {

  @Test
  void steppingNoListOfParametersIsRefused() {
    assertEquals("Sgd.step: expected a list of parameters, got null",
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1).step(null)).getMessage());
    assertEquals("Adam.step: expected a list of parameters, got null",
        assertThrows(IllegalArgumentException.class, () -> new Adam().step(null)).getMessage());
  }

  @Test
  void loadingStateWithoutParametersOrWithoutStateIsRefused() {
    List<Parameter> one = List.of(scalar(1));
    assertEquals("Sgd.loadState: expected one state per parameter (null), got 1", assertThrows(
        IllegalArgumentException.class, () -> new Sgd(0.1).loadState(null, List.of(Map.of()))).getMessage());
    assertEquals("Adam.loadState: expected one state per parameter (1), got null", assertThrows(
        IllegalArgumentException.class, () -> new Adam().loadState(one, null)).getMessage());
  }

  @Test
  void sgdReportsItsSettings() {
    Sgd sgd = new Sgd(0.25).momentum(0.5).nesterov(true).weightDecay(0.0);
    assertEquals(0.25, sgd.learningRate());
    assertEquals(0.5, sgd.momentum());
    assertEquals("sgd(lr=0.25, momentum=0.5, nesterov=true, weight_decay=0.0)", sgd.describe());
  }

  @Test
  void zeroIsAValidWeightDecayAndAValidBeta() {
    // weight decay 0 is plain SGD: 1 − 0.5·0.25
    assertEquals(0.875, stepWith(new Sgd(0.5).weightDecay(0.0), scalar(1.0), 0.25));
    // β1 = β2 = 0: m = g, v = g², no bias correction (1 − 0^t = 1): p = 1 − 0.1·0.5/(0.5 + 1e-8)
    assertEquals(1 - 0.1 * 0.5 / (0.5 + 1e-8), stepWith(new Adam(0.1).betas(0.0, 0.0), scalar(1.0), 0.5), 1e-15);
  }

  @Test
  void adamsEpsilonIsAddedToTheDenominator() {
    // first step: m̂ = 0.5, √v̂ = 0.5, so p = 1 − 0.1·0.5/(0.5 + 0.25) = 1 − 1/15
    Adam adam = new Adam(0.1).epsilon(0.25);
    assertEquals(1 - 0.1 * 0.5 / 0.75, stepWith(adam, scalar(1.0), 0.5), 1e-15);
    assertEquals("adam(lr=0.1, betas=(0.9, 0.999), eps=0.25, weight_decay=0.0)", adam.describe());
  }

  @Test
  void anEmptyStateIsAFreshStart() {
    Sgd sgd = new Sgd(0.5).momentum(0.9);
    Parameter p = scalar(1.0);
    stepWith(sgd, p, 1.0);
    sgd.loadState(List.of(p), List.of(Map.of()));
    // with the momentum buffer gone, the next step starts it again from the gradient: 0.5 − 0.5·0.25
    assertEquals(0.375, stepWith(sgd, p, 0.25));
    Map<String, Tensor> state = sgd.state(List.of(p)).get(0);
    assertEquals(java.util.Set.of("momentum_buffer"), state.keySet());
    assertEquals(0.25, state.get("momentum_buffer").get(0));
  }

  @Test
  void divergenceAdviceNamesTheWeightDecayExactlyFromItsLimitOn() {
    // Plain SGD: the decay alone diverges once lr·λ ≥ 2(1 + μ).
    assertEquals("the weight decay is the cause: lr × weight_decay = 2.0 >= 2.0, beyond which the decay alone makes"
        + " the weights grow; use a weight decay below 2.0", new Sgd(1).weightDecay(2).divergenceAdvice());
    assertEquals("try a smaller learning rate (or weight decay)", new Sgd(1).weightDecay(1.5).divergenceAdvice());
    assertEquals("the weight decay is the cause: lr × weight_decay = 3.0 >= 3.0, beyond which the decay alone makes"
        + " the weights grow; use a weight decay below 3.0", new Sgd(1).momentum(0.5).weightDecay(3).divergenceAdvice());
    // Nesterov: 2(1 + μ)/(1 + 2μ) = 1.5 for μ = 0.5, reached by lr 0.5 and λ 3.
    assertEquals("the weight decay is the cause: lr × weight_decay = 1.5 >= 1.5, beyond which the decay alone makes"
        + " the weights grow; use a weight decay below 3.0",
        new Sgd(0.5).momentum(0.5).nesterov(true).weightDecay(3).divergenceAdvice());
    assertEquals("try a smaller learning rate", new Sgd(1).divergenceAdvice());
    assertEquals("try a smaller learning rate or weight decay (0.25)", new Adam().weightDecay(0.25).divergenceAdvice());
    assertEquals("try a smaller learning rate", new Adam().divergenceAdvice());
  }

  @Test
  void stateNamesAreThoseTheOptimiserKeeps() {
    assertEquals(java.util.Set.of(), new Sgd(0.1).stateNames());
    assertEquals(java.util.Set.of("momentum_buffer"), new Sgd(0.1).momentum(0.5).stateNames());
    assertEquals(java.util.Set.of("step", "exp_avg", "exp_avg_sq"), new Adam().stateNames());
  }
}
