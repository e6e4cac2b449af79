package org.minicnn.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.layers.Conv1D;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.engine.layers.Padding;

class SequentialTest extends EngineTestBase {

  private Sequential twoConvs() {
    return new Sequential()
        .add(new Conv2D(4, 3, 3).seed(1).padding(Padding.SAME))
        .add(new Conv2D(2, 3, 3).seed(2).strides(2, 2));
  }

  @Test
  void forwardIsTheCompositionAndBackwardTheChainRule() {
    Sequential model = twoConvs();
    Tensor x = randomTensor(2, 7, 7, 3);
    Tensor y = model.forward(x);
    Conv2D first = (Conv2D) model.layers().get(0);
    Conv2D second = (Conv2D) model.layers().get(1);
    assertEquals(second.forward(first.forward(x)), y);
    assertArrayEquals(new int[] {2, 3, 3, 2}, model.outputShape(2, 7, 7, 3));
    GradientCheck.check(model, x, 5).assertWithin(GRADIENT_TOLERANCE);
  }

  @Test
  void weightsInKerasOrderRoundTrip() {
    Sequential model = twoConvs();
    model.build(1, 7, 7, 3);
    List<Tensor> weights = model.getWeights();
    assertEquals(4, weights.size());
    assertArrayEquals(new int[] {3, 3, 3, 4}, weights.get(0).shape());
    assertArrayEquals(new int[] {4}, weights.get(1).shape());
    assertArrayEquals(new int[] {3, 3, 4, 2}, weights.get(2).shape());
    Sequential other = new Sequential().add(new Conv2D(4, 3, 3).seed(9).padding(Padding.SAME))
        .add(new Conv2D(2, 3, 3).seed(8).strides(2, 2));
    other.build(1, 7, 7, 3);
    other.setWeights(weights);
    Tensor x = randomTensor(1, 7, 7, 3);
    assertEquals(model.predict(x), other.predict(x));
    assertEquals(List.of("conv2d/kernel", "conv2d/bias", "conv2d_1/kernel", "conv2d_1/bias"), model.parameterNames());
  }

  @Test
  void setWeightsNamesTheMismatch() {
    Sequential model = twoConvs();
    model.build(1, 7, 7, 3);
    List<Tensor> weights = model.getWeights();
    assertThrowsMessage(IllegalArgumentException.class,
        "Sequential.setWeights: expected 4 tensors (conv2d/kernel [3, 3, 3, 4], conv2d/bias [4], conv2d_1/kernel"
            + " [3, 3, 4, 2], conv2d_1/bias [2]), got 3",
        () -> model.setWeights(weights.subList(0, 3)));
    weights.set(2, Tensor.zeros(3, 3, 4, 3));
    assertThrowsMessage(IllegalArgumentException.class,
        "Sequential.setWeights: tensor 2 (conv2d_1/kernel) expected shape [3, 3, 4, 2], got [3, 3, 4, 3]",
        () -> model.setWeights(weights));
    assertThrowsMessage(IllegalStateException.class,
        "Sequential.setWeights: the model has no weights yet; call build(inputShape) or forward first",
        () -> twoConvs().setWeights(weights));
    assertThrowsMessage(IllegalStateException.class,
        "Sequential.forward: the model has no layers; add some first", () -> new Sequential().forward(Tensor.zeros(1)));
    assertThrowsMessage(IllegalStateException.class,
        "Sequential.backward: the model has no layers; add some first",
        () -> new Sequential().backward(Tensor.zeros(1)));
  }

  /** A model without layers has nothing to build or to give a shape for: both are refused with the reason. */
  @Test
  void anEmptyModelRefusesToBuild() {
    assertThrowsMessage(IllegalStateException.class, "Sequential.build: the model has no layers; add some first",
        () -> new Sequential().build(1, 4));
    assertThrowsMessage(IllegalStateException.class, "Sequential.outputShape: the model has no layers; add some first",
        () -> new Sequential().outputShape(1, 4));
  }

  /** After a backward pass every parameter holds a gradient; {@code zeroGrad} sets each one to zero. */
  @Test
  void zeroGradClearsEveryParameter() {
    Sequential model = twoConvs();
    Tensor y = model.forward(Tensor.full(0.5, 1, 7, 7, 3));
    model.backward(Tensor.full(1.0, y.shape()));
    for (Parameter p : model.parameters()) {
      assertTrue(java.util.Arrays.stream(p.grad().data()).anyMatch(g -> g != 0.0), p.name());
    }
    model.zeroGrad();
    for (Parameter p : model.parameters()) {
      assertTrue(java.util.Arrays.stream(p.grad().data()).allMatch(g -> g == 0.0), p.name());
    }
  }

  /** Row-major multi-indices: the last axis varies fastest. */
  @Test
  void unravelIsRowMajor() {
    assertArrayEquals(new int[] {1, 2, 1}, Shapes.unravel(11, 2, 3, 2));
    assertArrayEquals(new int[] {0, 1, 0}, Shapes.unravel(2, 2, 3, 2));
  }

  @Test
  void summaryIsAKerasLikeTable() {
    Sequential model = new Sequential().add(new Conv1D(8, 3)).add(new Conv1D(1, 2).useBias(false));
    model.build(16, 10, 2);
    String expected = String.join("\n",
        "Model: \"sequential\"",
        "_________________________________________________________________",
        " Layer (type)                Output Shape              Param #",
        "=================================================================",
        " conv1d (Conv1D)             (None, 8, 8)              56",
        " conv1d_1 (Conv1D)           (None, 7, 1)              16",
        "=================================================================",
        "Total params: 72",
        "Trainable params: 72",
        "Non-trainable params: 0",
        "_________________________________________________________________",
        "");
    assertEquals(expected, model.summary().replace(System.lineSeparator(), "\n"));
    assertEquals(72, model.countParams());
    assertEquals(56, model.layers().get(0).countParams());
    assertEquals(0, new Conv1D(8, 3).countParams(), "before build");
  }

  @Test
  void snakeCaseNamesAsKeras() {
    assertEquals("conv2d", Sequential.snakeCase("Conv2D"));
    assertEquals("re_lu", Sequential.snakeCase("ReLU"));
    assertEquals("global_max_pool2d", Sequential.snakeCase("GlobalMaxPool2D"));
  }
}
