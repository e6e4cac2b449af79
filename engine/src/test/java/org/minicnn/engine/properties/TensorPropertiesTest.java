package org.minicnn.engine.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minicnn.engine.properties.Generators.chance;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;

/** Tensor's factories and accessors: a correct tensor or an IllegalArgumentException naming the problem, whatever comes. */
class TensorPropertiesTest {

  /** Valid shapes up to this many elements are allocated; larger valid ones are redrawn to keep the run fast. */
  private static final long ALLOCATE_AT_MOST = 1 << 20;

  /** What Tensor promises to accept: positive dimensions, at most Integer.MAX_VALUE - 8 elements that fit in the heap. */
  static boolean acceptable(long count) {
    return count >= 1 && count <= Integer.MAX_VALUE - 8 && count * Double.BYTES <= Runtime.getRuntime().maxMemory();
  }

  /** A shape that is invalid, or valid and small enough to allocate; null sometimes. */
  static int[] shapeOrNull(SplittableRandom random) {
    if (chance(random, 3)) {
      return null;
    }
    while (true) {
      int[] shape = Generators.shape(random, 0, 5, 5);
      long count = Generators.count(shape);
      if (!acceptable(count) || count <= ALLOCATE_AT_MOST) {
        return shape;
      }
    }
  }

  record Factory(int[] shape, double value, boolean lengthOff, boolean nullData) {}

  static Factory factory(SplittableRandom random) {
    return new Factory(shapeOrNull(random), Generators.value(random), chance(random, 30), chance(random, 5));
  }

  @Test
  void zerosAllocatesExactlyTheShapeOrSaysWhy() {
    ForAll.check(7001, TensorPropertiesTest::factory, c -> {
      long count = Generators.count(c.shape());
      var outcome = Documented.call(() -> Tensor.zeros(c.shape()), "Tensor.zeros");
      assertEquals(acceptable(count), outcome.accepted(), "accepted");
      if (outcome.accepted()) {
        Tensor t = outcome.result();
        assertArrayEquals(c.shape(), t.shape());
        assertEquals(count, t.size());
        assertTrue(Arrays.stream(t.data()).allMatch(v -> v == 0.0));
      }
    });
  }

  @Test
  void ofCopiesValidDataAndRejectsTheRest() {
    ForAll.check(7002, TensorPropertiesTest::factory, c -> {
      long count = Generators.count(c.shape());
      int length = (int) Math.max(0, Math.min(count, 64)) + (c.lengthOff() ? 1 : 0);
      double[] data = c.nullData() ? null : new double[length];
      if (data != null && length > 0) {
        Arrays.setAll(data, i -> i * 0.5 - 3);
        data[length / 2] = c.value();
      }
      boolean valid = data != null && acceptable(count) && data.length == count
          && Arrays.stream(data).allMatch(Double::isFinite);
      var outcome = Documented.call(() -> Tensor.of(data, c.shape()), "Tensor.of");
      assertEquals(valid, outcome.accepted(), "accepted");
      if (valid) {
        Tensor t = outcome.result();
        assertArrayEquals(data, t.toArray());
        assertArrayEquals(c.shape(), t.shape());
        double first = data[0];
        data[0] = first + 1;
        assertEquals(first, t.data()[0], "Tensor.of copies its data");
      }
    });
  }

  @Test
  void fullAndWrapAcceptOnlyWhatTheyDocument() {
    ForAll.check(7003, TensorPropertiesTest::factory, c -> {
      long count = Generators.count(c.shape());
      var full = Documented.call(() -> Tensor.full(c.value(), c.shape()), "Tensor.full", "Tensor.zeros");
      assertEquals(acceptable(count) && Double.isFinite(c.value()), full.accepted(), "full accepted");
      if (full.accepted()) {
        assertTrue(Arrays.stream(full.result().data()).allMatch(v -> v == c.value()));
      }
      double[] data = c.nullData() ? null : new double[(int) Math.max(0, Math.min(count, 64)) + (c.lengthOff() ? 1 : 0)];
      var wrapped = Documented.call(() -> Tensor.wrap(data, c.shape()), "Tensor.wrap");
      assertEquals(data != null && acceptable(count) && data.length == count, wrapped.accepted(), "wrap accepted");
      if (wrapped.accepted()) {
        assertSame(data, wrapped.result().data());
      }
    });
  }

  record Access(int[] shape, int[] index, double value) {}

  static int[] indexOrNull(SplittableRandom random) {
    if (chance(random, 3)) {
      return null;
    }
    int[] index = new int[random.nextInt(0, 6)];
    for (int i = 0; i < index.length; i++) {
      index[i] = chance(random, 85) ? random.nextInt(-1, 5) : Generators.pick(random, Integer.MIN_VALUE,
          Integer.MAX_VALUE, 5, 6);
    }
    return index;
  }

