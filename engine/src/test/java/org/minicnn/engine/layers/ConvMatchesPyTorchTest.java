package org.minicnn.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.TorchCases;
import org.minicnn.engine.conv.ConvAlgorithm;

/**
 * Conv1D and Conv2D give PyTorch's numbers (conv_cases.txt, made by engine/src/test/python/conv_fixtures.py
 * with torch.nn.functional.conv2d in float64): output, dL/dx, dL/dw and dL/db, for every padding,
 * stride and dilation in the file, with every algorithm; and the float32 compute option against the same cases
 * computed by PyTorch in float32 (conv_cases_float32.txt, {@code conv_fixtures.py float32}).
 */
class ConvMatchesPyTorchTest extends EngineTestBase {

  /** Float rounding of sums of up to a few dozen terms, relative to the largest value: 2⁻²⁴ times 64 terms. */
  private static final double FLOAT32_TOLERANCE = 64 * 0x1p-24;

  static Stream<TorchCases.Case> cases() {
    return load("conv_cases.txt");
  }

  static Stream<TorchCases.Case> float32Cases() {
    return load("conv_cases_float32.txt");
  }

  @ParameterizedTest(name = "case {0}")
  @MethodSource("cases")
  void sameNumbersAsPyTorch(TorchCases.Case c) {
    for (ConvAlgorithm algorithm : ConvAlgorithm.values()) {
      assertMatches(c, layerFor(c).algorithm(algorithm), FAST_PATH_TOLERANCE);
    }
  }

  /**
   * The float32 compute option against PyTorch float32 (conv_cases_float32.txt: the same geometries, every value a
   * float): both round nothing more on the way in, and sum in float in their own orders, so they agree within float
   * rounding of sums of up to a few dozen terms.
   */
  @ParameterizedTest(name = "case {0}")
  @MethodSource("float32Cases")
  void float32GivesPyTorchFloat32Numbers(TorchCases.Case c) {
    assertMatches(c, layerFor(c).computeDtype(ComputeDtype.FLOAT32), FLOAT32_TOLERANCE);
  }

  private static Stream<TorchCases.Case> load(String file) {
    List<TorchCases.Case> cases = TorchCases.load(file);
    assertEquals(60, cases.size());
    return cases.stream();
  }

  /** The layer with the case's weights: output and the three gradients within {@code tolerance} of PyTorch's. */
  private static void assertMatches(TorchCases.Case c, BaseConv<?> layer, double tolerance) {
    layer.setWeights(c.tensor("w"), c.tensor("b"));
    Tensor y = layer.forward(c.tensor("x"));
    assertArrayEquals(c.tensor("y").shape(), y.shape());
    assertClose(c.tensor("y").data(), y.data(), tolerance);
    Tensor dx = layer.backward(c.tensor("dy"));
    assertClose(c.tensor("dx").data(), dx.data(), tolerance);
    assertClose(c.tensor("dw").data(), layer.kernelGrad().data(), tolerance);
    if (c.tensor("b") == null) {
      assertNull(layer.biasGrad());
    } else {
      assertClose(c.tensor("db").data(), layer.biasGrad().data(), tolerance);
    }
  }

  private static BaseConv<?> layerFor(TorchCases.Case c) {
    int filters = Integer.parseInt(c.setting("filters"));
    int[] k = c.ints("kernel");
    int[] s = c.ints("strides");
    int[] d = c.ints("dilation");
    Padding padding = Padding.valueOf(c.setting("padding"));
    boolean bias = c.setting("bias").equals("1");
    if (c.setting("rank").equals("1")) {
      return new Conv1D(filters, k[0]).strides(s[0]).dilation(d[0]).padding(padding).useBias(bias);
    }
    return new Conv2D(filters, k[0], k[1]).strides(s[0], s[1]).dilation(d[0], d[1]).padding(padding).useBias(bias);
  }
}
