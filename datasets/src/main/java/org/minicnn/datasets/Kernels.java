package org.minicnn.datasets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.minicnn.engine.Tensor;

/**
 * Hand-designed detector kernels, the ones the teacher–student and classification experiments compare
 * learned filters with. Each call returns a new tensor in the engine's kernel layout.
 *
 * <p>The named library ({@link #named}), rows top to bottom, applied as cross-correlation (what
 * {@code Conv2D} computes, as in Keras and PyTorch), so a positive {@code x} derivative responds to
 * intensity rising to the right and a positive {@code y} derivative to intensity rising downwards:
 * <pre>
 * vertical       [[0,1,0],[0,1,0],[0,1,0]]       horizontal  [[0,0,0],[1,1,1],[0,0,0]]
 * diagonal (\)   [[1,0,0],[0,1,0],[0,0,1]]       anti-diagonal (/) [[0,0,1],[0,1,0],[1,0,0]]
 * sobel-x        [[-1,0,1],[-2,0,2],[-1,0,1]]    sobel-y     [[-1,-2,-1],[0,0,0],[1,2,1]]
 * prewitt-x      [[-1,0,1],[-1,0,1],[-1,0,1]]    prewitt-y   [[-1,-1,-1],[0,0,0],[1,1,1]]
 * laplacian      [[0,1,0],[1,-4,1],[0,1,0]]      box         [[1,1,1],[1,1,1],[1,1,1]] / 9
 * edge           [[1,-1]]  (1×2, d2l's "Learning a Kernel")
 * bump           [0,1,0]   (1D, Conv1D)
 * </pre>
 *
 * <p>A literal ({@link #parse}) writes a kernel's rows separated by {@code ;} and the values of a row by
 * {@code ,}, e.g. {@code "1,0,-1;2,0,-2;1,0,-1"}; sizes from 1×1 to {@value #MAX_SIDE}×{@value #MAX_SIDE}, a
 * single row for a 1D kernel.
 */
public final class Kernels {

  /** The largest number of rows or columns of a literal kernel. */
  public static final int MAX_SIDE = 7;

  private static final Map<String, double[][]> NAMED = new LinkedHashMap<>();

