package org.minicnn.training.optim;

import java.util.List;
import org.minicnn.engine.Parameter;

/** Checks of hyper-parameters and of the parameter list, with the messages all optimisers share. */
final class Hyper {

  private Hyper() {}

  /** Returns {@code value} when finite and positive; throws "{owner}: learning rate must be a finite number > 0, got -1.0". */
  static double positive(String owner, String what, double value) {
    if (!(value > 0.0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(owner + ": " + what + " must be a finite number > 0, got " + value);
    }
    return value;
  }

  /** Returns {@code value} when finite and ≥ 0. */
  static double nonNegative(String owner, String what, double value) {
    if (!(value >= 0.0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(owner + ": " + what + " must be a finite number >= 0, got " + value);
    }
    return value;
  }

  /** Returns {@code value} when in [0, 1). */
  static double fraction(String owner, String what, double value) {
    if (!(value >= 0.0 && value < 1.0)) {
      throw new IllegalArgumentException(owner + ": " + what + " must be in [0, 1), got " + value);
    }
    return value;
  }

  static void requireParameters(String owner, List<Parameter> parameters) {
    if (parameters == null) {
      throw new IllegalArgumentException(owner + ".step: expected a list of parameters, got null");
    }
  }
}
