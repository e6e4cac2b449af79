package org.minicnn.engine.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.minicnn.engine.properties.ConvPropertiesTest.BEFORE_FORWARD;
import static org.minicnn.engine.properties.ConvPropertiesTest.gradient;
import static org.minicnn.engine.properties.Generators.chance;
import static org.minicnn.engine.properties.LayerCases.backward;
import static org.minicnn.engine.properties.LayerCases.input;
import static org.minicnn.engine.properties.LayerCases.positive;
import static org.minicnn.engine.properties.LayerCases.tensor;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.GradientCheck;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.ElementwiseActivation;
import org.minicnn.engine.layers.ReLU;
import org.minicnn.engine.layers.Sigmoid;
import org.minicnn.engine.layers.Tanh;

/**
 * ReLU, Sigmoid and Tanh over random shapes (zero, negative, huge) and values, NaN included: every call
 * gives what the definitions compute element by element, or throws the documented exception naming the layer.
 */
class ActivationPropertiesTest {

  // ---- activations ---------------------------------------------------------------------------

  record Activation(int kind, int[] input, long seed, boolean nan, int gradient) {}

  static ElementwiseActivation activation(int kind) {
    return switch (kind) {
      case 0 -> new ReLU();
      case 1 -> new Sigmoid();
      default -> new Tanh();
    };
  }

  /** f(x), written from the definitions (NaN in, NaN out, as in Keras and PyTorch). */
  static double f(int kind, double x) {
    return switch (kind) {
      case 0 -> Double.isNaN(x) ? x : Math.max(x, 0.0);
      case 1 -> 1.0 / (1.0 + Math.exp(-x));
      default -> Math.tanh(x);
    };
  }

  static double fPrime(int kind, double x) {
    return switch (kind) {
      case 0 -> x > 0 ? 1.0 : 0.0;
      case 1 -> f(1, x) * (1 - f(1, x));
      default -> 1 - Math.tanh(x) * Math.tanh(x);
    };
  }

  @Test
  void activationsMapEveryElementOrSayWhy() {
    ForAll.check(9201, r -> new Activation(r.nextInt(3), input(r, r.nextInt(1, 5), 5), r.nextLong(), chance(r, 20),
        gradient(r)), c -> {
      ElementwiseActivation layer = activation(c.kind());
      if (c.gradient() == BEFORE_FORWARD) {
        backward(layer, BEFORE_FORWARD, null, null);
        return;
      }
      boolean valid = positive(c.input(), 1);
      var shape = Documented.call(() -> layer.outputShape(c.input()), layer.name());
      assertEquals(valid, shape.accepted(), "outputShape accepted");
      if (valid) {
        assertArrayEquals(c.input(), shape.result());
      }
      SplittableRandom r = new SplittableRandom(c.seed());
      Tensor clean = tensor(r, c.input());
      double[] values = clean == null ? null : clean.toArray();
      if (values != null && c.nan()) {
        values[r.nextInt(values.length)] = Double.NaN;
      }
      Tensor x = values == null ? null : Tensor.wrap(values, c.input());
      var forward = Documented.call(() -> layer.forward(x), layer.name());
      assertEquals(x != null, forward.accepted(), "forward accepted");
      if (x == null) {
        return;
      }
      double[] expected = new double[values.length];
      Arrays.setAll(expected, i -> f(c.kind(), values[i]));
      assertArrayEquals(c.input(), forward.result().shape());
      assertArrayEquals(expected, forward.result().data(), 1e-15);
      Tensor dx = backward(layer, c.gradient(), c.input(), r);
      if (dx != null) {
        assertArrayEquals(c.input(), dx.shape());
      }
      if (dx != null && !c.nan()) {
        Tensor dy = GradientCheck.randomTensor(new SplittableRandom(c.seed()), c.input());
        layer.forward(x);
        double[] got = layer.backward(dy).data();
        for (int i = 0; i < got.length; i++) {
          assertEquals(dy.data()[i] * fPrime(c.kind(), values[i]), got[i], 1e-15, "dx at " + i);
        }
      }
    });
  }
}
