package org.minicnn.engine.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.minicnn.engine.properties.ConvPropertiesTest.BEFORE_FORWARD;
import static org.minicnn.engine.properties.ConvPropertiesTest.gradient;
import static org.minicnn.engine.properties.Generators.chance;
import static org.minicnn.engine.properties.LayerCases.ALLOCATE_AT_MOST;
import static org.minicnn.engine.properties.LayerCases.backward;
import static org.minicnn.engine.properties.LayerCases.input;
import static org.minicnn.engine.properties.LayerCases.positive;
import static org.minicnn.engine.properties.LayerCases.tensor;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.GradientCheck;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.Dense;

/**
 * Dense over random units, shapes, weights (set before or after the first forward, right or wrong) and
 * values: every call gives {@code X·W + b} and its gradients as plain loops compute them, or throws the
 * documented exception naming the layer.
 */
class DensePropertiesTest {

  // ---- dense ---------------------------------------------------------------------------------

  /** How a Dense case sets its weights before the first forward. */
  static final int INITIALIZED = 0;
  static final int SET_RIGHT = 1;
  static final int SET_WRONG_KERNEL = 2;
  static final int SET_NULL_KERNEL = 3;
  static final int SET_WRONG_BIAS = 4;

  record DenseCase(int units, boolean useBias, long seed, int[] input, int weights, boolean setAfterForward,
      int gradient) {}

  static DenseCase dense(SplittableRandom r) {
    int roll = r.nextInt(100);
    int weights = roll < 60 ? INITIALIZED : roll < 80 ? SET_RIGHT : roll < 88 ? SET_WRONG_KERNEL
        : roll < 92 ? SET_NULL_KERNEL : SET_WRONG_BIAS;
    return new DenseCase(Generators.size(r, 5), r.nextBoolean(), r.nextLong(), input(r, r.nextInt(2, 5), 5), weights,
        chance(r, 20), gradient(r));
  }

