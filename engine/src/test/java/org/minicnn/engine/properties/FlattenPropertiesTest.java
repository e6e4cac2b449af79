package org.minicnn.engine.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.minicnn.engine.properties.ConvPropertiesTest.BEFORE_FORWARD;
import static org.minicnn.engine.properties.ConvPropertiesTest.gradient;
import static org.minicnn.engine.properties.LayerCases.backward;
import static org.minicnn.engine.properties.LayerCases.input;
import static org.minicnn.engine.properties.LayerCases.positive;
import static org.minicnn.engine.properties.LayerCases.tensor;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.GradientCheck;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.Flatten;

/** Flatten over random shapes (zero, negative, huge): the same values in the same order, or the documented exception. */
class FlattenPropertiesTest {

  // ---- flatten -------------------------------------------------------------------------------

  record Flat(int[] input, long seed, int gradient) {}

  @Test
  void flattenKeepsEveryValueInOrderOrSaysWhy() {
    ForAll.check(9204, r -> new Flat(input(r, r.nextInt(1, 6), 5), r.nextLong(), gradient(r)), c -> {
      Flatten layer = new Flatten();
      if (c.gradient() == BEFORE_FORWARD) {
        backward(layer, BEFORE_FORWARD, null, null);
        return;
      }
      int[] in = c.input();
      long perSample = positive(in, 1) ? Generators.count(in) / in[0] : -1;
      boolean valid = perSample > 0 && perSample <= Integer.MAX_VALUE;
      var shape = Documented.call(() -> layer.outputShape(in), "Flatten");
      assertEquals(valid, shape.accepted(), "outputShape accepted");
      if (!valid) {
        return;
      }
      int[] expected = {in[0], (int) perSample};
      assertArrayEquals(expected, shape.result());
      SplittableRandom r = new SplittableRandom(c.seed());
      Tensor x = tensor(r, in);
      if (x == null) {
        return;
      }
      Tensor y = layer.forward(x);
      assertArrayEquals(expected, y.shape());
      assertArrayEquals(x.data(), y.data());
      Tensor dx = backward(layer, c.gradient(), expected, r);
      if (dx != null) {
        assertArrayEquals(in, dx.shape());
        Tensor dy = GradientCheck.randomTensor(r, expected);
        assertArrayEquals(dy.data(), layer.backward(dy).data());
      }
    });
  }
}
