package org.minicnn.engine.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.minicnn.engine.properties.Generators.chance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.GradientCheck;
import org.minicnn.engine.Layer;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.Conv1D;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.engine.layers.Padding;

/**
 * Sequential over random stacks: forward equals the layers applied one by one, backward returns
 * the input's shape, weights round-trip, and every misuse is a documented exception.
 */
class SequentialPropertiesTest {

  /** A stack of layer recipes (each makes the same fresh layer every time) and an input shape. */
  record Stack(List<Supplier<Layer>> layers, int[] input, long seed, int weightsEdit) {
    @Override
    public String toString() {
      List<String> names = new ArrayList<>();
      for (Supplier<Layer> s : layers) {
        names.add(s.get().name());
      }
      return "Stack" + names + " on " + Arrays.toString(input);
    }
  }

  static Supplier<Layer> recipe(SplittableRandom r, int rank) {
    int filters = r.nextInt(1, 4);
    int k = r.nextInt(1, 4);
    int stride = r.nextInt(1, 3);
    int dilation = r.nextInt(1, 3);
    Padding padding = r.nextBoolean() ? Padding.VALID : Padding.SAME;
    boolean bias = r.nextBoolean();
    long seed = r.nextLong();
    return rank == 1
        ? () -> new Conv1D(filters, k).strides(stride).dilation(dilation).padding(padding).useBias(bias).seed(seed)
        : () -> new Conv2D(filters, k, k).strides(stride, stride).dilation(dilation, 1).padding(padding)
            .useBias(bias).seed(seed);
  }

  static Stack draw(SplittableRandom r) {
    int rank = r.nextInt(1, 3);
    List<Supplier<Layer>> layers = new ArrayList<>();
    int n = chance(r, 3) ? 0 : r.nextInt(1, 4);
    for (int i = 0; i < n; i++) {
      layers.add(recipe(r, rank));
    }
    int[] input = chance(r, 90) ? Generators.validShape(r, rank + 2, rank + 2, 7)
        : Generators.shape(r, 0, 5, 6);
    return new Stack(layers, chance(r, 2) ? null : input, r.nextLong(), r.nextInt(6));
  }

  static Sequential model(Stack s) {
    Sequential model = new Sequential();
    for (Supplier<Layer> recipe : s.layers()) {
      model.add(recipe.get());
    }
    return model;
  }

  @Test
  void forwardIsTheLayersInTurnAndBackwardReturnsTheInputShape() {
    ForAll.check(9001, SequentialPropertiesTest::draw, s -> {
      Sequential model = model(s);
      var shape = Documented.call(() -> model.outputShape(s.input()), "Sequential", "Conv", "Tensor");
      Tensor x = TensorPropertiesTest.acceptable(Generators.count(s.input()))
          ? GradientCheck.randomTensor(new SplittableRandom(s.seed()), s.input()) : null;
      var forward = Documented.call(() -> model.forward(x), "Sequential", "Conv", "Tensor");
      assertEquals(shape.accepted(), forward.accepted(), "outputShape and forward agree");
      if (s.layers().isEmpty()) {
        assertEquals(IllegalStateException.class, forward.rejection().getClass());
        return;
      }
      if (!forward.accepted()) {
        return;
      }
      Tensor expected = x;
      for (Supplier<Layer> recipe : s.layers()) {
        expected = recipe.get().forward(expected);
      }
      assertEquals(expected, forward.result(), "the layers one by one");
      assertArrayEquals(shape.result(), forward.result().shape());

      Tensor dy = GradientCheck.randomTensor(new SplittableRandom(s.seed() + 1), forward.result().shape());
      assertArrayEquals(s.input(), model.backward(dy).shape(), "dx shape");
      Documented.call(() -> model.backward(Tensor.zeros(3, 1)), "backward");
      Documented.call(model::summary, "Sequential");
    });
  }

  @Test
  void weightsRoundTripAndWrongListsAreRefused() {
    ForAll.check(9002, SequentialPropertiesTest::draw, s -> {
      Sequential model = model(s);
      if (s.layers().isEmpty() || s.input() == null) {
        var early = Documented.call(() -> {
          model.setWeights(List.of());
          return model.getWeights();
        }, "Sequential");
        return;
      }
      var built = Documented.run(() -> model.build(s.input()), "Sequential", "Conv", "Tensor");
      if (!built.accepted()) {
        return;
      }
      List<Tensor> weights = model.getWeights();
      List<Tensor> edited = new ArrayList<>(weights);
      boolean valid = true;
      switch (s.weightsEdit()) {
        case 1 -> {
          edited.add(Tensor.zeros(1));
          valid = false;
        }
        case 2 -> {
          if (!edited.isEmpty()) {
            edited.remove(edited.size() - 1);
            valid = false;
          }
        }
        case 3 -> {
          if (!edited.isEmpty()) {
            edited.set(0, Tensor.zeros(edited.get(0).size() + 1));
            valid = false;
          }
        }
        case 4 -> {
          if (!edited.isEmpty()) {
            edited.set(edited.size() - 1, null);
            valid = false;
          }
        }
        case 5 -> {
          edited = null;
          valid = false;
        }
        default -> {
          for (int i = 0; i < edited.size(); i++) {
            edited.set(i, Tensor.full(0.5 + i, edited.get(i).shape()));
          }
        }
      }
      List<Tensor> given = edited;
      var set = Documented.run(() -> model.setWeights(given), "Sequential.setWeights");
      assertEquals(valid, set.accepted(), "setWeights accepted");
      assertEquals(valid ? given : weights, model.getWeights(), "weights after setWeights");
    });
  }
}
