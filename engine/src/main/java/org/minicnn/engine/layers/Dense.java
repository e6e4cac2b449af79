package org.minicnn.engine.layers;

import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;

/**
 * A fully connected layer, as Keras's {@code Dense} (no activation: add one as its own layer).
 *
 * <p><b>Shapes</b>: input {@code [batch, …, in]}, kernel {@code [in, units]} (Keras layout; PyTorch's
 * {@code Linear.weight} is its transpose), bias {@code [units]}, output {@code [batch, …, units]}. As
 * in Keras, an input of rank above 2 is transformed along its last axis only: every leading index
 * {@code m} (batch and any middle axes, {@code M} in all) is one row.
 *
 * <p><b>Forward</b>: {@code y[m,u] = b[u] + Σ_k x[m,k]·w[k,u]}, that is {@code Y = X·W + b}.
 *
 * <p><b>Backward</b> for {@code dy = dL/dy}: {@code dL/dw[k,u] = Σ_m x[m,k]·dy[m,u]} ({@code Xᵀ·dY}),
 * {@code dL/db[u] = Σ_m dy[m,u]}, {@code dL/dx[m,k] = Σ_u dy[m,u]·w[k,u]} ({@code dY·Wᵀ}).
 *
 * <p>Weights are created on the first forward with Glorot-uniform ({@code fanIn = in},
 * {@code fanOut = units}) from {@link #seed(long)} and a zero bias, unless set with
 * {@link #setWeights}.
 *
 * <pre>{@code
 * Dense dense = new Dense(10).seed(7);          // [32, 64] -> [32, 10], kernel [64, 10]
 * }</pre>
 */
public final class Dense extends KernelLayer<Dense> {

  private static final String INPUT_LAYOUT = "[batch, ..., features]";

  private final int units;

  private double[] lastInput;

  public Dense(int units) {
    this.units = Shapes.requirePositive(name(), "units", units);
    kernelTemplate("[inFeatures, units]", "inFeatures", -1, units);
  }

  // ---- configuration -------------------------------------------------------------------------

  public int units() {
    return units;
  }

  // ---- shapes --------------------------------------------------------------------------------

  @Override
  public int[] outputShape(int... inputShape) {
    Shapes.requireMinRank(name(), 2, INPUT_LAYOUT, inputShape);
    int features = inputShape[inputShape.length - 1];
    if (weightsExist() && kernelInputSize() != features) {
      throw new IllegalArgumentException(name() + ": expected input with " + kernelInputSize()
          + " features (kernel " + Shapes.format(kernel().shape()) + "), got input shape "
          + Shapes.format(inputShape));
    }
    int[] out = inputShape.clone();
    out[out.length - 1] = units;
    return out;
  }

  @Override
  public void build(int... inputShape) {
    outputShape(inputShape);
    int features = inputShape[inputShape.length - 1];
    createWeights(features, features, units);
  }

  // ---- forward -------------------------------------------------------------------------------

  /** {@code Y = X·W + b} along the last axis; see the class comment. */
  @Override
  public Tensor forward(Tensor input) {
    int[] inputShape = requireInput(input).shape();
    build(inputShape);
    int[] outputShape = outputShape(inputShape);
    int in = inputShape[inputShape.length - 1];
    int rows = input.size() / in;
    double[] x = input.data();
    double[] w = kernel().data();
    double[] y = new double[rows * units];
    for (int m = 0; m < rows; m++) {
      if (usesBias()) {
        System.arraycopy(bias().data(), 0, y, m * units, units);
      }
      for (int k = 0; k < in; k++) {
        double xv = x[m * in + k];
        for (int u = 0; u < units; u++) {
          y[m * units + u] += xv * w[k * units + u];
        }
      }
    }
    lastInput = x;
    rememberShapes(inputShape, outputShape);
    return Tensor.wrap(y, outputShape);
  }

  // ---- backward ------------------------------------------------------------------------------

  /** Adds {@code Xᵀ·dY} and {@code Σ_m dY} into the gradients and returns {@code dY·Wᵀ}; see the class comment. */
  @Override
  public Tensor backward(Tensor gradOutput) {
    checkBackward(gradOutput);
    double[] dy = gradOutput.data();
    double[] w = kernel().data();
    double[] dw = kernelGrad().data();
    double[] db = usesBias() ? biasGrad().data() : null;
    int in = w.length / units;
    int rows = dy.length / units;
    double[] dx = new double[rows * in];
    for (int m = 0; m < rows; m++) {
      for (int u = 0; u < units; u++) {
        double g = dy[m * units + u];
        if (db != null) {
          db[u] += g;
        }
        for (int k = 0; k < in; k++) {
          dx[m * in + k] += g * w[k * units + u];
          dw[k * units + u] += lastInput[m * in + k] * g;
        }
      }
    }
    return Tensor.wrap(dx, lastInputShape());
  }
}
