package org.minicnn.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.Tensor;

/** The classic Keras tutorial's examples must hold exactly (bit for bit, not within a tolerance). */
class ConvSeedExamplesTest extends EngineTestBase {

  static final double[][] VERTICAL = {{0, 1, 0}, {0, 1, 0}, {0, 1, 0}};
  static final double[][] HORIZONTAL = {{0, 0, 0}, {1, 1, 1}, {0, 0, 0}};

  /** The 8×8 image whose columns 3 and 4 are 1: every row is [0,0,0,1,1,0,0,0]. */
  static Tensor verticalLineImage() {
    Tensor image = Tensor.zeros(1, 8, 8, 1);
    for (int r = 0; r < 8; r++) {
      image.set(1, 0, r, 3, 0);
      image.set(1, 0, r, 4, 0);
    }
    return image;
  }

  static Tensor kernel2d(double[][] k) {
    Tensor t = Tensor.zeros(3, 3, 1, 1);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        t.set(k[i][j], i, j, 0, 0);
      }
    }
    return t;
  }

  @Test
  void conv1dFindsTheBump() {
    Conv1D layer = new Conv1D(1, 3);
    layer.setWeights(Tensor.of(new double[] {0, 1, 0}, 3, 1, 1), Tensor.of(new double[] {0}, 1));
    Tensor out = layer.forward(Tensor.of(new double[] {0, 0, 0, 1, 1, 0, 0, 0}, 1, 8, 1));
    assertArrayEquals(new int[] {1, 6, 1}, out.shape());
    assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0}, out.toArray());
  }

  @Test
  void verticalDetectorGivesRowsOfZeroZeroThreeThreeZeroZero() {
    Conv2D layer = new Conv2D(1, 3, 3);
    layer.setWeights(kernel2d(VERTICAL), Tensor.zeros(1));
    Tensor map = layer.forward(verticalLineImage());
    assertArrayEquals(new int[] {1, 6, 6, 1}, map.shape());
    for (int r = 0; r < 6; r++) {
      double[] row = new double[6];
      for (int c = 0; c < 6; c++) {
        row[c] = map.get(0, r, c, 0);
      }
      assertArrayEquals(new double[] {0, 0, 3, 3, 0, 0}, row, "row " + r);
    }
  }

  @Test
  void horizontalDetectorOnTheTransposedImage() {
    Tensor image = Tensor.zeros(1, 8, 8, 1);
    for (int c = 0; c < 8; c++) {
      image.set(1, 0, 3, c, 0);
      image.set(1, 0, 4, c, 0);
    }
    Conv2D layer = new Conv2D(1, 3, 3);
    layer.setWeights(kernel2d(HORIZONTAL), Tensor.zeros(1));
    Tensor map = layer.forward(image);
    double[] expectedColumn = {0, 0, 3, 3, 0, 0};
    for (int r = 0; r < 6; r++) {
      for (int c = 0; c < 6; c++) {
        assertEquals(expectedColumn[r], map.get(0, r, c, 0), "(" + r + ", " + c + ")");
      }
    }
    // The vertical detector sees no vertical line there: a 3-tall window meets the 2-thick line in 2 pixels, never 3.
    Conv2D vertical = new Conv2D(1, 3, 3);
    vertical.setWeights(kernel2d(VERTICAL), Tensor.zeros(1));
    double max = java.util.Arrays.stream(vertical.forward(image).toArray()).max().orElseThrow();
    assertEquals(2.0, max);
  }

  @Test
  void threeByThreeByThreeFilterOnAThreeChannelImage() {
    // Channel c of the image holds the value c + 1 everywhere; the filter weights channel c by 10^c.
    Tensor image = Tensor.zeros(1, 5, 5, 3);
    Tensor kernel = Tensor.zeros(3, 3, 3, 1);
    for (int c = 0; c < 3; c++) {
      for (int r = 0; r < 5; r++) {
        for (int col = 0; col < 5; col++) {
          image.set(c + 1, 0, r, col, c);
        }
      }
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          kernel.set(Math.pow(10, c), i, j, c, 0);
        }
      }
    }
    Conv2D layer = new Conv2D(1, 3, 3);
    layer.setWeights(kernel, Tensor.of(new double[] {0.5}, 1));
    Tensor map = layer.forward(image);
    assertArrayEquals(new int[] {1, 3, 3, 1}, map.shape());
    // 9 positions × (1·1 + 2·10 + 3·100) + bias: one feature map from three channels.
    for (double v : map.toArray()) {
      assertEquals(9 * 321 + 0.5, v);
    }
  }

  @Test
  void thirtyTwoFiltersGiveDepthThirtyTwo() {
    Conv2D layer = new Conv2D(32, 3, 3).seed(5);
    Tensor map = layer.forward(randomTensor(2, 8, 8, 3));
    assertArrayEquals(new int[] {2, 6, 6, 32}, map.shape());
    assertArrayEquals(new int[] {3, 3, 3, 32}, layer.kernel().shape());
    // Glorot-uniform: limit sqrt(6 / (27 + 288)); every weight inside it and the filters differ.
    double limit = Math.sqrt(6.0 / (27 + 288));
    for (double w : layer.kernel().toArray()) {
      assertEquals(true, Math.abs(w) <= limit, "weight " + w + " outside ±" + limit);
    }
    org.junit.jupiter.api.Assertions.assertNotEquals(layer.kernel().get(0, 0, 0, 0), layer.kernel().get(0, 0, 0, 1));
  }

  @Test
  void twoStackedConvLayersWithReluBetween() {
    Conv2D first = new Conv2D(1, 3, 3);
    first.setWeights(kernel2d(VERTICAL), Tensor.of(new double[] {-1}, 1));
    Conv2D second = new Conv2D(1, 3, 3);
    Tensor ones = Tensor.full(1.0, 3, 3, 1, 1);
    second.setWeights(ones, Tensor.zeros(1));
    Tensor hidden = first.forward(verticalLineImage());          // rows [-1,-1,2,2,-1,-1]
    double[] relu = hidden.toArray();
    for (int i = 0; i < relu.length; i++) {
      relu[i] = Math.max(0, relu[i]);                               // rows [0,0,2,2,0,0]
    }
    Tensor out = second.forward(Tensor.of(relu, hidden.shape()));
    assertArrayEquals(new int[] {1, 4, 4, 1}, out.shape());
    // Each 3×3 window of [0,0,2,2,0,0] rows sums: columns 0..3 see 2, 4, 4, 2 per row, times 3 rows.
    for (int r = 0; r < 4; r++) {
      assertArrayEquals(new double[] {6, 12, 12, 6},
          new double[] {out.get(0, r, 0, 0), out.get(0, r, 1, 0), out.get(0, r, 2, 0), out.get(0, r, 3, 0)});
    }
  }
}
