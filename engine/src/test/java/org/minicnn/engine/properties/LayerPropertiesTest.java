package org.minicnn.engine.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.minicnn.engine.properties.ConvPropertiesTest.BEFORE_FORWARD;
import static org.minicnn.engine.properties.ConvPropertiesTest.NULL;
import static org.minicnn.engine.properties.ConvPropertiesTest.RIGHT_SHAPE;
import static org.minicnn.engine.properties.ConvPropertiesTest.WRONG_SHAPE;
import static org.minicnn.engine.properties.ConvPropertiesTest.gradient;
import static org.minicnn.engine.properties.Generators.chance;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.GradientCheck;
import org.minicnn.engine.Layer;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.BaseMaxPool;
import org.minicnn.engine.layers.Dense;
import org.minicnn.engine.layers.ElementwiseActivation;
import org.minicnn.engine.layers.Flatten;
import org.minicnn.engine.layers.GlobalAveragePool1D;
import org.minicnn.engine.layers.GlobalAveragePool2D;
import org.minicnn.engine.layers.GlobalMaxPool1D;
import org.minicnn.engine.layers.GlobalMaxPool2D;
import org.minicnn.engine.layers.MaxPool1D;
import org.minicnn.engine.layers.MaxPool2D;
import org.minicnn.engine.layers.Padding;
import org.minicnn.engine.layers.ReLU;
import org.minicnn.engine.layers.Sigmoid;
import org.minicnn.engine.layers.Tanh;

/**
 * The layers without a convolution — activations, max and global pooling, Flatten, Dense — over
 * random configurations, shapes (zero, negative, huge) and values: every call gives what a plain
 * loop in this test computes, or throws the documented exception naming the layer.
 */
class LayerPropertiesTest {

  /** Inputs up to this many elements are allocated; larger valid shapes are only given to outputShape. */
  static final long ALLOCATE_AT_MOST = 1 << 14;

  /** A shape of {@code rank} dimensions (sometimes another rank) in [1, max], sometimes zero, negative or huge. */
  static int[] input(SplittableRandom r, int rank, int max) {
    if (chance(r, 2)) {
      return null;
    }
    int[] shape = new int[chance(r, 90) ? rank : r.nextInt(0, 6)];
    for (int i = 0; i < shape.length; i++) {
      int roll = r.nextInt(100);
      shape[i] = roll < 96 ? r.nextInt(1, max + 1) : roll < 98 ? Generators.pick(r, Generators.NOT_POSITIVE)
          : Generators.pick(r, Generators.HUGE);
    }
    return shape;
  }

  static boolean allocatable(int[] shape) {
    long count = Generators.count(shape);
    return count >= 1 && count <= ALLOCATE_AT_MOST;
  }

  /** A random tensor of {@code shape}, or null when the shape cannot or should not be allocated. */
  static Tensor tensor(SplittableRandom r, int[] shape) {
    return allocatable(shape) ? GradientCheck.randomTensor(r, shape) : null;
  }

  static boolean positive(int[] shape, int minRank) {
    return shape != null && shape.length >= minRank && Arrays.stream(shape).allMatch(d -> d > 0);
  }

  /**
   * Runs backward as the case says and checks the documented outcome; returns dx when it was accepted.
   *
   * @param output the shape of the last output (null when there was no forward)
   */
  static Tensor backward(Layer layer, int kind, int[] output, SplittableRandom r) {
    if (kind == BEFORE_FORWARD) {
      var early = Documented.call(() -> layer.backward(Tensor.zeros(1)), layer.name());
      assertEquals(IllegalStateException.class, early.rejection().getClass());
      return null;
    }
    int[] wrong = kind == WRONG_SHAPE ? ConvPropertiesTest.wrongShape(r, output) : output;
    // Dropping the only dimension leaves no shape a tensor can have; add one instead.
    int[] shape = wrong.length == 0 ? new int[] {output[0], 1} : wrong;
    Tensor dy = kind == NULL ? null : GradientCheck.randomTensor(r, shape);
    var outcome = Documented.call(() -> layer.backward(dy), layer.name());
    assertEquals(kind == RIGHT_SHAPE, outcome.accepted(), "backward accepted");
    return outcome.result();
  }

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

