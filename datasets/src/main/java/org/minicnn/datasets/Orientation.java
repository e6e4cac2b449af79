package org.minicnn.datasets;

/**
 * The direction of a line in an image {@code [rows, cols]} with row 0 at the top.
 *
 * <p>A line's <em>position</em> is an integer offset {@code p}; a line of thickness {@code t} covers
 * the pixels {@code (r, c)} with {@code p ≤ key(r, c) < p + t}, where {@code key} is:
 * <ul>
 *   <li>{@link #VERTICAL}: {@code c} (the first column of the line);</li>
 *   <li>{@link #HORIZONTAL}: {@code r} (the first row);</li>
 *   <li>{@link #DIAGONAL} ({@code \}, top-left to bottom-right): {@code c − r}, so 0 is the main diagonal;</li>
 *   <li>{@link #ANTI_DIAGONAL} ({@code /}, top-right to bottom-left): {@code (cols − 1 − c) − r}, the
 *       DIAGONAL mirrored left–right, so 0 runs through the top-right corner.</li>
 * </ul>
 */
public enum Orientation {
  VERTICAL,
  HORIZONTAL,
  DIAGONAL,
  ANTI_DIAGONAL;

  /** The offset {@code key(r, c)} of pixel {@code (r, c)} in an image with {@code cols} columns. */
  public int key(int row, int col, int cols) {
    switch (this) {
      case VERTICAL:
        return col;
      case HORIZONTAL:
        return row;
      case DIAGONAL:
        return col - row;
      default:
        return (cols - 1 - col) - row;
    }
  }

  /**
   * The smallest offset at which a line of thickness {@code t} fits entirely or, for diagonals, still
   * touches the image: 0 for VERTICAL/HORIZONTAL, {@code −(rows − 1)} for the diagonals.
   */
  public int minPosition(int rows, int cols, int thickness) {
    return this == VERTICAL || this == HORIZONTAL ? 0 : -(rows - 1);
  }

  /** The largest valid offset: {@code cols − t}, {@code rows − t}, or {@code cols − t} for the diagonals. */
  public int maxPosition(int rows, int cols, int thickness) {
    return this == HORIZONTAL ? rows - thickness : cols - thickness;
  }

  /**
   * The range random positions are drawn from, {@code {low, high}} inclusive. Vertical and horizontal:
   * every position where the line fits. Diagonals: only offsets whose band stays within half the image
   * of the main diagonal ({@code −⌊(rows−1)/2⌋ ≤ p} and {@code p + t − 1 ≤ ⌊(cols−1)/2⌋}), so that a
   * random diagonal is long enough to be recognisable rather than a corner pixel. Empty ranges have
   * {@code low > high}.
   */
  public int[] randomRange(int rows, int cols, int thickness) {
    if (this == VERTICAL || this == HORIZONTAL) {
      return new int[] {0, maxPosition(rows, cols, thickness)};
    }
    return new int[] {-((rows - 1) / 2), (cols - 1) / 2 - (thickness - 1)};
  }

  /** Lower-case name used as a class name and on the command line, e.g. {@code anti_diagonal}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
