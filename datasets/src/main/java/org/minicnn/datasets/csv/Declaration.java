package org.minicnn.datasets.csv;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVRecord;
import org.minicnn.engine.Shapes;

/**
 * The first record of a data file, e.g. {@code minicnn-dataset,version=1,inputs=8x8x1,targets=6x6x1,
 * classes=vertical;horizontal,samples=100}: what every row holds. See {@link DatasetCsv} for the format.
 *
 * @param inputShape the shape of one input sample
 * @param targetShape the shape of one target sample, or null when rows have no targets
 * @param classes the class names; empty when rows have no label column
 * @param samples the declared number of rows, or -1 when not declared
 */
record Declaration(int[] inputShape, int[] targetShape, List<String> classes, long samples) {

  static final String MAGIC = "minicnn-dataset";
  static final int VERSION = 1;
  static final int MAX_VALUES = Integer.MAX_VALUE - 8;
  private static final List<String> KEYS = List.of("version", "inputs", "targets", "classes", "samples");

  /** Values per input sample. */
  int inputSize() {
    return (int) Shapes.product(inputShape);
  }

  /** Values per target sample, 0 without targets. */
  int targetSize() {
    return targetShape == null ? 0 : (int) Shapes.product(targetShape);
  }

  /** Fields per data row: the label (if classes), the inputs, the targets. */
  long fieldsPerRow() {
    return (classes.isEmpty() ? 0 : 1) + (long) inputSize() + targetSize();
  }

  /** The name of field {@code index} (0-based) of a data row: {@code label}, {@code x0…}, {@code y0…}. */
  String fieldName(long index) {
    long i = index;
    if (!classes.isEmpty()) {
      if (i == 0) {
        return "label";
      }
      i--;
    }
    return i < inputSize() ? "x" + i : "y" + (i - inputSize());
  }

  /** The declaration cells as written: magic, version, inputs, targets, classes, samples. */
  List<String> cells() {
    List<String> cells = new ArrayList<>();
    cells.add(MAGIC);
    cells.add("version=" + VERSION);
    cells.add("inputs=" + shapeText(inputShape));
    if (targetShape != null) {
      cells.add("targets=" + shapeText(targetShape));
    }
    if (!classes.isEmpty()) {
      cells.add("classes=" + String.join(";", classes));
    }
    if (samples >= 0) {
      cells.add("samples=" + samples);
    }
    return cells;
  }

  static String shapeText(int[] shape) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < shape.length; i++) {
      s.append(i == 0 ? "" : "x").append(shape[i]);
    }
    return s.toString();
  }

  /**
   * Checks a class name for writing and reading: not empty, no surrounding spaces or control characters
   * (the reader trims them), no {@code ;} (the
   * separator in the declaration), not {@code label} (the column name).
   *
   * @return null when valid, otherwise what is wrong
   */
  static String classNameProblem(String name) {
    if (name.isEmpty()) {
      return "a class name is empty";
    }
    // strip() removes Unicode spaces; trim() the control characters below ' ', which the reader's CSV trim drops.
    if (!name.equals(name.strip()) || !name.equals(name.trim())) {
      return "class name '" + Locator.shorten(name) + "' has surrounding spaces or control characters";
    }
    if (name.contains(";")) {
      return "class name '" + name + "' contains ';', the separator of class names";
    }
    if (name.equals("label")) {
      return "'label' is the name of the label column and cannot be a class name";
    }
    return null;
  }

  /** Parses the first record; {@code at} reports errors with the record's line. */
  static Declaration parse(CSVRecord record, Locator at) {
    if (!record.get(0).equals(MAGIC)) {
      throw at.error(1, "expected the declaration record '" + MAGIC
          + ",inputs=…' (e.g. minicnn-dataset,inputs=8x8x1), got '" + Locator.shorten(record.get(0)) + "'");
    }
    int[] inputs = null;
    int[] targets = null;
    List<String> classes = List.of();
    long samples = -1;
    Set<String> seen = new HashSet<>();
    for (int column = 2; column <= record.size(); column++) {
      String cell = record.get(column - 1);
      int eq = cell.indexOf('=');
      if (eq < 0) {
        throw at.error(column, "expected key=value with a key among " + KEYS + ", got '" + Locator.shorten(cell) + "'");
      }
      String key = cell.substring(0, eq).strip();
      String value = cell.substring(eq + 1).strip();
      if (!KEYS.contains(key)) {
        throw at.error(column, "unknown key '" + Locator.shorten(key) + "'; expected one of " + KEYS);
      }
      if (!seen.add(key)) {
        throw at.error(column, "key '" + key + "' is declared twice");
      }
      switch (key) {
        case "version":
          if (!value.equals(String.valueOf(VERSION))) {
            throw at.error(column, "unsupported version '" + Locator.shorten(value) + "'; this reader knows version "
                + VERSION);
          }
          break;
        case "inputs":
          inputs = parseShape(value, at, column);
          break;
        case "targets":
          targets = parseShape(value, at, column);
          break;
        case "classes":
          classes = parseClasses(value, at, column);
          break;
        default:
          samples = parseCount(value, at, column);
      }
    }
    if (inputs == null) {
      throw at.error(0, "the declaration has no inputs=…; expected the shape of one sample, e.g. inputs=8x8x1");
    }
    return new Declaration(inputs, targets, classes, samples);
  }

  private static int[] parseShape(String text, Locator at, int column) {
    String[] parts = text.split("x", -1);
    int[] shape = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      if (!parts[i].matches("[0-9]{1,10}") || Long.parseLong(parts[i]) > Integer.MAX_VALUE
          || Long.parseLong(parts[i]) == 0) {
        throw at.error(column, "expected a shape of positive integers joined by 'x' (e.g. 8x8x1), got '"
            + Locator.shorten(text) + "'");
      }
      shape[i] = Integer.parseInt(parts[i]);
    }
    long size = Shapes.product(shape);
    if (size > MAX_VALUES) {
      throw at.error(column, "shape " + Locator.shorten(text) + " has " + (size == Long.MAX_VALUE ? "more than "
          + Long.MAX_VALUE / Integer.MAX_VALUE : size) + " values per sample; at most " + MAX_VALUES + " fit in memory");
    }
    return shape;
  }

  private static List<String> parseClasses(String text, Locator at, int column) {
    List<String> names = List.of(text.split(";", -1));
    Set<String> unique = new HashSet<>();
    for (String name : names) {
      String problem = classNameProblem(name);
      if (problem != null) {
        throw at.error(column, problem + "; expected classes=name;name;… (e.g. classes=vertical;horizontal)");
      }
      if (!unique.add(name)) {
        throw at.error(column, "class '" + Locator.shorten(name) + "' is declared twice");
      }
    }
    return names;
  }

  private static long parseCount(String text, Locator at, int column) {
    if (!text.matches("[0-9]{1,18}") || Long.parseLong(text) == 0) {
      throw at.error(column, "expected samples=<positive integer>, got '" + Locator.shorten(text) + "'");
    }
    return Long.parseLong(text);
  }
}
