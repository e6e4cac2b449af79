package org.minicnn.training.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.io.AtomicFiles;
import org.minicnn.engine.io.WeightFile;
import org.minicnn.training.EpochMetrics;

/**
 * The files of a run directory, each written atomically (a checkpointed run rewrites {@code metrics.csv}
 * and {@code kernels.csv} at every checkpoint, see {@link Checkpointer}) and read back (for
 * {@code minicnn plot}, {@code train --resume} and tests).
 *
 * <ul>
 * <li>{@code config.properties}: the experiment, every parameter (the keys of the command-line
 *     flags), the shapes of the watched kernel and the sample, versions, and the command that repeats the run.
 * <li>{@code metrics.csv}: one row per epoch, epoch 0 = before training: {@code epoch,step,loss,val_loss},
 *     {@code accuracy,val_accuracy} for labelled data, then {@code cosine,max_abs_diff} and, with several
 *     reference kernels, {@code cosine_<name>,max_abs_diff_<name>} per reference. Empty = not measured.
 * <li>{@code kernels.csv}: the kernel history, {@code epoch,filter,row,col,channel,value}, every weight of
 *     the watched convolution at every epoch (Keras layout {@code [row, col, channel, filter]}; row 0 for 1D).
 * <li>{@code weights.csv}: the final weights in the engine's weight-file format (Keras layout; see
 *     {@link #writeWeights}); {@code WeightFile.load(path, model)} loads them back into the model.
 * <li>{@code sample.csv}: the sample input of the feature-map plot, {@code index,value} (shape in the config).
 * </ul>
 */
public final class RunFiles {

  public static final String CONFIG = "config.properties";
  public static final String METRICS = "metrics.csv";
  public static final String KERNELS = "kernels.csv";
  public static final String WEIGHTS = "weights.csv";
  public static final String SAMPLE = "sample.csv";

  /** A {@code \\u} escape of a properties file and what follows it (an escaped backslash is skipped). */
  private static final Pattern UNICODE_ESCAPE = Pattern.compile("\\\\\\\\|\\\\u.{0,4}");
  private static final List<String> ALWAYS = List.of("epoch", "step", "loss", "val_loss");

  private RunFiles() {}

  // ---- config --------------------------------------------------------------------------------

  /**
   * Writes {@code config.properties} atomically: {@code values} (input) in order, after a comment with the
   * command line.
   */
  public static void writeConfig(Path dir, String commandLine, Map<String, String> values) throws IOException {
    AtomicFiles.write(dir.resolve(CONFIG), out -> {
      out.write("# minicnn run configuration. Repeat this run with:\n#   " + commandLine + "\n");
      for (Map.Entry<String, String> e : values.entrySet()) {
        out.write(e.getKey() + "=" + e.getValue().replace("\\", "\\\\") + "\n");
      }
    });
  }

