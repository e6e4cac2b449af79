package org.minicnn.engine.layers;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.Layer;
import org.minicnn.engine.Tensor;

/** Bad input to the activation, pooling, Flatten and Dense layers: each message names what was expected and what came. */
class LayerErrorMessagesTest extends EngineTestBase {

  @Test
  void wrongRank() {
    assertThrowsMessage(IllegalArgumentException.class,
        "MaxPool2D: expected input of rank 4 [batch, rows, cols, channels], got shape [1, 8, 8]",
        () -> new MaxPool2D(2, 2).forward(Tensor.zeros(1, 8, 8)));
    assertThrowsMessage(IllegalArgumentException.class,
        "MaxPool1D: expected input of rank 3 [batch, length, channels], got shape [8, 1]",
        () -> new MaxPool1D(2).outputShape(8, 1));
    assertThrowsMessage(IllegalArgumentException.class,
        "GlobalMaxPool1D: expected input of rank 3 [batch, steps, channels], got shape [1, 2, 3, 4]",
        () -> new GlobalMaxPool1D().forward(Tensor.zeros(1, 2, 3, 4)));
    assertThrowsMessage(IllegalArgumentException.class,
        "GlobalAveragePool2D: expected input of rank 4 [batch, rows, cols, channels], got shape [2, 3]",
        () -> new GlobalAveragePool2D().outputShape(2, 3));
    assertThrowsMessage(IllegalArgumentException.class,
        "Dense: expected input of rank at least 2 [batch, ..., features], got shape [3]",
        () -> new Dense(2).forward(Tensor.zeros(3)));
    assertThrowsMessage(IllegalArgumentException.class,
        "ReLU: expected input of rank at least 1 [batch, ...], got shape []", () -> new ReLU().outputShape());
    assertThrowsMessage(IllegalArgumentException.class,
        "Flatten: expected input of rank at least 1 [batch, ...], got shape null",
        () -> new Flatten().outputShape((int[]) null));
  }

  @Test
  void nonPositiveSizes() {
    assertThrowsMessage(IllegalArgumentException.class, "MaxPool2D: pool size must be positive, got 0",
        () -> new MaxPool2D(2, 0));
    assertThrowsMessage(IllegalArgumentException.class, "MaxPool1D: stride must be positive, got -1",
        () -> new MaxPool1D(2).strides(-1));
    assertThrowsMessage(IllegalArgumentException.class, "Dense: units must be positive, got 0", () -> new Dense(0));
    assertThrowsMessage(IllegalArgumentException.class,
        "MaxPool2D: expected positive dimensions, got shape [1, 0, 4, 1]", () -> new MaxPool2D(2, 2).outputShape(1, 0, 4, 1));
    assertThrowsMessage(IllegalArgumentException.class,
        "Tanh: expected positive dimensions, got shape [2, -3]", () -> new Tanh().outputShape(2, -3));
  }

  @Test
  void poolLargerThanTheInput() {
    assertThrowsMessage(IllegalArgumentException.class,
        "MaxPool2D: pool [3, 3] is larger than the input [2, 8] (padding VALID); use a smaller pool or padding SAME",
        () -> new MaxPool2D(3, 3).forward(Tensor.zeros(1, 2, 8, 1)));
    assertThrowsMessage(IllegalArgumentException.class,
        "MaxPool1D: pool [5] is larger than the input [4] (padding VALID); use a smaller pool or padding SAME",
        () -> new MaxPool1D(5).outputShape(1, 4, 1));
  }

  @Test
  void poolingPaddingMustBeValidOrSame() {
    assertThrowsMessage(IllegalArgumentException.class,
        "MaxPool1D: expected padding VALID or SAME, got CAUSAL (causal padding is defined for Conv1D only)",
        () -> new MaxPool1D(2).padding(Padding.CAUSAL));
    assertThrowsMessage(IllegalArgumentException.class, "MaxPool2D: expected padding VALID or SAME, got null",
        () -> new MaxPool2D(2, 2).padding(null));
  }

  @Test
  void nullInput() {
    assertThrowsMessage(IllegalArgumentException.class, "Sigmoid.forward: expected an input tensor, got null",
        () -> new Sigmoid().forward(null));
    assertThrowsMessage(IllegalArgumentException.class, "Dense.forward: expected an input tensor, got null",
        () -> new Dense(1).forward(null));
  }

