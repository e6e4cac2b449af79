package org.minicnn.engine.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.minicnn.engine.properties.Generators.chance;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.GradientCheck;
import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.conv.ConvAlgorithm;
import org.minicnn.engine.conv.ConvSpec;
import org.minicnn.engine.conv.Geometry;
import org.minicnn.engine.conv.ReferenceConvolution;
import org.minicnn.engine.layers.BaseConv;
import org.minicnn.engine.layers.Conv1D;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.engine.layers.Padding;

/**
 * Conv1D and Conv2D over random configurations, inputs, weights and gradients: every call either
 * gives the shape this test predicts (in exact arithmetic) with the values of
 * {@link ReferenceConvolution}, or throws the documented exception naming the layer.
 */
class ConvPropertiesTest {

  /** One configuration and the data to run it on. */
  record Case(int rank, int filters, int[] kernel, int[] strides, int[] dilation, Padding padding, boolean useBias,
      boolean flip, ConvAlgorithm algorithm, long seed, int[] input, int gradient) {}

  /** How the gradient given to backward is chosen. */
  static final int RIGHT_SHAPE = 0;
  static final int WRONG_SHAPE = 1;
  static final int NULL = 2;
  static final int BEFORE_FORWARD = 3;

  /** Kernel sizes: small, sometimes not positive, sometimes huge (rarer than other sizes: a valid huge kernel is slow). */
  static int kernelSize(SplittableRandom r) {
    int roll = r.nextInt(100);
    return roll < 92 ? r.nextInt(1, 5) : roll < 96 ? Generators.pick(r, Generators.NOT_POSITIVE)
        : Generators.pick(r, 46341, 1 << 30, Integer.MAX_VALUE);
  }

  static int[] sizes(SplittableRandom r, int rank, int max) {
    int[] v = new int[chance(r, 3) ? rank + 1 : rank];
    for (int i = 0; i < v.length; i++) {
      v[i] = Generators.size(r, max);
    }
    return v;
  }

  static Case draw(SplittableRandom r) {
    int rank = r.nextInt(1, 3);
    int[] kernel = new int[rank];
    for (int i = 0; i < rank; i++) {
      kernel[i] = kernelSize(r);
    }
    Padding padding = chance(r, 3) ? null : Generators.pickOf(r, Padding.values());
    int inputRank = chance(r, 90) ? rank + 2 : r.nextInt(1, 6);
    int[] input = new int[inputRank];
    for (int i = 0; i < inputRank; i++) {
      input[i] = chance(r, 97) ? r.nextInt(1, i == 0 || i == inputRank - 1 ? 4 : 7) : Generators.pick(r, 0, -1);
    }
    int gradient = gradient(r);
    return new Case(rank, chance(r, 97) ? r.nextInt(1, 4) : Generators.pick(r, 0, -1), kernel, sizes(r, rank, 3),
        sizes(r, rank, 3), padding, r.nextBoolean(), chance(r, 25),
        r.nextBoolean() ? ConvAlgorithm.IM2COL : ConvAlgorithm.REFERENCE, r.nextLong(), input, gradient);
  }

  /** Which gradient a case gives to backward: mostly the right shape, sometimes wrong, null or too early. */
  static int gradient(SplittableRandom r) {
    int roll = r.nextInt(100);
    return roll < 80 ? RIGHT_SHAPE : roll < 90 ? WRONG_SHAPE : roll < 95 ? NULL : BEFORE_FORWARD;
  }

  static boolean allPositive(int[] values) {
    return Arrays.stream(values).allMatch(v -> v > 0);
  }

  /** Output size along one dimension as Keras defines it, in long arithmetic; -1 when the window does not fit. */
  static long outputSize(Padding padding, long n, long k, long s, long d) {
    long extent = (k - 1) * d + 1;
    return switch (padding) {
      case VALID -> n < extent ? -1 : (n - extent) / s + 1;
      case SAME -> (n + s - 1) / s;
      case CAUSAL -> (n - 1) / s + 1;
    };
  }

