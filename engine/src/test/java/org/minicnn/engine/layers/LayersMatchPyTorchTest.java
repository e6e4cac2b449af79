package org.minicnn.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.Layer;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.TorchCases;

/**
 * ReLU, Sigmoid, Tanh, MaxPool1D/2D, the global pools, Flatten and Dense give PyTorch's numbers
 * (layer_cases.txt, made by engine/src/test/python/layer_fixtures.py in float64): output, dL/dx and,
 * for Dense, dL/dw and dL/db; the max-pool cases include Keras SAME padding and windows with tied
 * maxima, where both route the gradient to the first maximum in scan order.
 */
class LayersMatchPyTorchTest extends EngineTestBase {

  static Stream<TorchCases.Case> cases() {
    List<TorchCases.Case> cases = TorchCases.load("layer_cases.txt");
    assertEquals(77, cases.size());
    return cases.stream();
  }

  @ParameterizedTest(name = "case {0}")
  @MethodSource("cases")
  void sameNumbersAsPyTorch(TorchCases.Case c) {
    Layer layer = layerFor(c);
    if (layer instanceof Dense dense) {
      dense.setWeights(c.tensor("w"), c.tensor("b"));
    }
    Tensor y = layer.forward(c.tensor("x"));
    assertArrayEquals(c.tensor("y").shape(), y.shape());
    assertClose(c.tensor("y").data(), y.data(), FAST_PATH_TOLERANCE);
    Tensor dx = layer.backward(c.tensor("dy"));
    assertArrayEquals(c.tensor("x").shape(), dx.shape());
    assertClose(c.tensor("dx").data(), dx.data(), FAST_PATH_TOLERANCE);
    if (layer instanceof Dense dense) {
      assertClose(c.tensor("dw").data(), dense.kernelGrad().data(), FAST_PATH_TOLERANCE);
      if (c.tensor("b") == null) {
        assertNull(dense.biasGrad());
      } else {
        assertClose(c.tensor("db").data(), dense.biasGrad().data(), FAST_PATH_TOLERANCE);
      }
    }
  }

  private static Layer layerFor(TorchCases.Case c) {
    String kind = c.setting("layer");
    return switch (kind) {
      case "ReLU" -> new ReLU();
      case "Sigmoid" -> new Sigmoid();
      case "Tanh" -> new Tanh();
      case "MaxPool1D" -> {
        MaxPool1D pool = new MaxPool1D(c.ints("pool")[0]).padding(Padding.valueOf(c.setting("padding")));
        yield c.setting("strides").equals("default") ? pool : pool.strides(c.ints("strides")[0]);
      }
      case "MaxPool2D" -> {
        int[] p = c.ints("pool");
        MaxPool2D pool = new MaxPool2D(p[0], p[1]).padding(Padding.valueOf(c.setting("padding")));
        yield c.setting("strides").equals("default") ? pool : pool.strides(c.ints("strides")[0], c.ints("strides")[1]);
      }
      case "GlobalMaxPool1D" -> new GlobalMaxPool1D();
      case "GlobalMaxPool2D" -> new GlobalMaxPool2D();
      case "GlobalAveragePool1D" -> new GlobalAveragePool1D();
      case "GlobalAveragePool2D" -> new GlobalAveragePool2D();
      case "Flatten" -> new Flatten();
      case "Dense" -> new Dense(Integer.parseInt(c.setting("units"))).useBias(c.setting("bias").equals("1"));
      default -> throw new IllegalArgumentException("unknown layer in layer_cases.txt: " + kind);
    };
  }
}
