package org.minicnn.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.Tensor;

/** {@code needsInputGradient(false)}: the same parameter gradients, no input gradient. */
class NeedsInputGradientTest extends EngineTestBase {

  private void check(BaseConv<?> with, BaseConv<?> without, int... inputShape) {
    Tensor x = randomTensor(inputShape);
    Tensor y = with.forward(x);
    Tensor dy = randomTensor(y.shape());
    assertNotNull(with.backward(dy));
    assertArrayEquals(y.data(), without.forward(x).data(), 0.0);
    assertNull(without.backward(dy));
    assertArrayEquals(with.kernelGrad().data(), without.kernelGrad().data(), 0.0);
    if (with.usesBias()) {
      assertArrayEquals(with.biasGrad().data(), without.biasGrad().data(), 0.0);
    }
  }

  @Test
  void skipsOnlyTheInputGradient() {
    assertTrue(new Conv2D(1, 3, 3).needsInputGradient());
    // the direct one-channel one-filter kernel, the blocked kernel, and 1D
    check(new Conv2D(1, 3, 3).seed(1), new Conv2D(1, 3, 3).seed(1).needsInputGradient(false), 4, 8, 8, 1);
    check(new Conv2D(5, 2, 3).seed(2).padding(Padding.SAME),
        new Conv2D(5, 2, 3).seed(2).padding(Padding.SAME).needsInputGradient(false), 3, 7, 6, 2);
    check(new Conv1D(4, 3).seed(3).useBias(false), new Conv1D(4, 3).seed(3).useBias(false).needsInputGradient(false),
        2, 20, 3);
    assertFalse(new Conv1D(4, 3).needsInputGradient(false).needsInputGradient());
  }

  @Test
  void aLayerBelowItInAModelGetsAClearErrorInsteadOfAMissingGradient() {
    Sequential model = new Sequential().add(new ReLU()).add(new Conv2D(1, 3, 3).needsInputGradient(false));
    Tensor y = model.forward(randomTensor(2, 5, 5, 1));
    assertThrowsMessage(IllegalArgumentException.class,
        "ReLU.backward: expected a gradient of shape [2, 5, 5, 1] (the last output), got null",
        () -> model.backward(randomTensor(y.shape())));
  }
}
