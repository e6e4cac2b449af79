package org.minicnn.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A stack of layers applied in order, as Keras's {@code Sequential}: {@code forward} runs them first
 * to last, {@code backward} last to first, each layer's dL/dInput becoming the previous layer's
 * dL/dOutput (the chain rule). It is itself a {@link Layer}, so models nest.
 *
 * <pre>{@code
 * Sequential model = new Sequential()
 *     .add(new Conv2D(4, 3, 3).seed(1)).add(new ReLU())
 *     .add(new GlobalMaxPool2D()).add(new Dense(2).seed(2));
 * model.build(32, 8, 8, 1);
 * System.out.println(model.summary());
 * }</pre>
 */
public final class Sequential implements Layer {

  private final List<Layer> layers = new ArrayList<>();
  private int[] builtInputShape;

  /** Appends {@code layer} (input) and returns this model. */
  public Sequential add(Layer layer) {
    if (layer == null) {
      throw new IllegalArgumentException("Sequential.add: expected a layer, got null");
    }
    if (layer == this) {
      throw new IllegalArgumentException("Sequential.add: a model cannot contain itself");
    }
    layers.add(layer);
    return this;
  }

  /** The layers, in order (an unmodifiable view). */
  public List<Layer> layers() {
    return java.util.Collections.unmodifiableList(layers);
  }

  // ---- shapes --------------------------------------------------------------------------------

  @Override
  public int[] outputShape(int... inputShape) {
    requireLayers("outputShape");
    requireShape("outputShape", inputShape);
    int[] shape = inputShape.clone();
    for (Layer layer : layers) {
      shape = layer.outputShape(shape);
    }
    return shape;
  }

  /** Creates every layer's weights for inputs of {@code inputShape} (batch dimension included). */
  @Override
  public void build(int... inputShape) {
    requireLayers("build");
    requireShape("build", inputShape);
    int[] shape = inputShape.clone();
    for (Layer layer : layers) {
      layer.build(shape);
      shape = layer.outputShape(shape);
    }
    builtInputShape = inputShape.clone();
  }

  // ---- forward and backward ------------------------------------------------------------------

  /** {@code y = f_n(… f_2(f_1(x)))}. */
  @Override
  public Tensor forward(Tensor input) {
    requireLayers("forward");
    if (input == null) {
      throw new IllegalArgumentException("Sequential.forward: expected an input tensor, got null");
    }
    Tensor x = input;
    for (Layer layer : layers) {
      x = layer.forward(x);
    }
    builtInputShape = input.shape();
    return x;
  }

  /** The model's output for {@code input}; the same as {@link #forward}, named as in Keras. */
  public Tensor predict(Tensor input) {
    return forward(input);
  }

  /** {@code dL/dx = J_1ᵀ·…·J_nᵀ·dL/dy}: each layer's backward in reverse order; parameter gradients are added. */
  @Override
  public Tensor backward(Tensor gradOutput) {
    requireLayers("backward");
    Tensor g = gradOutput;
    for (int i = layers.size() - 1; i >= 0; i--) {
      g = layers.get(i).backward(g);
    }
    return g;
  }

  @Override
  public List<Parameter> parameters() {
    List<Parameter> all = new ArrayList<>();
    for (Layer layer : layers) {
      all.addAll(layer.parameters());
    }
    return all;
  }

  /** Sets every parameter's gradient to zero (modified: the gradients). */
  public void zeroGrad() {
    for (Parameter p : parameters()) {
      p.zeroGrad();
    }
  }

  // ---- weights -------------------------------------------------------------------------------

  /** Copies of every weight in Keras order: layer by layer, kernel then bias. */
  public List<Tensor> getWeights() {
    List<Tensor> weights = new ArrayList<>();
    for (Parameter p : parameters()) {
      weights.add(p.value().copy());
    }
    return weights;
  }

