package org.minicnn.training.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.io.AtomicFiles;

/**
 * A convolution kernel tensor as one picture: a grid of heatmaps, one row per filter and one column per
 * input channel, all on one diverging colour scale {@code [-m, m]} with {@code m = max |w|} (blue
 * negative, white zero, red positive) and one colour bar beside the grid, so cells compare across the
 * whole tensor. With exactly three input channels (an RGB first layer) a last column shows each filter
 * as a colour patch: channel c of weight w becomes {@code (w - min) / (max - min)} of red, green, blue,
 * with min and max over the whole tensor, as in the usual pictures of a first layer's filters.
 *
 * <p>The kernel is in Keras layout: {@code [kh, kw, in, filters]} (Conv2D) or {@code [k, in, filters]}
 * (Conv1D, drawn one row high).
 */
public final class KernelGrid {

  private static final int MARGIN = 12;
  private static final int TITLE = 28;
  private static final int HEADER = 20;
  private static final int ROW_LABEL = 64;
  private static final int GAP = 6;
  private static final int BAR_WIDTH = 18;
  private static final int BAR_LABELS = 78;

  private final Tensor kernel;
  private final int kh;
  private final int kw;
  private final int channels;
  private final int filters;
  private final boolean rgb;
  /** Pixels per weight. */
  private final int scale;
  private final double limit;
  private final double min;
  private final double max;

