package org.minicnn.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.Tensor;

class LabelledSetsTest {

  @Test
  void verticalHorizontalIsBalancedShuffledAndLabelledByContent() {
    LabelledSet set = LineClassification.verticalHorizontal(25, 7);
    assertEquals(List.of("vertical", "horizontal"), set.classNames());
    assertArrayEquals(new int[] {50, 8, 8, 1}, set.inputs().shape());
    assertArrayEquals(new int[] {25, 25}, set.countPerClass());
    int[] sorted = set.labels();
    Arrays.sort(sorted);
    assertFalse(Arrays.equals(sorted, set.labels()), "labels are in class order: not shuffled");
    for (int i = 0; i < set.size(); i++) {
      // A vertical line of thickness 1 fills one column: row 0 has exactly one line pixel.
      double row0 = 0;
      for (int c = 0; c < 8; c++) {
        row0 += set.inputs().get(i, 0, c, 0);
      }
      if (set.label(i) == 0) {
        assertEquals(1.0, row0, "vertical sample " + i);
      } else {
        assertTrue(row0 == 0 || row0 == 8, "horizontal sample " + i + " has " + row0 + " pixels in row 0");
      }
    }
    assertEquals(set, LineClassification.verticalHorizontal(25, 7));
    assertNotEquals(set, LineClassification.verticalHorizontal(25, 8));
  }

  @Test
  void fourClassIsBalancedAndNoneHasNoLine() {
    LineImages.Builder template = LineImages.builder().size(10, 10).thickness(2).intensity(2);
    LabelledSet set = LineClassification.fourClass(template, 30, 3);
    assertEquals(List.of("vertical", "horizontal", "diagonal", "none"), set.classNames());
    assertArrayEquals(new int[] {30, 30, 30, 30}, set.countPerClass());
    for (int i = 0; i < set.size(); i++) {
      double sum = 0;
      for (int k = 0; k < 100; k++) {
        sum += set.inputs().data()[i * 100 + k];
      }
      if (set.label(i) == 3) {
        assertEquals(0.0, sum, "sample " + i);
      } else {
        assertTrue(sum > 0, "sample " + i);
      }
    }
  }

  @Test
  void templateWithoutLinesIsRejected() {
    assertEquals("LineClassification: the template has 0 lines per image, so class 'vertical' would hold no line;"
        + " expected at least 1", assertThrows(IllegalArgumentException.class,
            () -> LineClassification.verticalHorizontal(LineImages.builder().linesPerImage(0), 3, 1)).getMessage());
  }

  @Test
  void splitSizesFollowKerasRoundingAndPartsAreDisjoint() {
    LabelledSet set = LineClassification.fourClass(LineImages.builder().gaussianNoise(0.5), 10, 2);
    Split<LabelledSet> split = set.split(0.25, 9);
    assertEquals(30, split.train().size());
    assertEquals(10, split.validation().size());
    Set<Tensor> seen = new HashSet<>();
    for (LabelledSet part : List.of(split.train(), split.validation())) {
      for (int i = 0; i < part.size(); i++) {
        assertTrue(seen.add(Samples.take(part.inputs(), new int[] {i})), "sample repeated");
      }
    }
    assertEquals(40, seen.size());
    assertEquals(split, set.split(0.25, 9));
    assertEquals(7, set.split(1.0 / 6, 1).validation().size());
  }

  @Test
  void splitLeavingAnEmptyPartIsRejected() {
    LabelledSet set = LineClassification.verticalHorizontal(2, 1);
    assertEquals("LabelledSet.split: splitting 4 samples with validation fraction 0.1 leaves 4 for training and 0"
        + " for validation; both must be at least 1",
        assertThrows(IllegalArgumentException.class, () -> set.split(0.1, 1)).getMessage());
    assertEquals("LabelledSet.split: validation fraction must be in (0, 1), got 1.0",
        assertThrows(IllegalArgumentException.class, () -> set.split(1.0, 1)).getMessage());
  }

  @Test
  void shuffleIsASeededPermutationKeepingPairs() {
    Tensor inputs = Tensor.of(new double[] {0, 10, 20, 30, 40}, 5, 1);
    Tensor targets = Tensor.of(new double[] {0, 1, 2, 3, 4}, 5, 1);
    Dataset shuffled = new Dataset(inputs, targets).shuffled(4);
    assertEquals(shuffled, new Dataset(inputs, targets).shuffled(4));
    double[] seen = shuffled.targets().toArray();
    for (int i = 0; i < 5; i++) {
      assertEquals(10 * shuffled.targets().get(i, 0), shuffled.inputs().get(i, 0));
    }
    Arrays.sort(seen);
    assertArrayEquals(new double[] {0, 1, 2, 3, 4}, seen);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, Arrays.stream(Samples.permutation(5, 4)).sorted().toArray());
    Split<Dataset> split = new Dataset(inputs, targets).split(0.4, 2);
    assertEquals(3, split.train().size());
    assertEquals(2, split.validation().size());
  }

  @Test
  void labelledSetChecksItsParts() {
    assertEquals("LabelledSet: inputs [3, 2] hold 3 samples but there are 2 labels",
        assertThrows(IllegalArgumentException.class,
            () -> new LabelledSet(Tensor.zeros(3, 2), new int[] {0, 1}, List.of("a", "b"))).getMessage());
    assertEquals("LabelledSet: label 2 of sample 1 is not a class index in [0, 2) for classes [a, b]",
        assertThrows(IllegalArgumentException.class,
            () -> new LabelledSet(Tensor.zeros(2, 2), new int[] {0, 2}, List.of("a", "b"))).getMessage());
    assertEquals("Dataset: inputs [3, 2] and targets [2, 1] must have the same number of samples (axis 0)",
        assertThrows(IllegalArgumentException.class, () -> new Dataset(Tensor.zeros(3, 2), Tensor.zeros(2, 1)))
            .getMessage());
    assertArrayEquals(new double[] {1, 0}, new LabelledSet(Tensor.zeros(2, 1), new int[] {1, 0}, List.of("a", "b"))
        .labelsTensor().data());
  }
}
