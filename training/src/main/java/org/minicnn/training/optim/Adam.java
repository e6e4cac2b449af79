package org.minicnn.training.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.minicnn.engine.Parameter;
import org.minicnn.engine.Tensor;

/**
 * Adam with PyTorch's update rule ({@code torch.optim.Adam}, {@code amsgrad=False}; weight decay is
 * the L2 penalty added to the gradient, not AdamW's decoupled decay).
 *
 * <p>For each parameter {@code p} with gradient {@code ∇}, its own step count {@code t} (1 on its
 * first step), learning rate {@code η}, betas {@code β1, β2}, {@code ε} and weight decay {@code λ}:
 * <pre>
 *   g = ∇ + λ·p
 *   m = β1·m + (1 − β1)·g          (exp_avg, starts at 0)
 *   v = β2·v + (1 − β2)·g²         (exp_avg_sq, starts at 0)
 *   p = p − (η / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
 * </pre>
 * The last line is the bias-corrected {@code p − η·m̂/(√v̂ + ε)} with {@code m̂ = m/(1 − β1^t)},
 * {@code v̂ = v/(1 − β2^t)}, evaluated in PyTorch's order. State per parameter: {@code step},
 * {@code exp_avg}, {@code exp_avg_sq}. Defaults as in PyTorch: η = 0.001, β = (0.9, 0.999), ε = 1e-8.
 */
public final class Adam implements Optimizer {

  private static final String STEP = "step";
  private static final String EXP_AVG = "exp_avg";
  private static final String EXP_AVG_SQ = "exp_avg_sq";

  private final double learningRate;
  private double beta1 = 0.9;
  private double beta2 = 0.999;
  private double epsilon = 1e-8;
  private double weightDecay;
  private final ParameterStates states = new ParameterStates("Adam");

  /** Adam with PyTorch's default learning rate 0.001. */
  public Adam() {
    this(0.001);
  }

  /** @param learningRate η, finite and positive */
  public Adam(double learningRate) {
    this.learningRate = Hyper.positive("Adam", "learning rate", learningRate);
  }

  /** β1, β2 in [0, 1) (default 0.9, 0.999). */
  public Adam betas(double beta1, double beta2) {
    this.beta1 = Hyper.fraction("Adam", "beta1", beta1);
    this.beta2 = Hyper.fraction("Adam", "beta2", beta2);
    return this;
  }

  /** ε > 0 (default 1e-8). */
  public Adam epsilon(double value) {
    this.epsilon = Hyper.positive("Adam", "epsilon", value);
    return this;
  }

  /** λ ≥ 0 (default 0). */
  public Adam weightDecay(double value) {
    this.weightDecay = Hyper.nonNegative("Adam", "weight decay", value);
    return this;
  }

  @Override
  public void step(List<Parameter> parameters) {
    Hyper.requireParameters("Adam", parameters);
    for (Parameter parameter : parameters) {
      Map<String, Tensor> state = states.of(parameter);
      if (state.isEmpty()) {
        int[] shape = parameter.value().shape();
        state.put(STEP, Tensor.zeros(1));
        state.put(EXP_AVG, Tensor.zeros(shape));
        state.put(EXP_AVG_SQ, Tensor.zeros(shape));
      }
      double[] stepCount = state.get(STEP).data();
      stepCount[0] += 1;
      double t = stepCount[0];
      double stepSize = learningRate / (1 - Math.pow(beta1, t));
      double correction2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
      double[] p = parameter.value().data();
      double[] grad = parameter.grad().data();
      double[] m = state.get(EXP_AVG).data();
      double[] v = state.get(EXP_AVG_SQ).data();
      for (int i = 0; i < p.length; i++) {
        double g = grad[i] + weightDecay * p[i];
        m[i] = beta1 * m[i] + (1 - beta1) * g;
        v[i] = beta2 * v[i] + (1 - beta2) * g * g;
        double denominator = Math.sqrt(v[i]) / correction2Sqrt + epsilon;
        p[i] -= stepSize * (m[i] / denominator);
      }
    }
  }

  @Override
  public List<Map<String, Tensor>> state(List<Parameter> parameters) {
    return states.copy(parameters);
  }

  @Override
  public void loadState(List<Parameter> parameters, List<Map<String, Tensor>> state) {
    Map<String, Boolean> names = new LinkedHashMap<>();
    names.put(STEP, false);
    names.put(EXP_AVG, true);
    names.put(EXP_AVG_SQ, true);
    states.load(parameters, state, names);
  }

  @Override
  public java.util.Set<String> stateNames() {
    return java.util.Set.of("step", "exp_avg", "exp_avg_sq");
  }

  @Override
  public String divergenceAdvice() {
    return weightDecay > 0 ? "try a smaller learning rate or weight decay (" + weightDecay + ")"
        : Optimizer.super.divergenceAdvice();
  }

  @Override
  public String describe() {
    return "adam(lr=" + learningRate + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + epsilon + ", weight_decay="
        + weightDecay + ")";
  }
}
