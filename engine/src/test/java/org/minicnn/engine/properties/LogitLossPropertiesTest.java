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
import org.minicnn.engine.losses.BinaryCrossEntropy;
import org.minicnn.engine.losses.SoftmaxCrossEntropy;

/** The losses on logits over random shapes, targets, labels and misuse: the definition, or a message naming the loss. */
class LogitLossPropertiesTest {

  record Binary(int[] logits, int[] targets, long seed, int badTarget, boolean nanLogit, boolean backwardFirst) {}

  static Binary binary(SplittableRandom r) {
    int[] p = chance(r, 3) ? null : Generators.validShape(r, 1, 4, 4);
    int[] t = p != null && chance(r, 80) ? p.clone() : chance(r, 3) ? null : Generators.validShape(r, 1, 4, 4);
    return new Binary(p, t, r.nextLong(), chance(r, 15) ? r.nextInt(1, 5) : 0, chance(r, 5), chance(r, 5));
  }

  @Test
  void binaryCrossEntropyIsTheMeanLogLossOrSaysWhy() {
    ForAll.check(9301, LogitLossPropertiesTest::binary, c -> {
      SplittableRandom r = new SplittableRandom(c.seed());
      BinaryCrossEntropy loss = new BinaryCrossEntropy();
      if (c.backwardFirst()) {
        assertEquals(IllegalStateException.class,
            Documented.call(loss::backward, "BinaryCrossEntropy").rejection().getClass());
      }
      double[] z = c.logits() == null ? null : GradientCheck.randomTensor(r, c.logits()).toArray();
      double[] t = c.targets() == null ? null : GradientCheck.randomTensor(r, c.targets()).toArray();
      if (t != null) {
        Arrays.setAll(t, i -> (t[i] + 1) / 2);
        if (c.badTarget() > 0) {
          t[r.nextInt(t.length)] = new double[] {Double.NaN, -1e-9, 1 + 1e-9, Double.POSITIVE_INFINITY}[c.badTarget() - 1];
        }
      }
      if (z != null && c.nanLogit()) {
        z[r.nextInt(z.length)] = Double.NaN;
      }
      Tensor logits = z == null ? null : Tensor.wrap(z, c.logits());
      Tensor targets = t == null ? null : Tensor.wrap(t, c.targets());
      boolean valid = z != null && t != null && Arrays.equals(c.logits(), c.targets()) && c.badTarget() == 0;
      var value = Documented.call(() -> loss.forward(logits, targets), "BinaryCrossEntropy");
      assertEquals(valid, value.accepted(), "forward accepted");
      if (!valid) {
        return;
      }
      double sum = 0;
      double[] grad = new double[z.length];
      for (int i = 0; i < z.length; i++) {
        double s = 1 / (1 + Math.exp(-z[i]));
        sum += -t[i] * Math.log(s) - (1 - t[i]) * Math.log(1 - s);
        grad[i] = (s - t[i]) / z.length;
      }
      Tensor g = loss.backward();
      assertArrayEquals(c.logits(), g.shape());
      if (c.nanLogit()) {
        assertTrue(Double.isNaN(value.result()), "a NaN logit gives a NaN loss, not a number");
        return;
      }
      assertEquals(sum / z.length, value.result(), 1e-14);
      EngineTestBase.assertClose(grad, g.data(), 1e-12);
    });
  }

  record Sparse(int[] logits, int[] labels, boolean asTensor, double fraction, long seed, boolean backwardFirst) {}

  static Sparse sparse(SplittableRandom r) {
    int[] logits = chance(r, 3) ? null : chance(r, 90)
        ? new int[] {Generators.size(r, 4), Generators.size(r, 5)} : Generators.shape(r, 0, 4, 4);
    int batch = logits != null && logits.length == 2 && logits[0] > 0 && logits[0] <= 64 ? logits[0] : 3;
    int classes = logits != null && logits.length == 2 ? logits[1] : 3;
    int[] labels = null;
    if (!chance(r, 3)) {
      labels = new int[chance(r, 90) ? batch : Math.max(0, batch + Generators.pick(r, -1, 1))];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = chance(r, 95) && classes > 0 ? r.nextInt(Math.min(classes, 1 << 20))
            : Generators.pick(r, -1, classes, Integer.MIN_VALUE, Integer.MAX_VALUE);
      }
    }
    return new Sparse(logits, labels, r.nextBoolean(), chance(r, 5) ? Generators.pickOf(r, 0.5, Double.NaN) : 0,
        r.nextLong(), chance(r, 5));
  }

  @Test
  void softmaxCrossEntropyIsTheMeanNegativeLogLikelihoodOrSaysWhy() {
    ForAll.check(9302, LogitLossPropertiesTest::sparse, c -> {
      SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
      if (c.backwardFirst()) {
        assertEquals(IllegalStateException.class,
            Documented.call(loss::backward, "SoftmaxCrossEntropy").rejection().getClass());
      }
      SplittableRandom r = new SplittableRandom(c.seed());
      long count = Generators.count(c.logits());
      Tensor z = count >= 1 && count <= 1 << 14 ? GradientCheck.randomTensor(r, c.logits()) : null;
      int[] labels = c.labels();
      boolean fraction = c.asTensor() && c.fraction() != 0 && labels != null && labels.length > 0;
      Tensor labelTensor = labels == null || labels.length == 0 ? null
          : Tensor.wrap(Arrays.stream(labels).asDoubleStream().toArray(), labels.length);
      if (fraction) {
        labelTensor.data()[0] = labels[0] + c.fraction();
      }
      boolean valid = z != null && z.rank() == 2 && labels != null && labels.length == z.dim(0)
          && Arrays.stream(labels).allMatch(k -> k >= 0 && k < z.dim(1)) && !fraction;
      var value = Documented.call(() -> c.asTensor() ? loss.forward(z, labelTensor) : loss.forward(z, labels),
          "SoftmaxCrossEntropy");
      assertEquals(valid, value.accepted(), "forward accepted");
      if (!valid) {
        return;
      }
      int batch = z.dim(0);
      int classes = z.dim(1);
      double sum = 0;
      double[] grad = new double[z.size()];
      for (int n = 0; n < batch; n++) {
        double total = 0;
        for (int k = 0; k < classes; k++) {
          total += Math.exp(z.data()[n * classes + k]);
        }
        sum += Math.log(total) - z.data()[n * classes + labels[n]];
        for (int k = 0; k < classes; k++) {
          grad[n * classes + k] = (Math.exp(z.data()[n * classes + k]) / total - (k == labels[n] ? 1 : 0)) / batch;
        }
      }
      assertEquals(sum / batch, value.result(), 1e-13);
      Tensor g = loss.backward();
      assertArrayEquals(c.logits(), g.shape());
      EngineTestBase.assertClose(grad, g.data(), 1e-13);
    });
  }
}
