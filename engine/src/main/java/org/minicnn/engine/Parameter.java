package org.minicnn.engine;

/**
 * A trainable value and the gradient of the loss with respect to it, accumulated by
 * {@link Layer#backward}. This pair is the whole contract between a layer and an optimizer
 * (as in ConvNetJS): optimizers read {@link #grad()} and update {@link #value()} in place.
 */
public final class Parameter {

  private final String name;
  private final Tensor value;
  private final Tensor grad;

  /**
   * @param name e.g. "kernel" or "bias"
   * @param value the tensor the layer computes with (kept, not copied: updates are seen by the layer)
   */
  public Parameter(String name, Tensor value) {
    this.name = name;
    this.value = value;
    this.grad = Tensor.zeros(value.shape());
  }

  public String name() {
    return name;
  }

  /** The live value; writing to {@code value().data()} changes the layer's weights. */
  public Tensor value() {
    return value;
  }

  /** The live gradient, same shape as the value; {@code backward} adds into it. */
  public Tensor grad() {
    return grad;
  }

  /** Sets the gradient to zero (modified: {@link #grad()}). */
  public void zeroGrad() {
    grad.fill(0.0);
  }

  @Override
  public String toString() {
    return name + Shapes.format(value.shape());
  }
}
