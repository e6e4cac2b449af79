package org.minicnn.notebooks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.minicnn.engine.Tensor;

/**
 * Pictures for notebooks, as {@link BufferedImage}s that any Java Jupyter kernel shows with
 * {@code display(...)}: matrices (kernels, images, feature maps) as heat maps with their values
 * written in the cells, several pictures side by side, and XChart charts as bitmaps.
 */
public final class Pictures {
  private static final int CELL = 44;
  private static final int TITLE_HEIGHT = 24;
  private static final int GAP = 16;
  private static final int COLOUR_BAR = 16;
  private static final int THUMBNAIL_CELL = 14;
  private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 13);

  private Pictures() {}

  /**
   * A heat map of a matrix: {@code matrix} of shape [rows, cols], or any shape whose dimensions other
   * than the last two are 1 (e.g. a [1, rows, cols, 1] feature map). Zero is white, positive values red,
   * negative blue, scaled by the largest absolute value; each cell shows its value. Pictures that are
   * compared side by side should use {@link #sharedScale} instead, which colours them all on one scale.
   */
  public static BufferedImage heatmap(String title, Tensor matrix) {
    return heatmap(title, matrix, largestMagnitude(matrix));
  }

  /** A heat map coloured on a given {@code scale}: ±scale is full red/blue (a value beyond it too). */
  public static BufferedImage heatmap(String title, Tensor matrix, double scale) {
    return draw(title, matrix, scale, CELL, true);
  }

  private static BufferedImage draw(String title, Tensor matrix, double scale, int cell, boolean writeValues) {
    int[] shape = matrixShape(matrix);
    int rows = shape[0];
    int cols = shape[1];
    double[] values = matrix.toArray();
    int width = Math.max(cols * cell, textWidth(TITLE_FONT, title) + 4) + 2;
    BufferedImage image = new BufferedImage(width, TITLE_HEIGHT + rows * cell + 2, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(image);
    g.setColor(Color.BLACK);
    g.setFont(TITLE_FONT);
    g.drawString(title, 2, 16);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, cols * cell > 600 ? 9 : 12));
    FontMetrics metrics = g.getFontMetrics();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        double v = values[r * cols + c];
        double t = scale == 0 ? 0 : v / scale;
        int x = 1 + c * cell;
        int y = TITLE_HEIGHT + r * cell;
        g.setColor(color(t));
        g.fillRect(x, y, cell, cell);
        g.setColor(new Color(200, 200, 200));
        g.drawRect(x, y, cell, cell);
        if (writeValues) {
          String text = label(v);
          g.setColor(Math.abs(t) > 0.6 ? Color.WHITE : Color.BLACK);
          g.drawString(text, x + (cell - metrics.stringWidth(text)) / 2, y + (cell + metrics.getAscent()) / 2 - 2);
        }
      }
    }
    g.dispose();
    return image;
  }

  /** A titled matrix for {@link #sharedScale}. */
  public record Panel(String title, Tensor matrix) {}

  /** A {@link Panel}: {@code Pictures.panel("vertical on vertical", map)}. */
  public static Panel panel(String title, Tensor matrix) {
    return new Panel(title, matrix);
  }

  /**
   * Heat maps side by side on <em>one</em> colour scale, the largest absolute value of all of them, with a
   * colour bar at the right: equal colours are equal values in every panel, so a weaker map looks weaker.
   */
  public static BufferedImage sharedScale(Panel... panels) {
    return sharedScale(panels.length, panels);
  }

  /** {@link #sharedScale(Panel...)} in a grid of {@code columns} panels per row, the colour bar at the right. */
  public static BufferedImage sharedScale(int columns, Panel... panels) {
    return onOneScale(columns, panels, CELL, true, false);
  }

  /**
   * Many small heat maps (e.g. a layer's 32 feature maps) in a grid of {@code columns} per row, on one shared
   * colour scale with a colour bar, in cells of 14 pixels without the values written in them.
   */
  public static BufferedImage thumbnails(int columns, Panel... panels) {
    return onOneScale(columns, panels, THUMBNAIL_CELL, false, true);
  }

  /** The panels in a grid on the scale of their largest magnitude, and a colour bar beside the first row or all. */
  private static BufferedImage onOneScale(int columns, Panel[] panels, int cell, boolean writeValues, boolean fullBar) {
    double scale = 0;
    for (Panel panel : panels) {
      scale = Math.max(scale, largestMagnitude(panel.matrix()));
    }
    BufferedImage[] pictures = new BufferedImage[panels.length];
    for (int i = 0; i < panels.length; i++) {
      pictures[i] = draw(panels[i].title(), panels[i].matrix(), scale, cell, writeValues);
    }
    BufferedImage grid = grid(Math.max(1, Math.min(columns, panels.length)), pictures);
    int barHeight = fullBar || pictures.length == 0 ? grid.getHeight() : Math.min(grid.getHeight(), pictures[0].getHeight());
    return row(grid, colourBar(scale, barHeight));
  }

  /** A vertical bar from +scale (red, top) through 0 (white) to −scale (blue, bottom), labelled at both ends and 0. */
  static BufferedImage colourBar(double scale, int height) {
    int barTop = TITLE_HEIGHT;
    int barHeight = Math.max(height - TITLE_HEIGHT - 2, 40);
    String top = label(scale);
    String bottom = label(-scale);
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    int labelWidth = Math.max(textWidth(font, top), textWidth(font, bottom));
    BufferedImage image = new BufferedImage(COLOUR_BAR + 6 + labelWidth + 2, barTop + barHeight + 2,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(image);
    for (int y = 0; y < barHeight; y++) {
      g.setColor(color(1 - 2.0 * y / (barHeight - 1)));
      g.drawLine(0, barTop + y, COLOUR_BAR - 1, barTop + y);
    }
    g.setColor(new Color(160, 160, 160));
    g.drawRect(0, barTop, COLOUR_BAR - 1, barHeight - 1);
    g.setColor(Color.BLACK);
    g.setFont(font);
    int ascent = g.getFontMetrics().getAscent();
    g.drawString(top, COLOUR_BAR + 4, barTop + ascent);
    g.drawString("0", COLOUR_BAR + 4, barTop + barHeight / 2 + ascent / 2);
    g.drawString(bottom, COLOUR_BAR + 4, barTop + barHeight - 2);
    g.dispose();
    return image;
  }

  /** The pictures in one row, left to right, with a gap between them. */
  public static BufferedImage row(BufferedImage... pictures) {
    int width = 0;
    int height = 0;
    for (BufferedImage picture : pictures) {
      width += picture.getWidth() + GAP;
      height = Math.max(height, picture.getHeight());
    }
    BufferedImage image = new BufferedImage(Math.max(width - GAP, 1), Math.max(height, 1), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(image);
    int x = 0;
    for (BufferedImage picture : pictures) {
      g.drawImage(picture, x, 0, null);
      x += picture.getWidth() + GAP;
    }
    g.dispose();
    return image;
  }

  /**
   * The pictures in a grid of {@code columns} per row, left to right and top to bottom, e.g. a layer's 32
   * feature maps as 4 rows of 8.
   */
  public static BufferedImage grid(int columns, BufferedImage... pictures) {
    if (columns <= 0) {
      throw new IllegalArgumentException("grid: expected a positive number of columns, got " + columns);
    }
    int rows = (pictures.length + columns - 1) / columns;
    BufferedImage[] lines = new BufferedImage[rows];
    for (int r = 0; r < rows; r++) {
      lines[r] = row(java.util.Arrays.copyOfRange(pictures, r * columns, Math.min(pictures.length, (r + 1) * columns)));
    }
    int width = 0;
    int height = 0;
    for (BufferedImage line : lines) {
      width = Math.max(width, line.getWidth());
      height += line.getHeight() + GAP;
    }
    BufferedImage image = new BufferedImage(Math.max(width, 1), Math.max(height - GAP, 1), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(image);
    int y = 0;
    for (BufferedImage line : lines) {
      g.drawImage(line, 0, y, null);
      y += line.getHeight() + GAP;
    }
    g.dispose();
    return image;
  }

  /** An XChart chart drawn at its own size. */
  public static BufferedImage chart(Chart<?, ?> chart) {
    return BitmapEncoder.getBufferedImage(chart);
  }

  private static int[] matrixShape(Tensor matrix) {
    int[] shape = matrix.shape();
    int rows = 1;
    int cols = shape[shape.length - 1];
    int nonUnit = 0;
    for (int size : shape) {
      if (size != 1) {
        nonUnit++;
      }
    }
    if (nonUnit > 2) {
      throw new IllegalArgumentException("heatmap: expected a matrix (at most two dimensions other than 1), got shape "
          + java.util.Arrays.toString(shape));
    }
    // The two largest-index dimensions that are not 1 are rows and columns; a lone one is a row vector.
    int found = 0;
    for (int axis = shape.length - 1; axis >= 0 && found < 2; axis--) {
      if (shape[axis] != 1) {
        if (found == 0) {
          cols = shape[axis];
        } else {
          rows = shape[axis];
        }
        found++;
      }
    }
    return new int[] {rows, cols};
  }

  private static double largestMagnitude(Tensor matrix) {
    double scale = 0;
    for (double v : matrix.toArray()) {
      scale = Math.max(scale, Math.abs(v));
    }
    return scale;
  }

  /** How wide {@code text} is drawn in {@code font}, measured, so that a title is never cut off. */
  private static int textWidth(Font font, String text) {
    BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(scratch);
    int width = g.getFontMetrics(font).stringWidth(text);
    g.dispose();
    return width;
  }

  private static Graphics2D canvas(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setStroke(new BasicStroke(1));
    return g;
  }

  /** White at 0, red towards +1, blue towards −1. */
  private static Color color(double t) {
    int fade = (int) Math.round(255 * (1 - Math.min(Math.abs(t), 1)));
    return t >= 0 ? new Color(255, fade, fade) : new Color(fade, fade, 255);
  }

  private static String label(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e6) {
      return Long.toString((long) v);
    }
    String text = String.format(java.util.Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
    // A tiny negative value would read "-0.00"; its sign is noise at this precision.
    return text.matches("-0\\.0+") ? text.substring(1) : text;
  }
}
