package org.minicnn.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import org.junit.jupiter.api.Test;

class TensorTest extends EngineTestBase {

  @Test
  void rowMajorIndexing() {
    Tensor t = Tensor.of(new double[] {0, 1, 2, 3, 4, 5}, 2, 3);
    assertEquals(5.0, t.get(1, 2));
    assertEquals(3.0, t.get(1, 0));
    assertEquals(6, t.size());
    assertEquals(2, t.rank());
    assertEquals(3, t.dim(-1));
    assertEquals("[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]", t.toString());
  }

  @Test
  void ofCopiesAndToArrayCopies() {
    double[] data = {1, 2};
    Tensor t = Tensor.of(data, 2);
    data[0] = 9;
    assertEquals(1.0, t.get(0));
    t.toArray()[1] = 9;
    assertEquals(2.0, t.get(1));
    assertNotSame(t.shape(), t.shape());
  }

  @Test
  void reshapeSharesValuesAndInfersOneDimension() {
    Tensor t = Tensor.zeros(2, 3, 4);
    Tensor r = t.reshape(6, -1);
    assertArrayEquals(new int[] {6, 4}, r.shape());
    r.set(7, 5, 3);
    assertEquals(7.0, t.get(1, 2, 3));
    assertThrowsMessage(IllegalArgumentException.class, "cannot reshape [2, 3, 4] (24 values) to [5, -1]",
        () -> t.reshape(5, -1));
  }

  @Test
  void badIndicesAndShapes() {
    Tensor t = Tensor.zeros(2, 3);
    assertThrowsMessage(IllegalArgumentException.class, "index [2, 0] is out of bounds for shape [2, 3]",
        () -> t.get(2, 0));
    assertThrowsMessage(IllegalArgumentException.class, "expected an index with 2 entries for shape [2, 3], got [1]",
        () -> t.get(1));
    assertThrowsMessage(IllegalArgumentException.class, "Tensor.zeros: expected at least one dimension, got none",
        Tensor::zeros);
    assertThrowsMessage(IllegalArgumentException.class,
        "Tensor.zeros: shape [100000, 100000] has 10000000000 elements; at most 2147483639 fit in one array",
        () -> Tensor.zeros(100000, 100000));
    assertThrowsMessage(IllegalArgumentException.class,
        "Tensor.of: data[1] is Infinity; expected finite values (index [1] of shape [2])",
        () -> Tensor.of(new double[] {0, Double.POSITIVE_INFINITY}, 2));
    assertThrowsMessage(IllegalArgumentException.class, "Tensor.copyFrom: expected shape [2, 3], got [3, 2]",
        () -> t.copyFrom(Tensor.zeros(3, 2)));
  }
}
