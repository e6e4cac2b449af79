package org.minicnn.datasets.csv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minicnn.datasets.csv.MalformedCsvTest.failure;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minicnn.datasets.DataFile;
import org.minicnn.engine.Tensor;

/**
 * The reader and writer exactly at each of their limits, where one more is refused and one less is not, and the
 * writer's checks of what it is given.
 */
class CsvBoundariesTest {

  private static DataFile read(String content, long maxValues) throws IOException {
    return DatasetCsv.read(new StringReader(content), "edge.csv", maxValues);
  }

  @Test
  void rowsFillingTheBudgetExactlyAreReadAndOneMoreValueIsRefused() throws IOException {
    // 2 inputs + 1 target per row: 8 rows are 24 values, the budget (and a row of 3 text cells costs 24 to parse).
    String eightRows = "minicnn-dataset,inputs=2,targets=1\n" + "1,2,3\n".repeat(8);
    DataFile data = read(eightRows, 24);
    assertEquals(8, data.size());
    assertArrayEquals(new double[] {1, 2}, java.util.Arrays.copyOf(data.inputs().data(), 2));
    assertEquals(3.0, data.targets().get(7, 0));
    // The targets count too: 9 rows of inputs alone (18 values) would fit.
    assertEquals("bad.csv: line 10: the samples so far hold more than 24 values, more than fit in memory",
        failure(eightRows + "7,8,9\n", 24).getMessage());
  }

  @Test
  void declaredSamplesFillingTheBudgetExactlyAreReadAndOneMoreIsRefusedBeforeReading() throws IOException {
    assertEquals(8, read("minicnn-dataset,inputs=2,targets=1,samples=8\n" + "1,2,3\n".repeat(8), 24).size());
    assertEquals("bad.csv: line 1: samples=9 of 3 values each (27 values) do not fit in memory; at most 26 values can"
        + " be read", failure("minicnn-dataset,inputs=2,targets=1,samples=9\n", 26).getMessage());
    // One value per sample: as many samples as the budget holds.
    assertEquals(8, read("minicnn-dataset,inputs=1,samples=8\n" + "1\n".repeat(8), 8).size());
    assertEquals("bad.csv: line 1: samples=9 of 1 values each (9 values) do not fit in memory; at most 8 values can"
        + " be read", failure("minicnn-dataset,inputs=1,samples=9\n", 8).getMessage());
  }

  @Test
  void aDeclaredSizeBeyondALongIsRefusedWithoutItsProduct() {
    // Long.MAX_VALUE / 10 samples of 10 values still have a product of type long; one more has not.
    assertEquals("bad.csv: line 1: samples=922337203685477580 of 10 values each (9223372036854775800 values) do not"
        + " fit in memory; at most 999 values can be read",
        failure("minicnn-dataset,inputs=10,samples=922337203685477580\n", 999).getMessage());
    assertEquals("bad.csv: line 1: samples=922337203685477581 of 10 values each do not fit in memory; at most 999"
        + " values can be read", failure("minicnn-dataset,inputs=10,samples=922337203685477581\n", 999).getMessage());
  }

  @Test
  void aSampleOfTheLargestSupportedSizeIsDeclarableAndOneValueMoreIsNot() {
    // 2147483639 values per row is allowed by the format (and refused here by the budget, for the text of a row);
    // the largest int is beyond it.
    assertEquals("bad.csv: line 1: a row of 2147483639 fields takes about 17179869112 values' worth of memory while"
        + " it is parsed (64 bytes a text cell), more than the budget of 999 values",
        failure("minicnn-dataset,inputs=2147483639\n1\n", 999).getMessage());
    assertEquals("bad.csv: line 1, column 2: shape 2147483640 has 2147483640 values per sample; at most 2147483639"
        + " fit in memory", failure("minicnn-dataset,inputs=2147483640\n", 999).getMessage());
    assertEquals("bad.csv: line 1, column 2: shape 2147483647 has 2147483647 values per sample; at most 2147483639"
        + " fit in memory", failure("minicnn-dataset,inputs=2147483647\n", 999).getMessage());
    assertEquals("bad.csv: line 1, column 2: expected a shape of positive integers joined by 'x' (e.g. 8x8x1), got"
        + " '2147483648'", failure("minicnn-dataset,inputs=2147483648\n", 999).getMessage());
  }

  @Test
  void moreThanSixtyFourLabelledRowsWithoutADeclaredCountAreRead() throws IOException {
    // Without samples= the labels are first reserved for 64 rows and then grown.
    StringBuilder csv = new StringBuilder("minicnn-dataset,inputs=1,classes=even;odd\n");
    int rows = 200;
    for (int i = 0; i < rows; i++) {
      csv.append(i % 2 == 0 ? "even," : "odd,").append(i).append('\n');
    }
    DataFile data = read(csv.toString(), 1000);
    assertEquals(rows, data.labels().length);
    for (int i = 0; i < rows; i++) {
      assertEquals(i % 2, data.labels()[i], "label of row " + i);
      assertEquals(i, data.inputs().get(i, 0));
    }
  }

