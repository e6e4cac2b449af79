package org.minicnn.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TensorBlocks#number}: plain decimals, and the literal {@code NaN} only where a format allows a missing
 * value (training's metrics readers); never an infinity.
 */
class TensorBlocksTest {

  @TempDir
  Path dir;

  @Test
  void nanOnlyWhereAllowedAndNeverAnInfinity() throws IOException {
    Path file = Files.writeString(dir.resolve("metrics.csv"), "1,NaN\n");
    try (LineReader in = new LineReader(file)) {
      in.next(100, "a line");
      assertEquals(2.5, TensorBlocks.number(in, " 2.5 ", "loss", 2, true));
      assertTrue(Double.isNaN(TensorBlocks.number(in, " NaN ", "loss", 2, true)));
      assertEquals("loss: column 2 is 'NaN'; expected a decimal number (NaN and infinities are not weights)",
          problem(() -> TensorBlocks.number(in, "NaN", "loss", 2, false)));
      assertEquals("loss: column 3 is 'nan'; expected a decimal number or NaN (infinities are not stored)",
          problem(() -> TensorBlocks.number(in, "nan", "loss", 3, true)));
      assertEquals("loss: column 3 is 'Infinity'; expected a decimal number or NaN (infinities are not stored)",
          problem(() -> TensorBlocks.number(in, "Infinity", "loss", 3, true)));
      assertEquals("loss: column 4 is '1e400', beyond the range of a double",
          problem(() -> TensorBlocks.number(in, "1e400", "loss", 4, true)));
    }
  }

  private interface Parse {
    double run() throws FileFormatException;
  }

  /** The problem {@code parse} reports, without the file and line the exception adds. */
  private String problem(Parse parse) {
    FileFormatException e = assertThrows(FileFormatException.class, parse::run);
    String message = e.getMessage();
    return message.substring(message.indexOf("loss:"));
  }
}
