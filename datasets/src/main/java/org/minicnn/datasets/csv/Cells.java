package org.minicnn.datasets.csv;

import java.util.regex.Pattern;

/** Parsing of the numeric cells of a data row. */
final class Cells {

  /** Plain decimal numbers as {@link Double#toString} writes them and other tools do: 1, -0.5, .5, 1.0E-5. */
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

  private Cells() {}

  /**
   * The finite double a cell holds, read with {@link Double#parseDouble} (so the text written by
   * {@link Double#toString} reads back bit-identical).
   *
   * @throws DatasetFormatException for an empty cell, anything but a decimal number (NaN, Infinity, hex,
   *     {@code 1d}, {@code 1,5}), or a number beyond the range of a double
   */
  static double number(String cell, Locator at, int column, String name) {
    if (cell.isEmpty()) {
      throw at.error(column, "expected a number in " + name + ", got an empty cell");
    }
    if (!DECIMAL.matcher(cell).matches()) {
      String lower = cell.toLowerCase(java.util.Locale.ROOT);
      if (lower.contains("nan") || lower.contains("inf")) {
        throw at.error(column, "expected a finite number in " + name + ", got '" + Locator.shorten(cell)
            + "' (NaN and infinities are not allowed)");
      }
      throw at.error(column, "expected a number in " + name + ", got '" + Locator.shorten(cell) + "'");
    }
    double value = Double.parseDouble(cell);
    if (Double.isInfinite(value)) {
      throw at.error(column, "expected a finite number in " + name + ", got '" + Locator.shorten(cell)
          + "', beyond the range of a double (±" + Double.MAX_VALUE + ")");
    }
    return value;
  }
}
