package org.minicnn.engine.layers;

import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.Tensor;

/** Bad input to the convolution layers: each message names what was expected and what came. */
class ConvErrorMessagesTest extends EngineTestBase {

  @Test
  void wrongRank() {
    assertThrowsMessage(IllegalArgumentException.class,
        "Conv2D: expected input of rank 4 [batch, rows, cols, channels], got shape [8, 8]",
        () -> new Conv2D(1, 3, 3).forward(Tensor.zeros(8, 8)));
    assertThrowsMessage(IllegalArgumentException.class,
        "Conv1D: expected input of rank 3 [batch, length, channels], got shape [1, 8, 8, 1]",
        () -> new Conv1D(1, 3).forward(Tensor.zeros(1, 8, 8, 1)));
  }

  @Test
  void inputChannelsDifferFromKernelChannels() {
    Conv2D layer = new Conv2D(1, 3, 3);
    layer.setWeights(Tensor.zeros(3, 3, 1, 1), Tensor.zeros(1));
    assertThrowsMessage(IllegalArgumentException.class,
        "Conv2D: expected input with 1 channels (kernel [3, 3, 1, 1]), got input shape [1, 8, 8, 3]",
        () -> layer.forward(Tensor.zeros(1, 8, 8, 3)));
  }

  @Test
  void kernelLargerThanTheInput() {
    assertThrowsMessage(IllegalArgumentException.class,
        "Conv2D: kernel [3, 3] with dilation [1, 1] spans [3, 3], larger than the input [2, 8] (padding VALID);"
            + " use a smaller kernel or padding SAME",
        () -> new Conv2D(1, 3, 3).forward(Tensor.zeros(1, 2, 8, 1)));
    assertThrowsMessage(IllegalArgumentException.class,
        "Conv1D: kernel [3] with dilation [2] spans [5], larger than the input [4] (padding VALID);"
            + " use a smaller kernel or padding SAME",
        () -> new Conv1D(1, 3).dilation(2).outputShape(1, 4, 1));
  }

  @Test
  void setWeightsWithWrongShapes() {
    assertThrowsMessage(IllegalArgumentException.class,
        "Conv2D.setWeights: expected kernel of shape [3, 3, inChannels, 2] [kernelRows, kernelCols, inChannels, filters],"
            + " got [3, 3, 1, 1]",
        () -> new Conv2D(2, 3, 3).setWeights(Tensor.zeros(3, 3, 1, 1), Tensor.zeros(2)));
    assertThrowsMessage(IllegalArgumentException.class,
        "Conv1D.setWeights: expected kernel of shape [3, inChannels, 1] [kernelSize, inChannels, filters], got [3, 1]",
        () -> new Conv1D(1, 3).setWeights(Tensor.zeros(3, 1), Tensor.zeros(1)));
    Conv2D built = new Conv2D(1, 3, 3);
    built.forward(Tensor.zeros(1, 4, 4, 2));
    assertThrowsMessage(IllegalArgumentException.class,
        "Conv2D.setWeights: expected kernel of shape [3, 3, 2, 1] [kernelRows, kernelCols, inChannels, filters],"
            + " got [3, 3, 1, 1]",
        () -> built.setWeights(Tensor.zeros(3, 3, 1, 1), Tensor.zeros(1)));
    assertThrowsMessage(IllegalArgumentException.class,
        "Conv2D.setWeights bias: expected shape [1], got [2]",
        () -> new Conv2D(1, 3, 3).setWeights(Tensor.zeros(3, 3, 1, 1), Tensor.zeros(2)));
  }

  @Test
  void missingOrExtraBias() {
    assertThrowsMessage(IllegalArgumentException.class,
        "Conv2D.setWeights: expected bias of shape [1], got null (the layer uses a bias; build it with useBias(false)"
            + " to have none)",
        () -> new Conv2D(1, 3, 3).setWeights(Tensor.zeros(3, 3, 1, 1), null));
    assertThrowsMessage(IllegalArgumentException.class,
        "Conv2D.setWeights: expected no bias (useBias is false), got bias of shape [1]",
        () -> new Conv2D(1, 3, 3).useBias(false).setWeights(Tensor.zeros(3, 3, 1, 1), Tensor.zeros(1)));
  }

  @Test
  void backwardBeforeForwardAndWrongGradientShape() {
    Conv2D layer = new Conv2D(1, 3, 3);
    assertThrowsMessage(IllegalStateException.class,
        "Conv2D.backward called before forward; run forward on a batch first",
        () -> layer.backward(Tensor.zeros(1, 6, 6, 1)));
    layer.forward(Tensor.zeros(1, 8, 8, 1));
    assertThrowsMessage(IllegalArgumentException.class,
        "Conv2D.backward: expected a gradient of shape [1, 6, 6, 1] (the last output), got [1, 6, 6, 2]",
        () -> layer.backward(Tensor.zeros(1, 6, 6, 2)));
  }

  @Test
  void nonPositiveSizes() {
    assertThrowsMessage(IllegalArgumentException.class, "Conv2D: filters must be positive, got 0",
        () -> new Conv2D(0, 3, 3));
    assertThrowsMessage(IllegalArgumentException.class, "Conv1D: kernel size must be positive, got -1",
        () -> new Conv1D(1, -1));
    assertThrowsMessage(IllegalArgumentException.class, "Conv2D: stride must be positive, got 0",
        () -> new Conv2D(1, 3, 3).strides(1, 0));
    assertThrowsMessage(IllegalArgumentException.class, "Conv1D: dilation must be positive, got 0",
        () -> new Conv1D(1, 3).dilation(0));
    assertThrowsMessage(IllegalArgumentException.class, "Tensor.zeros: expected positive dimensions, got shape [1, 0, 8, 1]",
        () -> Tensor.zeros(1, 0, 8, 1));
  }

  @Test
  void causalOnConv2D() {
    assertThrowsMessage(IllegalArgumentException.class,
        "Conv2D: padding CAUSAL is only defined for Conv1D (temporal data); use VALID or SAME",
        () -> new Conv2D(1, 3, 3).padding(Padding.CAUSAL));
  }

  @Test
  void weightsBeforeBuildAndSettingsAfterBuild() {
    assertThrowsMessage(IllegalStateException.class,
        "Conv2D.kernel: the weights are created on the first forward (or by setWeights); there are none yet",
        () -> new Conv2D(1, 3, 3).kernel());
    Conv1D layer = new Conv1D(1, 3);
    layer.forward(Tensor.zeros(1, 8, 1));
    assertThrowsMessage(IllegalStateException.class,
        "Conv1D.seed: the weights already exist; set it before the first forward", () -> layer.seed(3));
  }

  @Test
  void nonFiniteData() {
    assertThrowsMessage(IllegalArgumentException.class,
        "Tensor.of: data[2] is NaN; expected finite values (index [0, 2, 0] of shape [1, 3, 1])",
        () -> Tensor.of(new double[] {0, 1, Double.NaN}, 1, 3, 1));
    assertThrowsMessage(IllegalArgumentException.class, "Tensor.of: shape [1, 8, 1] needs 8 values, got 7",
        () -> Tensor.of(new double[7], 1, 8, 1));
  }
}
