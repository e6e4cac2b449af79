package org.minicnn.training.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minicnn.engine.properties.Generators.chance;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;

/**
 * Heatmaps over the values that really occur in kernels and feature maps: constant maps, very small and
 * very large ranges, all-negative maps, values a rounding error below the top of the scale, and the
 * extremes (±0, subnormals, ±Double.MAX_VALUE, infinities, NaN). Every one is drawn, and a one-cell map
 * has the colour of its value's place on the scale.
 */
class HeatmapPropertiesTest {

  /** The feature map that crashed a vertical-line run: a value one ulp below the top of the colour scale. */
  @Test
  void aValueJustBelowTheTopOfTheScaleIsDrawn() {
    double[][] map = {{-1.0, Math.nextDown(1.0), 1.0}, {0.25, -0.5, Math.nextDown(1.0)}};
    for (boolean diverging : new boolean[] {true, false}) {
      BufferedImage image = BitmapEncoder.getBufferedImage(Charts.heatmap("m", map, Charts.maxAbs(map), diverging,
          true));
      assertEquals(Charts.PANEL_WIDTH, image.getWidth());
    }
  }

  @Test
  void aOneCellMapHasTheColourOfItsPlaceOnTheScale() {
    assertEquals(new Color(178, 24, 43), centre(new double[][] {{2.0}}, 2.0, true), "the top is red");
    assertEquals(new Color(178, 24, 43), centre(new double[][] {{Math.nextDown(2.0)}}, 2.0, true), "just below");
    assertEquals(new Color(33, 102, 172), centre(new double[][] {{-2.0}}, 2.0, true), "the bottom is blue");
    assertEquals(Color.WHITE, centre(new double[][] {{0.0}}, 2.0, true), "zero is white");
    assertEquals(new Color(33, 102, 172), centre(new double[][] {{Double.NEGATIVE_INFINITY}}, 2.0, true),
        "-infinity takes the bottom colour");
    assertEquals(new Color(110, 110, 110), centre(new double[][] {{0.0}}, 5.0, false), "gray: zero is dark");
    Color light = centre(new double[][] {{5.0}}, 5.0, false);
    assertTrue(light.getRed() >= 249 && light.getRed() == light.getGreen() && light.getRed() == light.getBlue(),
        "gray: the limit is light (250, or 249 where XChart truncates the widened scale), got " + light);
    assertEquals(Color.WHITE, centre(new double[][] {{-3e-300}}, 3e-300, true), "below the printed precision is zero");
  }

  /** The colour at the centre of a one-cell heatmap (no value written in it). */
  private static Color centre(double[][] map, double limit, boolean diverging) {
    BufferedImage image = BitmapEncoder.getBufferedImage(Charts.heatmap("m", map, limit, diverging, false));
    return new Color(image.getRGB(image.getWidth() / 2, image.getHeight() / 2));
  }

  /** A map as plots meet them: kernels (3×3, 5×5), feature maps up to 6×6, image samples. */
  record Map(double[][] values, boolean diverging, boolean showValues) {
    @Override
    public String toString() {
      return java.util.Arrays.deepToString(values) + (diverging ? " diverging" : " gray") + (showValues ? " with values" : "");
    }
  }

  static Map map(SplittableRandom random) {
    int rows = random.nextInt(1, 7);
    int cols = random.nextInt(1, 7);
    double[][] m = new double[rows][cols];
    int kind = random.nextInt(7);
    double scale = Math.scalb(1.0, random.nextInt(-1074, 1024));
    double base = (random.nextBoolean() ? 1 : -1) * Math.scalb(1.0, random.nextInt(-60, 60));
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        m[r][c] = switch (kind) {
          case 0 -> base; // constant
          case 1 -> base + Math.ulp(base) * random.nextInt(-3, 4); // a range of a few ulps
          case 2 -> scale * random.nextDouble(-1, 1); // any magnitude, subnormal to huge
          case 3 -> -Math.abs(scale * random.nextDouble()); // all negative
          case 4 -> pick(random, 0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
              Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1.0, Math.nextDown(1.0), -1.0);
          case 5 -> random.nextBoolean() ? 1.0 : Math.nextDown(1.0) * random.nextInt(-1, 2); // at the top
          default -> random.nextDouble(-1, 1); // ordinary weights
        };
      }
    }
    return new Map(m, random.nextBoolean(), chance(random, 30));
  }

  private static double pick(SplittableRandom random, double... values) {
    return values[random.nextInt(values.length)];
  }

  /** Maps drawn by the property below (a drawing takes tens of milliseconds: fewer than ForAll's tries). */
  static final int MAPS = 100;

  @Test
  void everyMapIsDrawn() {
    SplittableRandom random = new SplittableRandom(20_251_207L);
    for (int i = 0; i < MAPS; i++) {
      Map m = map(random);
      try {
        HeatMapChart chart = Charts.heatmap("map", m.values(), Charts.maxAbs(m.values()), m.diverging(),
            m.showValues());
        assertEquals(Charts.PANEL_HEIGHT, BitmapEncoder.getBufferedImage(chart).getHeight());
      } catch (RuntimeException e) {
        throw new AssertionError("map " + i + " " + m + ": " + e, e);
      }
    }
  }
}