  @Test
  void denseIsXTimesWPlusBOrSaysWhy() {
    ForAll.check(9205, DensePropertiesTest::dense, c -> {
      var made = Documented.call(() -> new Dense(c.units()), "Dense");
      assertEquals(c.units() > 0, made.accepted(), "constructor accepted");
      if (!made.accepted()) {
        return;
      }
      Dense layer = made.result().useBias(c.useBias()).seed(c.seed());
      assertEquals(c.units(), layer.units());
      assertEquals(IllegalStateException.class, Documented.call(layer::kernel, "Dense").rejection().getClass());
      if (c.gradient() == BEFORE_FORWARD) {
        backward(layer, BEFORE_FORWARD, null, null);
        return;
      }
      int[] in = c.input();
      boolean valid = positive(in, 2);
      int[] expected = valid ? in.clone() : null;
      if (valid) {
        expected[in.length - 1] = c.units();
      }
      var shape = Documented.call(() -> layer.outputShape(in), "Dense");
      assertEquals(valid, shape.accepted(), "outputShape accepted");
      if (!valid) {
        return;
      }
      assertArrayEquals(expected, shape.result());
      int features = in[in.length - 1];
      long kernelCount = (long) features * c.units();
      SplittableRandom r = new SplittableRandom(c.seed());
      Tensor x = tensor(r, in);
      if (x == null || kernelCount > ALLOCATE_AT_MOST || Generators.count(expected) > ALLOCATE_AT_MOST) {
        return;
      }
      Tensor kernel = GradientCheck.randomTensor(r, features, c.units());
      Tensor bias = c.useBias() ? GradientCheck.randomTensor(r, c.units()) : null;
      if (!c.setAfterForward() && c.weights() != INITIALIZED) {
        if (!setWeights(layer, c, kernel, bias, features)) {
          return;
        }
      }
      Tensor y = layer.forward(x);
      assertArrayEquals(expected, y.shape());
      if (c.weights() == INITIALIZED) {
        Dense twin = new Dense(c.units()).useBias(c.useBias()).seed(c.seed());
        twin.build(in);
        assertArrayEquals(twin.kernel().data(), layer.kernel().data(), "same seed, same kernel");
        assertArrayEquals(new int[] {features, c.units()}, layer.kernel().shape());
        if (c.useBias()) {
          assertArrayEquals(new double[c.units()], layer.bias().data(), "zero bias");
        } else {
          assertNull(layer.bias());
        }
        assertEquals(IllegalStateException.class, Documented.call(() -> layer.seed(1), "Dense").rejection().getClass());
      } else if (c.setAfterForward()) {
        if (!setWeights(layer, c, kernel, bias, features)) {
          return;
        }
        y = layer.forward(x);
      }
      double[] w = layer.kernel().data();
      if (c.weights() == SET_RIGHT) {
        assertArrayEquals(kernel.data(), w, "kernel as set");
        assertNotEquals(kernel.data(), w, "kernel copied");
      }
      double[] b = c.useBias() ? layer.bias().data() : new double[c.units()];
      int rows = x.size() / features;
      double[] want = new double[rows * c.units()];
      for (int m = 0; m < rows; m++) {
        for (int u = 0; u < c.units(); u++) {
          double sum = b[u];
          for (int k = 0; k < features; k++) {
            sum += x.data()[m * features + k] * w[k * c.units() + u];
          }
          want[m * c.units() + u] = sum;
        }
      }
      EngineTestBase.assertClose(want, y.data(), 1e-14);
      Tensor dx = backward(layer, c.gradient(), expected, r);
      if (dx == null) {
        return;
      }
      assertArrayEquals(in, dx.shape());
      Tensor dy = GradientCheck.randomTensor(r, expected);
      layer.forward(x);
      layer.kernelGrad().fill(0);
      if (c.useBias()) {
        layer.biasGrad().fill(0);
      }
      double[] got = layer.backward(dy).data();
      double[] wantDx = new double[x.size()];
      double[] wantDw = new double[w.length];
      double[] wantDb = new double[c.units()];
      for (int m = 0; m < rows; m++) {
        for (int u = 0; u < c.units(); u++) {
          double g = dy.data()[m * c.units() + u];
          wantDb[u] += g;
          for (int k = 0; k < features; k++) {
            wantDx[m * features + k] += g * w[k * c.units() + u];
            wantDw[k * c.units() + u] += x.data()[m * features + k] * g;
          }
        }
      }
      EngineTestBase.assertClose(wantDx, got, 1e-14);
      EngineTestBase.assertClose(wantDw, layer.kernelGrad().data(), 1e-14);
      if (c.useBias()) {
        EngineTestBase.assertClose(wantDb, layer.biasGrad().data(), 1e-14);
      } else {
        assertNull(layer.biasGrad());
      }
    });
  }

  /** Calls setWeights as the case says; returns whether it was (rightly) accepted. */
  static boolean setWeights(Dense layer, DenseCase c, Tensor kernel, Tensor bias, int features) {
    Tensor k = switch (c.weights()) {
      // Before the first forward any [inFeatures, units] kernel fits; a wrong one has another units or rank.
      case SET_WRONG_KERNEL -> Tensor.zeros(new SplittableRandom(c.seed()).nextBoolean()
          ? new int[] {features, c.units() + 1} : new int[] {features, c.units(), 1});
      case SET_NULL_KERNEL -> null;
      default -> kernel;
    };
    Tensor b = c.weights() == SET_WRONG_BIAS ? (bias == null ? Tensor.zeros(c.units()) : Tensor.zeros(c.units() + 1))
        : bias;
    var outcome = Documented.run(() -> layer.setWeights(k, b), "Dense");
    assertEquals(c.weights() == SET_RIGHT, outcome.accepted(), "setWeights accepted");
    return outcome.accepted();
  }
}
