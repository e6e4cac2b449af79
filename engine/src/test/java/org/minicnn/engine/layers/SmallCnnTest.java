package org.minicnn.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.GradientCheck;
import org.minicnn.engine.Sequential;

/** The layers composed into small CNNs: shapes, parameter counts and end-to-end gradients. */
class SmallCnnTest extends EngineTestBase {

  private Sequential classifier(long seed) {
    return new Sequential()
        .add(new Conv2D(4, 3, 3).seed(seed)).add(new ReLU())
        .add(new MaxPool2D(2, 2))
        .add(new Conv2D(3, 2, 2).padding(Padding.SAME).seed(seed + 1)).add(new Tanh())
        .add(new Flatten())
        .add(new Dense(5).seed(seed + 2)).add(new Sigmoid())
        .add(new Dense(2).seed(seed + 3));
  }

  @Test
  void shapesAndParameterCounts() {
    Sequential model = classifier(1);
    model.build(2, 8, 8, 1);
    assertArrayEquals(new int[] {2, 2}, model.outputShape(2, 8, 8, 1));
    // conv 3·3·1·4 + 4, conv 2·2·4·3 + 3, dense (3·3·3)·5 + 5, dense 5·2 + 2
    assertEquals(List.of(40, 51, 140, 12), List.of(count(model, 0), count(model, 3), count(model, 6), count(model, 8)));
    String summary = model.summary();
    assertTrue(summary.contains("max_pool2d (MaxPool2D)"), summary);
    assertTrue(summary.contains("Total params: 243"), summary);
  }

  private static int count(Sequential model, int layer) {
    return model.layers().get(layer).parameters().stream().mapToInt(p -> p.value().size()).sum();
  }

  @RepeatedTest(5)
  void everyGradientOfTheStackMatchesCentralDifferences() {
    Sequential model = classifier(random.nextLong());
    GradientCheck.check(model, randomTensor(between(1, 3), 8, 8, 1), random.nextLong()).assertWithin(GRADIENT_TOLERANCE);
  }

  @RepeatedTest(5)
  void globalPoolingHeadsAndOneDimensionalStacks() {
    Sequential images = new Sequential()
        .add(new Conv2D(3, 2, 2).seed(random.nextLong())).add(new ReLU())
        .add(new MaxPool2D(2, 2).strides(1, 1).padding(Padding.SAME))
        .add(new GlobalMaxPool2D()).add(new Dense(2).seed(random.nextLong()));
    GradientCheck.check(images, randomTensor(2, 5, 5, 2), random.nextLong()).assertWithin(GRADIENT_TOLERANCE);
    Sequential signals = new Sequential()
        .add(new Conv1D(3, 3).padding(Padding.CAUSAL).seed(random.nextLong())).add(new Tanh())
        .add(new MaxPool1D(2)).add(new GlobalAveragePool1D()).add(new Dense(1).seed(random.nextLong()));
    GradientCheck.check(signals, randomTensor(2, 9, 1), random.nextLong()).assertWithin(GRADIENT_TOLERANCE);
  }
}
