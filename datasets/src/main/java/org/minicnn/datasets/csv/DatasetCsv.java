package org.minicnn.datasets.csv;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.minicnn.datasets.DataFile;
import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.io.AtomicFiles;

/**
 * Reads and writes data sets as CSV (UTF-8, RFC 4180 quoting, via Apache Commons CSV).
 *
 * <p><b>Format</b> (version 1). Record 1 declares what the rows hold: the cell {@code minicnn-dataset},
 * then {@code key=value} cells in any order —
 * <ul>
 *   <li>{@code inputs=8x8x1} (required): the shape of one input sample, dimensions joined by {@code x}
 *       ({@code rows x cols x channels} for images, {@code length x channels} for signals);</li>
 *   <li>{@code targets=6x6x1}: the shape of one regression target sample, if rows have targets;</li>
 *   <li>{@code classes=vertical;horizontal}: the class names, if rows have a label column (label
 *       {@code i} is the {@code i}-th name; names are non-empty, without {@code ;}, surrounding spaces or control characters,
 *       and not {@code label});</li>
 *   <li>{@code samples=100}: the number of data rows; optional, but when present it is checked, and it
 *       lets the reader refuse a file too large for memory before allocating;</li>
 *   <li>{@code version=1}.</li>
 * </ul>
 * An optional record of column names may follow: {@code label} (with classes), {@code x0 … x(P−1)},
 * {@code y0 … y(Q−1)} (with targets). Then one record per sample: the class name (with classes), the
 * {@code P} input values of the sample in row-major order of its shape (for an image, {@code x} index
 * {@code (r·cols + c)·channels + ch}), then its {@code Q} target values. Values are decimal numbers
 * (NaN and infinities are refused); they are written with {@link Double#toString}, which reads back
 * bit-identical. A byte-order mark, CRLF or CR line endings, quoted fields, spaces around cells and
 * blank lines (anywhere, e.g. trailing) are accepted.
 *
 * <pre>
 * minicnn-dataset,version=1,inputs=3x3x1,classes=vertical;horizontal,samples=2
 * label,x0,x1,x2,x3,x4,x5,x6,x7,x8
 * vertical,0.0,1.0,0.0,0.0,1.0,0.0,0.0,1.0,0.0
 * horizontal,0.0,0.0,0.0,1.0,1.0,1.0,0.0,0.0,0.0
 * </pre>
 *
 * <p><b>Errors.</b> A file that breaks the format throws {@link DatasetFormatException} (unchecked)
 * naming the file, line, column and what was expected; reading either returns the whole data set or
 * nothing. {@link IOException} is left for I/O failures. Files are streamed record by record; memory
 * holds the parsed values, not the text.
 */
public final class DatasetCsv {

  private static final CSVFormat WRITE_FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();

  private DatasetCsv() {}

