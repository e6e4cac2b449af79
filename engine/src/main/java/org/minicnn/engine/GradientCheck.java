package org.minicnn.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.minicnn.engine.losses.Loss;

/**
 * Compares hand-written gradients with central differences, the test every backward pass must pass.
 *
 * <p>For a layer, the scalar being differentiated is {@code L = Σ_i r_i·y_i} with a fixed random
 * {@code r} (seeded), so {@code dL/dy = r} exercises every output with a different weight. For each
 * input element and parameter element {@code θ}, the numeric derivative is
 * {@code (L(θ + h) − L(θ − h)) / 2h}, exact for functions linear in {@code θ} up to rounding and with
 * error {@code O(h²)} otherwise.
 *
 * <p>The error of one tensor is {@code ‖analytic − numeric‖∞ / max(‖analytic‖∞, ‖numeric‖∞)} (0 when
 * both are zero): relative to the gradient's scale, so entries that are legitimately zero do not
 * turn rounding noise into huge element-wise ratios. A wrong gradient (a missing factor, a wrong
 * index) gives errors of order 1; a right one, about 1e-9 or less in double precision.
 */
public final class GradientCheck {

  /** The tolerance every backward pass of minicnn is held to. */
  public static final double TOLERANCE = 1e-7;

  /** The central-difference step. */
  public static final double STEP = 1e-6;

  private GradientCheck() {}

  /** The maximum relative error per tensor ("input" and each parameter's name), in order. */
  public record Report(String subject, Map<String, Double> maxRelativeErrors) {

    /** The largest error over all tensors. */
    public double worst() {
      return maxRelativeErrors.values().stream().mapToDouble(Double::doubleValue).max().orElse(0.0);
    }

    /**
     * Returns this report if every error is at most {@code tolerance}.
     *
     * @throws AssertionError naming the subject, the worst tensor and its error, otherwise
     */
    public Report assertWithin(double tolerance) {
      for (Map.Entry<String, Double> e : maxRelativeErrors.entrySet()) {
        if (!(e.getValue() <= tolerance)) {
          throw new AssertionError("gradient check of " + subject + " failed: " + e.getKey()
              + " max relative error " + e.getValue() + " > " + tolerance + " (all: " + maxRelativeErrors + ")");
        }
      }
      return this;
    }
  }

  /**
   * Checks dL/dInput and dL/dParameter of {@code layer} at {@code input}.
   *
   * @param layer modified: built if needed; its parameter values are restored, its gradients left holding the analytic ones
   * @param input input, not modified (a copy is perturbed)
   * @param seed chooses the random projection {@code r}
   */
  public static Report check(Layer layer, Tensor input, long seed) {
    if (layer == null || input == null) {
      throw new IllegalArgumentException("GradientCheck.check: expected a layer and an input tensor, got "
          + (layer == null ? "no layer" : layer.name()) + " and " + (input == null ? "no input" : "an input"));
    }
    Tensor x = input.copy();
    Tensor y = layer.forward(x);
    Tensor r = Initializers.uniform(seed, -1.0, 1.0, y.shape());
    for (Parameter p : layer.parameters()) {
      p.zeroGrad();
    }
    Tensor analyticInput = layer.backward(r).copy();

    Map<String, Double> errors = new LinkedHashMap<>();
    errors.put("input", relativeError(analyticInput, numeric(x, () -> dot(r, layer.forward(x)))));
    for (Parameter p : layer.parameters()) {
      Tensor analytic = p.grad().copy();
      errors.put(p.name(), relativeError(analytic, numeric(p.value(), () -> dot(r, layer.forward(x)))));
    }
    layer.forward(x);
    return new Report(layer.name(), errors);
  }

  /**
   * Checks dL/dPredicted of {@code loss} at ({@code predicted}, {@code target}).
   *
   * @param predicted input, not modified (a copy is perturbed)
   * @param target input, not modified
   */
  public static Report check(Loss loss, Tensor predicted, Tensor target) {
    if (loss == null || predicted == null) {
      throw new IllegalArgumentException("GradientCheck.check: expected a loss and predictions, got "
          + (loss == null ? "no loss" : loss.name()) + " and " + (predicted == null ? "no predictions" : "predictions"));
    }
    Tensor p = predicted.copy();
    loss.forward(p, target);
    Tensor analytic = loss.backward().copy();
    Map<String, Double> errors = new LinkedHashMap<>();
    errors.put("predicted", relativeError(analytic, numeric(p, () -> loss.forward(p, target))));
    return new Report(loss.name(), errors);
  }

  /** Central differences of {@code f} with respect to every element of {@code t} (perturbed in place, then restored). */
  private static Tensor numeric(Tensor t, java.util.function.DoubleSupplier f) {
    double[] values = t.data();
    double[] grad = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      double original = values[i];
      values[i] = original + STEP;
      double plus = f.getAsDouble();
      values[i] = original - STEP;
      double minus = f.getAsDouble();
      values[i] = original;
      grad[i] = (plus - minus) / (2 * STEP);
    }
    return Tensor.wrap(grad, t.shape());
  }

  private static double dot(Tensor a, Tensor b) {
    double[] x = a.data();
    double[] y = b.data();
    double sum = 0.0;
    for (int i = 0; i < x.length; i++) {
      sum += x[i] * y[i];
    }
    return sum;
  }

  /** {@code ‖a − b‖∞ / max(‖a‖∞, ‖b‖∞)}, 0 when both are zero; NaN anywhere gives NaN (which fails every check). */
  public static double relativeError(Tensor analytic, Tensor numeric) {
    Shapes.requireEqual("GradientCheck.relativeError", analytic == null ? null : analytic.shape(),
        numeric == null ? null : numeric.shape());
    double[] a = analytic.data();
    double[] n = numeric.data();
    double diff = 0.0;
    double scale = 0.0;
    for (int i = 0; i < a.length; i++) {
      if (Double.isNaN(a[i]) || Double.isNaN(n[i])) {
        return Double.NaN;
      }
      diff = Math.max(diff, Math.abs(a[i] - n[i]));
      scale = Math.max(scale, Math.max(Math.abs(a[i]), Math.abs(n[i])));
    }
    return scale == 0.0 ? 0.0 : diff / scale;
  }

  /** A seeded random tensor with values uniform in [-1, 1), for checks and tests. */
  public static Tensor randomTensor(SplittableRandom random, int... shape) {
    return Initializers.uniform(random.nextLong(), -1.0, 1.0, shape);
  }
}
