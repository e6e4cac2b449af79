package org.minicnn.engine.io;

import java.io.IOException;
import java.io.Writer;
import java.util.regex.Pattern;
import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;

/**
 * The text form of one tensor that the text file formats share (weight files here, others elsewhere): a record
 * {@code tensor,<name>,<d0>,…,<dk>}, then {@code d0·…·d(k-1)} rows of {@code dk} comma-separated
 * values (row-major, last axis across), each written with {@link Double#toString} so it reads back
 * bit-identical. Reading validates the declared shape before allocating and every cell before
 * returning.
 */
public final class TensorBlocks {

  public static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,4})?");
  private static final Pattern DIMENSION = Pattern.compile("\\d{1,10}");
  /** The longest header or metadata line read. */
  public static final int HEADER_LINE_LIMIT = 1024;
  /** Generous room for one written double ({@code -1.2345678901234567E-300} is 24 characters) and its comma. */
  public static final int CHARS_PER_VALUE = 40;

  private TensorBlocks() {}

  public static void write(Writer out, String name, Tensor t) throws IOException {
    int[] shape = t.shape();
    StringBuilder header = new StringBuilder("tensor,").append(name);
    for (int d : shape) {
      header.append(',').append(d);
    }
    out.write(header.append('\n').toString());
    double[] values = t.data();
    int columns = shape[shape.length - 1];
    StringBuilder row = new StringBuilder();
    for (int start = 0; start < values.length; start += columns) {
      row.setLength(0);
      for (int j = 0; j < columns; j++) {
        if (j > 0) {
          row.append(',');
        }
        row.append(values[start + j]);
      }
      out.write(row.append('\n').toString());
    }
  }

  /**
   * The dimensions declared in cells {@code 2…} of a tensor record.
   *
   * @param expected the shape the caller wants, for the message
   */
  public static int[] declaredShape(LineReader in, String[] cells, String name, String expected) throws FileFormatException {
    int[] declared = new int[cells.length - 2];
    for (int i = 0; i < declared.length; i++) {
      String cell = cells[i + 2];
      long d = DIMENSION.matcher(cell).matches() ? Long.parseLong(cell) : -1;
      if (d <= 0 || d > Integer.MAX_VALUE) {
        throw in.fail(name + ": dimension " + (i + 1) + " is '" + clip(cell) + "'; expected a positive integer"
            + " (" + expected + ")");
      }
      declared[i] = (int) d;
    }
    return declared;
  }

  /** Reads the rows of a tensor whose shape (validated by the caller) is {@code shape}. */
  public static Tensor readRows(LineReader in, String name, int[] shape) throws IOException {
    int columns = shape[shape.length - 1];
    int rows = (int) (Shapes.product(shape) / columns);
    double[] values = new double[rows * columns];
    int maxChars = (int) Math.min(Integer.MAX_VALUE - 8L, (long) CHARS_PER_VALUE * columns + 64);
    for (int r = 0; r < rows; r++) {
      String where = "row " + (r + 1) + " of " + rows + " of " + name;
      String row = in.next(maxChars, where + " (" + columns + " values)");
      if (row == null) {
        throw in.fail("the file ends early; expected " + where + " (" + columns + " values)");
      }
      String[] parts = row.split(",", -1);
      if (parts.length != columns) {
        throw in.fail(name + ": expected " + columns + " values in " + where + ", got " + parts.length);
      }
      for (int c = 0; c < columns; c++) {
        values[r * columns + c] = number(in, parts[c], name, c + 1, false);
      }
    }
    return Tensor.wrap(values, shape);
  }

  /**
   * A decimal number cell; {@code allowNaN} lets the literal {@code NaN} through (for formats where a
   * value may be missing), never an infinity.
   */
  public static double number(LineReader in, String cell, String name, int column, boolean allowNaN)
      throws FileFormatException {
    String text = cell.strip();
    if (allowNaN && text.equals("NaN")) {
      return Double.NaN;
    }
    if (!NUMBER.matcher(text).matches()) {
      throw in.fail(name + ": column " + column + " is '" + clip(cell) + "'; expected a decimal number"
          + (text.equalsIgnoreCase("nan") || text.toLowerCase(java.util.Locale.ROOT).contains("inf")
              ? (allowNaN ? " or NaN (infinities are not stored)" : " (NaN and infinities are not weights)") : ""));
    }
    double v = Double.parseDouble(text);
    if (!Double.isFinite(v)) {
      throw in.fail(name + ": column " + column + " is '" + clip(cell) + "', beyond the range of a double");
    }
    return v;
  }

  public static String joined(int[] shape) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < shape.length; i++) {
      s.append(i > 0 ? "," : "").append(shape[i]);
    }
    return s.toString();
  }

  /** At most 40 characters of a cell or line, control characters shown as '?', for messages. */
  public static String clip(String text) {
    String printable = text.replaceAll("\\p{Cntrl}", "?");
    return printable.length() <= 40 ? printable : printable.substring(0, 40) + "…";
  }
}
