package org.minicnn.training.run;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.io.AtomicFiles;
import org.minicnn.engine.io.FileFormatException;
import org.minicnn.engine.io.LineReader;
import org.minicnn.engine.io.TensorBlocks;

/**
 * A training checkpoint as one text file: integer counters (epoch, step, …), a table of metrics,
 * and named tensors (weights, optimiser state), ended by a line {@code end}. Written atomically
 * ({@link AtomicFiles}), so a crash at any instant leaves the previous complete checkpoint.
 *
 * <pre>
 * minicnn-checkpoint,1
 * counter,epoch,3
 * counter,step,120
 * metrics,4,3            (rows, columns)
 * epoch,step,loss        (column names)
 * 0.0,0.0,0.52
 * …                      (values as Double.toString writes them; NaN for a metric not measured)
 * tensor,weights/conv2d/kernel,3,3,1,1
 * …                      (as in a {@link org.minicnn.engine.io.WeightFile})
 * sha256,9f86d0…         (SHA-256 of every line above, each with its \n)
 * end
 * </pre>
 *
 * <p>Reading follows a {@link Schema}: every counter, the metrics' size and every tensor's name and
 * shape are checked before anything is allocated for them, and a file that is truncated, repeats
 * or misses an entry, or holds anything malformed throws {@link CheckpointFileException} with the line.
 */
public final class CheckpointFile {

