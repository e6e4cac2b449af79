package org.minicnn.training.optim;

import java.util.List;
import java.util.Map;
import org.minicnn.engine.Parameter;
import org.minicnn.engine.Tensor;

/**
 * Stochastic gradient descent with PyTorch's update rule ({@code torch.optim.SGD}, dampening 0).
 *
 * <p>For each parameter {@code p} with gradient {@code ∇}, learning rate {@code η}, weight decay
 * {@code λ} and momentum {@code μ}:
 * <pre>
 *   g = ∇ + λ·p
 *   b = g                      on the parameter's first step (μ ≠ 0)
 *   b = μ·b + g                afterwards
 *   g = b                      (plain momentum)  or  g = g + μ·b  (Nesterov)
 *   p = p − η·g
 * </pre>
 * With {@code μ = 0} this is {@code p = p − η·(∇ + λ·p)}. The momentum buffer {@code b} is the only
 * state, one per parameter ({@code momentum_buffer}).
 *
 * <pre>{@code
 * Optimizer sgd = new Sgd(0.01).momentum(0.9).nesterov(true);
 * sgd.step(model.parameters());
 * }</pre>
 */
public final class Sgd implements Optimizer {

  private static final String BUFFER = "momentum_buffer";

  private final double learningRate;
  private double momentum;
  private boolean nesterov;
  private double weightDecay;
  private final ParameterStates states = new ParameterStates("Sgd");

  /** @param learningRate η, finite and positive */
  public Sgd(double learningRate) {
    this.learningRate = Hyper.positive("Sgd", "learning rate", learningRate);
  }

  /** μ ≥ 0 (default 0: no momentum). */
  public Sgd momentum(double value) {
    this.momentum = Hyper.nonNegative("Sgd", "momentum", value);
    return this;
  }

  /** Nesterov momentum (default false); needs a momentum greater than 0 when stepping. */
  public Sgd nesterov(boolean value) {
    this.nesterov = value;
    return this;
  }

  /** λ ≥ 0, the L2 penalty added to the gradient (default 0). */
  public Sgd weightDecay(double value) {
    this.weightDecay = Hyper.nonNegative("Sgd", "weight decay", value);
    return this;
  }

  public double learningRate() {
    return learningRate;
  }

  public double momentum() {
    return momentum;
  }

  @Override
  public void step(List<Parameter> parameters) {
    Hyper.requireParameters("Sgd", parameters);
    if (nesterov && momentum == 0.0) {
      throw new IllegalStateException("Sgd: Nesterov momentum requires a momentum greater than 0, got momentum 0");
    }
    for (Parameter parameter : parameters) {
      double[] p = parameter.value().data();
      double[] grad = parameter.grad().data();
      Map<String, Tensor> state = states.of(parameter);
      boolean first = momentum != 0.0 && !state.containsKey(BUFFER);
      if (first) {
        state.put(BUFFER, Tensor.zeros(parameter.value().shape()));
      }
      double[] b = momentum == 0.0 ? null : state.get(BUFFER).data();
      for (int i = 0; i < p.length; i++) {
        double g = grad[i] + weightDecay * p[i];
        if (b != null) {
          b[i] = first ? g : momentum * b[i] + g;
          g = nesterov ? g + momentum * b[i] : b[i];
        }
        p[i] -= learningRate * g;
      }
    }
  }

  @Override
  public List<Map<String, Tensor>> state(List<Parameter> parameters) {
    return states.copy(parameters);
  }

  @Override
  public void loadState(List<Parameter> parameters, List<Map<String, Tensor>> state) {
    states.load(parameters, state, Map.of(BUFFER, true));
  }

  /** {@code momentum_buffer} with momentum, nothing without. */
  @Override
  public java.util.Set<String> stateNames() {
    return momentum == 0.0 ? java.util.Set.of() : java.util.Set.of(BUFFER);
  }

  /**
   * Weight decay alone moves each weight by w ← w − η·λ·w per step (plus momentum μ): the heavy-ball
   * iteration on the quadratic λ/2·w² grows without bound once η·λ ≥ 2(1 + μ), and Nesterov's once
   * η·λ ≥ 2(1 + μ)/(1 + 2μ), whatever the loss does. Then the weight decay is the cause; otherwise a
   * smaller learning rate is the first thing to try.
   */
  @Override
  public String divergenceAdvice() {
    double limit = nesterov ? 2 * (1 + momentum) / (1 + 2 * momentum) : 2 * (1 + momentum);
    if (learningRate * weightDecay >= limit) {
      return "the weight decay is the cause: lr × weight_decay = " + learningRate * weightDecay + " >= " + limit
          + ", beyond which the decay alone makes the weights grow; use a weight decay below " + limit / learningRate;
    }
    return weightDecay > 0 ? "try a smaller learning rate (or weight decay)" : Optimizer.super.divergenceAdvice();
  }

  @Override
  public String describe() {
    return "sgd(lr=" + learningRate + ", momentum=" + momentum + ", nesterov=" + nesterov + ", weight_decay="
        + weightDecay + ")";
  }
}
