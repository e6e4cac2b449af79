package org.minicnn.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void aTinyNegativeValueIsWrittenWithoutItsSign() {
    BufferedImage tiny = Pictures.heatmap("k", Tensor.of(new double[] {-1e-9, 1}, 1, 2));
    BufferedImage zero = Pictures.heatmap("k", Tensor.of(new double[] {0.001, 1}, 1, 2));
    for (int x = 1; x < 44; x++) {
      for (int y = 24; y < 24 + 44; y++) {
        assertEquals(zero.getRGB(x, y), tiny.getRGB(x, y), "pixel " + x + "," + y);
      }
    }
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

  @Test
  void panelsOnASharedScaleColourEqualValuesEquallyAndAWeakerMapLighter() {
    Tensor strong = Tensor.of(new double[] {3, 0}, 1, 2);
    Tensor weak = Tensor.of(new double[] {2, 0}, 1, 2);
    BufferedImage alone = Pictures.heatmap("weak", weak);
    assertEquals(0xFF0000, alone.getRGB(1 + 4, 24 + 4) & 0xFFFFFF, "on its own scale 2 is full red");
    BufferedImage shared = Pictures.sharedScale(Pictures.panel("strong", strong), Pictures.panel("weak", weak));
    int weakLeft = Pictures.heatmap("strong", strong).getWidth() + 16;
    assertEquals(0xFF0000, shared.getRGB(1 + 4, 24 + 4) & 0xFFFFFF, "3, the largest value, is full red");
    int fade = (int) Math.round(255 * (1 - 2.0 / 3));
    assertEquals((255 << 16) | (fade << 8) | fade, shared.getRGB(weakLeft + 1 + 4, 24 + 4) & 0xFFFFFF,
        "2 of 3 is two-thirds red");
    int barLeft = weakLeft + Pictures.heatmap("weak", weak).getWidth() + 16;
    java.awt.Color top = new java.awt.Color(shared.getRGB(barLeft + 4, 24 + 1));
    java.awt.Color middle = new java.awt.Color(shared.getRGB(barLeft + 4, 24 + 21));
    java.awt.Color bottom = new java.awt.Color(shared.getRGB(barLeft + 4, 24 + 44 - 2));
    assertTrue(top.getRed() == 255 && top.getGreen() < 30, "the colour bar starts red: " + top);
    assertTrue(middle.getRed() > 200 && middle.getGreen() > 200 && middle.getBlue() > 200, "white in the middle: " + middle);
    assertTrue(bottom.getBlue() == 255 && bottom.getGreen() < 30, "and ends blue: " + bottom);
  }

  @Test
  void aLongTitleWidensThePictureSoThatItIsNotCutOff() {
    String title = "SAME padding: 8×8 map (the border sees zeros)";
    BufferedImage image = Pictures.heatmap(title, Tensor.zeros(8, 8));
    BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    int titleWidth = scratch.createGraphics().getFontMetrics(new java.awt.Font(java.awt.Font.SANS_SERIF,
        java.awt.Font.BOLD, 13)).stringWidth(title);
    assertTrue(image.getWidth() >= titleWidth + 2, image.getWidth() + " < " + titleWidth);
  }

  @Test
  void aGridPutsColumnsPicturesInEachRow() {
    BufferedImage a = new BufferedImage(10, 5, BufferedImage.TYPE_INT_RGB);
    BufferedImage b = new BufferedImage(20, 7, BufferedImage.TYPE_INT_RGB);
    BufferedImage grid = Pictures.grid(2, a, b, a);
    assertEquals(10 + 16 + 20, grid.getWidth());
    assertEquals(7 + 16 + 5, grid.getHeight());
    assertEquals("grid: expected a positive number of columns, got 0",
        assertThrows(IllegalArgumentException.class, () -> Pictures.grid(0, a)).getMessage());
  }

  @Test
  void thumbnailsAreSmallCellsInAGridOnOneScale() {
    Pictures.Panel[] panels = new Pictures.Panel[32];
    for (int i = 0; i < 32; i++) {
      panels[i] = Pictures.panel("" + i, Tensor.full(i, 6, 6));
    }
    BufferedImage image = Pictures.thumbnails(8, panels);
    assertEquals(4 * (24 + 6 * 14 + 2) + 3 * 16, image.getHeight());
    // The top-left cell of panel 31 (full red) and of panel 0 (white), away from the grid lines.
    assertEquals(0xFFFFFF, image.getRGB(1 + 4, 24 + 4) & 0xFFFFFF);
    int lastLeft = 7 * (6 * 14 + 2 + 16);
    assertEquals(0xFF0000, image.getRGB(lastLeft + 1 + 4, 3 * (24 + 6 * 14 + 2 + 16) + 24 + 4) & 0xFFFFFF);
  }
}
