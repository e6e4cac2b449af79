package org.minicnn.datasets.csv;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.minicnn.datasets.DataFile;
import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;

/**
 * Reads one data file in the format of {@link DatasetCsv}, record by record from a {@link Reader}, and
 * either returns all of it or throws: no partly read data ever escapes.
 */
final class CsvDatasetParser {

  /** Commas, double quotes, any line ending; blank lines are handled here so that line numbers stay exact. */
  static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).setTrim(true).get();

  /** What one parsed text cell costs while its record is held, in doubles (a String: about 64 bytes). */
  static final int TEXT_CELL_VALUES = 8;
  /** The most values (or labels) reserved before the rows that fill them are read. */
  private static final int FIRST_GUESS = 1 << 20;

  private final Locator at;
  private final long maxValues;
  private CSVParser parser;
  private Iterator<CSVRecord> records;

  private CsvDatasetParser(String source, long maxValues) {
    this.at = new Locator(source);
    this.maxValues = maxValues;
  }

  /**
   * @param in input, read to the end or to the first error (not closed)
   * @param source the name shown in error messages, e.g. the file name
   * @param maxValues the most values (inputs plus targets) the file may hold
   */
  static DataFile parse(Reader in, String source, long maxValues) throws IOException {
    CsvDatasetParser p = new CsvDatasetParser(source, maxValues);
    try {
      return p.parse(in);
    } catch (CharacterCodingException e) {
      throw p.unreadable(e);
    }
  }

  private DataFile parse(Reader in) throws IOException {
    parser = CSVParser.parse(withoutBom(in), FORMAT);
    records = parser.iterator();
    CSVRecord first = next();
    if (first == null) {
      throw at.error(0, "the file is empty; expected the declaration record, e.g. minicnn-dataset,inputs=8x8x1");
    }
    Declaration d = Declaration.parse(first, at);
    long declaredLine = at.line();
    int p = d.inputSize();
    int q = d.targetSize();
    if (d.fieldsPerRow() > Declaration.MAX_VALUES) {
      throw at.error(0, "a row would have " + d.fieldsPerRow() + " fields; at most " + Declaration.MAX_VALUES
          + " are supported");
    }
    if ((long) d.fieldsPerRow() * TEXT_CELL_VALUES > maxValues) {
      // Commons CSV holds a whole record as strings before a value is read: a few bytes claiming a
      // huge row would end in an OutOfMemoryError inside the parser, within the budget of doubles
      throw at.error(0, "a row of " + d.fieldsPerRow() + " fields takes about " + (long) d.fieldsPerRow()
          * TEXT_CELL_VALUES + " values' worth of memory while it is parsed (" + 8 * TEXT_CELL_VALUES
          + " bytes a text cell), more than the budget of " + maxValues + " values");
    }
    if (d.samples() > 0) {
      checkDeclaredSize(d);
    }
    // Reserve for the declared (or 64) rows, but at most FIRST_GUESS values: a few bytes claiming huge
    // samples must not cost memory before their rows exist; real rows grow the arrays as they come.
    long rows = d.samples() > 0 ? d.samples() : 64;
    Values inputs = new Values((int) Math.min(rows * p, FIRST_GUESS));
    Values targets = new Values((int) Math.min(rows * q, FIRST_GUESS));
    int[] labels = new int[d.classes().isEmpty() ? 0 : (int) Math.min(rows, FIRST_GUESS)];
    Map<String, Integer> classIndex = new HashMap<>();
    for (int i = 0; i < d.classes().size(); i++) {
      classIndex.put(d.classes().get(i), i);
    }
    CSVRecord row = next();
    if (row != null && (row.get(0).equals("label") || row.get(0).equals("x0"))) {
      checkColumnNames(row, d);
      row = next();
    }
    int count = 0;
    for (; row != null; row = next()) {
      if (d.samples() > 0 && count == d.samples()) {
        throw at.error(0, "more rows than the " + d.samples() + " samples declared on line " + declaredLine);
      }
      if ((count + 1L) * (p + q) > Math.min(maxValues, Declaration.MAX_VALUES)) {
        throw at.error(0, "the samples so far hold more than " + Math.min(maxValues, Declaration.MAX_VALUES)
            + " values, more than fit in memory");
      }
      checkFieldCount(row, d);
      int column = 1;
      if (!d.classes().isEmpty()) {
        Integer label = classIndex.get(row.get(0));
        if (label == null) {
          throw at.error(1, "unknown label '" + Locator.shorten(row.get(0)) + "'; expected one of " + d.classes());
        }
        if (count == labels.length) {
          labels = java.util.Arrays.copyOf(labels, Math.max(16, 2 * labels.length));
        }
        labels[count] = label;
        column++;
      }
      for (int i = 0; i < p; i++, column++) {
        inputs.add(Cells.number(row.get(column - 1), at, column, "x" + i));
      }
      for (int i = 0; i < q; i++, column++) {
        targets.add(Cells.number(row.get(column - 1), at, column, "y" + i));
      }
      count++;
    }
    if (count == 0) {
      throw at.error(0, "the file ends without samples; expected at least one data row after the declaration");
    }
    if (d.samples() > 0 && count < d.samples()) {
      throw at.error(0, "the file ends after " + count + " samples; line " + declaredLine + " declares samples="
          + d.samples());
    }
    Tensor x = Tensor.wrap(inputs.toArray(), Shapes.concat(new int[] {count}, d.inputShape()));
    Tensor y = q == 0 ? null : Tensor.wrap(targets.toArray(), Shapes.concat(new int[] {count}, d.targetShape()));
    int[] l = d.classes().isEmpty() ? null : java.util.Arrays.copyOf(labels, count);
    return new DataFile(x, y, l, d.classes());
  }

  /** Before allocating: the declared samples must fit in one array each and in the memory budget together. */
  private void checkDeclaredSize(Declaration d) {
    long perSample = (long) d.inputSize() + d.targetSize();
    long limit = Math.min(maxValues, Declaration.MAX_VALUES);
    boolean tooMany = d.samples() > limit || d.samples() * perSample > limit;
    if (tooMany) {
      throw at.error(0, "samples=" + d.samples() + " of " + perSample + " values each"
          + (d.samples() <= Long.MAX_VALUE / perSample ? " (" + d.samples() * perSample + " values)" : "")
          + " do not fit in memory; at most " + limit + " values can be read");
    }
  }

  private void checkColumnNames(CSVRecord row, Declaration d) {
    checkFieldCount(row, d);
    for (int i = 0; i < row.size(); i++) {
      String expected = d.fieldName(i);
      if (!row.get(i).equals(expected)) {
        throw at.error(i + 1, "expected column name '" + expected + "', got '" + Locator.shorten(row.get(i)) + "'");
      }
    }
  }

  private void checkFieldCount(CSVRecord row, Declaration d) {
    long expected = d.fieldsPerRow();
    if (row.size() != expected) {
      int column = (int) Math.min(row.size(), expected) + 1;
      String layout = (d.classes().isEmpty() ? "" : "label, ") + "x0…x" + (d.inputSize() - 1)
          + (d.targetSize() == 0 ? "" : ", y0…y" + (d.targetSize() - 1));
      throw at.error(column, "expected " + expected + " fields (" + layout + "), got " + row.size());
    }
  }

  /** The next non-blank record, or null at the end; sets the locator to the line it starts on. */
  private CSVRecord next() {
    while (true) {
      at.moveTo(parser.getCurrentLineNumber() + 1);
      try {
        if (!records.hasNext()) {
          return null;
        }
        CSVRecord record = records.next();
        if (!(record.size() == 1 && record.get(0).isEmpty())) {
          return record;
        }
      } catch (UncheckedIOException e) {
        throw unreadable(e.getCause());
      } catch (IllegalStateException e) {
        throw unreadable(e);
      }
    }
  }

  private DatasetFormatException unreadable(Throwable cause) {
    String problem = cause instanceof CharacterCodingException
        ? "not UTF-8 text (" + cause.getClass().getSimpleName() + "); expected a UTF-8 CSV file"
        : "malformed CSV: " + cause.getMessage();
    return at.error(0, problem, cause);
  }

  /** Skips a leading byte-order mark (U+FEFF), which spreadsheet programs write and Commons CSV keeps. */
  private static Reader withoutBom(Reader in) throws IOException {
    PushbackReader reader = new PushbackReader(in, 1);
    int first = reader.read();
    if (first != -1 && first != '\uFEFF') {
      reader.unread(first);
    }
    return reader;
  }
}