  /**
   * Replaces every weight, in {@link #getWeights()} order; the model must be built.
   *
   * @param weights input, copied: one tensor per parameter with exactly its shape
   */
  public void setWeights(List<Tensor> weights) {
    List<Parameter> params = parameters();
    if (params.isEmpty() && !layers.isEmpty() && builtInputShape == null) {
      throw new IllegalStateException("Sequential.setWeights: the model has no weights yet; call build(inputShape)"
          + " or forward first");
    }
    List<String> names = parameterNames();
    if (weights == null || weights.size() != params.size()) {
      throw new IllegalArgumentException("Sequential.setWeights: expected " + params.size() + " tensors "
          + describe(params, names) + ", got " + (weights == null ? "null" : weights.size()));
    }
    for (int i = 0; i < params.size(); i++) {
      int[] expected = params.get(i).value().shape();
      Tensor w = weights.get(i);
      int[] actual = w == null ? null : w.shape();
      if (!java.util.Arrays.equals(expected, actual)) {
        throw new IllegalArgumentException("Sequential.setWeights: tensor " + i + " (" + names.get(i)
            + ") expected shape " + Shapes.format(expected) + ", got " + Shapes.format(actual));
      }
    }
    for (int i = 0; i < params.size(); i++) {
      params.get(i).value().copyFrom(weights.get(i));
    }
  }

  private static String describe(List<Parameter> params, List<String> names) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      parts.add(names.get(i) + " " + Shapes.format(params.get(i).value().shape()));
    }
    return "(" + String.join(", ", parts) + ")";
  }

  // ---- names and summary ---------------------------------------------------------------------

  /** Keras-style unique layer names: conv2d, conv2d_1, re_lu, dense, … */
  public List<String> layerNames() {
    Map<String, Integer> seen = new HashMap<>();
    List<String> names = new ArrayList<>();
    for (Layer layer : layers) {
      String base = snakeCase(layer.name());
      int n = seen.merge(base, 1, Integer::sum) - 1;
      names.add(n == 0 ? base : base + "_" + n);
    }
    return names;
  }

  /** "layer/parameter" for every parameter, e.g. "conv2d/kernel", in {@link #parameters()} order. */
  public List<String> parameterNames() {
    List<String> names = new ArrayList<>();
    List<String> layerNames = layerNames();
    for (int i = 0; i < layers.size(); i++) {
      for (Parameter p : layers.get(i).parameters()) {
        names.add(layerNames.get(i) + "/" + p.name());
      }
    }
    return names;
  }

  static String snakeCase(String name) {
    // Keras's own rule (keras.utils.to_snake_case), so names match what Keras users see.
    return name.replaceAll("(.)([A-Z][a-z]+)", "$1_$2").replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase();
  }

  /**
   * A Keras-like table of layer, output shape (batch shown as None) and parameter count, for the
   * shape the model was last built or run with.
   *
   * @throws IllegalStateException when the model has no input shape yet
   */
  public String summary() {
    if (builtInputShape == null) {
      throw new IllegalStateException("Sequential.summary: the model has no input shape yet; call build(inputShape)"
          + " or forward first");
    }
    String rule = "_".repeat(65);
    StringBuilder out = new StringBuilder();
    out.append("Model: \"sequential\"\n").append(rule).append('\n');
    out.append(String.format(" %-28s%-26s%s%n", "Layer (type)", "Output Shape", "Param #"));
    out.append("=".repeat(65)).append('\n');
    int[] shape = builtInputShape.clone();
    long total = 0;
    List<String> names = layerNames();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      shape = layer.outputShape(shape);
      long count = layer.countParams();
      total += count;
      out.append(String.format(" %-28s%-26s%d%n", names.get(i) + " (" + layer.name() + ")", kerasShape(shape), count));
    }
    out.append("=".repeat(65)).append('\n');
    out.append("Total params: ").append(total).append('\n');
    out.append("Trainable params: ").append(total).append('\n');
    out.append("Non-trainable params: 0\n").append(rule).append('\n');
    return out.toString();
  }

  private static String kerasShape(int[] shape) {
    StringBuilder s = new StringBuilder("(None");
    for (int i = 1; i < shape.length; i++) {
      s.append(", ").append(shape[i]);
    }
    return s.append(')').toString();
  }

  private static void requireShape(String what, int[] inputShape) {
    if (inputShape == null) {
      throw new IllegalArgumentException("Sequential." + what + ": expected an input shape (batch included), got null");
    }
  }

  private void requireLayers(String what) {
    if (layers.isEmpty()) {
      throw new IllegalStateException("Sequential." + what + ": the model has no layers; add some first");
    }
  }
}
