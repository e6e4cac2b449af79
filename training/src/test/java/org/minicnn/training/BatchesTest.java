package org.minicnn.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.minicnn.engine.Tensor;

/** {@link Batches#take}: rows in the given order, into the caller's array when it has the batch's size. */
class BatchesTest {

  private final Tensor source = Tensor.of(new double[] {0, 1, 10, 11, 20, 21, 30, 31, 40, 41}, 5, 2);
  private final int[] order = {3, 0, 4, 1, 2};

  @Test
  void copiesTheRowsInOrderIntoANewArrayOrTheOneGiven() {
    Tensor first = Batches.take(source, order, 0, 2);
    assertArrayEquals(new int[] {2, 2}, first.shape());
    assertArrayEquals(new double[] {30, 31, 0, 1}, first.data(), 0.0);

    double[] reuse = first.data();
    Tensor second = Batches.take(source, order, 2, 4, reuse);
    assertSame(reuse, second.data());
    assertArrayEquals(new double[] {40, 41, 10, 11}, second.data(), 0.0);

    Tensor last = Batches.take(source, order, 4, 5, reuse);  // a smaller last batch gets its own array
    assertNotSame(reuse, last.data());
    assertArrayEquals(new int[] {1, 2}, last.shape());
    assertArrayEquals(new double[] {20, 21}, last.data(), 0.0);
    assertArrayEquals(new double[] {40, 41, 10, 11}, reuse, 0.0);
  }
}
