package org.minicnn.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.minicnn.engine.Tensor;

class TextRenderAndKernelsTest {

  @Test
  void imageShadesByIntensity() {
    Tensor image = Tensor.of(new double[] {0, 0.5, 1, 0.2, 0.9, 0.4}, 2, 3);
    assertEquals(".+#\n.#+\n", TextRender.image(image));
    assertEquals("...\n", TextRender.image(Tensor.zeros(1, 3)));
    assertEquals("##\n", TextRender.image(Tensor.full(2, 1, 2, 1)));
  }

  @Test
  void imageOfABatchPicksSampleAndChannel() {
    Tensor images = LineImages.builder().size(3, 3).position(1).channels(2).build().generate(2);
    images.set(0.0, 1, 0, 1, 1);
    assertEquals(".#.\n.#.\n.#.\n", TextRender.image(images, 1, 0));
    assertEquals("...\n.#.\n.#.\n", TextRender.image(images, 1, 1));
    assertEquals("TextRender: channel 2 is out of range [0, 2)",
        assertThrows(IllegalArgumentException.class, () -> TextRender.image(images, 0, 2)).getMessage());
    assertEquals("TextRender.image: expected [rows, cols] or [rows, cols, 1], got shape [2, 3, 3, 2]; for a batch or"
        + " several channels use image(images, sample, channel)",
        assertThrows(IllegalArgumentException.class, () -> TextRender.image(images)).getMessage());
  }

  @Test
  void signalRendersAsOneRowOrBars() {
    Tensor signals = BumpSignals.builder().length(6).width(3).position(2).shape(BumpSignals.Shape.TRIANGLE).build()
        .generate(1);
    assertEquals("..+#+.\n", TextRender.signal(signals, 0, 0));
    assertEquals("..+#+.\n", TextRender.signal(signals.reshape(6)));
    assertEquals("...#..\n..###.\n", TextRender.bars(signals.reshape(6, 1), 2));
  }

  @Test
  void lineKernelsAreTheHandDesignedDetectors() {
    assertArrayEquals(new double[] {0, 1, 0, 0, 1, 0, 0, 1, 0}, Kernels.vertical().data());
    assertArrayEquals(new int[] {3, 3, 1, 1}, Kernels.vertical().shape());
    assertArrayEquals(new double[] {0, 0, 0, 1, 1, 1, 0, 0, 0}, Kernels.horizontal().data());
    assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, Kernels.line(Orientation.DIAGONAL, 3).data());
    assertArrayEquals(new double[] {0, 0, 1, 0, 1, 0, 1, 0, 0}, Kernels.line(Orientation.ANTI_DIAGONAL, 3).data());
    assertArrayEquals(new double[] {0, 1, 0}, Kernels.bump1d().data());
    assertEquals("Kernels.line: size must be odd and in [1, 4095], got 4",
        assertThrows(IllegalArgumentException.class, () -> Kernels.line(Orientation.VERTICAL, 4)).getMessage());
  }
}
