package org.minicnn.engine.layers;

import java.util.List;
import org.minicnn.engine.Layer;
import org.minicnn.engine.Parameter;
import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;

/**
 * What every layer does around its math: remember the shapes of the last forward and refuse a
 * backward that does not match it.
 */
public abstract class BaseLayer implements Layer {

  private int[] lastInputShape;
  private int[] lastOutputShape;

  /** Records the shapes of a completed forward, for {@link #checkBackward}. */
  protected final void rememberShapes(int[] inputShape, int[] outputShape) {
    lastInputShape = inputShape.clone();
    lastOutputShape = outputShape.clone();
  }

  /**
   * Throws {@link IllegalStateException} before any forward and {@link IllegalArgumentException}
   * when {@code gradOutput} is not the shape of the last output.
   */
  protected final void checkBackward(Tensor gradOutput) {
    if (lastOutputShape == null) {
      throw new IllegalStateException(name() + ".backward called before forward; run forward on a batch first");
    }
    if (gradOutput == null) {
      throw new IllegalArgumentException(name() + ".backward: expected a gradient of shape "
          + Shapes.format(lastOutputShape) + " (the last output), got null");
    }
    int[] shape = gradOutput.shape();
    if (!java.util.Arrays.equals(shape, lastOutputShape)) {
      throw new IllegalArgumentException(name() + ".backward: expected a gradient of shape "
          + Shapes.format(lastOutputShape) + " (the last output), got " + Shapes.format(shape));
    }
  }

  /** The input shape of the last forward. */
  protected final int[] lastInputShape() {
    return lastInputShape.clone();
  }

  /** Throws unless {@code input} is non-null. */
  protected final Tensor requireInput(Tensor input) {
    if (input == null) {
      throw new IllegalArgumentException(name() + ".forward: expected an input tensor, got null");
    }
    return input;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of();
  }
}
