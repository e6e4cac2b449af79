package org.minicnn.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.GradientCheck;
import org.minicnn.engine.Tensor;

class FlattenTest extends EngineTestBase {

  @Test
  void keepsTheRowMajorOrderWithChannelsFastest() {
    Flatten flatten = new Flatten();
    Tensor x = Tensor.of(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, 2, 2, 2, 2);
    Tensor y = flatten.forward(x);
    assertArrayEquals(new int[] {2, 8}, y.shape());
    assertArrayEquals(x.toArray(), y.toArray());
    assertEquals(5.0, y.get(0, 5));   // sample 0, row 1, col 0, channel 1
    Tensor dx = flatten.backward(y);
    assertEquals(x, dx);
  }

  @Test
  void outputIsACopy() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 1, 2, 2);
    new Flatten().forward(x).data()[0] = 99;
    assertEquals(1.0, x.get(0, 0, 0));
  }

  @Test
  void outputShapes() {
    assertArrayEquals(new int[] {32, 150}, new Flatten().outputShape(32, 5, 5, 6));
    assertArrayEquals(new int[] {4, 3}, new Flatten().outputShape(4, 3));
    assertArrayEquals(new int[] {4, 1}, new Flatten().outputShape(4));
  }

  @RepeatedTest(5)
  void gradientMatchesCentralDifferences() {
    Tensor x = randomTensor(between(1, 3), between(1, 4), between(1, 4), between(1, 3));
    GradientCheck.check(new Flatten(), x, random.nextLong()).assertWithin(GRADIENT_TOLERANCE);
  }
}