  /** The layer the case describes, or null when a constructor or setter rightly refused it (checked here). */
  static BaseConv<?> build(Case c) {
    String name = c.rank() == 1 ? "Conv1D" : "Conv2D";
    var made = Documented.call(() -> c.rank() == 1 ? new Conv1D(c.filters(), c.kernel()[0])
        : new Conv2D(c.filters(), c.kernel()[0], c.kernel()[1]), name);
    assertEquals(c.filters() > 0 && allPositive(c.kernel()), made.accepted(), "constructor accepted");
    if (!made.accepted()) {
      return null;
    }
    BaseConv<?> layer = made.result();
    var strides = Documented.run(() -> setPair(layer, c.strides(), true), name);
    assertEquals(c.strides().length == c.rank() && allPositive(c.strides()), strides.accepted(), "strides accepted");
    var dilation = Documented.run(() -> setPair(layer, c.dilation(), false), name);
    assertEquals(c.dilation().length == c.rank() && allPositive(c.dilation()), dilation.accepted(),
        "dilation accepted");
    var padding = Documented.run(() -> layer.padding(c.padding()), name);
    assertEquals(c.padding() != null && (c.padding() != Padding.CAUSAL || c.rank() == 1), padding.accepted(),
        "padding accepted");
    if (!strides.accepted() || !dilation.accepted() || !padding.accepted()) {
      return null;
    }
    layer.useBias(c.useBias()).seed(c.seed()).flipKernel(c.flip()).algorithm(c.algorithm());
    return layer;
  }

  /** Calls the fluent setter through the public API of the concrete class. */
  private static void setPair(BaseConv<?> layer, int[] values, boolean strides) {
    if (values.length != (layer instanceof Conv1D ? 1 : 2)) {
      // The public API has no way to pass the wrong count; the base class's own check is what remains.
      throw new IllegalArgumentException(layer.name() + ": expected " + (layer instanceof Conv1D ? 1 : 2)
          + " values, got " + values.length);
    }
    if (layer instanceof Conv1D c1) {
      if (strides) {
        c1.strides(values[0]);
      } else {
        c1.dilation(values[0]);
      }
    } else {
      Conv2D c2 = (Conv2D) layer;
      if (strides) {
        c2.strides(values[0], values[1]);
      } else {
        c2.dilation(values[0], values[1]);
      }
    }
  }

  /** Whether the kernel for this input can exist (its element count is one Tensor can hold). */
  static boolean kernelFits(Case c) {
    long kernelCount = (long) c.filters() * c.input()[c.input().length - 1];
    for (int k : c.kernel()) {
      kernelCount = Math.min(kernelCount * k, Long.MAX_VALUE / 4);
    }
    return TensorPropertiesTest.acceptable(kernelCount);
  }

  /**
   * The output shape this test expects, or null when the input must be refused: wrong rank, a
   * dimension not positive, a window that does not fit (VALID) or that spans more positions than an
   * int index can address together with the input.
   */
  static int[] expectedOutput(Case c) {
    int[] in = c.input();
    if (in.length != c.rank() + 2 || !allPositive(in)) {
      return null;
    }
    for (int i = 0; i < c.rank(); i++) {
      if ((c.kernel()[i] - 1L) * c.dilation()[i] + 1 + in[i + 1] > Integer.MAX_VALUE) {
        return null;
      }
    }
    int[] out = new int[in.length];
    out[0] = in[0];
    out[in.length - 1] = c.filters();
    for (int i = 0; i < c.rank(); i++) {
      long size = outputSize(c.padding(), in[i + 1], c.kernel()[i], c.strides()[i], c.dilation()[i]);
      if (size <= 0) {
        return null;
      }
      out[i + 1] = (int) size;
    }
    return out;
  }

