package org.minicnn.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.minicnn.engine.Tensor;

class NoiseAndBumpsTest {

  @Test
  void uniformNoiseIsSeededAndInRange() {
    Noise g = Noise.builder().sampleShape(4, 5, 2).uniform(-2, 3).seed(9).build();
    Tensor x = g.generate(50);
    assertArrayEquals(new int[] {50, 4, 5, 2}, x.shape());
    assertEquals(x, g.generate(50));
    assertNotEquals(x, Noise.builder().sampleShape(4, 5, 2).uniform(-2, 3).seed(10).build().generate(50));
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (double v : x.data()) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertTrue(min >= -2 && min < -1.9, "min " + min);
    assertTrue(max < 3 && max > 2.9, "max " + max);
  }

  @Test
  void gaussianNoiseIsZeroMeanWithTheGivenDeviation() {
    Tensor x = Noise.builder().sampleShape(100).gaussian(0.5).seed(4).build().generate(200);
    double sum = 0;
    double squares = 0;
    for (double v : x.data()) {
      sum += v;
      squares += v * v;
    }
    assertEquals(0, sum / x.size(), 0.01);
    assertEquals(0.5, Math.sqrt(squares / x.size()), 0.01);
  }

  @Test
  void noiseRejectsBadRanges() {
    assertEquals("Noise: uniform range needs low < high with a finite width, got [1.0, 1.0)",
        assertThrows(IllegalArgumentException.class, () -> Noise.builder().uniform(1, 1).build()).getMessage());
    assertEquals("Noise: expected positive dimensions, got shape [3, 0]",
        assertThrows(IllegalArgumentException.class, () -> Noise.builder().sampleShape(3, 0).build()).getMessage());
  }

  @Test
  void fixedBoxBumpIsWhereItWasPut() {
    Tensor x = BumpSignals.builder().length(8).width(2).position(3).height(2).baseline(0.5).channels(2).build()
        .generate(1);
    for (int i = 0; i < 8; i++) {
      for (int ch = 0; ch < 2; ch++) {
        assertEquals(i == 3 || i == 4 ? 2.5 : 0.5, x.get(0, i, ch));
      }
    }
  }

  @Test
  void triangleBumpHasItsProfile() {
    Tensor x = BumpSignals.builder().length(5).width(3).position(1).shape(BumpSignals.Shape.TRIANGLE).build()
        .generate(1);
    assertArrayEquals(new double[] {0, 0.5, 1, 0.5, 0}, x.data());
  }

  @Test
  void randomBumpsAreSeededAndInside() {
    BumpSignals g = BumpSignals.builder().length(10).width(3).seed(6).build();
    Tensor x = g.generate(100);
    assertEquals(x, g.generate(100));
    boolean[] starts = new boolean[10];
    for (int n = 0; n < 100; n++) {
      int first = -1;
      int count = 0;
      for (int i = 0; i < 10; i++) {
        if (x.get(n, i, 0) == 1.0) {
          first = first < 0 ? i : first;
          count++;
        }
      }
      assertEquals(3, count);
      starts[first] = true;
    }
    for (int s = 0; s <= 7; s++) {
      assertTrue(starts[s], "start " + s);
    }
    assertNotEquals(x, BumpSignals.builder().length(10).width(3).gaussianNoise(0.1).seed(6).build().generate(100));
  }

  @Test
  void bumpsRejectBadSettings() {
    assertEquals("BumpSignals: width 5 does not fit a signal of length 4",
        assertThrows(IllegalArgumentException.class, () -> BumpSignals.builder().length(4).width(5).build())
            .getMessage());
    assertEquals("BumpSignals: position 3 of a bump of width 2 in a signal of length 4 must be in [0, 2]",
        assertThrows(IllegalArgumentException.class, () -> BumpSignals.builder().length(4).position(3).build())
            .getMessage());
  }
}
