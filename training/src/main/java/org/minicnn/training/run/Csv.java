package org.minicnn.training.run;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.minicnn.engine.io.AtomicFiles;
import org.minicnn.engine.io.TensorBlocks;

/**
 * The run directory's CSV dialect (Apache Commons CSV): RFC 4180 with a header row, {@code \n} line
 * ends, doubles in Java's shortest round-trip form ({@link Double#toString}, read back bit-identical),
 * and an empty cell for "not measured" (NaN).
 */
public final class Csv {

  private Csv() {}

  /**
   * Writes {@code header} and {@code rows} (input) to {@code file} atomically ({@link AtomicFiles}): a
   * reader or a crash sees the old file or the complete new one. The run directory is new (see
   * {@link RunDirectory}), so only a checkpointed or resumed run replaces its own files.
   */
  public static void write(Path file, List<String> header, List<List<Object>> rows) throws IOException {
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new))
        .setRecordSeparator('\n').get();
    AtomicFiles.write(file, out -> {
      // not closed here: AtomicFiles flushes, forces and closes the writer
      CSVPrinter printer = new CSVPrinter(out, format);
      for (List<Object> row : rows) {
        List<Object> cells = new ArrayList<>(row.size());
        for (Object cell : row) {
          cells.add(cell instanceof Double d && d.isNaN() ? "" : cell);
        }
        printer.printRecord(cells);
      }
      printer.flush();
    });
  }

  /** The records of {@code file} after its header, each checked to have every {@code required} column. */
  static List<CSVRecord> read(Path file, String... required) throws IOException {
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.builder().setReader(in).setFormat(format).get()) {
      for (String column : required) {
        if (!parser.getHeaderMap().containsKey(column)) {
          throw new IOException(file + ": line 1: expected a column '" + column + "' in the header, got "
              + parser.getHeaderNames());
        }
      }
      List<CSVRecord> records = new ArrayList<>();
      for (CSVRecord r : parser) {
        if (!r.isConsistent()) {
          throw new IOException(file + ": line " + (r.getRecordNumber() + 1) + ": expected "
              + parser.getHeaderNames().size() + " cells, got " + r.size());
        }
        records.add(r);
      }
      return records;
    } catch (java.nio.charset.CharacterCodingException e) {
      throw notUtf8(file, e);
    } catch (UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
      if (e.getCause() instanceof java.nio.charset.CharacterCodingException coding) {
        throw notUtf8(file, coding);
      }
      // Commons CSV reports a malformed record (an unclosed quote, a duplicate header) this way
      throw new IOException(file + ": " + lineOf(e) + "not CSV: " + RunFiles.rootReason(e), e);
    }
  }

  /**
   * The lines of a UTF-8 text file.
   *
   * @throws IOException naming the file when it is not UTF-8 text (binary, UTF-16)
   */
  static List<String> utf8Lines(Path file) throws IOException {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw notUtf8(file, e);
    }
  }

  private static IOException notUtf8(Path file, Exception e) {
    return new IOException(file + ": not UTF-8 text (a binary file, or another encoding such as UTF-16)", e);
  }

  /** "line N: " from Commons CSV's "(line N)", or nothing. */
  private static String lineOf(Exception e) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("line (\\d+)").matcher(RunFiles.rootReason(e));
    return m.find() ? "line " + m.group(1) + ": " : "";
  }

  /**
   * The number in {@code column} of {@code record}; an empty cell is NaN (not measured).
   *
   * @throws IOException naming the file, line and column for anything but a finite ASCII decimal (NaN,
   *     Infinity, hexadecimal, {@code 1d}, {@code 1e400})
   */
  static double number(Path file, CSVRecord record, String column) throws IOException {
    String cell = record.get(column);
    if (cell.isEmpty()) {
      return Double.NaN;
    }
    double value = isDecimal(cell) ? Double.parseDouble(cell) : Double.NaN;
    if (!Double.isFinite(value)) {
      throw new IOException(at(file, record, column) + "expected a finite decimal number (an empty cell for"
          + " not measured), got '" + TensorBlocks.clip(cell) + "'");
    }
    return value;
  }

  /**
   * Whether {@code s} is a plain ASCII decimal, {@link TensorBlocks#NUMBER} without a regular
   * expression: a cell of metrics.csv is checked a million times for a long run.
   */
  static boolean isDecimal(String s) {
    int i = 0;
    int n = s.length();
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int digits = 0;
    while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
      digits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int exponent = 0;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && exponent < 5) {
        i++;
        exponent++;
      }
      if (exponent == 0 || exponent > 4) {
        return false;
      }
    }
    return i == n;
  }

  /** The integer (ASCII digits) in {@code column} of {@code record}. */
  static int integer(Path file, CSVRecord record, String column) throws IOException {
    String cell = record.get(column);
    if (cell.matches("-?[0-9]{1,10}")) {
      long value = Long.parseLong(cell);
      if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
        return (int) value;
      }
    }
    throw new IOException(at(file, record, column) + "expected an integer, got '" + TensorBlocks.clip(cell) + "'");
  }

  /** "file: line N, column 'c': " — the header is line 1, so record N is on line N + 1. */
  private static String at(Path file, CSVRecord record, String column) {
    return file + ": line " + (record.getRecordNumber() + 1) + ", column '" + column + "': ";
  }
}