  /** The spec in the engine's 2D form (a 1D convolution has one row). */
  static ConvSpec spec(Case c, int[] in) {
    int rows = c.rank() == 1 ? 1 : in[1];
    int cols = in[c.rank()];
    int kr = c.rank() == 1 ? 1 : c.kernel()[0];
    int kc = c.kernel()[c.rank() - 1];
    return Geometry.input(in[0], rows, cols, in[in.length - 1]).kernel(kr, kc, c.filters())
        .strides(c.rank() == 1 ? 1 : c.strides()[0], c.strides()[c.rank() - 1])
        .dilation(c.rank() == 1 ? 1 : c.dilation()[0], c.dilation()[c.rank() - 1])
        .padding(c.rank() == 1 ? Padding.VALID : c.padding(), c.padding()).spec();
  }

  /** The kernel rotated by 180° in its spatial axes (what flipKernel computes with). */
  static double[] rotate(ConvSpec s, double[] w) {
    int block = s.inChannels() * s.filters();
    double[] out = new double[w.length];
    for (int i = 0; i < s.kernelRows(); i++) {
      for (int j = 0; j < s.kernelCols(); j++) {
        System.arraycopy(w, (i * s.kernelCols() + j) * block, out,
            ((s.kernelRows() - 1 - i) * s.kernelCols() + s.kernelCols() - 1 - j) * block, block);
      }
    }
    return out;
  }

  @Test
  void forwardAndBackwardGiveTheDefinitionOrSayWhy() {
    ForAll.check(8001, ConvPropertiesTest::draw, c -> {
      BaseConv<?> layer = build(c);
      if (layer == null) {
        return;
      }
      String name = layer.name();
      if (c.gradient() == BEFORE_FORWARD) {
        var early = Documented.call(() -> layer.backward(Tensor.zeros(1)), name);
        assertEquals(false, early.accepted());
        assertEquals(IllegalStateException.class, early.rejection().getClass());
        return;
      }
      SplittableRandom values = new SplittableRandom(c.seed());
      int[] expected = expectedOutput(c);
      var predicted = Documented.call(() -> layer.outputShape(c.input()), name, "Tensor");
      assertEquals(expected != null, predicted.accepted(), "outputShape accepted");
      Tensor x = TensorPropertiesTest.acceptable(Generators.count(c.input()))
          ? GradientCheck.randomTensor(values, c.input()) : null;
      var forward = Documented.call(() -> layer.forward(x), name, "Tensor");
      assertEquals(expected != null && kernelFits(c), forward.accepted(), "forward accepted");
      if (!forward.accepted()) {
        return;
      }
      Tensor y = forward.result();
      assertArrayEquals(expected, y.shape(), "output shape");
      assertArrayEquals(expected, predicted.result(), "outputShape");

      ConvSpec s = spec(c, c.input());
      double[] w = layer.kernel().data();
      double[] effective = c.flip() ? rotate(s, w) : w;
      double[] bias = c.useBias() ? layer.bias().data() : null;
      double[] reference = new double[y.size()];
      ReferenceConvolution.forward(s, x.data(), effective, bias, reference);
      EngineTestBase.assertClose(reference, y.data(), EngineTestBase.FAST_PATH_TOLERANCE);

      int[] gradShape = c.gradient() == WRONG_SHAPE ? wrongShape(values, expected) : expected;
      Tensor dy = c.gradient() == NULL ? null : GradientCheck.randomTensor(values, gradShape);
      var backward = Documented.call(() -> layer.backward(dy), name);
      assertEquals(c.gradient() == RIGHT_SHAPE, backward.accepted(), "backward accepted");
      if (!backward.accepted()) {
        return;
      }
      assertArrayEquals(c.input(), backward.result().shape(), "dx shape");
      assertArrayEquals(layer.kernel().shape(), layer.kernelGrad().shape(), "kernel gradient shape");
      if (c.useBias()) {
        assertArrayEquals(new int[] {c.filters()}, layer.biasGrad().shape(), "bias gradient shape");
      } else {
        assertNull(layer.biasGrad());
      }
      if (!c.flip()) {
        double[] dx = new double[x.size()];
        double[] dw = new double[w.length];
        double[] db = c.useBias() ? new double[c.filters()] : null;
        ReferenceConvolution.backward(s, x.data(), w, dy.data(), dx, dw, db);
        EngineTestBase.assertClose(dx, backward.result().data(), EngineTestBase.FAST_PATH_TOLERANCE);
        EngineTestBase.assertClose(dw, layer.kernelGrad().data(), EngineTestBase.FAST_PATH_TOLERANCE);
        if (db != null) {
          EngineTestBase.assertClose(db, layer.biasGrad().data(), EngineTestBase.FAST_PATH_TOLERANCE);
        }
      }
    });
  }

