package org.minicnn.engine.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.minicnn.engine.Layer;
import org.minicnn.engine.Parameter;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;

/**
 * Saves and loads a model's weights as CSV text: one block per parameter, in the model's
 * {@link Layer#parameters()} order, each opened by a record that declares its name and shape.
 *
 * <pre>
 * minicnn-weights,1,keras
 * tensor,conv2d/kernel,3,3,1,1
 * 0.0
 * 1.0
 * …                      (9 rows: one per index of all axes but the last)
 * tensor,conv2d/bias,1
 * 0.0
 * </pre>
 *
 * <ul>
 *   <li>Line 1: {@code minicnn-weights}, format version {@code 1}, and the {@link Layout}
 *       ({@code keras} or {@code pytorch}).
 *   <li>{@code tensor,<name>,<d0>,…,<dk>}: the parameter's name and shape in that layout.
 *   <li>Then {@code d0·…·d(k-1)} rows of {@code dk} comma-separated values: the tensor in row-major
 *       order, last axis across. Values are written with {@link Double#toString}, which reads back
 *       bit-identical; a value is a decimal number ({@code -1.5}, {@code 2e-3}), never NaN or infinite.
 *   <li>UTF-8; LF or CRLF line ends; a byte-order mark at the start is skipped; blank lines may
 *       follow the last block, nothing else may.
 * </ul>
 *
 * <p>Loading checks everything before it changes anything: the header, each declared name and shape
 * against the model's parameter (so a shape that claims 10¹² values is refused before a single value
 * is read or allocated; each line's length is capped by what it should hold), every row's count
 * and every cell; only when the whole file is right are the weights copied into the model. A wrong
 * file throws {@link WeightFileException} naming the file, the line and what was expected.
 */
public final class WeightFile {

  /** The first cell of line 1. */
  public static final String MAGIC = "minicnn-weights";

  /** The format version written and read. */
  public static final int VERSION = 1;

