package org.minicnn.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.GradientCheck;
import org.minicnn.engine.Tensor;

/** MaxPool1D and MaxPool2D: windows, Keras output sizes, the tie rule and gradients. */
class MaxPoolTest extends EngineTestBase {

  @Test
  void pool1dTakesTheMaximumOfEachWindowAndRoutesTheGradientToIt() {
    MaxPool1D pool = new MaxPool1D(2);
    Tensor y = pool.forward(Tensor.of(new double[] {1, 3, 2, 0, 5, 4}, 1, 6, 1));
    assertArrayEquals(new double[] {3, 2, 5}, y.toArray());
    assertArrayEquals(new int[] {1, 3, 1}, y.shape());
    assertArrayEquals(new double[] {0, 10, 20, 0, 30, 0}, pool.backward(Tensor.of(new double[] {10, 20, 30}, 1, 3, 1)).toArray());
  }

  @Test
  void overlappingWindowsAddTheirGradients() {
    MaxPool1D pool = new MaxPool1D(2).strides(1);
    assertArrayEquals(new double[] {3, 3}, pool.forward(Tensor.of(new double[] {1, 3, 2}, 1, 3, 1)).toArray());
    assertArrayEquals(new double[] {0, 3, 0}, pool.backward(Tensor.of(new double[] {1, 2}, 1, 2, 1)).toArray());
  }

