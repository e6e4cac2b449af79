package org.minicnn.training.run;

import java.io.IOException;
import java.io.Reader;
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
      List<CSVRecord> records = parser.getRecords();
      for (CSVRecord r : records) {
        if (!r.isConsistent()) {
          throw new IOException(file + ": line " + (r.getRecordNumber() + 1) + ": expected "
              + parser.getHeaderNames().size() + " cells, got " + r.size());
        }
      }
      return records;
    }
  }

  /** The number in {@code column} of {@code record}; an empty cell is NaN. */
  static double number(Path file, CSVRecord record, String column) throws IOException {
    String cell = record.get(column);
    if (cell.isEmpty()) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(cell);
    } catch (NumberFormatException e) {
      throw new IOException(file + ": record " + record.getRecordNumber() + ", column '" + column
          + "': expected a number, got '" + cell + "'");
    }
  }

  /** The integer in {@code column} of {@code record}. */
  static int integer(Path file, CSVRecord record, String column) throws IOException {
    String cell = record.get(column);
    try {
      return Integer.parseInt(cell);
    } catch (NumberFormatException e) {
      throw new IOException(file + ": record " + record.getRecordNumber() + ", column '" + column
          + "': expected an integer, got '" + cell + "'");
    }
  }
}
