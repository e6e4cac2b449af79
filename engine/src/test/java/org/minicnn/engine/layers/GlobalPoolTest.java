package org.minicnn.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.GradientCheck;
import org.minicnn.engine.Tensor;

/** GlobalMaxPool1D/2D and GlobalAveragePool1D/2D: values by hand, the tie rule and gradients. */
class GlobalPoolTest extends EngineTestBase {

  // [1, 2, 2, 2]: channel 0 holds 1, 4, 2, 3 and channel 1 holds -1, -5, -2, -0.5 (row-major positions)
  private static final Tensor MAP = Tensor.of(new double[] {1, -1, 4, -5, 2, -2, 3, -0.5}, 1, 2, 2, 2);

  @Test
  void globalMaxKeepsEachChannelsMaximum() {
    GlobalMaxPool2D pool = new GlobalMaxPool2D();
    Tensor y = pool.forward(MAP);
    assertArrayEquals(new int[] {1, 2}, y.shape());
    assertArrayEquals(new double[] {4, -0.5}, y.toArray());
    assertArrayEquals(new double[] {0, 0, 10, 0, 0, 0, 0, 20}, pool.backward(Tensor.of(new double[] {10, 20}, 1, 2)).toArray());
  }

  @Test
  void globalAverageSpreadsTheGradientEvenly() {
    GlobalAveragePool2D pool = new GlobalAveragePool2D();
    assertArrayEquals(new double[] {2.5, -2.125}, pool.forward(MAP).toArray());
    assertArrayEquals(new double[] {1, 2, 1, 2, 1, 2, 1, 2}, pool.backward(Tensor.of(new double[] {4, 8}, 1, 2)).toArray());
    GlobalAveragePool1D pool1d = new GlobalAveragePool1D();
    assertArrayEquals(new double[] {2, 6}, pool1d.forward(Tensor.of(new double[] {1, 2, 3, 4, 5, 9}, 2, 3, 1)).toArray());
    assertArrayEquals(new double[] {1, 1, 1, 2, 2, 2}, pool1d.backward(Tensor.of(new double[] {3, 6}, 2, 1)).toArray());
  }

  @Test
  void globalMaxOnATieGivesTheGradientToTheFirstPosition() {
    GlobalMaxPool1D pool = new GlobalMaxPool1D();
    assertArrayEquals(new double[] {5}, pool.forward(Tensor.of(new double[] {1, 5, 5, 5}, 1, 4, 1)).toArray());
    assertArrayEquals(new double[] {0, 1, 0, 0}, pool.backward(Tensor.of(new double[] {1}, 1, 1)).toArray());
  }

  /** PyTorch 1.13: {@code adaptive_max_pool2d(x, 1)} of [1, nan, 3, nan] is nan, its gradient [0, 0, 0, 1]. */
  @Test
  void globalMaxOfANanIsNanWithTheGradientAtTheLastNanAsInPyTorch() {
    // NaN reaches a layer from a computation below it (Tensor.of refuses it as input), hence wrap
    double nan = Double.NaN;
    GlobalMaxPool1D pool = new GlobalMaxPool1D();
    assertArrayEquals(new double[] {nan, 4}, pool.forward(Tensor.wrap(new double[] {1, 4, nan, 0, 3, 1, nan, 2}, 1, 4,
        2)).toArray());
    assertArrayEquals(new double[] {0, 5, 0, 0, 0, 0, 2, 0}, pool.backward(Tensor.of(new double[] {2, 5}, 1, 2))
        .toArray());
  }

  @Test
  void outputIsBatchByChannels() {
    assertArrayEquals(new int[] {3, 4}, new GlobalMaxPool1D().outputShape(3, 7, 4));
    assertArrayEquals(new int[] {3, 4}, new GlobalAveragePool2D().outputShape(3, 7, 5, 4));
  }

  @RepeatedTest(20)
  void gradientsMatchCentralDifferences() {
    int batch = between(1, 3);
    int channels = between(1, 3);
    Tensor x1 = randomTensor(batch, between(1, 6), channels);
    Tensor x2 = randomTensor(batch, between(1, 4), between(1, 4), channels);
    for (BaseGlobalPool pool : List.of(new GlobalMaxPool1D(), new GlobalAveragePool1D())) {
      GradientCheck.check(pool, x1, random.nextLong()).assertWithin(GRADIENT_TOLERANCE);
    }
    for (BaseGlobalPool pool : List.of(new GlobalMaxPool2D(), new GlobalAveragePool2D())) {
      GradientCheck.check(pool, x2, random.nextLong()).assertWithin(GRADIENT_TOLERANCE);
    }
  }
}
