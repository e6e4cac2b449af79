package org.minicnn.training.plots;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.minicnn.training.attribution.FilterAttribution;

/**
 * {@code attribution.png}: which first-layer filter the classifier relies on for each class, as a heatmap
 * of filters (rows) × classes (columns) whose cells are the drop in that class's validation accuracy when
 * the filter is zeroed ({@link FilterAttribution#drop}). One colour scale for every cell, symmetric around
 * zero (red: accuracy falls, blue: it rises), with its colour bar; each cell shows its value.
 */
public final class AttributionPlot {

  /** The file name. */
  public static final String FILE = "attribution.png";

  private AttributionPlot() {}

  /** Draws the plot into {@code dir} (replacing it if present). @return {@link #FILE} */
  public static String draw(String experiment, FilterAttribution attribution, Path dir) throws IOException {
    Charts.save(chart(experiment, attribution), dir.resolve(FILE));
    return FILE;
  }

  /** The chart, for notebooks. */
  public static HeatMapChart chart(String experiment, FilterAttribution attribution) {
    double[][] drops = attribution.drops();
    int filters = drops.length;
    int classes = attribution.classes().size();
    HeatMapChart chart = new HeatMapChartBuilder().width(160 + 110 * classes).height(120 + 34 * filters)
        .title(experiment + ": validation accuracy drop with one filter zeroed")
        .xAxisTitle("class").yAxisTitle("filter").build();
    List<String> xs = new ArrayList<>(attribution.classes());
    List<String> ys = new ArrayList<>();
    for (int f = filters - 1; f >= 0; f--) {
      ys.add(Integer.toString(f));
    }
    List<Number[]> cells = new ArrayList<>();
    double limit = 1e-12;
    for (int f = 0; f < filters; f++) {
      for (int c = 0; c < classes; c++) {
        cells.add(new Number[] {c, filters - 1 - f, drops[f][c]});
        limit = Math.max(limit, Math.abs(drops[f][c]));
      }
    }
    chart.addSeries("accuracy drop", xs, ys, cells);
    chart.getStyler().setMin(-Charts.scaleTop(limit)).setMax(Charts.scaleTop(limit))
        .setRangeColors(Charts.DIVERGING)
        .setShowValue(true)
        .setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11))
        .setValueFontColor(Color.BLACK)
        .setHeatMapValueDecimalPattern("0.00")
        .setLegendVisible(true);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesVisible(false);
    return chart;
  }
}