  /** @param kernel input, not modified: Keras layout, rank 3 or 4 */
  public KernelGrid(Tensor kernel) {
    if (kernel == null || (kernel.rank() != 3 && kernel.rank() != 4)) {
      throw new IllegalArgumentException("KernelGrid: expected a convolution kernel of rank 4 [kh, kw, in, filters] or 3"
          + " [k, in, filters], got " + (kernel == null ? "null" : Shapes.format(kernel.shape())));
    }
    int[] s = kernel.rank() == 4 ? kernel.shape() : new int[] {1, kernel.dim(0), kernel.dim(1), kernel.dim(2)};
    this.kernel = kernel.reshape(s);
    this.kh = s[0];
    this.kw = s[1];
    this.channels = s[2];
    this.filters = s[3];
    this.rgb = channels == 3;
    this.scale = Math.max(4, Math.min(32, 96 / Math.max(kh, kw)));
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : kernel.data()) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    this.min = lo;
    this.max = hi;
    this.limit = Math.max(Math.max(Math.abs(lo), Math.abs(hi)), 1e-300);
  }

  /** The colour scale's half-range {@code m = max |w|}. */
  public double limit() {
    return limit;
  }

  /** Whether the grid has the colour-patch column of an RGB first layer. */
  public boolean rgb() {
    return rgb;
  }

  /** Width and height of one cell, pixels. */
  public int cellWidth() {
    return kw * scale;
  }

  public int cellHeight() {
    return kh * scale;
  }

  /** The top-left pixel of weight ({@code row}, {@code col}) of the cell of {@code filter} and input {@code channel}
   *  (channel {@code in} is the RGB patch). */
  public int[] pixel(int filter, int channel, int row, int col) {
    int x = MARGIN + ROW_LABEL + channel * (cellWidth() + GAP) + col * scale;
    int y = MARGIN + TITLE + HEADER + filter * (cellHeight() + GAP) + row * scale;
    return new int[] {x, y};
  }

  /** The diverging colour of {@code value} on {@code [-m, m]}: blue, white at zero, red. */
  public Color colour(double value) {
    double t = Math.max(-1, Math.min(1, value / limit));
    Color zero = Charts.DIVERGING[1];
    Color end = t < 0 ? Charts.DIVERGING[0] : Charts.DIVERGING[2];
    double a = Math.abs(t);
    return new Color(mix(zero.getRed(), end.getRed(), a), mix(zero.getGreen(), end.getGreen(), a),
        mix(zero.getBlue(), end.getBlue(), a));
  }

  /** The colour patch of an RGB filter's weight at ({@code row}, {@code col}). */
  public Color patch(int filter, int row, int col) {
    double range = max > min ? max - min : 1;
    int[] c = new int[3];
    for (int ch = 0; ch < 3; ch++) {
      c[ch] = (int) Math.round(255 * (kernel.get(row, col, ch, filter) - min) / range);
    }
    return new Color(c[0], c[1], c[2]);
  }

  private static int mix(int a, int b, double t) {
    return (int) Math.round(a + (b - a) * t);
  }

  /** Draws the grid. */
  public BufferedImage draw(String title) {
    int columns = channels + (rgb ? 1 : 0);
    int gridWidth = columns * (cellWidth() + GAP) - GAP;
    int gridHeight = filters * (cellHeight() + GAP) - GAP;
    int width = MARGIN + ROW_LABEL + Math.max(gridWidth, 120) + 2 * GAP + BAR_WIDTH + BAR_LABELS + MARGIN;
    int height = MARGIN + TITLE + HEADER + Math.max(gridHeight, 120) + MARGIN;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      g.drawString(title, MARGIN, MARGIN + 16);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      FontMetrics fm = g.getFontMetrics();
      for (int c = 0; c < columns; c++) {
        int[] at = pixel(0, c, 0, 0);
        g.drawString(c == channels ? "RGB" : "in " + c, at[0], at[1] - 6);
      }
      for (int f = 0; f < filters; f++) {
        int[] at = pixel(f, 0, 0, 0);
        g.setColor(Color.BLACK);
        g.drawString("filter " + f, MARGIN, at[1] + Math.min(cellHeight(), 14));
        for (int c = 0; c < channels; c++) {
          for (int r = 0; r < kh; r++) {
            for (int q = 0; q < kw; q++) {
              int[] p = pixel(f, c, r, q);
              g.setColor(colour(kernel.get(r, q, c, f)));
              g.fillRect(p[0], p[1], scale, scale);
            }
          }
        }
        if (rgb) {
          for (int r = 0; r < kh; r++) {
            for (int q = 0; q < kw; q++) {
              int[] p = pixel(f, channels, r, q);
              g.setColor(patch(f, r, q));
              g.fillRect(p[0], p[1], scale, scale);
            }
          }
        }
      }
      drawColourBar(g, fm, MARGIN + ROW_LABEL + Math.max(gridWidth, 120) + 2 * GAP, MARGIN + TITLE + HEADER,
          Math.max(Math.min(gridHeight, 400), 120));
    } finally {
      g.dispose();
    }
    return image;
  }

  private void drawColourBar(Graphics2D g, FontMetrics fm, int x, int y, int height) {
    for (int i = 0; i < height; i++) {
      g.setColor(colour(limit * (1 - 2.0 * i / (height - 1))));
      g.fillRect(x, y + i, BAR_WIDTH, 1);
    }
    g.setColor(Color.DARK_GRAY);
    g.setStroke(new BasicStroke(1));
    g.drawRect(x, y, BAR_WIDTH, height - 1);
    g.setColor(Color.BLACK);
    g.drawString(label(limit), x + BAR_WIDTH + 4, y + fm.getAscent());
    g.drawString(label(0), x + BAR_WIDTH + 4, y + height / 2 + fm.getAscent() / 2);
    g.drawString(label(-limit), x + BAR_WIDTH + 4, y + height);
  }

  private static String label(double v) {
    return v == 0 ? "0" : String.format(Locale.ROOT, "%.3g", v);
  }

  /** Draws the grid into {@code file} as PNG, replacing it atomically. */
  public void save(Path file, String title) throws IOException {
    BufferedImage image = draw(title);
    AtomicFiles.writeBytes(file, out -> {
      if (!ImageIO.write(image, "png", out)) {
        throw new IOException("no PNG writer in this JDK");
      }
    });
  }
}