  @Test
  void getSetAndDimReadTheRowMajorElementOrRejectTheIndex() {
    ForAll.check(7004, r -> {
      int[] shape = Generators.validShape(r, 1, 4, 4);
      int[] index = indexOrNull(r);
      if (index != null && chance(r, 50)) {
        index = Arrays.copyOf(index, shape.length);
      }
      return new Access(shape, index, r.nextDouble());
    }, c -> {
      int[] shape = c.shape();
      int[] index = c.index();
      Tensor t = Tensor.zeros(shape);
      Arrays.setAll(t.data(), i -> i);
      boolean inRange = index != null && index.length == shape.length;
      long flat = 0;
      for (int i = 0; inRange && i < shape.length; i++) {
        inRange = index[i] >= 0 && index[i] < shape[i];
        flat = flat * shape[i] + index[i];
      }
      int expectedFlat = (int) flat;
      var got = Documented.call(() -> t.get(index), "index");
      assertEquals(inRange, got.accepted(), "get accepted");
      var set = Documented.run(() -> t.set(c.value(), index), "index");
      assertEquals(inRange, set.accepted(), "set accepted");
      if (inRange) {
        assertEquals((double) expectedFlat, got.result());
        assertEquals(c.value(), t.data()[expectedFlat]);
      }
      int axis = index == null || index.length == 0 ? 0 : index[0];
      var dim = Documented.call(() -> t.dim(axis), "axis");
      assertEquals(axis >= -shape.length && axis < shape.length, dim.accepted(), "dim accepted");
    });
  }

  record Reshape(int[] shape, int[] newShape) {}

  static int[] newShapeOrNull(SplittableRandom random) {
    if (chance(random, 3)) {
      return null;
    }
    int[] shape = new int[random.nextInt(0, 6)];
    for (int i = 0; i < shape.length; i++) {
      int roll = random.nextInt(100);
      shape[i] = roll < 70 ? random.nextInt(1, 9)
          : roll < 90 ? Generators.pick(random, -1, -1, 0, -2) : Generators.pick(random, Generators.HUGE);
    }
    return shape;
  }

  @Test
  void reshapeSharesTheDataOrSaysWhy() {
    ForAll.check(7005, r -> new Reshape(Generators.validShape(r, 1, 4, 4), newShapeOrNull(r)), c -> {
      Tensor t = Tensor.zeros(c.shape());
      int[] expected = resolve(c.newShape(), t.size());
      var outcome = Documented.call(() -> t.reshape(c.newShape()), "reshape");
      assertEquals(expected != null, outcome.accepted(), "accepted");
      if (expected != null) {
        assertArrayEquals(expected, outcome.result().shape());
        assertSame(t.data(), outcome.result().data());
      }
    });
  }

  /** NumPy's rule: at least one dimension, at most one -1 (inferred), every other one positive, the same element count. */
  private static int[] resolve(int[] newShape, int size) {
    if (newShape == null || newShape.length == 0) {
      return null;
    }
    int[] out = newShape.clone();
    int inferred = -1;
    long known = 1;
    for (int i = 0; i < out.length; i++) {
      if (out[i] == -1 && inferred < 0) {
        inferred = i;
      } else if (out[i] <= 0) {
        return null;
      } else {
        known = Math.min(known * out[i], Integer.MAX_VALUE + 1L);
      }
    }
    if (inferred >= 0) {
      if (size % known != 0) {
        return null;
      }
      out[inferred] = (int) (size / known);
      return out;
    }
    return known == size ? out : null;
  }

  record Copy(int[] shape, int[] other, boolean nullSource) {}

  @Test
  void copyFromCopiesEqualShapesOnly() {
    ForAll.check(7006, r -> {
      int[] shape = Generators.validShape(r, 1, 3, 3);
      return new Copy(shape, chance(r, 50) ? shape.clone() : Generators.validShape(r, 1, 3, 3), chance(r, 5));
    }, c -> {
      Tensor target = Tensor.zeros(c.shape());
      Tensor source = c.nullSource() ? null : Tensor.full(2.5, c.other());
      var outcome = Documented.run(() -> target.copyFrom(source), "copyFrom");
      boolean same = source != null && Arrays.equals(c.shape(), c.other());
      assertEquals(same, outcome.accepted(), "accepted");
      if (same) {
        assertEquals(source, target);
      }
    });
  }

  @Test
  void aShapeBeyondTheHeapIsRefusedBeforeAllocating() {
    long elements = Runtime.getRuntime().maxMemory() / Double.BYTES + 1;
    assertTrue(elements <= Integer.MAX_VALUE - 8,
        "the test JVM's heap holds every array Java can index, so nothing is left to refuse: run it with -Xmx below 16g");
    var outcome = Documented.call(() -> Tensor.zeros((int) elements), "Tensor.zeros");
    assertEquals(false, outcome.accepted());
    assertTrue(outcome.rejection().getMessage().contains(Shapes.format((int) elements)), outcome.rejection().getMessage());
  }
}
