package org.minicnn.engine.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.GradientCheck;
import org.minicnn.engine.Tensor;

class SoftmaxCrossEntropyTest extends EngineTestBase {

  @Test
  void meanNegativeLogProbabilityOfTheLabel() {
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    // sample 0: softmax(0, ln 3) = (1/4, 3/4), label 0 → log 4; sample 1: softmax(0, 0) = (1/2, 1/2), label 1 → log 2
    double value = loss.forward(Tensor.of(new double[] {0, Math.log(3), 0, 0}, 2, 2), Tensor.of(new double[] {0, 1}, 2));
    assertClose(new double[] {(Math.log(4) + Math.log(2)) / 2}, new double[] {value}, FAST_PATH_TOLERANCE);
    // (softmax − onehot) / batch
    assertClose(new double[] {(0.25 - 1) / 2, 0.75 / 2, 0.5 / 2, (0.5 - 1) / 2}, loss.backward().data(), FAST_PATH_TOLERANCE);
  }

  @Test
  void intLabelsGiveTheSameAsATensorOfLabels() {
    Tensor logits = randomTensor(3, 4);
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    double fromTensor = loss.forward(logits, Tensor.of(new double[] {3, 0, 2}, 3));
    Tensor grad = loss.backward();
    assertEquals(fromTensor, loss.forward(logits, new int[] {3, 0, 2}));
    assertEquals(grad, loss.backward());
  }

  @Test
  void finiteForHugeLogits() {
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    // e^1000 overflows; log-sum-exp subtracts the maximum first
    assertEquals(0.0, loss.forward(Tensor.of(new double[] {1000, 0}, 1, 2), new int[] {0}));
    assertEquals(1000.0, loss.forward(Tensor.of(new double[] {1000, 0}, 1, 2), new int[] {1}));
    assertClose(new double[] {1, -1}, loss.backward().data(), FAST_PATH_TOLERANCE);
  }

  @RepeatedTest(20)
  void gradientMatchesCentralDifferences() {
    int batch = between(1, 5);
    int classes = between(1, 6);
    double[] labels = new double[batch];
    for (int n = 0; n < batch; n++) {
      labels[n] = random.nextInt(classes);
    }
    Tensor logits = randomTensor(batch, classes);
    GradientCheck.check(new SoftmaxCrossEntropy(), logits, Tensor.of(labels, batch)).assertWithin(GRADIENT_TOLERANCE);
  }

  @Test
  void badInput() {
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    assertThrowsMessage(IllegalArgumentException.class,
        "SoftmaxCrossEntropy: expected input of rank 2 [batch, classes], got shape [2, 3, 1]",
        () -> loss.forward(Tensor.zeros(2, 3, 1), Tensor.zeros(2)));
    assertThrowsMessage(IllegalArgumentException.class,
        "SoftmaxCrossEntropy: expected labels of shape [2] (one class index per sample), got [2, 1]",
        () -> loss.forward(Tensor.zeros(2, 3), Tensor.zeros(2, 1)));
    assertThrowsMessage(IllegalArgumentException.class,
        "SoftmaxCrossEntropy: expected labels of shape [2] (one class index per sample), got [3]",
        () -> loss.forward(Tensor.zeros(2, 3), new int[] {0, 1, 2}));
    assertThrowsMessage(IllegalArgumentException.class,
        "SoftmaxCrossEntropy: expected labels of shape [2] (one class index per sample), got null",
        () -> loss.forward(Tensor.zeros(2, 3), (Tensor) null));
    assertThrowsMessage(IllegalArgumentException.class,
        "SoftmaxCrossEntropy: expected labels (one class index per sample), got null",
        () -> loss.forward(Tensor.zeros(2, 3), (int[]) null));
    assertThrowsMessage(IllegalArgumentException.class,
        "SoftmaxCrossEntropy: label of sample 1 is 0.5; expected an integer class index in [0, 3)",
        () -> loss.forward(Tensor.zeros(2, 3), Tensor.of(new double[] {0, 0.5}, 2)));
    assertThrowsMessage(IllegalArgumentException.class,
        "SoftmaxCrossEntropy: label of sample 0 is 3; expected an integer class index in [0, 3)",
        () -> loss.forward(Tensor.zeros(2, 3), new int[] {3, 0}));
    assertThrowsMessage(IllegalArgumentException.class,
        "SoftmaxCrossEntropy: label of sample 1 is -1; expected an integer class index in [0, 3)",
        () -> loss.forward(Tensor.zeros(2, 3), new int[] {0, -1}));
    assertThrowsMessage(IllegalArgumentException.class,
        "SoftmaxCrossEntropy: label of sample 1 is 3; expected an integer class index in [0, 3)",
        () -> loss.forward(Tensor.zeros(2, 3), Tensor.of(new double[] {2, 3}, 2)));
    // integers are printed as integers below 1e15, where a double still holds every integer's last digit
    assertThrowsMessage(IllegalArgumentException.class,
        "SoftmaxCrossEntropy: label of sample 0 is 999999999999999; expected an integer class index in [0, 3)",
        () -> loss.forward(Tensor.zeros(1, 3), Tensor.of(new double[] {999999999999999.0}, 1)));
    assertThrowsMessage(IllegalArgumentException.class,
        "SoftmaxCrossEntropy: label of sample 0 is 1.0E15; expected an integer class index in [0, 3)",
        () -> loss.forward(Tensor.zeros(1, 3), Tensor.of(new double[] {1e15}, 1)));
    assertThrowsMessage(IllegalStateException.class, "SoftmaxCrossEntropy.backward called before forward",
        () -> new SoftmaxCrossEntropy().backward());
  }
}
