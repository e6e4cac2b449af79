package org.minicnn.engine.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.minicnn.engine.Initializers;
import org.minicnn.engine.Parameter;
import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;

/**
 * A layer with a kernel and an optional bias ({@link BaseConv}, {@link Dense}): every such layer
 * creates, replaces and hands out its weights with the same rules and messages.
 *
 * <p>The kernel's shape is a template in Keras layout with one open axis, the input size the layer
 * learns on its first forward (e.g. {@code [3, 3, inChannels, 2]} or {@code [inFeatures, 10]});
 * the bias is {@code [last kernel dimension]}. Weights are created once (Keras "build") with
 * Glorot-uniform from {@link #seed(long)} and a zero bias, unless {@link #setWeights} came first.
 *
 * @param <T> the concrete layer, so that the fluent setters return it
 */
public abstract class KernelLayer<T extends KernelLayer<T>> extends BaseLayer {

  /** The default seed of the Glorot initializer when none is given. */
  public static final long DEFAULT_SEED = 0L;

  private String layout;
  private String openName;
  private int[] template;
  private int openAxis;
  private boolean useBias = true;
  private long seed = DEFAULT_SEED;
  private Parameter kernel;
  private Parameter bias;

  /**
   * Declares the kernel's shape; every subclass constructor calls this once.
   *
   * @param layout the kernel layout in words, e.g. "[inFeatures, units]"
   * @param openName the name of the open axis, e.g. "inFeatures"
   * @param template the kernel shape with -1 at the open axis
   */
  protected final void kernelTemplate(String layout, String openName, int... template) {
    this.layout = layout;
    this.openName = openName;
    this.template = template.clone();
    int axis = 0;
    while (template[axis] != -1) {
      axis++;
    }
    this.openAxis = axis;
  }

  // ---- configuration -------------------------------------------------------------------------

  /** Whether the layer adds a bias (default true). Must be set before the weights exist. */
  public T useBias(boolean value) {
    requireNotBuilt("useBias");
    this.useBias = value;
    return self();
  }

  /** The seed of the Glorot-uniform initializer (default {@link #DEFAULT_SEED}). Must be set before the weights exist. */
  public T seed(long value) {
    requireNotBuilt("seed");
    this.seed = value;
    return self();
  }

  @SuppressWarnings("unchecked")
  protected final T self() {
    return (T) this;
  }

  public boolean usesBias() {
    return useBias;
  }

  private void requireNotBuilt(String what) {
    if (kernel != null) {
      throw new IllegalStateException(name() + "." + what + ": the weights already exist; set it before the first forward");
    }
  }

  // ---- creation ------------------------------------------------------------------------------

  /** True once the weights exist. */
  protected final boolean weightsExist() {
    return kernel != null;
  }

  /** The size of the open axis the kernel was made for; the weights must exist. */
  protected final int kernelInputSize() {
    return kernel.value().dim(openAxis);
  }

  /**
   * Creates Glorot-uniform weights for {@code inputSize} unless they exist.
   *
   * @throws IllegalArgumentException when the kernel would not fit in one Java array
   */
  protected final void createWeights(int inputSize, int fanIn, int fanOut) {
    if (kernel == null) {
      int[] shape = shapeFor(inputSize);
      long weights = Shapes.product(shape);
      if (weights > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(name() + ": kernel " + Shapes.format(shape) + " " + layout
            + " would have " + weights + " weights; at most " + (Integer.MAX_VALUE - 8) + " fit in one array");
      }
      kernel = new Parameter("kernel", Initializers.glorotUniform(seed, fanIn, fanOut, shape));
      bias = useBias ? new Parameter("bias", Tensor.zeros(template[template.length - 1])) : null;
    }
  }

  private int[] shapeFor(int inputSize) {
    int[] shape = template.clone();
    shape[openAxis] = inputSize;
    return shape;
  }

  /** The template as text, e.g. {@code [3, 3, inChannels, 2]}. */
  private String templateText() {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < template.length; i++) {
      text.append(i == 0 ? "" : ", ").append(i == openAxis ? openName : String.valueOf(template[i]));
    }
    return text.append(']').toString();
  }

  /**
   * Replaces the weights (copied), creating them if the layer has none yet.
   *
   * @param kernel input, Keras layout (see the layer); once built, exactly the existing kernel's shape
   * @param bias input, {@code [last kernel dimension]}; null exactly when the layer was made with
   *     {@code useBias(false)}
   */
  public void setWeights(Tensor kernel, Tensor bias) {
    String where = name() + ".setWeights";
    if (kernel == null) {
      throw new IllegalArgumentException(where + ": expected a kernel of shape " + layout + ", got null");
    }
    int[] shape = kernel.shape();
    int inputSize = shape.length == template.length ? shape[openAxis] : -1;
    int[] expected = this.kernel != null ? this.kernel.value().shape() : shapeFor(inputSize);
    if (inputSize <= 0 || !Arrays.equals(shape, expected)) {
      String want = this.kernel != null ? Shapes.format(expected) : templateText();
      throw new IllegalArgumentException(where + ": expected kernel of shape " + want + " " + layout
          + ", got " + Shapes.format(shape));
    }
    int biasSize = template[template.length - 1];
    if (useBias && bias == null) {
      throw new IllegalArgumentException(where + ": expected bias of shape [" + biasSize
          + "], got null (the layer uses a bias; build it with useBias(false) to have none)");
    }
    if (!useBias && bias != null) {
      throw new IllegalArgumentException(where + ": expected no bias (useBias is false), got bias of shape "
          + Shapes.format(bias.shape()));
    }
    if (useBias) {
      Shapes.requireEqual(where + " bias", new int[] {biasSize}, bias.shape());
    }
    if (this.kernel == null) {
      this.kernel = new Parameter("kernel", kernel.copy());
      this.bias = useBias ? new Parameter("bias", bias.copy()) : null;
    } else {
      this.kernel.value().copyFrom(kernel);
      if (useBias) {
        this.bias.value().copyFrom(bias);
      }
    }
  }

  // ---- access --------------------------------------------------------------------------------

  /** The live kernel, Keras layout. @throws IllegalStateException before the weights exist */
  public Tensor kernel() {
    return built("kernel").value();
  }

  /** The live bias {@code [last kernel dimension]}, or null for a layer without bias. */
  public Tensor bias() {
    built("bias");
    return bias == null ? null : bias.value();
  }

  /** The accumulated dL/dkernel, same shape as the kernel. */
  public Tensor kernelGrad() {
    return built("kernelGrad").grad();
  }

  /** The accumulated dL/dbias, or null for a layer without bias. */
  public Tensor biasGrad() {
    built("biasGrad");
    return bias == null ? null : bias.grad();
  }

  private Parameter built(String what) {
    if (kernel == null) {
      throw new IllegalStateException(name() + "." + what
          + ": the weights are created on the first forward (or by setWeights); there are none yet");
    }
    return kernel;
  }

  /** Kernel then bias (if any), Keras order; empty before the weights exist. */
  @Override
  public List<Parameter> parameters() {
    List<Parameter> list = new ArrayList<>(2);
    if (kernel != null) {
      list.add(kernel);
      if (bias != null) {
        list.add(bias);
      }
    }
    return list;
  }
}
