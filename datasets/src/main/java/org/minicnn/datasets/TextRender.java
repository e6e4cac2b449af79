package org.minicnn.datasets;

import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;

/**
 * Plain-text pictures of images and 1D signals, for the console and notebooks. Values are shaded
 * relative to the picture's own range {@code [min, max]}: with {@code t = (v − min) / (max − min)},
 * {@code '.'} for {@code t < 1/3}, {@code '+'} for {@code t < 2/3}, {@code '#'} otherwise. A constant
 * picture is {@code '#'} where the value is positive and {@code '.'} elsewhere. Every row ends with
 * {@code '\n'}. A vertical line in a 3×3 image renders as {@code ".#.\n.#.\n.#.\n"}.
 */
public final class TextRender {

  /** The shades from low to high. */
  public static final String SHADES = ".+#";

  private TextRender() {}

  /** An image {@code [rows, cols]} or {@code [rows, cols, 1]} (input), one text row per image row. */
  public static String image(Tensor image) {
    int[] s = shapeOf("TextRender.image", image);
    if (!(s.length == 2 || (s.length == 3 && s[2] == 1))) {
      throw new IllegalArgumentException("TextRender.image: expected [rows, cols] or [rows, cols, 1], got shape "
          + Shapes.format(s) + "; for a batch or several channels use image(images, sample, channel)");
    }
    return shade(image.data(), 0, s[0], s[1], 1);
  }

  /** Channel {@code channel} of image {@code sample} of {@code images} {@code [n, rows, cols, channels]} (input). */
  public static String image(Tensor images, int sample, int channel) {
    int[] s = shapeOf("TextRender.image", images);
    Shapes.requireRank("TextRender.image", 4, "[batch, rows, cols, channels]", s);
    checkIndex("sample", sample, s[0]);
    checkIndex("channel", channel, s[3]);
    return shade(images.data(), sample * s[1] * s[2] * s[3] + channel, s[1], s[2], s[3]);
  }

  /** A signal {@code [length]} or {@code [length, 1]} (input) as one row of shades. */
  public static String signal(Tensor signal) {
    int[] s = shapeOf("TextRender.signal", signal);
    if (!(s.length == 1 || (s.length == 2 && s[1] == 1))) {
      throw new IllegalArgumentException("TextRender.signal: expected [length] or [length, 1], got shape "
          + Shapes.format(s) + "; for a batch or several channels use signal(signals, sample, channel)");
    }
    return shade(signal.data(), 0, 1, s[0], 1);
  }

  /** Channel {@code channel} of signal {@code sample} of {@code signals} {@code [n, length, channels]} (input). */
  public static String signal(Tensor signals, int sample, int channel) {
    int[] s = shapeOf("TextRender.signal", signals);
    Shapes.requireRank("TextRender.signal", 3, "[batch, length, channels]", s);
    checkIndex("sample", sample, s[0]);
    checkIndex("channel", channel, s[2]);
    return shade(signals.data(), sample * s[1] * s[2] + channel, 1, s[1], s[2]);
  }

  /**
   * A signal {@code [length]} or {@code [length, 1]} (input) as a bar chart {@code height} rows tall:
   * column {@code i} has {@code round(height · (v_i − lo) / (hi − lo))} {@code '#'} from the bottom,
   * {@code '.'} above, with {@code lo = min(0, min v)} and {@code hi = max(0, max v)}.
   */
  public static String bars(Tensor signal, int height) {
    int[] s = shapeOf("TextRender.bars", signal);
    if (!(s.length == 1 || (s.length == 2 && s[1] == 1))) {
      throw new IllegalArgumentException("TextRender.bars: expected [length] or [length, 1], got shape " + Shapes.format(s));
    }
    Shapes.requirePositive("TextRender.bars", "height", height);
    long chars = (long) height * (s[0] + 1);
    if (chars > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("TextRender.bars: height " + height + " × (length " + s[0] + " + 1) = "
          + chars + " characters; at most " + (Integer.MAX_VALUE - 8) + " fit in one string");
    }
    double[] v = signal.data();
    double lo = 0;
    double hi = 0;
    for (double x : v) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    int[] filled = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      filled[i] = hi > lo ? (int) Math.round(height * ((v[i] - lo) / (hi - lo))) : 0;
    }
    StringBuilder out = new StringBuilder();
    for (int row = 0; row < height; row++) {
      for (int f : filled) {
        out.append(f >= height - row ? '#' : '.');
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static int[] shapeOf(String where, Tensor t) {
    if (t == null) {
      throw new IllegalArgumentException(where + ": expected a tensor, got null");
    }
    return t.shape();
  }

  private static void checkIndex(String what, int index, int size) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("TextRender: " + what + " " + index + " is out of range [0, " + size + ")");
    }
  }

  /** Shades {@code rows × cols} values starting at {@code start}, {@code stride} apart, row-major. */
  private static String shade(double[] data, int start, int rows, int cols, int stride) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < rows * cols; i++) {
      double v = data[start + i * stride];
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    StringBuilder out = new StringBuilder(rows * (cols + 1));
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        double v = data[start + (r * cols + c) * stride];
        char ch;
        if (max > min) {
          double t = (v - min) / (max - min);
          ch = SHADES.charAt(t < 1.0 / 3 ? 0 : t < 2.0 / 3 ? 1 : 2);
        } else {
          ch = v > 0 ? '#' : '.';
        }
        out.append(ch);
      }
      out.append('\n');
    }
    return out.toString();
  }
}