  // ---- max pooling ---------------------------------------------------------------------------

  record Pool(int rank, int[] pool, int[] strides, Padding padding, int[] input, long seed, boolean nan,
      int gradient) {}

  static Pool pool(SplittableRandom r) {
    int rank = r.nextInt(1, 3);
    int[] pool = new int[rank];
    for (int i = 0; i < rank; i++) {
      pool[i] = ConvPropertiesTest.kernelSize(r);
    }
    int[] strides = null;
    if (chance(r, 70)) {
      strides = new int[rank];
      for (int i = 0; i < rank; i++) {
        strides[i] = Generators.size(r, 3);
      }
    }
    Padding padding = chance(r, 3) ? null : Generators.pickOf(r, Padding.values());
    return new Pool(rank, pool, strides, padding, input(r, rank + 2, 6), r.nextLong(), chance(r, 20), gradient(r));
  }

  /** The layer the case describes, or null when a constructor or setter rightly refused it. */
  static BaseMaxPool<?> build(Pool c) {
    String name = c.rank() == 1 ? "MaxPool1D" : "MaxPool2D";
    var made = Documented.call(() -> c.rank() == 1 ? new MaxPool1D(c.pool()[0]) : new MaxPool2D(c.pool()[0],
        c.pool()[1]), name);
    assertEquals(ConvPropertiesTest.allPositive(c.pool()), made.accepted(), "constructor accepted");
    if (!made.accepted()) {
      return null;
    }
    BaseMaxPool<?> layer = made.result();
    if (c.strides() != null) {
      var strides = Documented.run(() -> {
        if (layer instanceof MaxPool1D one) {
          one.strides(c.strides()[0]);
        } else {
          ((MaxPool2D) layer).strides(c.strides()[0], c.strides()[1]);
        }
      }, name);
      assertEquals(ConvPropertiesTest.allPositive(c.strides()), strides.accepted(), "strides accepted");
      if (!strides.accepted()) {
        return null;
      }
    }
    var padding = Documented.run(() -> layer.padding(c.padding()), name);
    assertEquals(c.padding() == Padding.VALID || c.padding() == Padding.SAME, padding.accepted(), "padding accepted");
    return padding.accepted() ? layer : null;
  }

  /** {rows, cols} of a per-dimension setting in the 2D form (rows 1 for rank 1). */
  static long[] twoD(int rank, int[] values) {
    return rank == 1 ? new long[] {1, values[0]} : new long[] {values[0], values[1]};
  }

  /** The output shape by Keras's formulas in long arithmetic, or null when the input must be refused. */
  static int[] expectedPoolOutput(Pool c) {
    int[] in = c.input();
    if (in == null || in.length != c.rank() + 2 || !ConvPropertiesTest.allPositive(in)) {
      return null;
    }
    int[] strides = c.strides() == null ? c.pool() : c.strides();
    int[] out = in.clone();
    for (int i = 0; i < c.rank(); i++) {
      long size = ConvPropertiesTest.outputSize(c.padding(), in[i + 1], c.pool()[i], strides[i], 1);
      if (size <= 0) {
        return null;
      }
      out[i + 1] = (int) size;
    }
    return out;
  }

  /** A random tensor of {@code shape}, with NaN in about a tenth of its elements when {@code nan}; null when too big. */
  static Tensor withNans(SplittableRandom r, int[] shape, boolean nan) {
    Tensor x = tensor(r, shape);
    if (x == null || !nan) {
      return x;
    }
    double[] values = x.toArray();
    for (int i = 0; i < values.length; i++) {
      if (r.nextInt(10) == 0) {
        values[i] = Double.NaN;
      }
    }
    return Tensor.wrap(values, shape);
  }

  /** PyTorch's max rule: strictly greater, or NaN (so a NaN wins, and the last NaN holds the gradient). */
  static boolean wins(double candidate, double best) {
    return candidate > best || Double.isNaN(candidate);
  }

