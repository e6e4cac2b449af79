package org.minicnn.training.plots;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.IChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.minicnn.engine.io.AtomicFiles;
import org.minicnn.training.run.RunFiles;

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
  /** How much wider than asked the heatmap's colour scale is, relative to its limit. */
  static final double SCALE_MARGIN = 1e-9;

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

  /** Most points a series gets markers at; beyond, a marker per point would only blot the line. */
  static final int MAX_MARKED_POINTS = 100;

  /**
   * Adds a series of (x, y) points, skipping NaN values (unmeasured epochs); nothing when none remain.
   * A series of more points than the chart has pixels across is drawn from its envelope ({@link
   * #envelope}), so that drawing is linear in the points and a million epochs plot in about a second.
   *
   * @param x input: increasing
   */
  static void addSeries(XYChart chart, String name, double[] x, double[] y, boolean positiveOnly) {
    int n = 0;
    double[] xs = new double[x.length];
    double[] ys = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(y[i]) && (!positiveOnly || y[i] > 0)) {
        xs[n] = x[i];
        ys[n] = y[i];
        n++;
      }
    }
    if (n == 0) {
      return;
    }
    double[][] points = n > 2 * LINE_WIDTH ? envelope(xs, ys, n, LINE_WIDTH) : new double[][] {
        java.util.Arrays.copyOf(xs, n), java.util.Arrays.copyOf(ys, n)};
    chart.addSeries(name, points[0], points[1]).setMarker(points[0].length <= MAX_MARKED_POINTS ? SeriesMarkers.CIRCLE
        : SeriesMarkers.NONE);
  }

  /**
   * The first {@code n} points reduced to {@code buckets} equal runs of consecutive points, each
   * represented by its lowest and its highest point in order: the line drawn through them covers the
   * same pixels as the full series at a chart {@code buckets} pixels wide (min/max decimation).
   *
   * @return {x, y} of at most {@code 2 × buckets} points, in the order of the input
   */
  static double[][] envelope(double[] x, double[] y, int n, int buckets) {
    double[] outX = new double[2 * buckets];
    double[] outY = new double[2 * buckets];
    int k = 0;
    for (int b = 0; b < buckets; b++) {
      int from = (int) ((long) n * b / buckets);
      int to = (int) ((long) n * (b + 1) / buckets);
      if (from == to) {
        continue;
      }
      int lo = from;
      int hi = from;
      for (int i = from + 1; i < to; i++) {
        if (y[i] < y[lo]) {
          lo = i;
        }
        if (y[i] > y[hi]) {
          hi = i;
        }
      }
      int first = Math.min(lo, hi);
      int second = Math.max(lo, hi);
      outX[k] = x[first];
      outY[k++] = y[first];
      if (second != first) {
        outX[k] = x[second];
        outY[k++] = y[second];
      }
    }
    return new double[][] {java.util.Arrays.copyOf(outX, k), java.util.Arrays.copyOf(outY, k)};
  }

  /**
   * A heatmap of {@code values[row][col]} with each cell's value written in it, row 0 at the top.
   *
   * @param limit the colour scale runs over [−limit, limit] (diverging) or [0, limit] (gray); values
   *     beyond it take the end colours, and a limit that is not a positive finite number means 1
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
   * The top of a colour scale for values up to {@code limit}: a hair ({@value #SCALE_MARGIN} of it) above,
   * because XChart 4.0.3's gradient lookup reads the colour after the one a value falls on, so a value
   * below the top whose position (v - min) / (max - min) rounds up to 1 reads past the last colour (seen
   * with ±1 kernels and feature maps). Widened at both ends, zero stays in the middle. A limit that is not
   * a positive finite number means 1.
   */
  static double scaleTop(double limit) {
    return (limit > 0 && Double.isFinite(limit) ? limit : 1.0) * (1 + SCALE_MARGIN);
  }

  /**
   * The largest finite |value|, at least a tiny positive number so that a colour scale exists
   * (infinite values take the end colours).
   */
  static double maxAbs(double[][]... matrices) {
    double max = 1e-12;
    for (double[][] m : matrices) {
      for (double[] row : m) {
        for (double v : row) {
          if (Double.isFinite(v)) {
            max = Math.max(max, Math.abs(v));
          }
        }
      }
    }
    return max;
  }

  static void save(IChart chart, Path file) throws IOException {
    writePng(BitmapEncoder.getBufferedImage(chart), file);
  }

  /**
   * Writes {@code image} as a PNG atomically (temporary file and rename, {@link AtomicFiles}): a crash
   * or a full disk leaves the old file or the complete new one, and a symbolic link is replaced, never
   * written through.
   *
   * @throws IOException naming the file and the reason
   */
  static void writePng(BufferedImage image, Path file) throws IOException {
    try {
      byte[] png = encodePng(image);
      AtomicFiles.writeBytes(file, out -> out.write(png));
    } catch (IOException e) {
      throw new IOException(file + ": cannot write the plot: " + RunFiles.rootReason(e), e);
    }
  }

  /**
   * The PNG encoding of {@code image}, made in memory: ImageIO's stream for an {@code OutputStream} caches
   * in {@code java.io.tmpdir}, and after a failed write its JVM-exit hook closes that cache again and
   * prints a stack trace.
   */
  private static byte[] encodePng(BufferedImage image) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      if (!ImageIO.write(image, "png", out)) {
        throw new IOException("no PNG writer in this Java runtime");
      }
    }
    return bytes.toByteArray();
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
    writePng(image, file);
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
