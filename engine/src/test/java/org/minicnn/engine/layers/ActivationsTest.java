package org.minicnn.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.GradientCheck;
import org.minicnn.engine.Tensor;

/** ReLU, Sigmoid and Tanh: values by hand, gradients against central differences. */
class ActivationsTest extends EngineTestBase {

  private static Tensor row(double... values) {
    return Tensor.of(values, 1, values.length);
  }

  @Test
  void reluKeepsPositivesAndHasDerivativeZeroAtZero() {
    ReLU relu = new ReLU();
    assertArrayEquals(new double[] {0, 0, 0, 1.5}, relu.forward(row(-2, -1e-300, 0, 1.5)).toArray());
    assertArrayEquals(new double[] {0, 0, 0, 4}, relu.backward(row(1, 2, 3, 4)).toArray());
  }

  @Test
  void sigmoidValuesAndDerivative() {
    Sigmoid sigmoid = new Sigmoid();
    double ln3 = Math.log(3);
    // σ(0) = 1/2, σ(ln 3) = 3/4, σ(−ln 3) = 1/4; σ' = σ(1 − σ) = 1/4, 3/16, 3/16
    assertClose(new double[] {0.5, 0.75, 0.25}, sigmoid.forward(row(0, ln3, -ln3)).data(), FAST_PATH_TOLERANCE);
    assertClose(new double[] {0.25, 2 * 0.1875, 0.1875}, sigmoid.backward(row(1, 2, 1)).data(), FAST_PATH_TOLERANCE);
  }

  @Test
  void sigmoidStaysAccurateFarInTheTails() {
    // 1 / (1 + e^720) overflows to 1/∞ = 0; e^x / (1 + e^x) keeps the (subnormal) value.
    assertEquals(Math.exp(-720), Sigmoid.sigmoid(-720));
    assertTrue(Sigmoid.sigmoid(-720) > 0);
    assertEquals(1.0, Sigmoid.sigmoid(800));
    assertEquals(0.0, Sigmoid.sigmoid(-800));
  }

  @Test
  void tanhValuesAndDerivative() {
    Tanh tanh = new Tanh();
    // tanh(ln 2) = (4 − 1) / (4 + 1) = 0.6, 1 − 0.6² = 0.64
    assertClose(new double[] {0, 0.6, -0.6}, tanh.forward(row(0, Math.log(2), -Math.log(2))).data(), FAST_PATH_TOLERANCE);
    assertClose(new double[] {1, 0.64, 2 * 0.64}, tanh.backward(row(1, 1, 2)).data(), FAST_PATH_TOLERANCE);
  }

  @Test
  void shapeIsKeptForAnyRank() {
    for (ElementwiseActivation layer : List.of(new ReLU(), new Sigmoid(), new Tanh())) {
      assertArrayEquals(new int[] {2, 5, 5, 3}, layer.outputShape(2, 5, 5, 3));
      assertArrayEquals(new int[] {7}, layer.forward(Tensor.zeros(7)).shape());
      assertTrue(layer.parameters().isEmpty());
    }
  }

  @RepeatedTest(30)
  void gradientsMatchCentralDifferences() {
    int[] shape = new int[between(1, 4)];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = between(1, 4);
    }
    Tensor x = randomTensor(shape);
    double[] data = x.data();
    for (int i = 0; i < data.length; i++) {
      data[i] *= 4;   // beyond [-1, 1], into the curved parts of sigmoid and tanh
    }
    for (ElementwiseActivation layer : List.of(new ReLU(), new Sigmoid(), new Tanh())) {
      GradientCheck.check(layer, x, random.nextLong()).assertWithin(GRADIENT_TOLERANCE);
    }
  }
}
