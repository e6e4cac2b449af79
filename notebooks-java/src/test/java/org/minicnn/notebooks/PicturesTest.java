package org.minicnn.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.Tensor;

class PicturesTest {
  @Test
  void aHeatmapHasOneCellPerValueColouredBySign() {
    BufferedImage image = Pictures.heatmap("k", Tensor.of(new double[] {1, 0, -1, 0, 0, 0}, 1, 2, 3, 1));
    assertEquals(3 * 44 + 2, image.getWidth());
    assertEquals(24 + 2 * 44 + 2, image.getHeight());
    // Sample near each cell's corner, away from the written value.
    assertEquals(0xFF0000, image.getRGB(1 + 4, 24 + 4) & 0xFFFFFF);
    assertEquals(0xFFFFFF, image.getRGB(1 + 44 + 4, 24 + 4) & 0xFFFFFF);
    assertEquals(0x0000FF, image.getRGB(1 + 88 + 4, 24 + 4) & 0xFFFFFF);
  }

  @Test
  void moreThanTwoNonUnitDimensionsAreRejected() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> Pictures.heatmap("x", Tensor.zeros(2, 3, 3)));
    assertEquals("heatmap: expected a matrix (at most two dimensions other than 1), got shape [2, 3, 3]",
        error.getMessage());
  }

  @Test
  void aRowIsAsWideAsItsPicturesAndTheGaps() {
    BufferedImage a = new BufferedImage(10, 5, BufferedImage.TYPE_INT_RGB);
    BufferedImage b = new BufferedImage(20, 7, BufferedImage.TYPE_INT_RGB);
    BufferedImage row = Pictures.row(a, b);
    assertEquals(10 + 16 + 20, row.getWidth());
    assertEquals(7, row.getHeight());
  }
}