  static {
    NAMED.put("vertical", new double[][] {{0, 1, 0}, {0, 1, 0}, {0, 1, 0}});
    NAMED.put("horizontal", new double[][] {{0, 0, 0}, {1, 1, 1}, {0, 0, 0}});
    NAMED.put("diagonal", new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
    NAMED.put("anti-diagonal", new double[][] {{0, 0, 1}, {0, 1, 0}, {1, 0, 0}});
    NAMED.put("sobel-x", new double[][] {{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}});
    NAMED.put("sobel-y", new double[][] {{-1, -2, -1}, {0, 0, 0}, {1, 2, 1}});
    NAMED.put("prewitt-x", new double[][] {{-1, 0, 1}, {-1, 0, 1}, {-1, 0, 1}});
    NAMED.put("prewitt-y", new double[][] {{-1, -1, -1}, {0, 0, 0}, {1, 1, 1}});
    NAMED.put("laplacian", new double[][] {{0, 1, 0}, {1, -4, 1}, {0, 1, 0}});
    NAMED.put("edge", new double[][] {{1, -1}});
    double ninth = 1.0 / 9;
    NAMED.put("box", new double[][] {{ninth, ninth, ninth}, {ninth, ninth, ninth}, {ninth, ninth, ninth}});
    NAMED.put("bump", new double[][] {{0, 1, 0}});
  }

  private Kernels() {}

  /** The names of the library, in the order of the table above. */
  public static List<String> names() {
    return List.copyOf(NAMED.keySet());
  }

  /** The names of the 2D kernels of the library (all but {@code bump}). */
  public static List<String> names2d() {
    List<String> out = new ArrayList<>(NAMED.keySet());
    out.remove("bump");
    return out;
  }

  /** Whether {@code name} is a 1D kernel of the library ({@code bump}). */
  public static boolean isOneD(String name) {
    return "bump".equals(name);
  }

  /**
   * The library kernel called {@code name}: Conv2D layout {@code [rows, cols, 1, 1]}, or Conv1D layout
   * {@code [k, 1, 1]} for the 1D {@code bump}.
   *
   * @throws KernelSyntaxException for an unknown name, listing the known ones
   */
  public static Tensor named(String name) {
    double[][] rows = NAMED.get(name);
    if (rows == null) {
      throw new KernelSyntaxException(String.valueOf(name), String.valueOf(name), 1, "unknown kernel '" + name
          + "'; expected one of " + String.join(", ", NAMED.keySet()) + ", or a literal such as 1,0,-1;2,0,-2;1,0,-1");
    }
    Tensor k = of(rows);
    return isOneD(name) ? k.reshape(rows[0].length, 1, 1) : k;
  }

  /**
   * A library name or a literal: {@code text} is read as a literal ({@link #parse}) when it holds a digit,
   * {@code ,} or {@code ;}, else as a name ({@link #named}). A name gives its own layout; a literal gives
   * Conv2D layout {@code [rows, cols, 1, 1]}.
   *
   * @throws KernelSyntaxException naming the bad token
   */
  public static Tensor nameOrLiteral(String text) {
    String t = text == null ? "" : text.strip();
    return t.matches(".*[0-9,;].*") ? parse(t) : named(t);
  }

  /**
   * A literal kernel: rows separated by {@code ;}, values by {@code ,}, blanks ignored, e.g.
   * {@code "1,0,-1;2,0,-2;1,0,-1"}; 1 to {@value #MAX_SIDE} rows of 1 to {@value #MAX_SIDE} finite
   * numbers each, every row as long as the first.
   *
   * @return Conv2D layout {@code [rows, cols, 1, 1]} ({@code [1, k, 1, 1]} for a single row)
   * @throws KernelSyntaxException naming the bad token and its column (1-based): a value that is not a
   *     number, an empty value, a row of another length (ragged), too many rows or columns
   */
  public static Tensor parse(String text) {
    if (text == null || text.isBlank()) {
      throw new KernelSyntaxException(text == null ? "" : text, "", 1,
          "expected a kernel literal such as 1,0,-1;2,0,-2;1,0,-1, got nothing");
    }
    List<double[]> rows = new ArrayList<>();
    int rowStart = 0;
    while (rowStart <= text.length()) {
      int rowEnd = text.indexOf(';', rowStart);
      if (rowEnd < 0) {
        rowEnd = text.length();
      }
      String row = text.substring(rowStart, rowEnd);
      if (rows.size() == MAX_SIDE) {
        throw new KernelSyntaxException(text, row.strip(), rowStart + 1, "row " + (rows.size() + 1) + " is one too"
            + " many; a kernel has at most " + MAX_SIDE + " rows");
      }
      List<Double> values = new ArrayList<>();
      int valueStart = rowStart;
      while (valueStart <= rowEnd) {
        int valueEnd = text.indexOf(',', valueStart);
        if (valueEnd < 0 || valueEnd > rowEnd) {
          valueEnd = rowEnd;
        }
        String token = text.substring(valueStart, valueEnd);
        int column = valueStart + 1 + (token.length() - token.stripLeading().length());
        if (values.size() == MAX_SIDE) {
          throw new KernelSyntaxException(text, token.strip(), column, "value " + (values.size() + 1) + " of row "
              + (rows.size() + 1) + " is one too many; a kernel has at most " + MAX_SIDE + " columns");
        }
        values.add(number(text, token.strip(), column));
        valueStart = valueEnd + 1;
      }
      double[] r = values.stream().mapToDouble(Double::doubleValue).toArray();
      if (!rows.isEmpty() && r.length != rows.get(0).length) {
        throw new KernelSyntaxException(text, row.strip(), rowStart + 1 + (row.length() - row.stripLeading().length()),
            "row " + (rows.size() + 1) + " '" + row.strip() + "' has " + r.length + " values but row 1 has "
            + rows.get(0).length
            + "; every row needs the same number of values (a ragged kernel)");
      }
      rows.add(r);
      rowStart = rowEnd + 1;
    }
    return of(rows.toArray(new double[0][]));
  }

  private static double number(String text, String token, int column) {
    if (token.isEmpty()) {
      throw new KernelSyntaxException(text, token, column, "expected a number at column " + column + ", got nothing");
    }
    // a decimal number only: Java would also read "NaN", "Infinity", "1d" or hexadecimal
    if (token.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
      double v = Double.parseDouble(token);
      if (Double.isFinite(v)) {
        return v;
      }
    }
    throw new KernelSyntaxException(text, token, column, "'" + token + "' at column " + column + " is not a number");
  }

  /** {@code rows} (input, rectangular) as Conv2D layout {@code [rows, cols, 1, 1]}. */
  private static Tensor of(double[][] rows) {
    int cols = rows[0].length;
    double[] data = new double[rows.length * cols];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, data, r * cols, cols);
    }
    return Tensor.of(data, rows.length, cols, 1, 1);
  }

  /**
   * The {@code size × size} line detector of an orientation, Conv2D layout {@code [size, size, 1, 1]}:
   * 1 on the middle line (middle column for VERTICAL, middle row for HORIZONTAL, the diagonal for
   * DIAGONAL, the anti-diagonal for ANTI_DIAGONAL), 0 elsewhere. {@code line(VERTICAL, 3)} is
   * {@code [[0,1,0],[0,1,0],[0,1,0]]}.
   *
   * @param size odd and positive, so the line has a middle
   */
  public static Tensor line(Orientation orientation, int size) {
    if (orientation == null) {
      throw new IllegalArgumentException("Kernels.line: expected an orientation, got null");
    }
    if (size <= 0 || size % 2 == 0 || size > 4096) {
      throw new IllegalArgumentException("Kernels.line: size must be odd and in [1, 4095], got " + size);
    }
    Tensor k = Tensor.zeros(size, size, 1, 1);
    int middle = size / 2;
    int position = orientation == Orientation.VERTICAL || orientation == Orientation.HORIZONTAL ? middle : 0;
    for (int r = 0; r < size; r++) {
      for (int c = 0; c < size; c++) {
        if (orientation.key(r, c, size) == position) {
          k.set(1.0, r, c, 0, 0);
        }
      }
    }
    return k;
  }

  /** {@code [[0,1,0],[0,1,0],[0,1,0]]} as {@code [3, 3, 1, 1]}. */
  public static Tensor vertical() {
    return line(Orientation.VERTICAL, 3);
  }

  /** {@code [[0,0,0],[1,1,1],[0,0,0]]} as {@code [3, 3, 1, 1]}. */
  public static Tensor horizontal() {
    return line(Orientation.HORIZONTAL, 3);
  }

  /** The 1D bump detector {@code [0, 1, 0]} in Conv1D layout {@code [3, 1, 1]}. */
  public static Tensor bump1d() {
    return Tensor.of(new double[] {0, 1, 0}, 3, 1, 1);
  }
}
