package org.minicnn.training.plots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

/** Line charts of long runs: a series longer than the chart is wide is drawn from its min/max envelope. */
class ChartsTest {

  @Test
  void theEnvelopeKeepsEachBucketsLowestAndHighestPointInOrder() {
    double[] x = {0, 1, 2, 3, 4, 5, 6, 7, 8};
    double[] y = {5, 1, 9, 2, 2, 2, 7, 3, 8};
    double[][] e = Charts.envelope(x, y, 9, 3);
    // buckets {5, 1, 9}, {2, 2, 2} (one point: lowest = highest) and {7, 3, 8}
    assertArrayEquals(new double[] {1, 2, 3, 7, 8}, e[0]);
    assertArrayEquals(new double[] {1, 9, 2, 3, 8}, e[1]);
  }

  @Test
  void aMillionPointSeriesIsDrawnFromAtMostTwoPointsAPixel() {
    int n = 1_000_000;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
      y[i] = 1.0 / (i + 1) + (i == 123_456 ? 5 : 0);
    }
    XYChart chart = Charts.lines("t", "epoch", "loss", true);
    Charts.addSeries(chart, "loss", x, y, true);
    double[] drawn = chart.getSeries("loss").getYData();
    assertEquals(2 * Charts.LINE_WIDTH, drawn.length);
    assertEquals(1.0, drawn[0]);
    assertEquals(5 + 1.0 / 123_457, java.util.Arrays.stream(drawn).max().orElseThrow(), "a spike survives");
    assertEquals(1.0 / n, drawn[drawn.length - 1]);
  }
}
