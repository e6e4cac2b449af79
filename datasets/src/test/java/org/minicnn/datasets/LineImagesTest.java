package org.minicnn.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.Tensor;

class LineImagesTest {

  @Test
  void sameSeedGivesBitIdenticalImagesAndOtherSeedsDiffer() {
    LineImages.Builder b = LineImages.builder().size(9, 7).channels(2).orientations(Orientation.values())
        .thickness(2).linesPerImage(2).gaussianNoise(0.3).saltAndPepper(0.1).seed(42);
    Tensor first = b.build().generate(20);
    Tensor second = b.build().generate(20);
    assertArrayEquals(new int[] {20, 9, 7, 2}, first.shape());
    assertEquals(first, second);
    for (int i = 0; i < first.size(); i++) {
      assertEquals(Double.doubleToRawLongBits(first.data()[i]), Double.doubleToRawLongBits(second.data()[i]));
    }
    assertNotEquals(first, b.seed(43).build().generate(20));
  }

  @Test
  void fewerImagesAreAPrefixOfMore() {
    LineImages g = LineImages.builder().orientations(Orientation.values()).gaussianNoise(0.5).seed(3).build();
    Tensor ten = g.generate(10);
    Tensor four = g.generate(4);
    assertArrayEquals(four.data(), Arrays.copyOf(ten.data(), four.size()));
  }

  @Test
  void fixedVerticalLineCoversExactlyItsColumns() {
    Tensor x = LineImages.builder().size(5, 6).orientation(Orientation.VERTICAL).thickness(2).position(3)
        .intensity(0.75).background(-0.25).build().generate(1);
    for (int r = 0; r < 5; r++) {
      for (int c = 0; c < 6; c++) {
        assertEquals(c == 3 || c == 4 ? 0.75 : -0.25, x.get(0, r, c, 0), "pixel " + r + "," + c);
      }
    }
  }

  @Test
  void fixedHorizontalLineCoversExactlyItsRows() {
    Tensor x = LineImages.builder().size(4, 5).orientation(Orientation.HORIZONTAL).position(2).channels(3).build()
        .generate(2);
    for (int n = 0; n < 2; n++) {
      for (int r = 0; r < 4; r++) {
        for (int c = 0; c < 5; c++) {
          for (int ch = 0; ch < 3; ch++) {
            assertEquals(r == 2 ? 1.0 : 0.0, x.get(n, r, c, ch));
          }
        }
      }
    }
  }

  @Test
  void diagonalsFollowTheirKeys() {
    Tensor d = LineImages.builder().size(4, 4).orientation(Orientation.DIAGONAL).position(0).build().generate(1);
    Tensor a = LineImages.builder().size(4, 4).orientation(Orientation.ANTI_DIAGONAL).position(1).build().generate(1);
    assertEquals("#...\n.#..\n..#.\n...#\n", TextRender.image(d, 0, 0));
    assertEquals("..#.\n.#..\n#...\n....\n", TextRender.image(a, 0, 0));
  }

  @Test
  void randomPositionsStayInTheirRangeAndVary() {
    Tensor x = LineImages.builder().size(8, 8).orientation(Orientation.VERTICAL).thickness(3).seed(11).build()
        .generate(200);
    boolean[] seenStart = new boolean[8];
    for (int n = 0; n < 200; n++) {
      int start = -1;
      int count = 0;
      for (int c = 0; c < 8; c++) {
        if (x.get(n, 0, c, 0) == 1.0) {
          start = start < 0 ? c : start;
          count++;
        }
      }
      assertEquals(3, count, "image " + n);
      seenStart[start] = true;
    }
    for (int s = 0; s <= 5; s++) {
      assertTrue(seenStart[s], "start column " + s + " never drawn");
    }
  }

  @Test
  void randomDiagonalsAreLongEnoughToRecognise() {
    Tensor x = LineImages.builder().size(8, 8).orientations(Orientation.DIAGONAL, Orientation.ANTI_DIAGONAL).seed(2)
        .build().generate(100);
    for (int n = 0; n < 100; n++) {
      double sum = 0;
      for (int i = 0; i < 64; i++) {
        sum += x.data()[n * 64 + i];
      }
      assertTrue(sum >= 5, "image " + n + " has only " + sum + " line pixels");
    }
  }

  @Test
  void zeroLinesGivesBackgroundOnly() {
    Tensor x = LineImages.builder().linesPerImage(0).background(0.5).build().generate(3);
    assertEquals(Tensor.full(0.5, 3, 8, 8, 1), x);
  }

  @Test
  void gaussianNoiseHasRoughlyTheRequestedSpread() {
    Tensor x = LineImages.builder().size(32, 32).linesPerImage(0).gaussianNoise(2.0).seed(5).build().generate(20);
    double sum = 0;
    double squares = 0;
    for (double v : x.data()) {
      sum += v;
      squares += v * v;
    }
    double mean = sum / x.size();
    double std = Math.sqrt(squares / x.size() - mean * mean);
    assertEquals(0.0, mean, 0.05);
    assertEquals(2.0, std, 0.05);
  }

  @Test
  void saltAndPepperUsesOnlyIntensityAndBackground() {
    Tensor x = LineImages.builder().size(16, 16).linesPerImage(0).intensity(3).background(-1).saltAndPepper(0.5)
        .seed(8).build().generate(10);
    int salt = 0;
    for (double v : x.data()) {
      assertTrue(v == 3 || v == -1, "value " + v);
      salt += v == 3 ? 1 : 0;
    }
    assertEquals(0.25, salt / (double) x.size(), 0.03);
  }

  @Test
  void invalidConfigurationsNameTheSetting() {
    assertEquals("LineImages: thickness 9 does not fit a vertical line in a 8x8 image; expected at most 8",
        assertThrows(IllegalArgumentException.class, () -> LineImages.builder().thickness(9).build()).getMessage());
    assertEquals("LineImages: position 7 of a vertical line of thickness 2 in a 8x8 image must be in [0, 6]",
        assertThrows(IllegalArgumentException.class, () -> LineImages.builder().thickness(2).position(7).build())
            .getMessage());
    assertEquals("LineImages: rows must be positive, got 0",
        assertThrows(IllegalArgumentException.class, () -> LineImages.builder().size(0, 3).build()).getMessage());
    assertEquals("LineImages: saltAndPepper must be a probability in [0, 1], got 1.5",
        assertThrows(IllegalArgumentException.class, () -> LineImages.builder().saltAndPepper(1.5).build()).getMessage());
    assertEquals("LineImages: gaussianNoise must be finite and ≥ 0, got NaN",
        assertThrows(IllegalArgumentException.class, () -> LineImages.builder().gaussianNoise(Double.NaN).build())
            .getMessage());
    assertEquals("LineImages.generate: number of samples must be positive, got 0",
        assertThrows(IllegalArgumentException.class, () -> LineImages.builder().build().generate(0)).getMessage());
    assertEquals("LineImages.generate: 40000000 samples of 64 values are 2560000000 values; at most 2147483639 fit in one tensor",
        assertThrows(IllegalArgumentException.class, () -> LineImages.builder().build().generate(40_000_000))
            .getMessage());
  }

  @Test
  void builderChangesAfterBuildDoNotAffectTheGenerator() {
    LineImages.Builder b = LineImages.builder().seed(1);
    LineImages g = b.build();
    Tensor before = g.generate(5);
    b.seed(2).orientation(Orientation.HORIZONTAL);
    assertEquals(before, g.generate(5));
  }
}
