package org.minicnn.engine;

import java.util.List;

/**
 * A differentiable function of a batch, possibly with trainable {@link Parameter}s.
 *
 * <p>{@code forward} remembers what {@code backward} needs; {@code backward} takes dLoss/dOutput of
 * the last forward, <em>adds</em> dLoss/dParameter into each parameter's gradient (so gradients of
 * several batches can be accumulated; call {@link Parameter#zeroGrad()} between steps) and returns
 * dLoss/dInput. Shapes always include the batch dimension first.
 */
public interface Layer {

  /**
   * Computes the output for {@code input}; the first call creates the weights for the input's shape
   * (Keras "build").
   *
   * @param input input, not modified; the layer may keep a reference until the next forward
   * @return a new tensor (the layer may reuse it in later calls; copy it to keep it)
   */
  Tensor forward(Tensor input);

  /**
   * Back-propagates through the last {@link #forward}.
   *
   * @param gradOutput input, not modified: dLoss/dOutput, the shape of the last output
   * @return dLoss/dInput, the shape of the last input
   * @throws IllegalStateException before any forward
   * @throws IllegalArgumentException when {@code gradOutput} does not have the last output's shape
   */
  Tensor backward(Tensor gradOutput);

  /** The trainable (value, gradient) pairs, in Keras weight order (e.g. kernel, bias); empty before build. */
  List<Parameter> parameters();

  /** How many weights and biases the layer holds (0 before build), Keras's {@code count_params()}. */
  default long countParams() {
    long count = 0;
    for (Parameter p : parameters()) {
      count += p.value().size();
    }
    return count;
  }

  /** The output shape for an input of {@code inputShape} (batch dimension included), without computing. */
  int[] outputShape(int... inputShape);

  /** Creates the weights for inputs of {@code inputShape} (batch included) if not created yet. */
  default void build(int... inputShape) {
    outputShape(inputShape);
  }

  /** The layer's kind as Keras spells it, e.g. "Conv2D", used in summaries and messages. */
  default String name() {
    return getClass().getSimpleName();
  }
}