  @Test
  void anEmptyKeyIsAnUnknownKey() {
    assertEquals("bad.csv: line 1, column 3: unknown key ''; expected one of [version, inputs, targets, classes,"
        + " samples]", failure("minicnn-dataset,inputs=2,=3\n", 999).getMessage());
  }

  @Test
  void cellsOfFortyCharactersAreQuotedWholeAndLongerOnesShortened() {
    String forty = "a".repeat(40);
    assertEquals("bad.csv: line 2, column 1: unknown label '" + forty + "'; expected one of [a, b]",
        failure("minicnn-dataset,inputs=1,classes=a;b\n" + forty + ",1\n", 999).getMessage());
    assertEquals("bad.csv: line 2, column 1: unknown label '" + forty + "…'; expected one of [a, b]",
        failure("minicnn-dataset,inputs=1,classes=a;b\n" + forty + "b,1\n", 999).getMessage());
  }

  @Test
  void aProblemOfNoLineNamesOnlyTheFile() {
    assertEquals("data.csv: the disk is full", new DatasetFormatException("data.csv", 0, 0, "the disk is full")
        .getMessage());
    assertEquals("data.csv: line 1: no rows", new DatasetFormatException("data.csv", 1, 0, "no rows").getMessage());
    assertEquals("data.csv: line 1, column 1: bad", new DatasetFormatException("data.csv", 1, 1, "bad").getMessage());
  }

  @Test
  void aBudgetOfNoValuesIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> read("minicnn-dataset,inputs=1\n1\n", 0));
    assertEquals("DatasetCsv.read: maxValues must be positive, got 0", e.getMessage());
  }

  @Test
  void theDefaultBudgetIsAQuarterOfTheFreeHeapInDoubles() {
    Runtime runtime = Runtime.getRuntime();
    long before = runtime.maxMemory() - runtime.totalMemory();
    long budget = DatasetCsv.defaultMaxValues();
    long atMost = runtime.maxMemory() / 8 / 4;
    // Free heap lies between the never-claimed part and the whole heap; the two bounds are 1/32 of each.
    assertTrue(budget <= atMost && budget >= before / 8 / 4 - 1,
        () -> "budget " + budget + " outside [" + before / 32 + ", " + atMost + "]");
  }

  @Test
  void targetsOfNoSampleShapeOrNotFiniteAreNotWritten(@TempDir Path dir) {
    Path file = dir.resolve("out.csv");
    DataFile flatTargets = new DataFile(Tensor.zeros(2, 1), Tensor.of(new double[] {1, 2}, 2), null, List.of());
    assertEquals("DatasetCsv.write: expected targets of rank ≥ 2 [samples, sample shape…], got shape [2]; reshape a"
        + " [n] tensor to [n, 1]", assertThrows(IllegalArgumentException.class,
            () -> DatasetCsv.write(file, flatTargets)).getMessage());
    DataFile infiniteTarget = new DataFile(Tensor.zeros(2, 1),
        Tensor.wrap(new double[] {1, Double.NEGATIVE_INFINITY}, 2, 1), null, List.of());
    assertEquals("DatasetCsv.write: targets value -Infinity at index [1, 0] is not finite; the format holds finite"
        + " numbers only", assertThrows(IllegalArgumentException.class,
            () -> DatasetCsv.write(file, infiniteTarget)).getMessage());
    assertFalse(Files.exists(file));
  }

  @Test
  void refusedDataCreatesNoDirectoryAndWritesNothingToAWriter(@TempDir Path dir) {
    DataFile nan = DataFile.of(Tensor.wrap(new double[] {Double.NaN}, 1, 1));
    Path nested = dir.resolve("missing/out.csv");
    assertThrows(IllegalArgumentException.class, () -> DatasetCsv.write(nested, nan));
    assertFalse(Files.exists(nested.getParent()), "the parent directory was created for data that was refused");
    StringWriter text = new StringWriter();
    assertThrows(IllegalArgumentException.class, () -> DatasetCsv.write(text, nan));
    assertEquals("", text.toString());
  }

  @Test
  void aClassNameWithSurroundingSpacesIsNotWritten() {
    DataFile spaced = new DataFile(Tensor.zeros(1, 1), null, new int[] {0}, List.of(" padded"));
    assertEquals("DatasetCsv.write: class name ' padded' has surrounding spaces or control characters",
        assertThrows(IllegalArgumentException.class, () -> DatasetCsv.write(new StringWriter(), spaced)).getMessage());
  }

  @Test
  void writingToAWriterFlushesIt() throws IOException {
    StringWriter text = new StringWriter();
    BufferedWriter buffered = new BufferedWriter(text);
    DatasetCsv.write(buffered, DataFile.of(Tensor.of(new double[] {1.5}, 1, 1)));
    assertEquals("minicnn-dataset,version=1,inputs=1,samples=1\nx0\n1.5\n", text.toString());
  }
}
