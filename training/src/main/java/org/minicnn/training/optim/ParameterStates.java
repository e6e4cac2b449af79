package org.minicnn.training.optim;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.minicnn.engine.Parameter;
import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;

/**
 * The named state tensors an optimiser keeps per parameter, keyed by the parameter's identity (two
 * parameters with equal values are still two parameters). Shared by {@link Sgd} and {@link Adam}.
 */
final class ParameterStates {

  private final String owner;
  private final Map<Parameter, Map<String, Tensor>> byParameter = new IdentityHashMap<>();

  ParameterStates(String owner) {
    this.owner = owner;
  }

  /** The live state of {@code parameter}, created empty on first use. */
  Map<String, Tensor> of(Parameter parameter) {
    return byParameter.computeIfAbsent(parameter, p -> new LinkedHashMap<>());
  }

  /** Deep copies, in the order of {@code parameters}. */
  List<Map<String, Tensor>> copy(List<Parameter> parameters) {
    List<Map<String, Tensor>> out = new ArrayList<>(parameters.size());
    for (Parameter p : parameters) {
      Map<String, Tensor> copy = new LinkedHashMap<>();
      Map<String, Tensor> live = byParameter.get(p);
      if (live != null) {
        live.forEach((name, t) -> copy.put(name, t.copy()));
      }
      out.add(copy);
    }
    return out;
  }

  /**
   * Replaces the state with copies of {@code state}, after checking every name and shape.
   *
   * @param allowed the state names this optimiser keeps, in order, each mapped to whether it has the parameter's shape (else [1])
   */
  void load(List<Parameter> parameters, List<Map<String, Tensor>> state, Map<String, Boolean> allowed) {
    if (parameters == null || state == null || parameters.size() != state.size()) {
      throw new IllegalArgumentException(owner + ".loadState: expected one state per parameter ("
          + (parameters == null ? "null" : parameters.size()) + "), got " + (state == null ? "null" : state.size()));
    }
    for (int i = 0; i < parameters.size(); i++) {
      Set<String> names = state.get(i).keySet();
      if (!names.isEmpty() && !names.equals(allowed.keySet())) {
        throw new IllegalArgumentException(owner + ".loadState: parameter " + i + " (" + parameters.get(i)
            + "): expected state " + allowed.keySet() + " or none, got " + names);
      }
      for (String name : names) {
        if (!allowed.containsKey(name)) {
          throw new IllegalArgumentException(owner + ".loadState: parameter " + i + " (" + parameters.get(i)
              + "): unknown state '" + name + "'; expected some of " + allowed.keySet());
        }
        int[] expected = allowed.get(name) ? parameters.get(i).value().shape() : new int[] {1};
        Shapes.requireEqual(owner + ".loadState: parameter " + i + " state '" + name + "'", expected,
            state.get(i).get(name).shape());
      }
    }
    for (Parameter p : parameters) {
      byParameter.remove(p);
    }
    for (int i = 0; i < parameters.size(); i++) {
      Map<String, Tensor> live = of(parameters.get(i));
      state.get(i).forEach((name, t) -> live.put(name, t.copy()));
    }
  }
}
