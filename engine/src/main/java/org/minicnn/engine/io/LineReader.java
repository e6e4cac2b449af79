package org.minicnn.engine.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a UTF-8 text file line by line with a cap on each line's length, so that no file — a
 * single endless line, binary garbage — can make the reader hold more than the caller allows.
 * Accepts LF and CRLF line ends and a byte-order mark at the very start; counts lines from 1.
 * Lines are split on bytes and decoded one at a time, so an encoding error names its own line.
 */
public final class LineReader implements AutoCloseable {

  /** Makes the exception for a problem on a line, of the kind that names the file being read. */
  @FunctionalInterface
  public interface Failure {
    FileFormatException at(Path file, long line, String problem);
  }

  private final Path file;
  private final Failure failure;
  private final InputStream in;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  private byte[] buffer = new byte[256];
  private long lineNumber;

  /** A reader of a weight file: its problems are {@link WeightFileException}s. */
  LineReader(Path file) throws IOException {
    this(file, WeightFileException::new);
  }

  /** @param failure makes the exception for each problem, so it is named for the kind of file */
  public LineReader(Path file, Failure failure) throws IOException {
    this.file = file;
    this.failure = failure;
    this.in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    skipByteOrderMark();
  }

  private void skipByteOrderMark() throws IOException {
    in.mark(3);
    if (!(in.read() == 0xEF && in.read() == 0xBB && in.read() == 0xBF)) {
      in.reset();
    }
  }

  /** The number of the line last read (1-based); at the end of the file, the line that would come next. */
  public long lineNumber() {
    return lineNumber;
  }

  public Path file() {
    return file;
  }

  /**
   * The next line without its line end, or null at the end of the file.
   *
   * @param maxChars the longest line accepted (in bytes of UTF-8, which is characters for ASCII)
   * @param what what the line should hold, for the message
   * @throws FileFormatException when the line is longer, contains a NUL or a lone CR, or is not UTF-8
   */
  public String next(int maxChars, String what) throws IOException {
    lineNumber++;
    int length = 0;
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        return decode(length, what);
      }
      if (b == '\r') {
        if (in.read() == '\n') {
          return decode(length, what);
        }
        throw fail("a carriage return not followed by a line feed; expected " + what);
      }
      if (b == 0) {
        throw fail("a NUL character (a binary file?); expected " + what);
      }
      if (length >= maxChars) {
        throw fail("the line is longer than " + maxChars + " characters; expected " + what);
      }
      if (length == buffer.length) {
        buffer = java.util.Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, Integer.MAX_VALUE - 8));
      }
      buffer[length++] = (byte) b;
    }
    return length == 0 ? null : decode(length, what);
  }

  private String decode(int length, String what) throws FileFormatException {
    try {
      return utf8.decode(ByteBuffer.wrap(buffer, 0, length)).toString();
    } catch (CharacterCodingException e) {
      throw fail("not UTF-8 text (a binary file?); expected " + what);
    }
  }

  /** The exception for {@code problem} on the line last read. */
  public FileFormatException fail(String problem) {
    return failure.at(file, lineNumber, problem);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
