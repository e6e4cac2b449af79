package org.minicnn.training.optim;

import java.util.List;
import java.util.Map;
import org.minicnn.engine.Parameter;
import org.minicnn.engine.Tensor;

/**
 * Updates parameters from their gradients. An optimiser sees nothing but the (value, gradient)
 * pairs of {@link org.minicnn.engine.Layer#parameters()}; it keeps its per-parameter state (momentum
 * buffers, moment estimates, step counts) keyed by the {@link Parameter} object's identity.
 */
public interface Optimizer {

  /**
   * One update of every parameter from its current gradient.
   *
   * @param parameters modified: each {@code value()} is updated in place; each {@code grad()} is only read
   */
  void step(List<Parameter> parameters);

  /**
   * A copy of the state kept for each parameter, in the order given, with PyTorch's names
   * ({@code momentum_buffer}; {@code step}, {@code exp_avg}, {@code exp_avg_sq}); an empty map for a
   * parameter that has no state yet. With {@link #loadState} it lets a checkpoint resume exactly.
   *
   * @param parameters input, not modified
   */
  List<Map<String, Tensor>> state(List<Parameter> parameters);

  /**
   * Replaces the state of each parameter with a copy of {@code state} (as {@link #state} returned it).
   *
   * @param parameters input: the parameters the state belongs to, in the order of {@code state}
   * @param state input, copied
   * @throws IllegalArgumentException when the counts, names or shapes do not match
   */
  void loadState(List<Parameter> parameters, List<Map<String, Tensor>> state);

  /**
   * The state names {@link #state} holds for every parameter once a step has been taken (none before
   * the first step): what a checkpoint must hold to resume exactly.
   */
  default java.util.Set<String> stateNames() {
    return java.util.Set.of();
  }

  /**
   * What to change when training with this optimiser diverges, naming the cause its hyper-parameters
   * point to, e.g. {@code "try a smaller learning rate"}.
   */
  default String divergenceAdvice() {
    return "try a smaller learning rate";
  }

  /** The hyper-parameters, e.g. {@code sgd(lr=0.01, momentum=0.9, nesterov=false, weight_decay=0)}. */
  String describe();
}