  /** Max pooling as plain loops: the window max (first on a tie, last NaN) and where it was. */
  static double[][] poolOracle(Pool c, int[] out, double[] x) {
    int[] in = c.input();
    long[] pool = twoD(c.rank(), c.pool());
    long[] stride = twoD(c.rank(), c.strides() == null ? c.pool() : c.strides());
    long rows = c.rank() == 1 ? 1 : in[1];
    long cols = in[c.rank()];
    long outRows = c.rank() == 1 ? 1 : out[1];
    long outCols = out[c.rank()];
    int channels = in[in.length - 1];
    long padTop = 0;
    long padLeft = 0;
    if (c.padding() == Padding.SAME) {
      padTop = Math.max((outRows - 1) * stride[0] + pool[0] - rows, 0) / 2;
      padLeft = Math.max((outCols - 1) * stride[1] + pool[1] - cols, 0) / 2;
    }
    int size = (int) (in[0] * outRows * outCols * channels);
    double[] y = new double[size];
    double[] winner = new double[size];
    int o = 0;
    for (int n = 0; n < in[0]; n++) {
      for (long r = 0; r < outRows; r++) {
        for (long q = 0; q < outCols; q++) {
          for (int ch = 0; ch < channels; ch++) {
            double best = Double.NEGATIVE_INFINITY;
            long at = -1;
            // Only positions inside the input can win (padding is -inf), so the window is clipped.
            long top = r * stride[0] - padTop;
            long left = q * stride[1] - padLeft;
            for (long i = Math.max(top, 0); i < Math.min(top + pool[0], rows); i++) {
              for (long j = Math.max(left, 0); j < Math.min(left + pool[1], cols); j++) {
                long index = ((n * rows + i) * cols + j) * channels + ch;
                if (at < 0 || wins(x[(int) index], best)) {
                  best = x[(int) index];
                  at = index;
                }
              }
            }
            y[o] = best;
            winner[o++] = at;
          }
        }
      }
    }
    return new double[][] {y, winner};
  }

  @Test
  void maxPoolingTakesEachWindowsMaximumOrSaysWhy() {
    ForAll.check(9202, LayerPropertiesTest::pool, c -> {
      BaseMaxPool<?> layer = build(c);
      if (layer == null) {
        return;
      }
      if (c.gradient() == BEFORE_FORWARD) {
        backward(layer, BEFORE_FORWARD, null, null);
        return;
      }
      int[] expected = expectedPoolOutput(c);
      var shape = Documented.call(() -> layer.outputShape(c.input()), layer.name());
      assertEquals(expected != null, shape.accepted(), "outputShape accepted");
      if (expected == null) {
        assertNull(Documented.call(() -> layer.forward(tensor(new SplittableRandom(c.seed()), c.input())),
            layer.name(), "Tensor").result());
        return;
      }
      assertArrayEquals(expected, shape.result(), "outputShape");
      SplittableRandom r = new SplittableRandom(c.seed());
      Tensor x = withNans(r, c.input(), c.nan());
      if (x == null) {
        return;
      }
      Tensor y = layer.forward(x);
      assertArrayEquals(expected, y.shape(), "output shape");
      double[][] oracle = poolOracle(c, expected, x.data());
      assertArrayEquals(oracle[0], y.data(), "values");
      Tensor dx = backward(layer, c.gradient(), expected, r);
      if (dx == null) {
        return;
      }
      assertArrayEquals(c.input(), dx.shape(), "dx shape");
      layer.forward(x);
      Tensor dy = GradientCheck.randomTensor(r, expected);
      double[] want = new double[x.size()];
      for (int o = 0; o < dy.size(); o++) {
        want[(int) oracle[1][o]] += dy.data()[o];
      }
      EngineTestBase.assertClose(want, layer.backward(dy).data(), 1e-15);
    });
  }

  // ---- global pooling ------------------------------------------------------------------------

  record Global(int kind, int[] input, long seed, boolean nan, int gradient) {}

  static Layer global(int kind) {
    return switch (kind) {
      case 0 -> new GlobalMaxPool1D();
      case 1 -> new GlobalMaxPool2D();
      case 2 -> new GlobalAveragePool1D();
      default -> new GlobalAveragePool2D();
    };
  }

