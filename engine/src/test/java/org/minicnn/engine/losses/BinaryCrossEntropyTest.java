package org.minicnn.engine.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.GradientCheck;
import org.minicnn.engine.Tensor;

class BinaryCrossEntropyTest extends EngineTestBase {

  @Test
  void meanOfTheCrossEntropyOfTheSigmoid() {
    BinaryCrossEntropy bce = new BinaryCrossEntropy();
    double[] z = {0, 2, -1, 0.5};
    double[] t = {1, 0, 0.25, 1};
    double loss = bce.forward(Tensor.of(z, 2, 2), Tensor.of(t, 2, 2));
    double expected = 0;
    double[] grad = new double[4];
    for (int i = 0; i < 4; i++) {
      double p = 1 / (1 + Math.exp(-z[i]));
      expected += -t[i] * Math.log(p) - (1 - t[i]) * Math.log(1 - p);
      grad[i] = (p - t[i]) / 4;
    }
    assertClose(new double[] {expected / 4}, new double[] {loss}, FAST_PATH_TOLERANCE);
    assertClose(grad, bce.backward().data(), FAST_PATH_TOLERANCE);
    // z = 0 is a coin flip: log 2 whatever the target
    assertClose(new double[] {Math.log(2)}, new double[] {bce.forward(Tensor.zeros(1, 1), Tensor.zeros(1, 1))},
        FAST_PATH_TOLERANCE);
  }

  @Test
  void finiteForHugeLogits() {
    BinaryCrossEntropy bce = new BinaryCrossEntropy();
    // log σ(−1000) would be log 0 = −∞ in the textbook form; the stable form gives 1000 exactly
    double loss = bce.forward(Tensor.of(new double[] {1000, -1000}, 2, 1), Tensor.of(new double[] {1, 1}, 2, 1));
    assertEquals(500.0, loss);
    assertClose(new double[] {0, -0.5}, bce.backward().data(), FAST_PATH_TOLERANCE);
  }

  @RepeatedTest(20)
  void gradientMatchesCentralDifferences() {
    int[] shape = {between(1, 4), between(1, 5)};
    Tensor target = randomTensor(shape);
    double[] t = target.data();
    for (int i = 0; i < t.length; i++) {
      t[i] = random.nextBoolean() ? Math.abs(t[i]) : Math.round(Math.abs(t[i]));   // soft and hard targets
    }
    GradientCheck.check(new BinaryCrossEntropy(), randomTensor(shape), target).assertWithin(GRADIENT_TOLERANCE);
  }

  @Test
  void badInput() {
    assertThrowsMessage(IllegalArgumentException.class,
        "BinaryCrossEntropy: expected target of the predictions' shape [2, 1], got [2]",
        () -> new BinaryCrossEntropy().forward(Tensor.zeros(2, 1), Tensor.zeros(2)));
    assertThrowsMessage(IllegalArgumentException.class,
        "BinaryCrossEntropy: expected targets in [0, 1], got 1.5 at index [1, 0]",
        () -> new BinaryCrossEntropy().forward(Tensor.zeros(2, 1), Tensor.of(new double[] {1, 1.5}, 2, 1)));
    assertThrowsMessage(IllegalArgumentException.class,
        "BinaryCrossEntropy: expected targets in [0, 1], got -0.5 at index [0]",
        () -> new BinaryCrossEntropy().forward(Tensor.zeros(1), Tensor.of(new double[] {-0.5}, 1)));
    assertThrowsMessage(IllegalArgumentException.class,
        "BinaryCrossEntropy: expected predicted and target tensors, got a tensor and null",
        () -> new BinaryCrossEntropy().forward(Tensor.zeros(1), null));
    assertThrowsMessage(IllegalStateException.class, "BinaryCrossEntropy.backward called before forward",
        () -> new BinaryCrossEntropy().backward());
  }
}
