package org.minicnn.training.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.engine.layers.Dense;
import org.minicnn.engine.layers.MaxPool2D;
import org.minicnn.engine.layers.Padding;

/** The one-line classifier syntax of {@code --model}. */
class ModelSpecTest {

  @Test
  void aSpecBuildsItsLayersInOrderWithTheLastDenseAsWideAsTheClasses() {
    ModelSpec spec = ModelSpec.parse("Conv2D(16, 3x3, same)  relu maxpool2d(2) conv2d(8,3) tanh globalmaxpool2d dense");
    assertEquals("conv2d(16,3x3,same) relu maxpool2d(2) conv2d(8,3x3) tanh globalmaxpool2d dense", spec.text());
    assertEquals(16, spec.filters());
    assertArrayEquals(new int[] {3, 3}, spec.kernelSize());
    Sequential model = spec.model(5, new SplittableRandom(1));
    assertEquals(List.of("Conv2D", "ReLU", "MaxPool2D", "Conv2D", "Tanh", "GlobalMaxPool2D", "Dense"),
        model.layers().stream().map(l -> l.getClass().getSimpleName()).toList());
    assertEquals(Padding.SAME, ((Conv2D) model.layers().get(0)).padding());
    assertEquals(Padding.VALID, ((Conv2D) model.layers().get(3)).padding());
    assertArrayEquals(new int[] {1, 5}, model.outputShape(1, 8, 8, 1));
    assertArrayEquals(new int[] {1, 4, 4, 16}, new MaxPool2D(2, 2).outputShape(1, 8, 8, 16));
    spec.check(8, 8, 5);
    assertEquals("conv2d(4,1x2) flatten dense(7) sigmoid dense(3)",
        ModelSpec.parse("conv2d(4,1x2,valid) flatten dense(7) sigmoid dense(3)").text());
  }

  @Test
  void layersTakeTheirSeedsInSpecOrderSoTheClassifyLinesModelKeepsItsWeights() {
    SplittableRandom seeds = new SplittableRandom(1);
    long convSeed = seeds.nextLong();
    long denseSeed = seeds.nextLong();
    Sequential spec = ModelSpec.classifyLines(16).model(4, new SplittableRandom(1));
    spec.build(1, 8, 8, 1);
    Conv2D conv = new Conv2D(16, 3, 3).padding(Padding.SAME).seed(convSeed);
    Dense dense = new Dense(4).seed(denseSeed);
    new Sequential().add(conv).add(dense).outputShape(1, 8, 8, 1);
    conv.build(1, 8, 8, 1);
    dense.build(1, 16);
    assertEquals(conv.kernel(), ((Conv2D) spec.layers().get(0)).kernel());
    assertEquals(dense.kernel(), ((Dense) spec.layers().get(3)).kernel());
  }

  @Test
  void aBadSpecNamesTheTokenAndItsColumn() {
    assertError("'conv3d' at column 20: unknown layer; expected one of conv2d, maxpool2d, dense, relu, tanh, sigmoid,"
        + " globalmaxpool2d, globalavgpool2d, flatten (in \"conv2d(8,3x3) relu conv3d(4,3) dense\")",
        "conv2d(8,3x3) relu conv3d(4,3) dense");
    assertError("'conv2d(8)' at column 1: conv2d needs (filters, KxK) or (filters, KxK, same|valid), got 1 argument(s)"
        + " (in \"conv2d(8) dense\")", "conv2d(8) dense");
    assertError("'conv2d' at column 1: conv2d needs (filters, KxK) or (filters, KxK, same|valid), got no arguments"
        + " (in \"conv2d dense\")", "conv2d dense");
    assertError("'maxpool2d' at column 20: maxpool2d needs (P) or (RxC), got no argument"
        + " (in \"conv2d(8,3x3) relu maxpool2d dense\")", "conv2d(8,3x3) relu maxpool2d dense");
    assertError("'x3x3' at column 10: expected the kernel size as K or RxC (in \"conv2d(8,x3x3) dense\")",
        "conv2d(8,x3x3) dense");
    assertError("'3y' at column 10: expected the kernel size, an integer in [1, 4096] (in \"conv2d(8,3yx3) dense\")",
        "conv2d(8,3yx3) dense");
    assertError("'abc' at column 8: expected the number of filters, an integer in [1, 4096] (in \"conv2d(abc,3)"
        + " dense\")", "conv2d(abc,3) dense");
    assertError("'full' at column 14: expected same or valid (in \"conv2d(8,3x3,full) dense\")",
        "conv2d(8,3x3,full) dense");
    assertError("'relu(2)' at column 15: relu takes no arguments (in \"conv2d(8,3x3) relu(2) dense\")",
        "conv2d(8,3x3) relu(2) dense");
    assertError("'(' at column 7: the '(' of conv2d is never closed (in \"conv2d(8,3x3 dense\")", "conv2d(8,3x3 dense");
    assertError("'dense(4)' at column 1: the first layer must be conv2d (its filters are the ones compared with"
        + " hand-designed kernels) (in \"dense(4)\")", "dense(4)");
    assertError("'relu' at column 15: the last layer must be dense (one logit per class) (in \"conv2d(8,3x3)"
        + " relu\")", "conv2d(8,3x3) relu");
    assertError("'dense' at column 15: only the last dense may leave out its width; write dense(U) (in \"conv2d(8,3x3)"
        + " dense flatten dense\")", "conv2d(8,3x3) dense flatten dense");
    assertError("expected a model such as 'conv2d(16,3x3,same) relu globalmaxpool2d dense', got nothing", " ");
  }

  @Test
  void aModelThatDoesNotFitTheImagesOrTheClassesIsRejected() {
    assertEquals("'dense(3)' at column 36: the last dense has 3 units but there are 4 classes; write dense to infer it",
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse("conv2d(8,3x3) relu globalmaxpool2d"
            + " dense(3)").model(4, new SplittableRandom(0))).getMessage());
    assertEquals("the model 'conv2d(8,3x3) dense' gives [1, 6, 6, 2] for one 8x8 image; a classifier needs [1, 2]: add"
        + " globalmaxpool2d, globalavgpool2d or flatten before the last dense",
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse("conv2d(8,3x3) dense").check(8, 8, 2))
            .getMessage());
    String tooSmall = assertThrows(IllegalArgumentException.class,
        () -> ModelSpec.parse("conv2d(8,9x9) globalmaxpool2d dense").check(8, 8, 2)).getMessage();
    assertEquals(true, tooSmall.startsWith("the model 'conv2d(8,9x9) globalmaxpool2d dense' does not fit 8x8 images: "),
        tooSmall);
  }

  private static void assertError(String message, String spec) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse(spec)).getMessage());
  }
}
