package org.minicnn.engine.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minicnn.engine.properties.Generators.chance;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.GradientCheck;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.Conv1D;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.engine.layers.Padding;
import org.minicnn.engine.losses.MeanSquaredError;

/** MeanSquaredError and GradientCheck over random shapes, values and misuse. */
class LossAndGradientCheckPropertiesTest {

  record Pair(int[] predicted, int[] target, long seed, boolean backwardFirst) {}

  static Pair pair(SplittableRandom r) {
    int[] p = chance(r, 3) ? null : Generators.validShape(r, 1, 4, 4);
    int[] t = p != null && chance(r, 70) ? p.clone() : chance(r, 3) ? null : Generators.validShape(r, 1, 4, 4);
    return new Pair(p, t, r.nextLong(), chance(r, 5));
  }

  @Test
  void meanSquaredErrorIsTheMeanOfSquaresOrSaysWhy() {
    ForAll.check(9101, LossAndGradientCheckPropertiesTest::pair, c -> {
      SplittableRandom r = new SplittableRandom(c.seed());
      Tensor p = c.predicted() == null ? null : GradientCheck.randomTensor(r, c.predicted());
      Tensor t = c.target() == null ? null : GradientCheck.randomTensor(r, c.target());
      MeanSquaredError loss = new MeanSquaredError();
      if (c.backwardFirst()) {
        var early = Documented.call(loss::backward, "MeanSquaredError");
        assertEquals(IllegalStateException.class, early.rejection().getClass());
      }
      boolean valid = p != null && t != null && Arrays.equals(c.predicted(), c.target());
      var value = Documented.call(() -> loss.forward(p, t), "MeanSquaredError");
      assertEquals(valid, value.accepted(), "forward accepted");
      if (!valid) {
        return;
      }
      double sum = 0;
      double[] grad = new double[p.size()];
      for (int i = 0; i < p.size(); i++) {
        double d = p.data()[i] - t.data()[i];
        sum += d * d;
        grad[i] = 2 * d / p.size();
      }
      assertEquals(sum / p.size(), value.result(), 1e-15 * Math.max(1, sum));
      Tensor g = loss.backward();
      assertArrayEquals(c.predicted(), g.shape());
      EngineTestBase.assertClose(grad, g.data(), 1e-15);
    });
  }

  record Check(int rank, int filters, int k, int stride, int dilation, Padding padding, boolean bias, int[] input,
      long seed, int misuse) {}

  static Check check(SplittableRandom r) {
    int rank = r.nextInt(1, 3);
    int k = r.nextInt(1, 3);
    int dilation = r.nextInt(1, 3);
    int extent = (k - 1) * dilation + 1;
    int[] input = new int[rank + 2];
    input[0] = 1;
    for (int i = 1; i <= rank; i++) {
      input[i] = extent + r.nextInt(0, 3);
    }
    input[rank + 1] = r.nextInt(1, 3);
    Padding padding = rank == 1 ? Generators.pickOf(r, Padding.values()) : Generators.pickOf(r, Padding.VALID,
        Padding.SAME);
    return new Check(rank, r.nextInt(1, 3), k, r.nextInt(1, 3), dilation, padding, r.nextBoolean(), input,
        r.nextLong(), chance(r, 5) ? r.nextInt(1, 4) : 0);
  }

  @Test
  void gradientCheckPassesEveryValidConvolutionAndRefusesMisuse() {
    ForAll.check(9102, LossAndGradientCheckPropertiesTest::check, c -> {
      var layer = c.rank() == 1
          ? new Conv1D(c.filters(), c.k()).strides(c.stride()).dilation(c.dilation()).padding(c.padding())
              .useBias(c.bias()).seed(c.seed())
          : new Conv2D(c.filters(), c.k(), c.k()).strides(c.stride(), c.stride()).dilation(c.dilation(), 1)
              .padding(c.padding()).useBias(c.bias()).seed(c.seed());
      Tensor x = GradientCheck.randomTensor(new SplittableRandom(c.seed()), c.input());
      switch (c.misuse()) {
        case 1 -> Documented.call(() -> GradientCheck.check(layer, null, 1), "GradientCheck");
        case 2 -> Documented.call(() -> GradientCheck.check((Conv1D) null, x, 1), "GradientCheck");
        case 3 -> Documented.call(() -> GradientCheck.relativeError(x, Tensor.zeros(x.size() + 1)), "GradientCheck");
        default -> {
          GradientCheck.Report report = GradientCheck.check(layer, x, c.seed());
          assertTrue(report.maxRelativeErrors().containsKey("input"));
          report.assertWithin(GradientCheck.TOLERANCE);
          Tensor target = GradientCheck.randomTensor(new SplittableRandom(~c.seed()), layer.outputShape(c.input()));
          GradientCheck.check(new MeanSquaredError(), layer.forward(x), target).assertWithin(GradientCheck.TOLERANCE);
        }
      }
    });
  }
}
