package org.minicnn.engine.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.minicnn.engine.Initializers;
import org.minicnn.engine.Parameter;
import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;

/**
 * The kernel and optional bias of a layer ({@link BaseConv}, {@link Dense}), so that every such
 * layer creates, replaces and hands out its weights with the same rules and messages.
 *
 * <p>The kernel's shape is a template in Keras layout with one open axis, the input size the layer
 * learns on its first forward (e.g. {@code [3, 3, inChannels, 2]} or {@code [inFeatures, 10]});
 * the bias is {@code [last kernel dimension]}. Weights are created once (Keras "build") with
 * Glorot-uniform from the seed and a zero bias, unless {@link #set} came first.
 */
final class KernelAndBias {

  private final String layer;
  private final String layout;
  private final String openName;
  private final int[] template;
  private final int openAxis;
  private boolean useBias = true;
  private long seed;
  private Parameter kernel;
  private Parameter bias;

  /**
   * @param layer the layer's name, for messages
   * @param layout the kernel layout in words, e.g. "[inFeatures, units]"
   * @param openName the name of the open axis, e.g. "inFeatures"
   * @param template the kernel shape with -1 at the open axis
   */
  KernelAndBias(String layer, String layout, String openName, long seed, int... template) {
    this.layer = layer;
    this.layout = layout;
    this.openName = openName;
    this.seed = seed;
    this.template = template.clone();
    int axis = 0;
    while (template[axis] != -1) {
      axis++;
    }
    this.openAxis = axis;
  }

  // ---- configuration -------------------------------------------------------------------------

  void useBias(boolean value) {
    requireNotBuilt("useBias");
    this.useBias = value;
  }

  void seed(long value) {
    requireNotBuilt("seed");
    this.seed = value;
  }

  boolean usesBias() {
    return useBias;
  }

  private void requireNotBuilt(String what) {
    if (kernel != null) {
      throw new IllegalStateException(layer + "." + what + ": the weights already exist; set it before the first forward");
    }
  }

  // ---- creation ------------------------------------------------------------------------------

  /** True once the weights exist. */
  boolean exists() {
    return kernel != null;
  }

  /** The size of the open axis the kernel was made for; the weights must exist. */
  int inputSize() {
    return kernel.value().dim(openAxis);
  }

  /** Creates Glorot-uniform weights for {@code inputSize} unless they exist. */
  void create(int inputSize, int fanIn, int fanOut) {
    if (kernel == null) {
      kernel = new Parameter("kernel", Initializers.glorotUniform(seed, fanIn, fanOut, shapeFor(inputSize)));
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
   * Replaces the weights (copied), creating them if there are none yet.
   *
   * @param kernel input, the template's shape (once built: exactly the existing kernel's shape)
   * @param bias input, {@code [last kernel dimension]}; null exactly when the layer has no bias
   */
  void set(Tensor kernel, Tensor bias) {
    String where = layer + ".setWeights";
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

  /** The kernel parameter. @throws IllegalStateException naming {@code what} before the weights exist */
  Parameter kernel(String what) {
    if (kernel == null) {
      throw new IllegalStateException(layer + "." + what
          + ": the weights are created on the first forward (or by setWeights); there are none yet");
    }
    return kernel;
  }

  /** The bias parameter, or null for a layer without bias. @throws IllegalStateException before the weights exist */
  Parameter bias(String what) {
    kernel(what);
    return bias;
  }

  /** Kernel then bias (if any), Keras order; empty before the weights exist. */
  List<Parameter> parameters() {
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
