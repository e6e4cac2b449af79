package org.minicnn.datasets.csv;

/**
 * A data file that does not follow the format of {@link DatasetCsv}. Unchecked, like every other bad
 * input in minicnn (an {@link IllegalArgumentException}); genuine I/O failures (missing file, unreadable
 * disk) stay {@link java.io.IOException}s. The message reads
 * {@code "data.csv: line 5, column 3: expected a number, got 'abc'"}; the parts are also available
 * separately. Lines and columns count from 1; 0 means "not about one line/column".
 */
public class DatasetFormatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String file;
  private final long line;
  private final int column;
  private final String problem;

  /**
   * @param file the file name or other source description shown to the user
   * @param line 1-based line, 0 when the problem is not about one line
   * @param column 1-based column (CSV field), 0 when the problem is not about one column
   * @param problem what was expected and what came
   */
  public DatasetFormatException(String file, long line, int column, String problem) {
    super(format(file, line, column, problem));
    this.file = file;
    this.line = line;
    this.column = column;
    this.problem = problem;
  }

  DatasetFormatException(String file, long line, int column, String problem, Throwable cause) {
    this(file, line, column, problem);
    initCause(cause);
  }

  private static String format(String file, long line, int column, String problem) {
    StringBuilder s = new StringBuilder(String.valueOf(file));
    if (line > 0) {
      s.append(": line ").append(line);
      if (column > 0) {
        s.append(", column ").append(column);
      }
    }
    return s.append(": ").append(problem).toString();
  }

  /** The file name or source description. */
  public String file() {
    return file;
  }

  /** The 1-based line, or 0. */
  public long line() {
    return line;
  }

  /** The 1-based column, or 0. */
  public int column() {
    return column;
  }

  /** The problem without the location. */
  public String problem() {
    return problem;
  }
}
