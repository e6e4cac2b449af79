package org.minicnn.datasets;

/**
 * A kernel name or literal that cannot be read ({@link Kernels#nameOrLiteral}): the message names the bad
 * token and where it stands.
 */
public final class KernelSyntaxException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String text;
  private final String token;
  private final int column;

  /**
   * @param text the whole name or literal
   * @param token the part that is wrong
   * @param column where the token starts in {@code text}, 1-based
   * @param problem what is wrong, naming the token
   */
  public KernelSyntaxException(String text, String token, int column, String problem) {
    super(problem + " (in \"" + text + "\")");
    this.text = text;
    this.token = token;
    this.column = column;
  }

  /** The whole name or literal. */
  public String text() {
    return text;
  }

  /** The part that is wrong. */
  public String token() {
    return token;
  }

  /** Where the token starts in {@link #text}, 1-based. */
  public int column() {
    return column;
  }
}
