package org.minicnn.datasets.csv;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a data file can be wrong, each with the exact message the reader gives. */
class MalformedCsvTest {

  private static final String INTS = "minicnn-dataset,inputs=3\n";
  private static final String LABELLED = "minicnn-dataset,inputs=2,classes=vertical;horizontal\n";

  static DatasetFormatException failure(String content, long maxValues) {
    return assertThrows(DatasetFormatException.class,
        () -> DatasetCsv.read(new StringReader(content), "bad.csv", maxValues));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("empty file", "",
            "bad.csv: line 1: the file is empty; expected the declaration record, e.g. minicnn-dataset,inputs=8x8x1"),
        Arguments.of("only blank lines", "\n  \n",
            "bad.csv: line 3: the file is empty; expected the declaration record, e.g. minicnn-dataset,inputs=8x8x1"),
        Arguments.of("no declaration", "x0,x1\n1,2\n",
            "bad.csv: line 1, column 1: expected the declaration record 'minicnn-dataset,inputs=…' (e.g."
                + " minicnn-dataset,inputs=8x8x1), got 'x0'"),
        Arguments.of("no inputs key", "minicnn-dataset,samples=2\n1\n2\n",
            "bad.csv: line 1: the declaration has no inputs=…; expected the shape of one sample, e.g. inputs=8x8x1"),
        Arguments.of("unknown key", "minicnn-dataset,inputs=2,colour=red\n",
            "bad.csv: line 1, column 3: unknown key 'colour'; expected one of [version, inputs, targets, classes,"
                + " samples]"),
        Arguments.of("cell without =", "minicnn-dataset,inputs=2,oops\n",
            "bad.csv: line 1, column 3: expected key=value with a key among [version, inputs, targets, classes,"
                + " samples], got 'oops'"),
        Arguments.of("key twice", "minicnn-dataset,inputs=2,inputs=3\n",
            "bad.csv: line 1, column 3: key 'inputs' is declared twice"),
        Arguments.of("zero dimension", "minicnn-dataset,inputs=2x0\n",
            "bad.csv: line 1, column 2: expected a shape of positive integers joined by 'x' (e.g. 8x8x1), got '2x0'"),
        Arguments.of("shape not numeric", "minicnn-dataset,inputs=8,targets=8*8\n",
            "bad.csv: line 1, column 3: expected a shape of positive integers joined by 'x' (e.g. 8x8x1), got '8*8'"),
        Arguments.of("shape beyond int", "minicnn-dataset,inputs=3000000000\n",
            "bad.csv: line 1, column 2: expected a shape of positive integers joined by 'x' (e.g. 8x8x1), got"
                + " '3000000000'"),
        Arguments.of("sample too large", "minicnn-dataset,inputs=100000x100000x1\n",
            "bad.csv: line 1, column 2: shape 100000x100000x1 has 10000000000 values per sample; at most 2147483639"
                + " fit in memory"),
        Arguments.of("unsupported version", "minicnn-dataset,version=2,inputs=2\n",
            "bad.csv: line 1, column 2: unsupported version '2'; this reader knows version 1"),
        Arguments.of("zero samples", "minicnn-dataset,inputs=2,samples=0\n",
            "bad.csv: line 1, column 3: expected samples=<positive integer>, got '0'"),
        Arguments.of("negative samples", "minicnn-dataset,inputs=2,samples=-3\n",
            "bad.csv: line 1, column 3: expected samples=<positive integer>, got '-3'"),
        Arguments.of("declared size beyond any array", "minicnn-dataset,inputs=8x8x1,samples=1000000000\n1\n",
            "bad.csv: line 1: samples=1000000000 of 64 values each (64000000000 values) do not fit in memory; at most"
                + " 999 values can be read"),
        Arguments.of("declared size beyond the budget", "minicnn-dataset,inputs=8x8,targets=6x6,samples=10\n",
            "bad.csv: line 1: samples=10 of 100 values each (1000 values) do not fit in memory; at most 999 values"
                + " can be read"),
        Arguments.of("empty class name", "minicnn-dataset,inputs=2,classes=a;;b\n",
            "bad.csv: line 1, column 3: a class name is empty; expected classes=name;name;… (e.g."
                + " classes=vertical;horizontal)"),
        Arguments.of("class twice", "minicnn-dataset,inputs=2,classes=a;b;a\n",
            "bad.csv: line 1, column 3: class 'a' is declared twice"),
        Arguments.of("class named label", "minicnn-dataset,inputs=2,classes=label;b\n",
            "bad.csv: line 1, column 3: 'label' is the name of the label column and cannot be a class name; expected"
                + " classes=name;name;… (e.g. classes=vertical;horizontal)"),
        Arguments.of("no rows", INTS,
            "bad.csv: line 2: the file ends without samples; expected at least one data row after the declaration"),
        Arguments.of("column names but no rows", INTS + "x0,x1,x2\n\n",
            "bad.csv: line 4: the file ends without samples; expected at least one data row after the declaration"),
        Arguments.of("too few fields", INTS + "1,2,3\n1,2\n",
            "bad.csv: line 3, column 3: expected 3 fields (x0…x2), got 2"),
        Arguments.of("too many fields", INTS + "1,2,3,4\n",
            "bad.csv: line 2, column 4: expected 3 fields (x0…x2), got 4"),
        Arguments.of("trailing comma", INTS + "1,2,3,\n",
            "bad.csv: line 2, column 4: expected 3 fields (x0…x2), got 4"),
        Arguments.of("missing target columns", "minicnn-dataset,inputs=2,targets=2\n1,2,3\n",
            "bad.csv: line 2, column 4: expected 4 fields (x0…x1, y0…y1), got 3"),
        Arguments.of("non-numeric cell", INTS + "1,2,3\n4,abc,6\n",
            "bad.csv: line 3, column 2: expected a number in x1, got 'abc'"),
        Arguments.of("NaN", INTS + "1,NaN,3\n",
            "bad.csv: line 2, column 2: expected a finite number in x1, got 'NaN' (NaN and infinities are not"
                + " allowed)"),
        Arguments.of("Infinity", INTS + "1,2,-Infinity\n",
            "bad.csv: line 2, column 3: expected a finite number in x2, got '-Infinity' (NaN and infinities are not"
                + " allowed)"),
        Arguments.of("inf spelled short", INTS + "inf,2,3\n",
            "bad.csv: line 2, column 1: expected a finite number in x0, got 'inf' (NaN and infinities are not"
                + " allowed)"),
        Arguments.of("number beyond double", INTS + "1,2,1e400\n",
            "bad.csv: line 2, column 3: expected a finite number in x2, got '1e400', beyond the range of a double"
                + " (±1.7976931348623157E308)"),
        Arguments.of("empty cell", INTS + "1,,3\n",
            "bad.csv: line 2, column 2: expected a number in x1, got an empty cell"),
        Arguments.of("hexadecimal", INTS + "0x1p3,2,3\n",
            "bad.csv: line 2, column 1: expected a number in x0, got '0x1p3'"),
        Arguments.of("Java suffix", INTS + "1,2d,3\n",
            "bad.csv: line 2, column 2: expected a number in x1, got '2d'"),
        Arguments.of("decimal comma in quotes", INTS + "1,\"2,5\",3\n",
            "bad.csv: line 2, column 2: expected a number in x1, got '2,5'"),
        Arguments.of("unknown label", LABELLED + "vertical,1,2\ndiagonal,3,4\n",
            "bad.csv: line 3, column 1: unknown label 'diagonal'; expected one of [vertical, horizontal]"),
        Arguments.of("label as index", LABELLED + "0,1,2\n",
            "bad.csv: line 2, column 1: unknown label '0'; expected one of [vertical, horizontal]"),
        Arguments.of("labels missing", LABELLED + "1,2\n",
            "bad.csv: line 2, column 3: expected 3 fields (label, x0…x1), got 2"),
        Arguments.of("fewer rows than declared", "minicnn-dataset,inputs=1,samples=3\n1\n2\n",
            "bad.csv: line 4: the file ends after 2 samples; line 1 declares samples=3"),
        Arguments.of("more rows than declared", "minicnn-dataset,inputs=1,samples=2\n1\n2\n3\n",
            "bad.csv: line 4: more rows than the 2 samples declared on line 1"),
        Arguments.of("wrong column name", LABELLED + "label,x0,x2\n",
            "bad.csv: line 2, column 3: expected column name 'x1', got 'x2'"),
        Arguments.of("column names of another shape", INTS + "x0,x1\n",
            "bad.csv: line 2, column 3: expected 3 fields (x0…x2), got 2"),
        Arguments.of("unterminated quote", INTS + "1,\"2,3\n4,5,6\n",
            "bad.csv: line 2: malformed CSV: (startline 2) EOF reached before encapsulated token finished"),
        Arguments.of("text after closing quote", INTS + "1,\"2\"x,3\n",
            "bad.csv: line 2: malformed CSV: Invalid character between encapsulated token and delimiter at line: 2,"
                + " position: 31"),
        Arguments.of("error after a blank line keeps its line number", INTS + "1,2,3\n\n\n1,2,x\n",
            "bad.csv: line 5, column 3: expected a number in x2, got 'x'"),
        Arguments.of("CRLF line numbers", "minicnn-dataset,inputs=1\r\n1\r\n2\r\nz\r\n",
            "bad.csv: line 4, column 1: expected a number in x0, got 'z'"),
        Arguments.of("control characters are shown escaped", INTS + "1,2\u00073,3\n",
            "bad.csv: line 2, column 2: expected a number in x1, got '2\\u00073'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void malformedFileIsRefusedWithLocatedMessage(String name, String content, String message) {
    assertEquals(message, failure(content, 999).getMessage());
  }

  @Test
  void rowsBeyondTheBudgetAreRefusedWithoutDeclaredCount() {
    // a budget of 16 values (at least the 2 × 8 a row costs as text): the ninth row of 2 values is one too many
    DatasetFormatException e = failure("minicnn-dataset,inputs=2\n" + "1,2\n".repeat(9), 16);
    assertEquals("bad.csv: line 10: the samples so far hold more than 16 values, more than fit in memory",
        e.getMessage());
    assertEquals(10, e.line());
    assertEquals(0, e.column());
    assertEquals("bad.csv", e.file());
  }

  @Test
  void aRowTooWideToParseWithinTheBudgetIsRefusedBeforeItIsRead() {
    // 10 fields cost 80 values' worth of text: refused at a budget of 79, read at 80
    DatasetFormatException e = failure("minicnn-dataset,inputs=10\n" + "1,".repeat(9) + "1\n", 79);
    assertEquals("bad.csv: line 1: a row of 10 fields takes about 80 values' worth of memory while it is parsed (64"
        + " bytes a text cell), more than the budget of 79 values", e.getMessage());
    assertDoesNotThrow(() -> DatasetCsv.read(new StringReader("minicnn-dataset,inputs=10\n" + "1,".repeat(9) + "1\n"),
        "ok.csv", 80));
  }

  @Test
  void declaredSizeBeyondTheLargestArrayIsRefusedBeforeAllocating() {
    DatasetFormatException e = failure("minicnn-dataset,inputs=1,targets=1,samples=999999999999999999\n",
        Long.MAX_VALUE);
    assertEquals("bad.csv: line 1: samples=999999999999999999 of 2 values each (1999999999999999998 values) do not fit"
        + " in memory; at most 2147483639 values can be read", e.getMessage());
  }

  @Test
  void exceptionCarriesItsParts() {
    DatasetFormatException e = failure(INTS + "1,2,x\n", 999);
    assertEquals(2, e.line());
    assertEquals(3, e.column());
    assertEquals("expected a number in x2, got 'x'", e.problem());
  }

  @Test
  void invalidUtf8IsRefusedNamingTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("garbage.csv");
    Files.write(file, new byte[] {'m', 'i', (byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0x80, '\n'});
    DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> DatasetCsv.read(file));
    assertEquals(file + ": line 1: not UTF-8 text (MalformedInputException); expected a UTF-8 CSV file", e.getMessage());
  }

  @Test
  void missingFileIsAnIoException(@TempDir Path dir) {
    assertThrows(java.nio.file.NoSuchFileException.class, () -> DatasetCsv.read(dir.resolve("none.csv")));
  }
}
