package org.minicnn.training.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.Tensor;
import org.minicnn.training.kernels.FilterMatch;
import org.minicnn.training.kernels.ReferenceKernel;
/** Each learned filter's closest hand-designed detector, on kernels whose centred cosines are worked out by hand. */
class FilterMatchTest {

  static final List<ReferenceKernel> DETECTORS = List.of(
      new ReferenceKernel("vertical", ReferenceKernel.vertical(), 0),
      new ReferenceKernel("horizontal", ReferenceKernel.horizontal(), 0),
      new ReferenceKernel("diagonal", ReferenceKernel.diagonal(), 0),
      new ReferenceKernel("anti_diagonal", ReferenceKernel.antiDiagonal(), 0));

  /**
   * Filters, Keras layout [3, 3, 1, 3]:
   * 0: 2·vertical + 0.5 — scale and offset do not count, so cosine 1 with vertical;
   * 1: −horizontal — the inverted horizontal detector, cosine −1 with horizontal;
   * 2: one pixel at the top left. Centred, it is e − 1/9 with ‖·‖² = 8/9; each centred detector d − 1/3
   *    has ‖·‖² = 3·(2/3)² + 6·(1/3)² = 2 and sums to zero, so the dot product is the detector's centred
   *    value at the top left: 2/3 for diagonal, −1/3 for the rest. Cosine = (2/3) / √(16/9) = 0.5 for
   *    diagonal and −0.25 for the others.
   */
  static Tensor handMade() {
    double[][] filters = new double[3][9];
    double[] v = ReferenceKernel.vertical().data();
    double[] h = ReferenceKernel.horizontal().data();
    for (int i = 0; i < 9; i++) {
      filters[0][i] = 2 * v[i] + 0.5;
      filters[1][i] = -h[i];
    }
    filters[2][0] = 1;
    double[] keras = new double[27];
    for (int i = 0; i < 9; i++) {
      for (int f = 0; f < 3; f++) {
        keras[i * 3 + f] = filters[f][i];
      }
    }
    return Tensor.of(keras, 3, 3, 1, 3);
  }

  @Test
  void eachFilterGetsItsCentredCosineWithEveryDetector() {
    List<FilterMatch> m = FilterMatch.of(handMade(), DETECTORS);
    assertEquals(3, m.size());
    assertArrayEquals(new double[] {1, 0, 0, 0}, m.get(0).cosines(), 1e-12);
    assertEquals(0, m.get(0).best());
    assertArrayEquals(new double[] {0, -1, 0, 0}, m.get(1).cosines(), 1e-12);
    assertEquals(1, m.get(1).worst());
    assertArrayEquals(new double[] {-0.25, -0.25, 0.5, -0.25}, m.get(2).cosines(), 1e-12);
    assertEquals(2, m.get(2).best());
    assertEquals(0.5, m.get(2).bestCosine(), 1e-12);
  }

  @Test
  void theDescriptionNamesDetectorsInvertedDetectorsAndTheMissingOnes() {
    assertEquals("filters that became a detector (centred cosine ≥ 0.9, or ≤ −0.9 for an inverted one):"
        + " filter 0 ≈ vertical (1.000), filter 1 ≈ inverted horizontal (-1.000);"
        + " no filter became horizontal, diagonal, anti_diagonal",
        FilterMatch.describe(FilterMatch.of(handMade(), DETECTORS), DETECTORS));
  }

  @Test
  void noDetectorsIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FilterMatch.of(handMade(), List.of()));
    assertEquals("FilterMatch: expected at least one hand-designed detector, got none", e.getMessage());
  }
}
