package org.minicnn.engine.layers;

import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;

/**
 * Flattens every sample to one vector, as Keras's {@code Flatten}: with the channels-last layout
 * a {@code [batch, rows, cols, channels]} map becomes {@code [batch, rows·cols·channels]} in
 * row-major order (channels fastest), the order a following {@link Dense} kernel's rows follow.
 *
 * <p><b>Shapes</b>: input {@code [batch, d1, …, dk]}, output {@code [batch, d1·…·dk]} ({@code [batch, 1]}
 * for an input {@code [batch]}, as Keras).
 * <p><b>Forward</b>: {@code y[n, i] = x[n, unravel(i)]}: the same values in the same order.
 * <p><b>Backward</b>: {@code dL/dx} is {@code dL/dy} in the input's shape. No parameters.
 */
public final class Flatten extends BaseLayer {

  @Override
  public int[] outputShape(int... inputShape) {
    Shapes.requireMinRank(name(), 1, "[batch, ...]", inputShape);
    long perSample = Shapes.product(inputShape) / inputShape[0];
    if (perSample > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name() + ": input shape " + Shapes.format(inputShape) + " has " + perSample
          + " values per sample; at most " + Integer.MAX_VALUE + " fit in one dimension");
    }
    return new int[] {inputShape[0], (int) perSample};
  }

  /** A copy of the input's values in shape {@code [batch, product of the rest]}. */
  @Override
  public Tensor forward(Tensor input) {
    int[] inputShape = requireInput(input).shape();
    int[] outputShape = outputShape(inputShape);
    rememberShapes(inputShape, outputShape);
    return Tensor.wrap(input.toArray(), outputShape);
  }

  /** A copy of {@code gradOutput}'s values in the last input's shape. */
  @Override
  public Tensor backward(Tensor gradOutput) {
    checkBackward(gradOutput);
    return Tensor.wrap(gradOutput.toArray(), lastInputShape());
  }
}