  @Test
  void backwardBeforeForwardAndWrongGradientShape() {
    List<Layer> layers = List.of(new ReLU(), new Sigmoid(), new Tanh(), new MaxPool2D(2, 2), new GlobalMaxPool2D(),
        new GlobalAveragePool2D(), new Flatten(), new Dense(3));
    for (Layer layer : layers) {
      assertThrowsMessage(IllegalStateException.class,
          layer.name() + ".backward called before forward; run forward on a batch first",
          () -> layer.backward(Tensor.zeros(1, 2)));
      Tensor y = layer.forward(Tensor.zeros(2, 4, 4, 2));
      Tensor wrong = Tensor.zeros(y.shape()[0] + 1, 1);
      assertThrowsMessage(IllegalArgumentException.class, layer.name() + ".backward: expected a gradient of shape "
          + java.util.Arrays.toString(y.shape()) + " (the last output), got " + java.util.Arrays.toString(wrong.shape()),
          () -> layer.backward(wrong));
    }
    assertThrowsMessage(IllegalArgumentException.class,
        "MaxPool1D.backward: expected a gradient of shape [1, 3, 1] (the last output), got [1, 6, 1]", () -> {
          MaxPool1D pool = new MaxPool1D(2);
          pool.forward(Tensor.zeros(1, 6, 1));
          pool.backward(Tensor.zeros(1, 6, 1));
        });
    assertThrowsMessage(IllegalArgumentException.class,
        "GlobalMaxPool1D.backward: expected a gradient of shape [1, 2] (the last output), got null", () -> {
          GlobalMaxPool1D pool = new GlobalMaxPool1D();
          pool.forward(Tensor.zeros(1, 6, 2));
          pool.backward(null);
        });
  }

  @Test
  void denseInputFeaturesDifferFromTheKernel() {
    Dense dense = new Dense(3);
    dense.forward(Tensor.zeros(1, 2));
    assertThrowsMessage(IllegalArgumentException.class,
        "Dense: expected input with 2 features (kernel [2, 3]), got input shape [1, 4]",
        () -> dense.forward(Tensor.zeros(1, 4)));
  }

  @Test
  void denseSetWeightsWithWrongShapes() {
    assertThrowsMessage(IllegalArgumentException.class,
        "Dense.setWeights: expected kernel of shape [inFeatures, 3] [inFeatures, units], got [2, 4]",
        () -> new Dense(3).setWeights(Tensor.zeros(2, 4), Tensor.zeros(3)));
    assertThrowsMessage(IllegalArgumentException.class,
        "Dense.setWeights: expected kernel of shape [inFeatures, 3] [inFeatures, units], got [3]",
        () -> new Dense(3).setWeights(Tensor.zeros(3), Tensor.zeros(3)));
    assertThrowsMessage(IllegalArgumentException.class,
        "Dense.setWeights: expected a kernel of shape [inFeatures, units], got null",
        () -> new Dense(3).setWeights(null, Tensor.zeros(3)));
    Dense built = new Dense(3);
    built.build(1, 2);
    assertThrowsMessage(IllegalArgumentException.class,
        "Dense.setWeights: expected kernel of shape [2, 3] [inFeatures, units], got [4, 3]",
        () -> built.setWeights(Tensor.zeros(4, 3), Tensor.zeros(3)));
    assertThrowsMessage(IllegalArgumentException.class, "Dense.setWeights bias: expected shape [3], got [2]",
        () -> new Dense(3).setWeights(Tensor.zeros(2, 3), Tensor.zeros(2)));
  }

  @Test
  void denseMissingOrExtraBias() {
    assertThrowsMessage(IllegalArgumentException.class,
        "Dense.setWeights: expected bias of shape [3], got null (the layer uses a bias; build it with useBias(false)"
            + " to have none)",
        () -> new Dense(3).setWeights(Tensor.zeros(2, 3), null));
    assertThrowsMessage(IllegalArgumentException.class,
        "Dense.setWeights: expected no bias (useBias is false), got bias of shape [3]",
        () -> new Dense(3).useBias(false).setWeights(Tensor.zeros(2, 3), Tensor.zeros(3)));
  }

  @Test
  void denseWeightsBeforeBuildAndSettingsAfterBuild() {
    assertThrowsMessage(IllegalStateException.class,
        "Dense.kernel: the weights are created on the first forward (or by setWeights); there are none yet",
        () -> new Dense(3).kernel());
    assertThrowsMessage(IllegalStateException.class,
        "Dense.biasGrad: the weights are created on the first forward (or by setWeights); there are none yet",
        () -> new Dense(3).biasGrad());
    Dense dense = new Dense(3);
    dense.forward(Tensor.zeros(1, 2));
    assertThrowsMessage(IllegalStateException.class,
        "Dense.seed: the weights already exist; set it before the first forward", () -> dense.seed(3));
    assertThrowsMessage(IllegalStateException.class,
        "Dense.useBias: the weights already exist; set it before the first forward", () -> dense.useBias(false));
  }
}