  @Test
  void pool2dWorksOnEachChannelOnItsOwn() {
    // channel 0 rises to the bottom right of every 2×2 block; channel 1 is its negative (top left wins)
    double[] image = {1, 2, 5, 6, 3, 4, 7, 8, 9, 10, 13, 14, 11, 12, 15, 16};
    double[] x = new double[32];
    for (int i = 0; i < 16; i++) {
      x[2 * i] = image[i];
      x[2 * i + 1] = -image[i];
    }
    MaxPool2D pool = new MaxPool2D(2, 2);
    Tensor y = pool.forward(Tensor.of(x, 1, 4, 4, 2));
    assertArrayEquals(new int[] {1, 2, 2, 2}, y.shape());
    assertArrayEquals(new double[] {4, -1, 8, -5, 12, -9, 16, -13}, y.toArray());
    Tensor dx = pool.backward(Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, 2, 2, 2));
    double[] expected = new double[32];
    expected[2 * 5] = 1;        // (1, 1)
    expected[2 * 7] = 3;        // (1, 3)
    expected[2 * 13] = 5;       // (3, 1)
    expected[2 * 15] = 7;       // (3, 3)
    expected[2 * 0 + 1] = 2;    // (0, 0)
    expected[2 * 2 + 1] = 4;    // (0, 2)
    expected[2 * 8 + 1] = 6;    // (2, 0)
    expected[2 * 10 + 1] = 8;   // (2, 2)
    assertArrayEquals(expected, dx.toArray());
  }

  @Test
  void paddedPositionsNeverWin() {
    // SAME, pool 2, stride 2 on length 3: windows [x0, x1] and [x2, pad]; a zero pad would give 0
    MaxPool1D pool = new MaxPool1D(2).padding(Padding.SAME);
    assertArrayEquals(new double[] {-1, -2}, pool.forward(Tensor.of(new double[] {-3, -1, -2}, 1, 3, 1)).toArray());
    assertArrayEquals(new double[] {0, 1, 1}, pool.backward(Tensor.of(new double[] {1, 1}, 1, 2, 1)).toArray());
    // SAME, pool 3×3, stride 1 on 2×2: every window covers the whole input plus padding
    MaxPool2D pool2d = new MaxPool2D(3, 3).strides(1, 1).padding(Padding.SAME);
    Tensor y = pool2d.forward(Tensor.of(new double[] {-4, -3, -2, -5}, 1, 2, 2, 1));
    assertArrayEquals(new double[] {-2, -2, -2, -2}, y.toArray());
    assertArrayEquals(new double[] {0, 0, 4, 0}, pool2d.backward(Tensor.full(1, 1, 2, 2, 1)).toArray());
  }

  @Test
  void onATieTheFirstMaximumInScanOrderTakesTheGradient() {
    MaxPool1D pool = new MaxPool1D(2).strides(1);
    pool.forward(Tensor.of(new double[] {2, 2, 1, 2}, 1, 4, 1));
    assertArrayEquals(new double[] {1, 1, 0, 1}, pool.backward(Tensor.full(1, 1, 3, 1)).toArray());
    MaxPool2D pool2d = new MaxPool2D(2, 2);
    pool2d.forward(Tensor.full(7, 1, 2, 2, 1));
    assertArrayEquals(new double[] {1, 0, 0, 0}, pool2d.backward(Tensor.full(1, 1, 1, 1, 1)).toArray());
  }

  /** PyTorch 1.13: {@code max_pool2d} of [1, nan, 3, nan] is nan, its gradient [0, 0, 0, 1]. */
  @Test
  void aNanWinsItsWindowAndTheLastNanTakesTheGradientAsInPyTorch() {
    // NaN reaches a layer from a computation below it (Tensor.of refuses it as input), hence wrap
    double nan = Double.NaN;
    MaxPool1D pool = new MaxPool1D(4);
    assertArrayEquals(new double[] {nan}, pool.forward(Tensor.wrap(new double[] {1, nan, 3, nan}, 1, 4, 1)).toArray());
    assertArrayEquals(new double[] {0, 0, 0, 1}, pool.backward(Tensor.full(1, 1, 1, 1)).toArray());
    MaxPool2D pool2d = new MaxPool2D(2, 2);
    assertArrayEquals(new double[] {nan, 5}, pool2d.forward(Tensor.wrap(new double[] {nan, 5, 2, 1, 4, 0, 3, 2}, 1,
        2, 2, 2)).toArray());
    assertArrayEquals(new double[] {7, 9, 0, 0, 0, 0, 0, 0}, pool2d.backward(Tensor.of(new double[] {7, 9}, 1, 1,
        1, 2)).toArray());
  }

  @Test
  void outputSizesAsKeras() {
    assertArrayEquals(new int[] {1, 3, 3, 1}, new MaxPool2D(2, 2).outputShape(1, 7, 7, 1));
    assertArrayEquals(new int[] {1, 4, 4, 1}, new MaxPool2D(2, 2).padding(Padding.SAME).outputShape(1, 7, 7, 1));
    assertArrayEquals(new int[] {2, 3, 2, 5}, new MaxPool2D(3, 3).strides(2, 2).padding(Padding.SAME).outputShape(2, 5, 3, 5));
    assertArrayEquals(new int[] {4, 2, 2, 3}, new MaxPool2D(3, 1).strides(2, 1).outputShape(4, 5, 2, 3));
    assertArrayEquals(new int[] {3, 4, 2}, new MaxPool1D(3).strides(2).outputShape(3, 9, 2));
    assertArrayEquals(new int[] {3, 5, 2}, new MaxPool1D(3).strides(2).padding(Padding.SAME).outputShape(3, 9, 2));
  }

  private Padding anyPadding() {
    return random.nextBoolean() ? Padding.VALID : Padding.SAME;
  }

  @RepeatedTest(60)
  void pool2dGradientMatchesCentralDifferences() {
    int pr = between(1, 3);
    int pc = between(1, 3);
    MaxPool2D pool = new MaxPool2D(pr, pc).padding(anyPadding());
    if (random.nextBoolean()) {
      pool.strides(between(1, 3), between(1, 3));
    }
    Tensor x = randomTensor(between(1, 3), pr - 1 + between(1, 5), pc - 1 + between(1, 5), between(1, 3));
    GradientCheck.check(pool, x, random.nextLong()).assertWithin(GRADIENT_TOLERANCE);
  }

  @RepeatedTest(60)
  void pool1dGradientMatchesCentralDifferences() {
    int p = between(1, 4);
    MaxPool1D pool = new MaxPool1D(p).padding(anyPadding());
    if (random.nextBoolean()) {
      pool.strides(between(1, 3));
    }
    Tensor x = randomTensor(between(1, 3), p - 1 + between(1, 6), between(1, 3));
    GradientCheck.check(pool, x, random.nextLong()).assertWithin(GRADIENT_TOLERANCE);
  }
}