  /** A shape that differs from {@code shape}: one dimension changed, or one added or dropped. */
  static int[] wrongShape(SplittableRandom r, int[] shape) {
    int kind = r.nextInt(3);
    if (kind == 0) {
      int[] out = shape.clone();
      out[r.nextInt(out.length)] += 1;
      return out;
    }
    return kind == 1 ? Shapes.concat(shape, 1) : Arrays.copyOf(shape, shape.length - 1);
  }

  record Weights(Case layer, int[] kernel, int[] bias, boolean nullKernel, boolean built) {}

  @Test
  void setWeightsTakesExactlyTheKerasShapes() {
    ForAll.check(8002, r -> {
      Case c = draw(r);
      int[] kernelShape = new int[c.rank() + 2];
      for (int i = 0; i < c.rank(); i++) {
        kernelShape[i] = Math.max(1, Math.min(c.kernel()[i], 4));
      }
      kernelShape[c.rank()] = r.nextInt(1, 4);
      kernelShape[c.rank() + 1] = Math.max(1, c.filters());
      if (chance(r, 40)) {
        kernelShape = chance(r, 50) ? wrongShape(r, kernelShape) : Generators.validShape(r, 1, 5, 3);
      }
      int[] bias = chance(r, 15) ? null : chance(r, 80) ? new int[] {Math.max(1, c.filters())}
          : Generators.validShape(r, 1, 2, 4);
      return new Weights(c, kernelShape, bias, chance(r, 3), chance(r, 30));
    }, c -> {
      Case lc = c.layer();
      BaseConv<?> layer = build(lc);
      if (layer == null) {
        return;
      }
      int[] sizes = new int[lc.rank()];
      for (int i = 0; i < lc.rank(); i++) {
        sizes[i] = lc.kernel()[i];
      }
      int channels = 2;
      if (c.built()) {
        int[] input = new int[lc.rank() + 2];
        Arrays.fill(input, 1);
        input[lc.rank() + 1] = channels;
        for (int i = 0; i < lc.rank(); i++) {
          input[i + 1] = Math.min(sizes[i] * lc.dilation()[i], 64);
        }
        if (!TensorPropertiesTest.acceptable(Generators.count(Shapes.concat(sizes, channels, lc.filters())))
            || Documented.call(() -> layer.outputShape(input), layer.name(), "Tensor").rejection() != null) {
          return;
        }
        layer.build(input);
      }
      Tensor kernel = c.nullKernel() ? null : Tensor.full(0.25, c.kernel());
      Tensor bias = c.bias() == null ? null : Tensor.full(-1, c.bias());
      int given = c.kernel().length == lc.rank() + 2 ? c.kernel()[lc.rank()] : -1;
      int[] expectedKernel = Shapes.concat(sizes, c.built() ? channels : given, lc.filters());
      boolean valid = kernel != null && Arrays.equals(expectedKernel, c.kernel())
          && (lc.useBias() ? Arrays.equals(new int[] {lc.filters()}, c.bias()) : c.bias() == null);
      var outcome = Documented.run(() -> layer.setWeights(kernel, bias), layer.name());
      assertEquals(valid, outcome.accepted(), "setWeights accepted");
      if (valid) {
        assertEquals(kernel, layer.kernel());
        assertEquals(bias, layer.bias());
      }
    });
  }
}
