package org.minicnn.datasets.csv;

/** Makes {@link DatasetFormatException}s for one source at the line being read (modified as reading advances). */
final class Locator {

  private final String source;
  private long line = 1;

  Locator(String source) {
    this.source = source;
  }

  /** The 1-based line the current record starts on. */
  long line() {
    return line;
  }

  void moveTo(long line) {
    this.line = line;
  }

  /** An error at the current line; {@code column} 1-based, 0 for the whole line. */
  DatasetFormatException error(int column, String problem) {
    return new DatasetFormatException(source, line, column, problem);
  }

  /** An error at the current line caused by {@code cause}. */
  DatasetFormatException error(int column, String problem, Throwable cause) {
    return new DatasetFormatException(source, line, column, problem, cause);
  }

  /** A cell as quoted in a message: at most 40 characters, control characters escaped. */
  static String shorten(String cell) {
    String s = cell.length() > 40 ? cell.substring(0, 40) + "…" : cell;
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