  @Test
  void globalPoolingReducesEveryPositionOrSaysWhy() {
    ForAll.check(9203, r -> {
      int kind = r.nextInt(4);
      return new Global(kind, input(r, kind % 2 + 3, 5), r.nextLong(), chance(r, 20), gradient(r));
    }, c -> {
      Layer layer = global(c.kind());
      if (c.gradient() == BEFORE_FORWARD) {
        backward(layer, BEFORE_FORWARD, null, null);
        return;
      }
      int[] in = c.input();
      boolean valid = positive(in, 0) && in.length == c.kind() % 2 + 3;
      var shape = Documented.call(() -> layer.outputShape(in), layer.name());
      assertEquals(valid, shape.accepted(), "outputShape accepted");
      if (!valid) {
        return;
      }
      int[] expected = {in[0], in[in.length - 1]};
      assertArrayEquals(expected, shape.result());
      SplittableRandom r = new SplittableRandom(c.seed());
      Tensor x = withNans(r, in, c.nan());
      if (x == null) {
        return;
      }
      Tensor y = layer.forward(x);
      assertArrayEquals(expected, y.shape());
      int channels = expected[1];
      int positions = x.size() / (in[0] * channels);
      boolean max = c.kind() < 2;
      double[] want = new double[y.size()];
      int[] winner = new int[y.size()];
      for (int n = 0; n < in[0]; n++) {
        for (int ch = 0; ch < channels; ch++) {
          double best = Double.NEGATIVE_INFINITY;
          double sum = 0;
          for (int p = 0; p < positions; p++) {
            int index = (n * positions + p) * channels + ch;
            sum += x.data()[index];
            if (p == 0 || wins(x.data()[index], best)) {
              best = x.data()[index];
              winner[n * channels + ch] = index;
            }
          }
          want[n * channels + ch] = max ? best : sum / positions;
        }
      }
      EngineTestBase.assertClose(want, y.data(), 1e-15);
      Tensor dx = backward(layer, c.gradient(), expected, r);
      if (dx == null) {
        return;
      }
      assertArrayEquals(in, dx.shape());
      layer.forward(x);
      Tensor dy = GradientCheck.randomTensor(r, expected);
      double[] grad = new double[x.size()];
      for (int o = 0; o < dy.size(); o++) {
        if (max) {
          grad[winner[o]] = dy.data()[o];
        } else {
          for (int p = 0; p < positions; p++) {
            grad[((o / channels) * positions + p) * channels + o % channels] = dy.data()[o] / positions;
          }
        }
      }
      EngineTestBase.assertClose(grad, layer.backward(dy).data(), 1e-15);
    });
  }

  // ---- flatten -------------------------------------------------------------------------------

  record Flat(int[] input, long seed, int gradient) {}

  @Test
  void flattenKeepsEveryValueInOrderOrSaysWhy() {
    ForAll.check(9204, r -> new Flat(input(r, r.nextInt(1, 6), 5), r.nextLong(), gradient(r)), c -> {
      Flatten layer = new Flatten();
      if (c.gradient() == BEFORE_FORWARD) {
        backward(layer, BEFORE_FORWARD, null, null);
        return;
      }
      int[] in = c.input();
      long perSample = positive(in, 1) ? Generators.count(in) / in[0] : -1;
      boolean valid = perSample > 0 && perSample <= Integer.MAX_VALUE;
      var shape = Documented.call(() -> layer.outputShape(in), "Flatten");
      assertEquals(valid, shape.accepted(), "outputShape accepted");
      if (!valid) {
        return;
      }
      int[] expected = {in[0], (int) perSample};
      assertArrayEquals(expected, shape.result());
      SplittableRandom r = new SplittableRandom(c.seed());
      Tensor x = tensor(r, in);
      if (x == null) {
        return;
      }
      Tensor y = layer.forward(x);
      assertArrayEquals(expected, y.shape());
      assertArrayEquals(x.data(), y.data());
      Tensor dx = backward(layer, c.gradient(), expected, r);
      if (dx != null) {
        assertArrayEquals(in, dx.shape());
        Tensor dy = GradientCheck.randomTensor(r, expected);
        assertArrayEquals(dy.data(), layer.backward(dy).data());
      }
    });
  }

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
    ForAll.check(9205, LayerPropertiesTest::dense, c -> {
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
