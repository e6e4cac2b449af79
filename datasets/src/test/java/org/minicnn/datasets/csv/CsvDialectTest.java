package org.minicnn.datasets.csv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minicnn.datasets.DataFile;
import org.minicnn.engine.Tensor;

/** Files as other programs write them: BOM, CRLF, quotes, blank lines, spaces, no column names. */
class CsvDialectTest {

  private static final DataFile EXPECTED = new DataFile(Tensor.of(new double[] {1, 2, 3, 4}, 2, 2, 1), null,
      new int[] {1, 0}, List.of("vertical", "horizontal"));

  static DataFile read(String content) throws IOException {
    return DatasetCsv.read(new StringReader(content), "test.csv");
  }

  @Test
  void plainFileWithColumnNames() throws IOException {
    assertEquals(EXPECTED, read("minicnn-dataset,inputs=2x1,classes=vertical;horizontal\nlabel,x0,x1\n"
        + "horizontal,1,2\nvertical,3,4\n"));
  }

  @Test
  void withoutColumnNamesAndWithoutTrailingNewline() throws IOException {
    assertEquals(EXPECTED, read("minicnn-dataset,inputs=2x1,classes=vertical;horizontal\nhorizontal,1,2\nvertical,3,4"));
  }

  @Test
  void byteOrderMarkAndCrlf() throws IOException {
    assertEquals(EXPECTED, read("\uFEFFminicnn-dataset,inputs=2x1,classes=vertical;horizontal\r\nlabel,x0,x1\r\n"
        + "horizontal,1,2\r\nvertical,3,4\r\n"));
  }

  @Test
  void oldMacLineEndings() throws IOException {
    assertEquals(EXPECTED, read("minicnn-dataset,inputs=2x1,classes=vertical;horizontal\rhorizontal,1,2\rvertical,3,4\r"));
  }

  @Test
  void quotedFieldsEverywhere() throws IOException {
    assertEquals(EXPECTED, read("\"minicnn-dataset\",\"inputs=2x1\",\"classes=vertical;horizontal\"\n"
        + "\"label\",\"x0\",\"x1\"\n\"horizontal\",\"1\",\"2.0\"\n\"vertical\",\"3e0\",\"+4\"\n"));
  }

  @Test
  void blankTrailingAndInnerLinesAndSpacesAroundCells() throws IOException {
    assertEquals(EXPECTED, read("minicnn-dataset, classes = vertical;horizontal , inputs=2x1\n\n"
        + " horizontal , 1 ,2\n   \nvertical,3, 4 \n\n\n   \n"));
  }

  @Test
  void declaredSamplesAndVersionInAnyOrder() throws IOException {
    assertEquals(EXPECTED, read("minicnn-dataset,samples=2,classes=vertical;horizontal,version=1,inputs=2x1\n"
        + "horizontal,1,2\nvertical,3,4\n"));
  }

  @Test
  void targetsWithoutLabels() throws IOException {
    DataFile d = read("minicnn-dataset,inputs=2,targets=1x1\nx0,x1,y0\n1,2,3\n-.5,1.e1,0\n");
    assertArrayEquals(new double[] {1, 2, -0.5, 10}, d.inputs().data());
    assertArrayEquals(new int[] {2, 1, 1}, d.targets().shape());
    assertArrayEquals(new double[] {3, 0}, d.targets().data());
    assertNull(d.labels());
    assertEquals(List.of(), d.classNames());
  }

  @Test
  void bomAndCrlfFromAFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("excel.csv");
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body = "minicnn-dataset,inputs=2x1,classes=vertical;horizontal\r\nhorizontal,1,2\r\nvertical,3,4\r\n\r\n"
        .getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, all, 0, bom.length);
    System.arraycopy(body, 0, all, bom.length, body.length);
    Files.write(file, all);
    assertEquals(EXPECTED, DatasetCsv.read(file));
  }

  @Test
  void manyRowsWithoutDeclaredCountAreStreamedAndGrown(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("big.csv");
    int rows = 30_000;
    try (Writer out = Files.newBufferedWriter(file)) {
      out.write("minicnn-dataset,inputs=3\n");
      for (int i = 0; i < rows; i++) {
        out.write(i + "," + (i + 0.5) + "," + (-i) + "\n");
      }
    }
    DataFile d = DatasetCsv.read(file);
    assertArrayEquals(new int[] {rows, 3}, d.inputs().shape());
    assertEquals(29_999.5, d.inputs().get(rows - 1, 1));
    assertEquals(-12_345.0, d.inputs().get(12_345, 2));
  }
}