  private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,4})?");
  private static final Pattern DIMENSION = Pattern.compile("\\d{1,10}");
  private static final int HEADER_LINE_LIMIT = 1024;
  /** Generous room for one written double ({@code -1.2345678901234567E-300} is 24 characters) and its comma. */
  private static final int CHARS_PER_VALUE = 40;

  private WeightFile() {}

  /** The model's parameters and their names in a layout. */
  private record Named(List<Parameter> parameters, List<String> names) {}

  private static Named named(Layer model, Layout layout) {
    if (model == null) {
      throw new IllegalArgumentException("WeightFile: expected a model, got null");
    }
    if (layout == null) {
      throw new IllegalArgumentException("WeightFile: expected a layout (KERAS or PYTORCH), got null");
    }
    List<Parameter> parameters = model.parameters();
    List<String> names = new ArrayList<>();
    if (layout == Layout.KERAS) {
      Sequential view = model instanceof Sequential s ? s : new Sequential().add(model);
      names.addAll(view.parameterNames());
    } else if (model instanceof Sequential s) {
      for (int i = 0; i < s.layers().size(); i++) {
        for (Parameter p : s.layers().get(i).parameters()) {
          names.add(i + "." + torchName(p.name()));
        }
      }
    } else {
      for (Parameter p : parameters) {
        names.add(torchName(p.name()));
      }
    }
    return new Named(parameters, names);
  }

  private static String torchName(String parameter) {
    return parameter.equals("kernel") ? "weight" : parameter;
  }

  /**
   * Writes every weight of {@code model} (input, not modified; must be built) to {@code file},
   * atomically (see {@link AtomicFiles}).
   *
   * @throws IllegalArgumentException when the model has no weights yet or a weight is not finite
   */
  public static void save(Path file, Layer model, Layout layout) throws IOException {
    Named named = named(model, layout);
    if (named.parameters().isEmpty()) {
      throw new IllegalArgumentException("WeightFile.save: the model has no weights yet; build it or run forward first");
    }
    for (int i = 0; i < named.parameters().size(); i++) {
      double[] values = named.parameters().get(i).value().data();
      for (int j = 0; j < values.length; j++) {
        if (!Double.isFinite(values[j])) {
          throw new IllegalArgumentException("WeightFile.save: " + named.names().get(i) + " value " + j + " is "
              + values[j] + "; only finite weights are saved");
        }
      }
    }
    AtomicFiles.write(file, out -> write(out, named, layout));
  }

  private static void write(Writer out, Named named, Layout layout) throws IOException {
    out.write(MAGIC + "," + VERSION + "," + layout.label() + "\n");
    for (int i = 0; i < named.parameters().size(); i++) {
      Parameter p = named.parameters().get(i);
      Tensor t = layout.toFile(p.name(), p.value());
      int[] shape = t.shape();
      StringBuilder header = new StringBuilder("tensor,").append(named.names().get(i));
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
  }

  /**
   * Replaces every weight of {@code model} (modified only when the whole file is valid; must be
   * built) with the file's, converting from the file's layout.
   *
   * @throws WeightFileException naming the file and line when the file is malformed or does not fit the model
   * @throws IOException when the file cannot be read
   */
  public static void load(Path file, Layer model) throws IOException {
    List<Tensor> keras = read(file, model);
    List<Parameter> parameters = model.parameters();
    for (int i = 0; i < parameters.size(); i++) {
      parameters.get(i).value().copyFrom(keras.get(i));
    }
  }

  /**
   * Reads and validates {@code file} against {@code model} (input, not modified) without changing
   * the model: the weights in Keras layout, in {@link Layer#parameters()} order.
   */
  public static List<Tensor> read(Path file, Layer model) throws IOException {
    if (file == null) {
      throw new IllegalArgumentException("WeightFile: expected a file, got null");
    }
    if (model == null) {
      throw new IllegalArgumentException("WeightFile: expected a model, got null");
    }
    if (model.parameters().isEmpty()) {
      throw new IllegalArgumentException("WeightFile.load: the model has no weights yet; build it (e.g."
          + " model.build(inputShape)) before loading weights into it");
    }
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such weight file");
    }
    try (LineReader in = new LineReader(file)) {
      Layout layout = readHeader(in);
      Named named = named(model, layout);
      List<Tensor> out = new ArrayList<>();
      for (int i = 0; i < named.parameters().size(); i++) {
        Parameter p = named.parameters().get(i);
        int[] expected = layout.fileShape(p.name(), p.value().shape());
        Tensor values = readTensor(in, named.names().get(i), expected, i, named.parameters().size());
        out.add(layout.fromFile(p.name(), values));
      }
      String rest;
      while ((rest = in.next(HEADER_LINE_LIMIT, "the end of the file")) != null) {
        if (!rest.isBlank()) {
          throw in.fail("expected the end of the file after " + named.parameters().size()
              + " tensors (the model has no more parameters), got '" + clip(rest) + "'");
        }
      }
      return out;
    }
  }

  private static Layout readHeader(LineReader in) throws IOException {
    String what = "the header '" + MAGIC + "," + VERSION + ",keras' (or pytorch)";
    String line = in.next(HEADER_LINE_LIMIT, what);
    if (line == null) {
      throw new WeightFileException(in.file(), 0, "the file is empty; expected " + what);
    }
    String[] cells = line.split(",", -1);
    if (cells.length != 3 || !cells[0].equals(MAGIC)) {
      throw in.fail("expected " + what + ", got '" + clip(line) + "'");
    }
    if (!cells[1].equals(String.valueOf(VERSION))) {
      throw in.fail("format version " + clip(cells[1]) + " is not supported; expected " + VERSION);
    }
    Layout layout = Layout.ofLabel(cells[2]);
    if (layout == null) {
      throw in.fail("unknown layout '" + clip(cells[2]) + "'; expected keras or pytorch");
    }
    return layout;
  }

  private static Tensor readTensor(LineReader in, String name, int[] expected, int index, int count)
      throws IOException {
    String what = "'tensor," + name + "," + joined(expected) + "' (parameter " + (index + 1) + " of " + count + ")";
    String line = in.next(HEADER_LINE_LIMIT, what);
    if (line == null) {
      throw new WeightFileException(in.file(), in.lineNumber(), "the file ends early; expected " + what);
    }
    String[] cells = line.split(",", -1);
    if (cells.length < 3 || !cells[0].equals("tensor")) {
      throw in.fail("expected " + what + ", got '" + clip(line) + "'");
    }
    if (!cells[1].equals(name)) {
      throw in.fail("expected tensor '" + name + "' (parameter " + (index + 1) + " of " + count + "), got '"
          + clip(cells[1]) + "'");
    }
    int[] declared = new int[cells.length - 2];
    for (int i = 0; i < declared.length; i++) {
      String cell = cells[i + 2];
      long d = DIMENSION.matcher(cell).matches() ? Long.parseLong(cell) : -1;
      if (d <= 0 || d > Integer.MAX_VALUE) {
        throw in.fail(name + ": dimension " + (i + 1) + " is '" + clip(cell) + "'; expected a positive integer"
            + " (the model's shape is " + Shapes.format(expected) + ")");
      }
      declared[i] = (int) d;
    }
    if (!java.util.Arrays.equals(declared, expected)) {
      throw in.fail(name + ": declared shape " + Shapes.format(declared) + " (" + Shapes.product(declared)
          + " values) does not fit the model, which expects " + Shapes.format(expected));
    }
    int columns = expected[expected.length - 1];
    int rows = (int) (Shapes.product(expected) / columns);
    double[] values = new double[rows * columns];
    int maxChars = (int) Math.min(Integer.MAX_VALUE - 8L, (long) CHARS_PER_VALUE * columns + 64);
    for (int r = 0; r < rows; r++) {
      String rowWhat = "row " + (r + 1) + " of " + rows + " of " + name + " (" + columns + " values)";
      String row = in.next(maxChars, rowWhat);
      if (row == null) {
        throw new WeightFileException(in.file(), in.lineNumber(), "the file ends early; expected " + rowWhat);
      }
      String[] parts = row.split(",", -1);
      if (parts.length != columns) {
        throw in.fail(name + ": expected " + columns + " values in " + rowWhat.replace(" (" + columns + " values)", "")
            + ", got " + parts.length);
      }
      for (int c = 0; c < columns; c++) {
        values[r * columns + c] = number(in, parts[c], name, c + 1);
      }
    }
    return Tensor.wrap(values, expected);
  }

  private static double number(LineReader in, String cell, String name, int column) throws WeightFileException {
    String text = cell.strip();
    if (!NUMBER.matcher(text).matches()) {
      throw in.fail(name + ": column " + column + " is '" + clip(cell) + "'; expected a decimal number"
          + (text.equalsIgnoreCase("nan") || text.toLowerCase(java.util.Locale.ROOT).contains("inf")
              ? " (NaN and infinities are not weights)" : ""));
    }
    double v = Double.parseDouble(text);
    if (!Double.isFinite(v)) {
      throw in.fail(name + ": column " + column + " is '" + clip(cell) + "', beyond the range of a double");
    }
    return v;
  }

  private static String joined(int[] shape) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < shape.length; i++) {
      s.append(i > 0 ? "," : "").append(shape[i]);
    }
    return s.toString();
  }

  /** At most 40 characters of a cell or line, for messages. */
  private static String clip(String text) {
    String printable = text.replaceAll("\\p{Cntrl}", "?");
    return printable.length() <= 40 ? printable : printable.substring(0, 40) + "…";
  }
}
