package org.minicnn.training.plots;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The plots of a sweep's summary: a metric against an axis (the mean over the other axes as a line, its
 * minimum and maximum as a dashed band), and the success rate over two axes as a heatmap.
 */
public final class SweepPlots {

  /** Success rates from 0 (white) to 1 (green). */
  private static final Color[] RATE = {Color.WHITE, new Color(27, 120, 55)};

  private SweepPlots() {}

  /**
   * Draws {@code metric} against the numeric axis {@code axis}: mean, min and max per axis value (input;
   * NaN where no run is done, left out).
   */
  public static void metricByAxis(String title, String axis, String metric, double[] x, double[] mean,
      double[] min, double[] max, Path file) throws IOException {
    XYChart chart = Charts.lines(title, axis, metric, false);
    Charts.addSeries(chart, "mean", x, mean, false);
    addBand(chart, "min", x, min);
    addBand(chart, "max", x, max);
    Charts.save(chart, file);
  }

  private static void addBand(XYChart chart, String name, double[] x, double[] y) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(y[i])) {
        xs.add(x[i]);
        ys.add(y[i]);
      }
    }
    if (!xs.isEmpty()) {
      XYSeries s = chart.addSeries(name, xs, ys);
      s.setMarker(SeriesMarkers.NONE);
      s.setLineStyle(SeriesLines.DASH_DASH);
      s.setLineColor(Color.GRAY);
    }
  }

  /**
   * A heatmap of {@code rate[y][x]} (input, in [0, 1]; NaN cells, where no run ended, are left out) over the
   * values of two axes, each cell showing its rate.
   */
  public static void successHeatmap(String title, String xAxis, List<String> xs, String yAxis, List<String> ys,
      double[][] rate, Path file) throws IOException {
    HeatMapChart chart = new HeatMapChartBuilder().width(Charts.LINE_WIDTH).height(Charts.LINE_HEIGHT).title(title)
        .xAxisTitle(xAxis).yAxisTitle(yAxis).build();
    List<Number[]> cells = new ArrayList<>();
    for (int y = 0; y < ys.size(); y++) {
      for (int x = 0; x < xs.size(); x++) {
        if (!Double.isNaN(rate[y][x])) {
          cells.add(new Number[] {x, y, rate[y][x]});
        }
      }
    }
    chart.addSeries("success rate", xs, ys, cells);
    chart.getStyler().setMin(0.0).setMax(1.0).setRangeColors(RATE).setShowValue(xs.size() * ys.size() <= 400)
        .setValueFontColor(Color.BLACK).setHeatMapValueDecimalPattern("0.##").setLegendVisible(true);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    Charts.save(chart, file);
  }
}
