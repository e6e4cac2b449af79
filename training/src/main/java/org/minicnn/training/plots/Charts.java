package org.minicnn.training.plots;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.IChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** XChart building blocks with the project's look: line charts over epochs and matrix heatmaps. */
final class Charts {

  /** Size of a line chart, pixels. */
  static final int LINE_WIDTH = 800;
  static final int LINE_HEIGHT = 500;
  /** Size of one heatmap panel, pixels. */
  static final int PANEL_WIDTH = 340;
  static final int PANEL_HEIGHT = 300;

  /** Negative weights blue, zero white, positive red. */
  static final Color[] DIVERGING = {new Color(33, 102, 172), Color.WHITE, new Color(178, 24, 43)};
  /** Image intensities: dark to light. */
  private static final Color[] GRAY = {new Color(110, 110, 110), new Color(250, 250, 250)};

  private Charts() {}

  /** A line chart with a legend; {@code logY} when every value is positive and spans decades. */
  static XYChart lines(String title, String xTitle, String yTitle, boolean logY) {
    XYChart chart = new XYChartBuilder().width(LINE_WIDTH).height(LINE_HEIGHT).title(title)
        .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setYAxisLogarithmic(logY);
    chart.getStyler().setMarkerSize(5);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    return chart;
  }

  /** Adds a series of (x, y) points, skipping NaN values (unmeasured epochs); nothing when none remain. */
  static void addSeries(XYChart chart, String name, double[] x, double[] y, boolean positiveOnly) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(y[i]) && (!positiveOnly || y[i] > 0)) {
        xs.add(x[i]);
        ys.add(y[i]);
      }
    }
    if (!xs.isEmpty()) {
      chart.addSeries(name, xs, ys).setMarker(SeriesMarkers.CIRCLE);
    }
  }

  /**
   * A heatmap of {@code values[row][col]} with each cell's value written in it, row 0 at the top.
   *
   * @param limit the colour scale runs over [−limit, limit] (diverging) or [0, limit] (gray)
   * @param diverging blue–white–red for signed weights; otherwise gray for image intensities
   */
  static HeatMapChart heatmap(String title, double[][] values, double limit, boolean diverging, boolean showValues) {
    int rows = values.length;
    int cols = values[0].length;
    HeatMapChart chart = new HeatMapChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(title).build();
    List<Integer> xs = new ArrayList<>();
    for (int c = 0; c < cols; c++) {
      xs.add(c);
    }
    List<Integer> ys = new ArrayList<>();
    for (int j = 0; j < rows; j++) {
      ys.add(rows - 1 - j);
    }
    // A value that rounds to zero at the printed precision would read "-0.000" when its sign is
    // negative: noise at this precision, so the cell shows (and is coloured as) zero.
    double roundsToZero = diverging ? 0.0005 : 0.005;
    List<Number[]> cells = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        double v = values[r][c];
        cells.add(new Number[] {c, rows - 1 - r, Math.abs(v) < roundsToZero ? 0.0 : v});
      }
    }
    chart.addSeries(title, xs, ys, cells);
    double top = scaleTop(limit);
    chart.getStyler().setMin(diverging ? -top : 0.0).setMax(top)
        .setRangeColors(diverging ? DIVERGING : GRAY)
        .setShowValue(showValues && rows * cols <= 100)
        .setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, rows * cols <= 9 ? 14 : 10))
        .setValueFontColor(Color.BLACK)
        .setHeatMapValueDecimalPattern(diverging ? "0.000" : "0.##")
        .setLegendVisible(false);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesVisible(false);
    return chart;
  }

  /**
   * The top of a colour scale for values up to {@code limit}: a hair above it, because XChart's heat map
   * indexes past its colour array for a value that lands on the top after rounding (seen with ±1 kernels).
   */
  static double scaleTop(double limit) {
    return (limit > 0 ? limit : 1.0) * (1 + 1e-9);
  }

  /** The largest |value|, at least a tiny positive number so that a colour scale exists. */
  static double maxAbs(double[][]... matrices) {
    double max = 1e-12;
    for (double[][] m : matrices) {
      for (double[] row : m) {
        for (double v : row) {
          max = Math.max(max, Math.abs(v));
        }
      }
    }
    return max;
  }

  static void save(IChart chart, Path file) throws IOException {
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapFormat.PNG);
  }

  /**
   * Saves rows of panels (input) as one PNG on white, each row starting at the left edge, so that a
   * short row leaves blank space instead of pulling the next row's panels up.
   */
  static void saveRows(List<? extends List<? extends IChart>> rows, Path file) throws IOException {
    int width = 0;
    int height = 0;
    for (List<? extends IChart> row : rows) {
      int w = 0;
      int h = 0;
      for (IChart c : row) {
        w += c.getWidth();
        h = Math.max(h, c.getHeight());
      }
      width = Math.max(width, w);
      height += h;
    }
    BufferedImage image = new BufferedImage(Math.max(1, width), Math.max(1, height), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    int y = 0;
    for (List<? extends IChart> row : rows) {
      int x = 0;
      int h = 0;
      for (IChart c : row) {
        g.drawImage(BitmapEncoder.getBufferedImage(c), x, y, null);
        x += c.getWidth();
        h = Math.max(h, c.getHeight());
      }
      y += h;
    }
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  /**
   * Saves {@code charts} (input) as one PNG, {@code rows × cols} panels, row by row; cells without a
   * chart stay white. (XChart's own grid needs exactly rows × cols charts.)
   */
  static void saveGrid(List<? extends IChart> charts, int rows, int cols, Path file) throws IOException {
    if (charts.isEmpty() || charts.size() > rows * cols) {
      throw new IllegalArgumentException("Charts.saveGrid: expected 1 to " + rows * cols + " charts for " + rows + " x "
          + cols + " panels, got " + charts.size());
    }
    List<List<? extends IChart>> panelRows = new java.util.ArrayList<>();
    for (int first = 0; first < charts.size(); first += cols) {
      panelRows.add(charts.subList(first, Math.min(first + cols, charts.size())));
    }
    saveRows(panelRows, file);
  }

}