  /** The key/value pairs of {@code config.properties}. */
  public static Map<String, String> readConfig(Path dir) throws IOException {
    Path file = dir.resolve(CONFIG);
    List<String> lines = Csv.utf8Lines(file);
    for (int i = 0; i < lines.size(); i++) {
      Matcher escape = UNICODE_ESCAPE.matcher(lines.get(i));
      while (escape.find()) {
        if (escape.group().charAt(1) == 'u' && !escape.group().matches("\\\\u[0-9a-fA-F]{4}")) {
          throw new IOException(file + ": line " + (i + 1) + ": a malformed \\u escape '" + escape.group()
              + "' (expected \\u and four hexadecimal digits)");
        }
      }
    }
    Properties p = new Properties();
    p.load(new java.io.StringReader(String.join("\n", lines)));
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : p.stringPropertyNames()) {
      out.put(key, p.getProperty(key));
    }
    return out;
  }

  /**
   * The most telling message of a failure: its root cause's (ImageIO wraps "No space left on device",
   * Commons CSV wraps the malformed record), or the root cause's type when it has none.
   */
  public static String rootReason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }

  /** minicnn's version from the build, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String version() {
    return buildProperty("version");
  }

  /** The git commit the build was made from (12 hex digits), or {@code unknown} outside a git checkout. */
  public static String commit() {
    return buildProperty("commit");
  }

  private static String buildProperty(String key) {
    try (InputStream in = RunFiles.class.getResourceAsStream("/org/minicnn/training/version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      String value = p.getProperty(key, "unknown");
      return value.isBlank() || value.startsWith("${") ? "unknown" : value;
    } catch (IOException e) {
      return "unknown";
    }
  }

  // ---- metrics -------------------------------------------------------------------------------

  /** The columns of {@code metrics.csv}: the fixed ones, accuracy only when measured, then the extra ones. */
  public static List<String> metricColumns(List<EpochMetrics> history) {
    List<String> columns = new ArrayList<>(ALWAYS);
    boolean labelled = history.stream().anyMatch(m -> !Double.isNaN(m.accuracy()));
    if (labelled) {
      columns.add("accuracy");
      columns.add("val_accuracy");
    }
    columns.addAll(history.get(0).extra().keySet());
    return columns;
  }

  public static void writeMetrics(Path dir, List<EpochMetrics> history) throws IOException {
    List<String> columns = metricColumns(history);
    List<List<Object>> rows = new ArrayList<>();
    for (EpochMetrics m : history) {
      List<Object> row = new ArrayList<>();
      row.add(m.epoch());
      row.add(m.step());
      for (String c : columns.subList(2, columns.size())) {
        row.add(m.get(c));
      }
      rows.add(row);
    }
    Csv.write(dir.resolve(METRICS), columns, rows);
  }

  public static List<EpochMetrics> readMetrics(Path dir) throws IOException {
    Path file = dir.resolve(METRICS);
    List<CSVRecord> records = Csv.read(file, ALWAYS.toArray(String[]::new));
    List<EpochMetrics> out = new ArrayList<>(records.size());
    List<String> extraColumns = new ArrayList<>();
    if (!records.isEmpty()) {
      for (String column : records.get(0).getParser().getHeaderNames()) {
        if (!ALWAYS.contains(column) && !column.equals("accuracy") && !column.equals("val_accuracy")) {
          extraColumns.add(column);
        }
      }
    }
    for (CSVRecord r : records) {
      Map<String, Double> extra = new LinkedHashMap<>();
      for (String column : extraColumns) {
        extra.put(column, Csv.number(file, r, column));
      }
      out.add(new EpochMetrics(Csv.integer(file, r, "epoch"), (long) Csv.number(file, r, "step"),
          Csv.number(file, r, "loss"), Csv.number(file, r, "val_loss"),
          r.isMapped("accuracy") ? Csv.number(file, r, "accuracy") : Double.NaN,
          r.isMapped("val_accuracy") ? Csv.number(file, r, "val_accuracy") : Double.NaN, extra));
    }
    return out;
  }

  // ---- kernel history ------------------------------------------------------------------------

  /** @param history input: the kernel (Keras layout, 2D {@code [kh, kw, in, f]} or 1D {@code [k, in, f]}) per epoch, epoch 0 first */
  public static void writeKernels(Path dir, List<Tensor> history) throws IOException {
    List<List<Object>> rows = new ArrayList<>();
    for (int epoch = 0; epoch < history.size(); epoch++) {
      Tensor k = as4d(history.get(epoch));
      int[] s = k.shape();
      for (int f = 0; f < s[3]; f++) {
        for (int r = 0; r < s[0]; r++) {
          for (int c = 0; c < s[1]; c++) {
            for (int ch = 0; ch < s[2]; ch++) {
              rows.add(List.of(epoch, f, r, c, ch, k.get(r, c, ch, f)));
            }
          }
        }
      }
    }
    Csv.write(dir.resolve(KERNELS), List.of("epoch", "filter", "row", "col", "channel", "value"), rows);
  }

  /**
   * The kernel history, one tensor per epoch in the shape {@code kernelShape} (from the config).
   *
   * @throws IOException naming the file when an epoch lacks weights or an index lies outside the shape
   */
  public static List<Tensor> readKernels(Path dir, int[] kernelShape) throws IOException {
    Path file = dir.resolve(KERNELS);
    List<CSVRecord> records = Csv.read(file, "epoch", "filter", "row", "col", "channel", "value");
    int[] s4 = as4dShape(kernelShape);
    int perEpoch = s4[0] * s4[1] * s4[2] * s4[3];
    if (records.size() % perEpoch != 0 || records.isEmpty()) {
      throw new IOException(file + ": expected a multiple of " + perEpoch + " weights (kernel "
          + String.join("x", shapeText(kernelShape)) + " per epoch), got " + records.size() + " rows");
    }
    List<Tensor> history = new ArrayList<>();
    for (int e = 0; e < records.size() / perEpoch; e++) {
      history.add(Tensor.zeros(s4));
    }
    for (CSVRecord r : records) {
      int epoch = Csv.integer(file, r, "epoch");
      int[] index = {Csv.integer(file, r, "row"), Csv.integer(file, r, "col"), Csv.integer(file, r, "channel"),
          Csv.integer(file, r, "filter")};
      if (epoch < 0 || epoch >= history.size() || !inside(index, s4)) {
        throw new IOException(file + ": line " + (r.getRecordNumber() + 1) + ": epoch " + epoch + " index "
            + Arrays.toString(index) + " is outside " + history.size() + " epochs of kernel "
            + String.join("x", shapeText(s4)));
      }
      history.get(epoch).set(Csv.number(file, r, "value"), index);
    }
    List<Tensor> shaped = new ArrayList<>();
    for (Tensor t : history) {
      shaped.add(t.reshape(kernelShape));
    }
    return shaped;
  }

  private static boolean inside(int[] index, int[] shape) {
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= shape[i]) {
        return false;
      }
    }
    return true;
  }

  /** A 1D kernel {@code [k, in, f]} as {@code [1, k, in, f]}; a 2D one unchanged (shares data). */
  public static Tensor as4d(Tensor kernel) {
    return kernel.reshape(as4dShape(kernel.shape()));
  }

  private static int[] as4dShape(int[] shape) {
    return shape.length == 3 ? new int[] {1, shape[0], shape[1], shape[2]} : shape.clone();
  }

  // ---- weights -------------------------------------------------------------------------------

  /**
   * Writes {@code weights.csv} in the engine's weight-file format ({@link WeightFile}, Keras layout), so
   * that {@code WeightFile.load(file, model)} loads it back into a model of the same architecture:
   * the record {@code minicnn-weights,1,keras}, then per parameter {@code tensor,<layer/name>,<d0>,…,<dk>}
   * followed by its values row-major, {@code dk} per row.
   *
   * @param weights input: parameter name ({@code layer/name}) → tensor, in Keras order
   */
  public static void writeWeights(Path dir, Map<String, Tensor> weights) throws IOException {
    CSVFormat format = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();
    AtomicFiles.write(dir.resolve(WEIGHTS), out -> {
      // not closed here: AtomicFiles flushes, forces and closes the writer
      CSVPrinter printer = new CSVPrinter(out, format);
      printer.printRecord(WeightFile.MAGIC, WeightFile.VERSION, "keras");
      for (Map.Entry<String, Tensor> e : weights.entrySet()) {
        int[] shape = e.getValue().shape();
        List<Object> header = new ArrayList<>(List.of("tensor", e.getKey()));
        for (int d : shape) {
          header.add(d);
        }
        printer.printRecord(header);
        double[] data = e.getValue().data();
        int columns = shape[shape.length - 1];
        for (int start = 0; start < data.length; start += columns) {
          List<Object> row = new ArrayList<>(columns);
          for (int j = 0; j < columns; j++) {
            row.add(data[start + j]);
          }
          printer.printRecord(row);
        }
      }
      printer.flush();
    });
  }

  // ---- sample --------------------------------------------------------------------------------

  public static void writeSample(Path dir, Tensor sample) throws IOException {
    List<List<Object>> rows = new ArrayList<>();
    double[] data = sample.data();
    for (int i = 0; i < data.length; i++) {
      rows.add(List.of(i, data[i]));
    }
    Csv.write(dir.resolve(SAMPLE), List.of("index", "value"), rows);
  }

  /** The sample input, shaped {@code shape} (from the config). */
  public static Tensor readSample(Path dir, int[] shape) throws IOException {
    Path file = dir.resolve(SAMPLE);
    List<CSVRecord> records = Csv.read(file, "index", "value");
    long values = 1;
    for (int d : shape) {
      values *= d;  // each d ≤ 2^31 and the product is compared before it could overflow
      if (values > records.size()) {
        break;
      }
    }
    // compared before allocating: a config naming a huge shape is refused, not allocated
    if (values != records.size()) {
      throw new IOException(file + ": expected " + (values > records.size() ? "more than " + records.size() : values)
          + " values for the shape " + String.join("x", shapeText(shape)) + " of " + dir.resolve(CONFIG) + ", got "
          + records.size());
    }
    Tensor t = Tensor.zeros(shape);
    for (CSVRecord r : records) {
      int index = Csv.integer(file, r, "index");
      if (index < 0 || index >= t.size()) {
        throw new IOException(file + ": line " + (r.getRecordNumber() + 1) + ": index " + index + " is outside 0.."
            + (t.size() - 1));
      }
      t.data()[index] = Csv.number(file, r, "value");
    }
    return t;
  }

  // ---- shapes --------------------------------------------------------------------------------

  /** {@code [3, 3, 1, 1]} as the texts {@code 3, 3, 1, 1} (join with "x" for {@code 3x3x1x1}). */
  public static List<String> shapeText(int[] shape) {
    List<String> parts = new ArrayList<>();
    for (int d : shape) {
      parts.add(Integer.toString(d));
    }
    return parts;
  }

  /**
   * {@code 3x3x1x1} → {@code [3, 3, 1, 1]}.
   *
   * @throws IllegalArgumentException unless every part is a positive integer and the product fits an array
   */
  public static int[] parseShape(String text) {
    String[] parts = text.split("x");
    int[] shape = new int[parts.length];
    try {
      for (int i = 0; i < parts.length; i++) {
        shape[i] = Integer.parseInt(parts[i].trim());
      }
    } catch (NumberFormatException e) {
      shape[0] = -1;
    }
    if (Arrays.stream(shape).anyMatch(d -> d <= 0) || Shapes.product(shape) > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("expected a shape like 3x3x1x1 (positive sizes), got '" + text + "'");
    }
    return shape;
  }
}
