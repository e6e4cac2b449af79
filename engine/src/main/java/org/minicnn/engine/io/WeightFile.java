package org.minicnn.engine.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  private static final int HEADER_LINE_LIMIT = TensorBlocks.HEADER_LINE_LIMIT;
  /** The most values {@link #readTensors} reads for one tensor (1 GiB of doubles). */
  private static final long UNCHECKED_VALUE_LIMIT = 1L << 27;

  private WeightFile() {}

  /** The model's parameters and their names in a layout. */
  private record Named(List<Parameter> parameters, List<String> names) {}

  /**
   * The names a weight file gives the parameters of {@code model}, in {@link Layer#parameters()}
   * order: {@code conv2d/kernel}, … for {@link Layout#KERAS}; {@code 0.weight}, … for {@link Layout#PYTORCH}.
   */
  public static List<String> parameterNames(Layer model, Layout layout) {
    return named(model, layout).names();
  }

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
      TensorBlocks.write(out, named.names().get(i), layout.toFile(p.name(), p.value()));
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
              + " tensors (the model has no more parameters), got '" + TensorBlocks.clip(rest) + "'");
        }
      }
      return out;
    }
  }

  /** A weight file's tensors as the file declares them, without a model to check them against. */
  public record Tensors(Layout layout, java.util.Map<String, Tensor> byName) {}

  /**
   * Reads every tensor of {@code file} with the names and shapes it declares, in the file's layout and
   * order (for tools that have no model, such as {@code minicnn plot-kernels}).
   *
   * @throws WeightFileException naming the file and line when the file is malformed
   */
  public static Tensors readTensors(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such weight file");
    }
    try (LineReader in = new LineReader(file)) {
      Layout layout = readHeader(in);
      java.util.Map<String, Tensor> tensors = new java.util.LinkedHashMap<>();
      String line;
      while ((line = in.next(HEADER_LINE_LIMIT, "'tensor,<name>,<d0>,...' or the end of the file")) != null) {
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",", -1);
        if (cells.length < 3 || !cells[0].equals("tensor")) {
          throw in.fail("expected 'tensor,<name>,<d0>,...', got '" + TensorBlocks.clip(line) + "'");
        }
        int[] shape = TensorBlocks.declaredShape(in, cells, cells[1], "positive dimensions");
        if (Shapes.product(shape) > UNCHECKED_VALUE_LIMIT) {
          throw in.fail(cells[1] + ": declared shape " + Shapes.format(shape) + " holds " + Shapes.product(shape)
              + " values; without a model to check it against at most " + UNCHECKED_VALUE_LIMIT + " are read");
        }
        tensors.put(cells[1], TensorBlocks.readRows(in, cells[1], shape));
      }
      if (tensors.isEmpty()) {
        throw new WeightFileException(file, in.lineNumber(), "the file holds no tensors");
      }
      return new Tensors(layout, tensors);
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
      throw in.fail("expected " + what + ", got '" + TensorBlocks.clip(line) + "'");
    }
    if (!cells[1].equals(String.valueOf(VERSION))) {
      throw in.fail("format version " + TensorBlocks.clip(cells[1]) + " is not supported; expected " + VERSION);
    }
    Layout layout = Layout.ofLabel(cells[2]);
    if (layout == null) {
      throw in.fail("unknown layout '" + TensorBlocks.clip(cells[2]) + "'; expected keras or pytorch");
    }
    return layout;
  }

  private static Tensor readTensor(LineReader in, String name, int[] expected, int index, int count)
      throws IOException {
    String what = "'tensor," + name + "," + TensorBlocks.joined(expected) + "' (parameter " + (index + 1) + " of " + count + ")";
    String line = in.next(HEADER_LINE_LIMIT, what);
    if (line == null) {
      throw new WeightFileException(in.file(), in.lineNumber(), "the file ends early; expected " + what);
    }
    String[] cells = line.split(",", -1);
    if (cells.length < 3 || !cells[0].equals("tensor")) {
      throw in.fail("expected " + what + ", got '" + TensorBlocks.clip(line) + "'");
    }
    if (!cells[1].equals(name)) {
      throw in.fail("expected tensor '" + name + "' (parameter " + (index + 1) + " of " + count + "), got '"
          + TensorBlocks.clip(cells[1]) + "'");
    }
    int[] declared = TensorBlocks.declaredShape(in, cells, name, "the model's shape is " + Shapes.format(expected));
    if (!java.util.Arrays.equals(declared, expected)) {
      throw in.fail(name + ": declared shape " + Shapes.format(declared) + " (" + Shapes.product(declared)
          + " values) does not fit the model, which expects " + Shapes.format(expected));
    }
    return TensorBlocks.readRows(in, name, expected);
  }
}
