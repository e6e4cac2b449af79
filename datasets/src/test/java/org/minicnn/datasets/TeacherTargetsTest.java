package org.minicnn.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.Conv1D;
import org.minicnn.engine.layers.Conv2D;

class TeacherTargetsTest {

  @Test
  void verticalDetectorTargetsEqualTheEngineConv2D() {
    Tensor images = LineImages.builder().size(7, 6).gaussianNoise(0.2).seed(1).build().generate(5);
    Dataset d = TeacherTargets.conv2d(images, Kernels.vertical());
    Conv2D conv = new Conv2D(1, 3, 3);
    conv.setWeights(Kernels.vertical(), Tensor.zeros(1));
    assertSame(images, d.inputs());
    assertArrayEquals(new int[] {5, 5, 4, 1}, d.targets().shape());
    assertEquals(conv.forward(images), d.targets());
  }

  @Test
  void verticalDetectorOnAVerticalLineGivesThreeOnTheLine() {
    Tensor image = LineImages.builder().size(5, 5).position(2).build().generate(1);
    Tensor t = TeacherTargets.conv2d(image, Kernels.vertical()).targets();
    for (int r = 0; r < 3; r++) {
      assertArrayEquals(new double[] {0, 3, 0}, new double[] {t.get(0, r, 0, 0), t.get(0, r, 1, 0), t.get(0, r, 2, 0)});
    }
  }

  @Test
  void severalKernelsGiveOneTargetChannelEach() {
    Tensor images = Noise.builder().sampleShape(6, 6, 1).gaussian(1).seed(2).build().generate(4);
    Tensor rank2 = Kernels.horizontal().reshape(3, 3);
    Tensor both = TeacherTargets.conv2d(images, Kernels.vertical(), rank2).targets();
    Tensor v = TeacherTargets.conv2d(images, Kernels.vertical()).targets();
    Tensor h = TeacherTargets.conv2d(images, Kernels.horizontal()).targets();
    assertArrayEquals(new int[] {4, 4, 4, 2}, both.shape());
    for (int i = 0; i < v.size(); i++) {
      assertEquals(v.data()[i], both.data()[2 * i]);
      assertEquals(h.data()[i], both.data()[2 * i + 1]);
    }
  }

  @Test
  void multiChannelKernelMatchesConv2D() {
    Tensor images = Noise.builder().sampleShape(5, 5, 2).seed(3).build().generate(3);
    Tensor kernel = Noise.builder().sampleShape(2, 3, 2, 3).gaussian(1).seed(4).build().generate(1).reshape(2, 3, 2, 3);
    Conv2D conv = new Conv2D(3, 2, 3);
    conv.setWeights(kernel, Tensor.zeros(3));
    assertEquals(conv.forward(images), TeacherTargets.conv2d(images, kernel).targets());
  }

  @Test
  void bumpTargetsEqualTheEngineConv1D() {
    Tensor signals = BumpSignals.builder().length(12).gaussianNoise(0.1).seed(5).build().generate(6);
    Tensor edge = Tensor.of(new double[] {1, 0, -1}, 3);
    Dataset d = TeacherTargets.conv1d(signals, Kernels.bump1d(), edge);
    Conv1D conv = new Conv1D(2, 3);
    conv.setWeights(Tensor.of(new double[] {0, 1, 1, 0, 0, -1}, 3, 1, 2), Tensor.zeros(2));
    assertArrayEquals(new int[] {6, 10, 2}, d.targets().shape());
    assertEquals(conv.forward(signals), d.targets());
  }

  @Test
  void mismatchedKernelsAreRejectedWithTheirShapes() {
    Tensor images = Tensor.zeros(2, 5, 5, 1);
    assertEquals("TeacherTargets.conv2d: kernel 1 has shape [2, 2] but kernel 0 has [3, 3, 1, 1]; all kernels need"
        + " the same spatial size", assertThrows(IllegalArgumentException.class,
            () -> TeacherTargets.conv2d(images, Kernels.vertical(), Tensor.zeros(2, 2))).getMessage());
    assertEquals("TeacherTargets.conv2d: kernel 0 has shape [3, 3, 2, 1]; expected [kh, kw, 1, filters] for inputs"
        + " with 1 channel(s) or [kh, kw]", assertThrows(IllegalArgumentException.class,
            () -> TeacherTargets.conv2d(images, Tensor.zeros(3, 3, 2, 1))).getMessage());
    assertEquals("TeacherTargets.conv2d: kernel [7, 1, 1, 1] is larger than the input [2, 5, 5, 1] along spatial"
        + " axis 0; VALID padding needs kernel ≤ input", assertThrows(IllegalArgumentException.class,
            () -> TeacherTargets.conv2d(images, Tensor.zeros(7, 1))).getMessage());
    assertEquals("TeacherTargets.conv1d: expected input of rank 3 [batch, length, channels], got shape [2, 5, 5, 1]",
        assertThrows(IllegalArgumentException.class, () -> TeacherTargets.conv1d(images, Kernels.bump1d()))
            .getMessage());
  }
}