  public static final String MAGIC = "minicnn-checkpoint";
  public static final int VERSION = 1;
  /** The line before {@code end}: the SHA-256 of every line before it, so that an edited value is refused. */
  public static final String CHECKSUM = "sha256";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_./-]{1,200}");
  private static final Pattern COUNTER = Pattern.compile("-?\\d{1,19}");

  private CheckpointFile() {}

  /**
   * What a checkpoint holds.
   *
   * @param counters by name, in file order
   * @param columns the metrics' column names
   * @param rows the metrics, one array of {@code columns.size()} values per row
   * @param tensors by name, in file order
   */
  public record Contents(Map<String, Long> counters, List<String> columns, List<double[]> rows,
      Map<String, Tensor> tensors) {}

  /** What a checkpoint may contain; reading refuses anything else. */
  public interface Schema {

    /** The counters every checkpoint must have. */
    Set<String> counters();

    /** The shape tensor {@code name} must have, or null when no tensor of that name belongs in the file. */
    int[] shapeOf(String name);

    /** The tensors every checkpoint must have. */
    Set<String> requiredTensors();

    /** The most metrics rows accepted. */
    int maxRows();

    /** The most metrics columns accepted. */
    int maxColumns();
  }

  /** Writes {@code contents} (input) to {@code file} atomically. */
  public static void write(Path file, Contents contents) throws IOException {
    for (String name : contents.counters().keySet()) {
      requireName(name);
    }
    for (String name : contents.columns()) {
      requireName(name);
    }
    for (double[] row : contents.rows()) {
      if (row.length != contents.columns().size()) {
        throw new IllegalArgumentException("CheckpointFile.write: a metrics row has " + row.length
            + " values for " + contents.columns().size() + " columns " + contents.columns());
      }
      for (double v : row) {
        if (Double.isInfinite(v)) {
          throw new IllegalArgumentException("CheckpointFile.write: a metrics value is " + v + "; only finite values"
              + " or NaN are stored");
        }
      }
    }
    for (Map.Entry<String, Tensor> e : contents.tensors().entrySet()) {
      requireName(e.getKey());
      for (double v : e.getValue().data()) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("CheckpointFile.write: tensor " + e.getKey() + " holds " + v
              + "; a checkpoint keeps only finite values");
        }
      }
    }
    AtomicFiles.write(file, out -> write(out, contents));
  }

  private static void requireName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("CheckpointFile.write: name '" + name + "' must be 1 to 200 of"
          + " A-Z a-z 0-9 _ . / -");
    }
  }

  private static void write(Writer target, Contents c) throws IOException {
    MessageDigest sha = sha256();
    // every line before the checksum also goes into it
    Writer out = new java.io.FilterWriter(target) {
      @Override
      public void write(String text, int off, int len) throws IOException {
        sha.update(text.substring(off, off + len).getBytes(StandardCharsets.UTF_8));
        super.write(text, off, len);
      }

      @Override
      public void write(char[] text, int off, int len) throws IOException {
        write(new String(text, off, len), 0, len);
      }

      @Override
      public void write(int c) throws IOException {
        write(String.valueOf((char) c), 0, 1);
      }
    };
    out.write(MAGIC + "," + VERSION + "\n");
    for (Map.Entry<String, Long> e : c.counters().entrySet()) {
      out.write("counter," + e.getKey() + "," + e.getValue() + "\n");
    }
    out.write("metrics," + c.rows().size() + "," + c.columns().size() + "\n");
    out.write(String.join(",", c.columns()) + "\n");
    StringBuilder row = new StringBuilder();
    for (double[] values : c.rows()) {
      row.setLength(0);
      for (int i = 0; i < values.length; i++) {
        row.append(i > 0 ? "," : "").append(values[i]);
      }
      out.write(row.append('\n').toString());
    }
    for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
      TensorBlocks.write(out, e.getKey(), e.getValue());
    }
    out.flush();
    target.write(CHECKSUM + "," + HexFormat.of().formatHex(sha.digest()) + "\nend\n");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * Checks the {@value #CHECKSUM} line against the lines before it, read again as lines (so that a BOM
   * or CRLF line ends, which the reader accepts, do not count). Run after {@link #read} and the
   * caller's own checks, whose messages say more about a broken file than a wrong checksum does.
   *
   * @throws CheckpointFileException naming the line when the file has no checksum or the content was
   *     changed after it was written (a flipped digit, two values swapped)
   */
  public static void verifyChecksum(Path file) throws IOException {
    MessageDigest sha = sha256();
    try (LineReader again = new LineReader(file, CheckpointFileException::new)) {
      String line;
      while ((line = again.next(Integer.MAX_VALUE - 8, "a line of the checkpoint")) != null) {
        if (line.startsWith(CHECKSUM + ",")) {
          String actual = HexFormat.of().formatHex(sha.digest());
          String recorded = line.substring(CHECKSUM.length() + 1);
          if (!actual.equals(recorded)) {
            throw again.fail("the " + CHECKSUM + " of the lines above is " + actual + ", not the recorded "
                + TensorBlocks.clip(recorded) + ": the checkpoint was changed after it was written");
          }
          return;
        }
        sha.update((line + "\n").getBytes(StandardCharsets.UTF_8));
      }
      throw again.fail("the checkpoint has no '" + CHECKSUM + ",…' line before 'end' (written by an older"
          + " minicnn, or by hand)");
    }
  }

  /**
   * Reads and validates a checkpoint.
   *
   * @throws CheckpointFileException naming the line when the file is malformed or does not follow the schema
   */
  public static Contents read(Path file, Schema schema) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such checkpoint");
    }
    try (LineReader in = new LineReader(file, CheckpointFileException::new)) {
      String header = MAGIC + "," + VERSION;
      String line = in.next(TensorBlocks.HEADER_LINE_LIMIT, "the header '" + header + "'");
      if (line == null) {
        throw in.fail("the file is empty; expected the header '" + header + "'");
      }
      if (!line.equals(header)) {
        throw in.fail("expected the header '" + header + "', got '" + TensorBlocks.clip(line) + "'");
      }
      Map<String, Long> counters = new LinkedHashMap<>();
      List<String> columns = null;
      List<double[]> rows = new ArrayList<>();
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      String what = "'counter,…', 'metrics,…', 'tensor,…' or 'end'";
      while (true) {
        line = in.next(TensorBlocks.HEADER_LINE_LIMIT, what);
        if (line == null) {
          throw in.fail("the file ends early (no 'end' line); expected " + what);
        }
        String[] cells = line.split(",", -1);
        switch (cells[0]) {
          case "counter" -> readCounter(in, cells, schema, counters);
          case "metrics" -> {
            if (columns != null) {
              throw in.fail("a second metrics table; expected one");
            }
            columns = readMetrics(in, cells, schema, rows);
          }
          case "tensor" -> readTensor(in, cells, schema, tensors);
          case CHECKSUM -> {
            // checked against the content by verifyChecksum, after the content's own checks
            if (cells.length != 2 || !cells[1].matches("[0-9a-f]{64}")) {
              throw in.fail("expected '" + CHECKSUM + ",<64 hexadecimal digits>', got '" + TensorBlocks.clip(line)
                  + "'");
            }
            String end = in.next(TensorBlocks.HEADER_LINE_LIMIT, "'end' after the " + CHECKSUM);
            if (!"end".equals(end)) {
              throw in.fail("expected 'end' after the " + CHECKSUM + " line, got "
                  + (end == null ? "the end of the file" : "'" + TensorBlocks.clip(end) + "'"));
            }
            return finish(in, schema, counters, columns, rows, tensors);
          }
          case "end" -> {
            if (cells.length != 1) {
              throw in.fail("expected 'end', got '" + TensorBlocks.clip(line) + "'");
            }
            return finish(in, schema, counters, columns, rows, tensors);
          }
          default -> throw in.fail("expected " + what + ", got '" + TensorBlocks.clip(line) + "'");
        }
      }
    }
  }

  private static void readCounter(LineReader in, String[] cells, Schema schema, Map<String, Long> counters)
      throws FileFormatException {
    if (cells.length != 3 || !COUNTER.matcher(cells[2]).matches()) {
      throw in.fail("expected 'counter,<name>,<integer>', got '" + TensorBlocks.clip(String.join(",", cells)) + "'");
    }
    if (!schema.counters().contains(cells[1])) {
      throw in.fail("unknown counter '" + TensorBlocks.clip(cells[1]) + "'; expected " + schema.counters());
    }
    if (counters.containsKey(cells[1])) {
      throw in.fail("counter '" + cells[1] + "' appears twice");
    }
    try {
      counters.put(cells[1], Long.parseLong(cells[2]));
    } catch (NumberFormatException e) {
      throw in.fail("counter '" + cells[1] + "' is " + TensorBlocks.clip(cells[2]) + ", beyond the range of a long");
    }
  }

  private static List<String> readMetrics(LineReader in, String[] cells, Schema schema, List<double[]> rows)
      throws IOException {
    long rowCount = cells.length == 3 && cells[1].matches("\\d{1,10}") ? Long.parseLong(cells[1]) : -1;
    long columnCount = cells.length == 3 && cells[2].matches("\\d{1,10}") ? Long.parseLong(cells[2]) : -1;
    if (rowCount < 0 || columnCount < 1) {
      throw in.fail("expected 'metrics,<rows>,<columns>', got '" + TensorBlocks.clip(String.join(",", cells)) + "'");
    }
    if (rowCount > schema.maxRows() || columnCount > schema.maxColumns()) {
      throw in.fail("metrics of " + rowCount + " rows and " + columnCount + " columns; expected at most "
          + schema.maxRows() + " rows and " + schema.maxColumns() + " columns");
    }
    int columns = (int) columnCount;
    int maxChars = TensorBlocks.CHARS_PER_VALUE * columns + 64;
    String names = in.next(maxChars + 200 * columns, "the metrics' " + columns + " column names");
    String[] header = names == null ? new String[0] : names.split(",", -1);
    if (header.length != columns) {
      throw in.fail("expected " + columns + " metrics column names, got " + (names == null ? "the end of the file"
          : header.length));
    }
    for (String name : header) {
      if (!NAME.matcher(name).matches()) {
        throw in.fail("metrics column name '" + TensorBlocks.clip(name) + "' is not a name (A-Z a-z 0-9 _ . / -)");
      }
    }
    for (int r = 0; r < rowCount; r++) {
      String where = "metrics row " + (r + 1) + " of " + rowCount;
      String row = in.next(maxChars, where + " (" + columns + " values)");
      if (row == null) {
        throw in.fail("the file ends early; expected " + where + " (" + columns + " values)");
      }
      String[] parts = row.split(",", -1);
      if (parts.length != columns) {
        throw in.fail("expected " + columns + " values in " + where + ", got " + parts.length);
      }
      double[] values = new double[columns];
      for (int c = 0; c < columns; c++) {
        values[c] = TensorBlocks.number(in, parts[c], "metrics", c + 1, true);
      }
      rows.add(values);
    }
    return List.of(header);
  }

  private static void readTensor(LineReader in, String[] cells, Schema schema, Map<String, Tensor> tensors)
      throws IOException {
    if (cells.length < 3) {
      throw in.fail("expected 'tensor,<name>,<dimensions>', got '" + TensorBlocks.clip(String.join(",", cells)) + "'");
    }
    String name = cells[1];
    int[] expected = schema.shapeOf(name);
    if (expected == null) {
      throw in.fail("unexpected tensor '" + TensorBlocks.clip(name) + "'; the model and optimiser have no such state");
    }
    if (tensors.containsKey(name)) {
      throw in.fail("tensor '" + name + "' appears twice");
    }
    int[] declared = TensorBlocks.declaredShape(in, cells, name, "expected shape " + Shapes.format(expected));
    if (!Arrays.equals(declared, expected)) {
      throw in.fail(name + ": declared shape " + Shapes.format(declared) + " (" + Shapes.product(declared)
          + " values) does not fit the model, which expects " + Shapes.format(expected));
    }
    tensors.put(name, TensorBlocks.readRows(in, name, expected));
  }

  /** After 'end': the schema's entries are all there and nothing but blank lines follows. */
  private static Contents finish(LineReader in, Schema schema, Map<String, Long> counters, List<String> columns,
      List<double[]> rows, Map<String, Tensor> tensors) throws IOException {
    requireComplete(in, schema, counters, columns, tensors);
    String rest;
    while ((rest = in.next(TensorBlocks.HEADER_LINE_LIMIT, "the end of the file")) != null) {
      if (!rest.isBlank()) {
        throw in.fail("expected the end of the file after 'end', got '" + TensorBlocks.clip(rest) + "'");
      }
    }
    return new Contents(counters, columns, rows, tensors);
  }

  private static void requireComplete(LineReader in, Schema schema, Map<String, Long> counters, List<String> columns,
      Map<String, Tensor> tensors) throws FileFormatException {
    Set<String> missing = new HashSet<>(schema.counters());
    missing.removeAll(counters.keySet());
    if (!missing.isEmpty()) {
      throw in.fail("the checkpoint ends without counter(s) " + new java.util.TreeSet<>(missing));
    }
    if (columns == null) {
      throw in.fail("the checkpoint ends without its metrics table");
    }
    Set<String> missingTensors = new java.util.TreeSet<>(schema.requiredTensors());
    missingTensors.removeAll(tensors.keySet());
    if (!missingTensors.isEmpty()) {
      throw in.fail("the checkpoint ends without tensor(s) " + missingTensors);
    }
  }
}
