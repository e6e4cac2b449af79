package org.minicnn.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    assertEquals("[[0.0, 1.0, 2.0],\n [3.0, 4.0, 5.0]]", t.toString());
  }

  @Test
  void toStringAlignsTheColumnsOfAMatrixAndKeepsOtherRanksOnOneLine() {
    assertEquals("[[ 0.0, -1.5],\n [10.0,  2.0]]", Tensor.of(new double[] {0, -1.5, 10, 2}, 2, 2).toString());
    assertEquals("[[0.33333333,    -1.0E-9],\n [       1.0,        0.0]]",
        Tensor.of(new double[] {1.0 / 3, -1e-9, 1, -0.0}, 2, 2).toString());
    assertEquals("[1.0, 2.0]", Tensor.of(new double[] {1, 2}, 2).toString());
    assertEquals("[[[1.0], [2.0]]]", Tensor.of(new double[] {1, 2}, 1, 2, 1).toString());
    assertEquals("Tensor[5000] (5000 values)", Tensor.zeros(5000).toString());
  }

  /** A [2, 3, 2] tensor holding 0..11: element [i, j, k] = 6i + 2j + k. */
  private static Tensor counting() {
    double[] values = new double[12];
    for (int i = 0; i < 12; i++) {
      values[i] = i;
    }
    return Tensor.of(values, 2, 3, 2);
  }

  @Test
  void selectSampleAndChannelCopyOneIndexOfAnAxis() {
    Tensor t = counting();
    Tensor sample = t.sample(1);
    assertArrayEquals(new int[] {3, 2}, sample.shape());
    assertArrayEquals(new double[] {6, 7, 8, 9, 10, 11}, sample.toArray());
    Tensor channel = t.channel(1);
    assertArrayEquals(new int[] {2, 3}, channel.shape());
    assertArrayEquals(new double[] {1, 3, 5, 7, 9, 11}, channel.toArray());
    assertEquals(channel, t.select(2, 1));
    Tensor middle = t.select(1, 2);
    assertArrayEquals(new double[] {4, 5, 10, 11}, middle.toArray());
    channel.set(99, 0, 0);
    assertEquals(1.0, t.get(0, 0, 1), "select copies");
    assertArrayEquals(new int[] {1}, Tensor.of(new double[] {4, 5}, 2).select(0, 1).shape());
    assertThrowsMessage(IllegalArgumentException.class,
        "select: index 3 is out of bounds for axis 1 of size 3 (shape [2, 3, 2])", () -> t.select(1, 3));
    assertThrowsMessage(IllegalArgumentException.class, "select: axis 3 is out of range for shape [2, 3, 2]",
        () -> t.select(3, 0));
  }

  @Test
  void stackPutsTensorsAlongANewAxisAndUndoesSelect() {
    Tensor a = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
    Tensor b = Tensor.of(new double[] {5, 6, 7, 8}, 2, 2);
    Tensor last = Tensor.stack(-1, a, b);
    assertArrayEquals(new int[] {2, 2, 2}, last.shape());
    assertArrayEquals(new double[] {1, 5, 2, 6, 3, 7, 4, 8}, last.toArray());
    assertEquals(a, last.channel(0));
    assertEquals(b, last.channel(1));
    Tensor first = Tensor.stack(0, a, b);
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, first.toArray());
    assertEquals(b, first.sample(1));
    assertEquals(Tensor.stack(1, a, b).select(1, 0), a);
    Tensor t = counting();
    assertEquals(t, Tensor.stack(1, t.select(1, 0), t.select(1, 1), t.select(1, 2)));
    assertThrowsMessage(IllegalArgumentException.class, "stack: expected every tensor of shape [2, 2], tensor 1 has shape [4]",
        () -> Tensor.stack(0, a, Tensor.zeros(4)));
    assertThrowsMessage(IllegalArgumentException.class,
        "stack: axis 4 is out of range for stacking tensors of shape [2, 2]", () -> Tensor.stack(4, a, b));
  }

  @Test
  void sumMeanMaxMinOverAllElementsAndAlongAnAxis() {
    Tensor t = counting();
    assertEquals(66.0, t.sum());
    assertEquals(5.5, t.mean());
    assertEquals(11.0, t.max());
    assertEquals(0.0, t.min());
    Tensor overBatch = t.sum(0);
    assertArrayEquals(new int[] {3, 2}, overBatch.shape());
    assertArrayEquals(new double[] {6, 8, 10, 12, 14, 16}, overBatch.toArray());
    assertArrayEquals(new double[] {6, 9, 24, 27}, t.sum(1).toArray());
    assertEquals(t.sum(2), t.sum(-1));
    assertArrayEquals(new double[] {1, 5, 9, 13, 17, 21}, t.sum(-1).toArray());
    assertArrayEquals(new double[] {2, 3, 8, 9}, t.mean(1).toArray());
    assertArrayEquals(new int[] {1}, Tensor.of(new double[] {1, 2}, 2).sum(0).shape());
    assertThrowsMessage(IllegalArgumentException.class, "mean: axis -4 is out of range for shape [2, 3, 2]",
        () -> t.mean(-4));
  }

  @Test
  void argmaxGivesTheFirstLargestFlatOrAlongAnAxis() {
    Tensor logits = Tensor.of(new double[] {0.1, 2, -1, 3, 3, 0}, 2, 3);
    assertEquals(3, logits.argmax());
    assertArrayEquals(new int[] {1, 0}, logits.argmax(1), "per row; the first of a tie");
    assertArrayEquals(new int[] {1, 1, 1}, logits.argmax(0));
    assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1}, counting().argmax(0));
    assertArrayEquals(new int[] {2, 2, 2, 2}, counting().argmax(1));
    assertEquals(11, counting().argmax());
    assertEquals(2, logits.argmin());
    assertEquals(0, Tensor.of(new double[] {-1, 5, -1}, 3).argmin(), "the first of a tie");
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

  /**
   * 2³¹ − 9 values, the most one array holds, pass the array limit and are then refused for the heap, before
   * anything is allocated (the heap of the tests is far below the 16 GiB they need).
   */
  @Test
  void theLargestArrayIsRefusedForTheHeapNotTheArrayLimit() {
    int largest = Integer.MAX_VALUE - 8;
    long bytes = (long) largest * Double.BYTES;
    long heap = Runtime.getRuntime().maxMemory();
    // a heap that could hold the array would allocate it: this test is for the tests' heap, far below 16 GiB
    assertTrue(heap < bytes, "this test needs a JVM heap below " + bytes + " bytes (-Xmx), got " + heap);
    assertThrowsMessage(IllegalArgumentException.class, "Tensor.zeros: shape [2147483639] needs 17179869112 bytes,"
        + " more than the Java heap's maximum of " + heap + " (-Xmx)", () -> Tensor.zeros(largest));
  }

  /** {@code x.min()}, and {@code x.argmax(axis=1)} of a [2, 3, 2] tensor (several outer and inner indices), by hand. */
  @Test
  void minAndArgmaxAlongAMiddleAxis() {
    assertEquals(-2.0, Tensor.of(new double[] {3, -2, 5}, 3).min(), 0.0);
    // x[o, i, k]: o = 0: rows (1, 9), (4, 2), (7, 3); o = 1: rows (0, 5), (6, 8), (2, 1)
    Tensor x = Tensor.of(new double[] {1, 9, 4, 2, 7, 3, 0, 5, 6, 8, 2, 1}, 2, 3, 2);
    assertArrayEquals(new int[] {2, 0, 1, 1}, x.argmax(1));
  }

  /** Equal tensors hash alike; the shape is part of the hash, as it is of equality. */
  @Test
  void hashCodeFollowsEquality() {
    double[] v = {1, 2, 3, 4, 5, 6};
    assertEquals(Tensor.of(v, 2, 3).hashCode(), Tensor.of(v.clone(), 2, 3).hashCode());
    assertNotEquals(Tensor.of(v, 2, 3).hashCode(), Tensor.of(v, 3, 2).hashCode());
    assertNotEquals(Tensor.of(v, 2, 3).hashCode(), Tensor.of(new double[] {1, 2, 3, 4, 5, 7}, 2, 3).hashCode());
  }

  /** Up to 4096 values are printed, more only as the shape; NumPy's eight decimals from 1e-8 to below 1e16. */
  @Test
  void toStringLimits() {
    assertEquals("Tensor[4097] (4097 values)", Tensor.zeros(4097).toString());
    assertEquals('[', Tensor.zeros(4096).toString().charAt(0));
    // matrices are printed as NumPy prints them, columns right-aligned to the widest (18 characters)
    assertEquals("[[        0.00000001,             1.0E-9,             1.0E16, 9999999999999998.0]]",
        Tensor.of(new double[] {1e-8, 1e-9, 1e16, 9999999999999998.0}, 1, 4).toString());
  }
}
