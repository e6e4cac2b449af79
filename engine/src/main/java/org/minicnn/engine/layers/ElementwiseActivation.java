package org.minicnn.engine.layers;

import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;

/**
 * An activation applied to every element on its own, {@code y_i = f(x_i)}; {@link ReLU},
 * {@link Sigmoid} and {@link Tanh} only say what {@code f} and {@code f'} are.
 *
 * <p><b>Shapes</b>: any input {@code [batch, …]}; the output has the input's shape.
 * <p><b>Forward</b>: {@code y_i = f(x_i)}.
 * <p><b>Backward</b>: {@code dL/dx_i = dL/dy_i · f'(x_i)}, where each subclass writes {@code f'} with
 * whichever of {@code x_i} and {@code y_i} is cheaper and more accurate. No parameters.
 */
public abstract class ElementwiseActivation extends BaseLayer {

  private static final String LAYOUT = "[batch, ...]";

  private double[] lastInput;
  private double[] lastOutput;

  /** {@code f(x)}. */
  protected abstract double apply(double x);

  /** {@code f'(x)}, given the input {@code x} and the output {@code y = f(x)}. */
  protected abstract double derivative(double x, double y);

  // ---- shapes --------------------------------------------------------------------------------

  @Override
  public int[] outputShape(int... inputShape) {
    Shapes.requireMinRank(name(), 1, LAYOUT, inputShape);
    return inputShape.clone();
  }

  // ---- forward -------------------------------------------------------------------------------

  /** {@code y_i = f(x_i)}. */
  @Override
  public Tensor forward(Tensor input) {
    int[] shape = outputShape(requireInput(input).shape());
    double[] x = input.data();
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = apply(x[i]);
    }
    lastInput = x;
    lastOutput = y;
    rememberShapes(shape, shape);
    return Tensor.wrap(y, shape);
  }

  // ---- backward ------------------------------------------------------------------------------

  /** {@code dL/dx_i = dL/dy_i · f'(x_i)}. */
  @Override
  public Tensor backward(Tensor gradOutput) {
    checkBackward(gradOutput);
    double[] dy = gradOutput.data();
    double[] dx = new double[dy.length];
    for (int i = 0; i < dy.length; i++) {
      dx[i] = dy[i] * derivative(lastInput[i], lastOutput[i]);
    }
    return Tensor.wrap(dx, lastInputShape());
  }
}
