package org.minicnn.engine.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.minicnn.engine.properties.ConvPropertiesTest.BEFORE_FORWARD;
import static org.minicnn.engine.properties.ConvPropertiesTest.NULL;
import static org.minicnn.engine.properties.ConvPropertiesTest.RIGHT_SHAPE;
import static org.minicnn.engine.properties.ConvPropertiesTest.WRONG_SHAPE;
import static org.minicnn.engine.properties.Generators.chance;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.minicnn.engine.GradientCheck;
import org.minicnn.engine.Layer;
import org.minicnn.engine.Tensor;

/** What the layer property tests share: random input shapes (some invalid), tensors, and backward's documented outcomes. */
final class LayerCases {

  private LayerCases() {}

  /** Inputs up to this many elements are allocated; larger valid shapes are only given to outputShape. */
  static final long ALLOCATE_AT_MOST = 1 << 14;

  /** A shape of {@code rank} dimensions (sometimes another rank) in [1, max], sometimes zero, negative or huge. */
  static int[] input(SplittableRandom r, int rank, int max) {
    if (chance(r, 2)) {
      return null;
    }
    int[] shape = new int[chance(r, 90) ? rank : r.nextInt(0, 6)];
    for (int i = 0; i < shape.length; i++) {
      int roll = r.nextInt(100);
      shape[i] = roll < 96 ? r.nextInt(1, max + 1) : roll < 98 ? Generators.pick(r, Generators.NOT_POSITIVE)
          : Generators.pick(r, Generators.HUGE);
    }
    return shape;
  }

  static boolean allocatable(int[] shape) {
    long count = Generators.count(shape);
    return count >= 1 && count <= ALLOCATE_AT_MOST;
  }

  /** A random tensor of {@code shape}, or null when the shape cannot or should not be allocated. */
  static Tensor tensor(SplittableRandom r, int[] shape) {
    return allocatable(shape) ? GradientCheck.randomTensor(r, shape) : null;
  }

  static boolean positive(int[] shape, int minRank) {
    return shape != null && shape.length >= minRank && Arrays.stream(shape).allMatch(d -> d > 0);
  }

  /**
   * Runs backward as the case says and checks the documented outcome; returns dx when it was accepted.
   *
   * @param output the shape of the last output (null when there was no forward)
   */
  static Tensor backward(Layer layer, int kind, int[] output, SplittableRandom r) {
    if (kind == BEFORE_FORWARD) {
      var early = Documented.call(() -> layer.backward(Tensor.zeros(1)), layer.name());
      assertEquals(IllegalStateException.class, early.rejection().getClass());
      return null;
    }
    int[] wrong = kind == WRONG_SHAPE ? ConvPropertiesTest.wrongShape(r, output) : output;
    // Dropping the only dimension leaves no shape a tensor can have; add one instead.
    int[] shape = wrong.length == 0 ? new int[] {output[0], 1} : wrong;
    Tensor dy = kind == NULL ? null : GradientCheck.randomTensor(r, shape);
    var outcome = Documented.call(() -> layer.backward(dy), layer.name());
    assertEquals(kind == RIGHT_SHAPE, outcome.accepted(), "backward accepted");
    return outcome.result();
  }
}