  /** Reads {@code file} (UTF-8) with the {@link #defaultMaxValues() default memory budget}. */
  public static DataFile read(Path file) throws IOException {
    if (file == null) {
      throw new IllegalArgumentException("DatasetCsv.read: expected a file, got null");
    }
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, file.toString(), defaultMaxValues());
    }
  }

  /**
   * Reads a data set from {@code in} (input, read but not closed) with the default memory budget.
   *
   * @param source the name used in error messages, e.g. a file name or {@code "<stdin>"}
   */
  public static DataFile read(Reader in, String source) throws IOException {
    return read(in, source, defaultMaxValues());
  }

  /**
   * Reads a data set from {@code in} (input, read but not closed), refusing files that hold more than
   * {@code maxValues} values (inputs plus targets) — checked against {@code samples=} before anything
   * is allocated, and row by row otherwise.
   */
  public static DataFile read(Reader in, String source, long maxValues) throws IOException {
    if (in == null || source == null) {
      throw new IllegalArgumentException("DatasetCsv.read: expected a reader and a source name, got null");
    }
    if (maxValues <= 0) {
      throw new IllegalArgumentException("DatasetCsv.read: maxValues must be positive, got " + maxValues);
    }
    return CsvDatasetParser.parse(in, source, maxValues);
  }

  /**
   * The default budget: a quarter of the heap still free (doubles of 8 bytes), leaving room for the
   * copies that shuffling and training make; at most the largest array.
   */
  public static long defaultMaxValues() {
    Runtime rt = Runtime.getRuntime();
    long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    return Math.max(1, Math.min(Integer.MAX_VALUE - 8, free / 8 / 4));
  }

  /**
   * Writes {@code data} (input) to {@code file} atomically with the engine's {@link AtomicFiles}
   * (temporary file in the same directory, forced to disk, renamed over {@code file}; missing parent
   * directories are created), so a crash never leaves a half-written file under that name.
   *
   * @throws IllegalArgumentException (before creating any file) for a class name the format cannot hold
   *     or one given twice,
   *     a tensor of rank 1 (no sample shape) or a non-finite value
   */
  public static void write(Path file, DataFile data) throws IOException {
    if (file == null) {
      throw new IllegalArgumentException("DatasetCsv.write: expected a file, got null");
    }
    check(data);
    AtomicFiles.write(file, out -> write(out, data));
  }

  /** Writes {@code data} (input) to {@code out} (modified, flushed, not closed) in the format above. */
  public static void write(Writer out, DataFile data) throws IOException {
    if (out == null) {
      throw new IllegalArgumentException("DatasetCsv.write: expected a writer, got null");
    }
    check(data);
    Tensor x = data.inputs();
    Tensor y = data.targets();
    int n = data.size();
    int[] inputShape = Arrays.copyOfRange(x.shape(), 1, x.rank());
    int[] targetShape = y == null ? null : Arrays.copyOfRange(y.shape(), 1, y.rank());
    Declaration d = new Declaration(inputShape, targetShape, data.classNames(), n);
    CSVPrinter printer = new CSVPrinter(out, WRITE_FORMAT);
    printer.printRecord(d.cells());
    for (long i = 0; i < d.fieldsPerRow(); i++) {
      printer.print(d.fieldName(i));
    }
    printer.println();
    int[] labels = data.labels();
    int p = d.inputSize();
    int q = d.targetSize();
    for (int s = 0; s < n; s++) {
      if (labels != null) {
        printer.print(data.classNames().get(labels[s]));
      }
      printValues(printer, x.data(), s * p, p);
      if (y != null) {
        printValues(printer, y.data(), s * q, q);
      }
      printer.println();
    }
    printer.flush();
  }

  private static void printValues(CSVPrinter printer, double[] data, int from, int count) throws IOException {
    for (int i = from; i < from + count; i++) {
      printer.print(Double.toString(data[i]));
    }
  }

  private static void check(DataFile data) {
    if (data == null) {
      throw new IllegalArgumentException("DatasetCsv.write: expected data, got null");
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String name : data.classNames()) {
      String problem = Declaration.classNameProblem(name);
      if (problem != null) {
        throw new IllegalArgumentException("DatasetCsv.write: " + problem);
      }
      // The reader refuses a class declared twice, so writing one would make a file that cannot be read.
      if (!seen.add(name)) {
        throw new IllegalArgumentException("DatasetCsv.write: class name '" + name + "' is given twice; the format"
            + " needs distinct names");
      }
    }
    requireSamples("inputs", data.inputs());
    if (data.targets() != null) {
      requireSamples("targets", data.targets());
    }
  }

  /** A tensor {@code [n, sample…]} of rank ≥ 2 with finite values: a bare {@code [n]} has no sample shape to declare. */
  private static void requireSamples(String what, Tensor t) {
    if (t.rank() < 2) {
      throw new IllegalArgumentException("DatasetCsv.write: expected " + what + " of rank ≥ 2 [samples, sample shape…],"
          + " got shape " + Shapes.format(t.shape()) + "; reshape a [n] tensor to [n, 1]");
    }
    double[] v = t.data();
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw new IllegalArgumentException("DatasetCsv.write: " + what + " value " + v[i] + " at index "
            + Shapes.format(Shapes.unravel(i, t.shape())) + " is not finite; the format holds finite numbers only");
      }
    }
  }
}
