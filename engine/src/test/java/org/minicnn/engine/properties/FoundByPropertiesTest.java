package org.minicnn.engine.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.minicnn.engine.EngineTestBase.assertThrowsMessage;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.GradientCheck;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.conv.ConvAlgorithm;
import org.minicnn.engine.conv.Im2colConvolution;
import org.minicnn.engine.layers.Conv1D;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.engine.layers.Padding;

/** The engine bugs the properties found, each pinned by its smallest example. */
class FoundByPropertiesTest {

  @Test
  void nullArgumentsAreNamedNotDereferenced() {
    Tensor t = Tensor.zeros(2, 3);
    assertThrowsMessage(IllegalArgumentException.class, "expected an index with 2 entries for shape [2, 3], got null",
        () -> t.get((int[]) null));
    assertThrowsMessage(IllegalArgumentException.class, "Tensor.copyFrom: expected shape [2, 3], got null",
        () -> t.copyFrom(null));
    assertThrowsMessage(IllegalArgumentException.class,
        "Tensor.wrap: data is null; expected an array of 6 values for shape [2, 3]", () -> Tensor.wrap(null, 2, 3));
    assertThrowsMessage(IllegalArgumentException.class,
        "cannot reshape [2, 3] (6 values) to null; expected at least one dimension", () -> t.reshape((int[]) null));
  }

  @Test
  void nullShapesAndSubjectsAreNamed() {
    org.minicnn.engine.Sequential model = new org.minicnn.engine.Sequential().add(new Conv1D(1, 1));
    assertThrowsMessage(IllegalArgumentException.class,
        "Sequential.outputShape: expected an input shape (batch included), got null", () -> model.outputShape(null));
    assertThrowsMessage(IllegalArgumentException.class,
        "Sequential.build: expected an input shape (batch included), got null", () -> model.build(null));
    assertThrowsMessage(IllegalArgumentException.class,
        "GradientCheck.check: expected a layer and an input tensor, got Conv1D and no input",
        () -> GradientCheck.check(new Conv1D(1, 1), null, 0));
    assertThrowsMessage(IllegalArgumentException.class,
        "GradientCheck.check: expected a loss and predictions, got no loss and predictions",
        () -> GradientCheck.check((org.minicnn.engine.losses.Loss) null, Tensor.zeros(1), Tensor.zeros(1)));
  }

  @Test
  void reshapeToNoDimensionsIsRefused() {
    assertThrowsMessage(IllegalArgumentException.class,
        "cannot reshape [3] (3 values) to []; expected at least one dimension", () -> Tensor.zeros(3).reshape());
  }

  @Test
  void aHugeStrideWithSamePaddingGivesOneOutput() {
    Conv1D layer = new Conv1D(1, 2).strides(Integer.MAX_VALUE).padding(Padding.SAME);
    assertArrayEquals(new int[] {1, 1, 1}, layer.outputShape(1, 4, 1));
    Conv2D layer2 = new Conv2D(1, 2, 2).strides(Integer.MAX_VALUE, 1).padding(Padding.SAME);
    assertArrayEquals(new int[] {1, 1, 4, 1}, layer2.outputShape(1, 4, 4, 1));
  }

  @Test
  void aDilatedWindowBeyondIntIndexingIsRefused() {
    assertThrowsMessage(IllegalArgumentException.class,
        "Conv1D: kernel [3] with dilation [1073741824] spans 2147483649 positions, too many to index together"
            + " with the input [1, 4, 1]",
        () -> new Conv1D(1, 3).dilation(1 << 30).padding(Padding.SAME).outputShape(1, 4, 1));
    assertThrowsMessage(IllegalArgumentException.class,
        "Conv1D: kernel [46341] with dilation [65536] spans 3036938241 positions, too many to index together"
            + " with the input [1, 4, 1]",
        () -> new Conv1D(1, 46341).dilation(1 << 16).padding(Padding.CAUSAL).forward(Tensor.zeros(1, 4, 1)));
  }

  @Test
  void aKernelTooLargeForOneArrayIsNamedByTheLayer() {
    assertThrowsMessage(IllegalArgumentException.class,
        "Conv2D: kernel [46341, 46341, 1, 1] [kernelRows, kernelCols, inChannels, filters] would have 2147488281"
            + " weights; at most 2147483639 fit in one array",
        () -> new Conv2D(1, 46341, 46341).padding(Padding.SAME).forward(Tensor.zeros(1, 2, 2, 1)));
  }

  @Test
  void aPatchMatrixBeyondTheLimitIsComputedByTheReferenceLoops() {
    int length = 8200;
    org.junit.jupiter.api.Assertions.assertTrue((long) length * length > Im2colConvolution.MAX_PATCH_MATRIX);
    Tensor x = GradientCheck.randomTensor(new SplittableRandom(5), 1, length, 1);
    Conv1D fast = new Conv1D(1, length).padding(Padding.SAME).seed(3).algorithm(ConvAlgorithm.IM2COL);
    Conv1D reference = new Conv1D(1, length).padding(Padding.SAME).seed(3).algorithm(ConvAlgorithm.REFERENCE);
    assertArrayEquals(reference.forward(x).data(), fast.forward(x).data());
  }

  @Test
  void flattenRefusesMoreValuesPerSampleThanOneDimensionHolds() {
    assertThrowsMessage(IllegalArgumentException.class,
        "Flatten: input shape [1, 65536, 65536] has 4294967296 values per sample; at most 2147483647 fit in one"
            + " dimension",
        () -> new org.minicnn.engine.layers.Flatten().outputShape(1, 1 << 16, 1 << 16));
  }

  @Test
  void reluPassesNaNThroughAsKerasAndPyTorch() {
    Tensor y = new org.minicnn.engine.layers.ReLU().forward(Tensor.wrap(new double[] {Double.NaN, -1, 2}, 3));
    assertArrayEquals(new double[] {Double.NaN, 0, 2}, y.data());
  }
}
