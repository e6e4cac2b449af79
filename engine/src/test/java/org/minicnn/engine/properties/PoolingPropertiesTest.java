package org.minicnn.engine.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.minicnn.engine.properties.ConvPropertiesTest.BEFORE_FORWARD;
import static org.minicnn.engine.properties.ConvPropertiesTest.gradient;
import static org.minicnn.engine.properties.Generators.chance;
import static org.minicnn.engine.properties.LayerCases.backward;
import static org.minicnn.engine.properties.LayerCases.input;
import static org.minicnn.engine.properties.LayerCases.positive;
import static org.minicnn.engine.properties.LayerCases.tensor;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.GradientCheck;
import org.minicnn.engine.Layer;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.BaseMaxPool;
import org.minicnn.engine.layers.GlobalAveragePool1D;
import org.minicnn.engine.layers.GlobalAveragePool2D;
import org.minicnn.engine.layers.GlobalMaxPool1D;
import org.minicnn.engine.layers.GlobalMaxPool2D;
import org.minicnn.engine.layers.MaxPool1D;
import org.minicnn.engine.layers.MaxPool2D;
import org.minicnn.engine.layers.Padding;

/**
 * Max pooling (1D and 2D, strides, VALID and SAME) and the four global poolings over random
 * configurations, shapes and values: every call gives what a plain loop over the windows computes, ties
 * and NaNs included, or throws the documented exception naming the layer.
 */
class PoolingPropertiesTest {

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
    ForAll.check(9202, PoolingPropertiesTest::pool, c -> {
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
}
