package org.minicnn.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link WeightFile#readTensors}: every tensor as the file declares it, without a model, or a refusal naming the line. */
class WeightFileTensorsTest {

  @TempDir
  Path dir;

  private Path file(String text) throws IOException {
    return Files.writeString(dir.resolve("w.csv"), text);
  }

  private void assertRefused(String text, String message) throws IOException {
    Path f = file(text);
    WeightFileException e = assertThrows(WeightFileException.class, () -> WeightFile.readTensors(f));
    assertEquals(f + message, e.getMessage());
  }

  @Test
  void readsEveryTensorInTheFilesOrderAndLayout() throws IOException {
    WeightFile.Tensors t = WeightFile.readTensors(file("minicnn-weights,1,pytorch\n"
        + "tensor,conv/weight,2,1,1,2\n1.5,-2\n3,4\n\n"
        + "tensor,conv/bias,2\n0.25,-0.5\n"));
    assertEquals(Layout.PYTORCH, t.layout());
    assertEquals(List.of("conv/weight", "conv/bias"), List.copyOf(t.byName().keySet()));
    assertArrayEquals(new int[] {2, 1, 1, 2}, t.byName().get("conv/weight").shape());
    assertArrayEquals(new double[] {1.5, -2, 3, 4}, t.byName().get("conv/weight").data(), 0.0);
    assertArrayEquals(new double[] {0.25, -0.5}, t.byName().get("conv/bias").data(), 0.0);
  }

  @Test
  void refusesWhatIsNotATensorRecordNamingTheLine() throws IOException {
    assertRefused("minicnn-weights,1,keras\ntensor,b\n", " line 2: expected 'tensor,<name>,<d0>,...', got 'tensor,b'");
    assertRefused("minicnn-weights,1,keras\nweights,b,2\n0,1\n",
        " line 2: expected 'tensor,<name>,<d0>,...', got 'weights,b,2'");
    // the line where the tensors were expected: after the header, and after a blank line
    assertRefused("minicnn-weights,1,keras\n", " line 2: the file holds no tensors");
    assertRefused("minicnn-weights,1,keras\n\n", " line 3: the file holds no tensors");
  }

  @Test
  void refusesShapesBeyondTheLimitBeforeReadingThem() throws IOException {
    // at most 2^27 values (1 GiB, so the exact limit is not read here)
    assertRefused("minicnn-weights,1,keras\ntensor,big,2,67108865\n", " line 2: big: declared shape [2, 67108865]"
        + " holds 134217730 values; without a model to check it against at most 134217728 are read");
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("none.csv");
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> WeightFile.readTensors(missing));
    assertEquals(missing + ": no such weight file", e.getMessage());
    assertThrows(NoSuchFileException.class, () -> WeightFile.readTensors(dir));
  }

  /** A line of exactly the limit is read; one character more is refused, naming the line. */
  @Test
  void linesUpToTheLimitAreRead() throws IOException {
    Path f = file("abcd\nabcde\n");
    try (LineReader in = new LineReader(f)) {
      assertEquals("abcd", in.next(4, "a row"));
      WeightFileException e = assertThrows(WeightFileException.class, () -> in.next(4, "a row"));
      assertEquals(f + " line 2: the line is longer than 4 characters; expected a row", e.getMessage());
    }
  }

  /** The largest dimension an int holds is a dimension (refused here for its size); one more is not a dimension. */
  @Test
  void dimensionsUpToTheLargestIntAreDimensions() throws IOException {
    assertRefused("minicnn-weights,1,keras\ntensor,big,2147483647\n", " line 2: big: declared shape [2147483647]"
        + " holds 2147483647 values; without a model to check it against at most 134217728 are read");
    assertRefused("minicnn-weights,1,keras\ntensor,big,2147483648\n", " line 2: big: dimension 1 is '2147483648';"
        + " expected a positive integer (positive dimensions)");
  }

  /** Messages quote at most 40 characters of a cell. */
  @Test
  void clipKeepsFortyCharacters() {
    String forty = "x".repeat(40);
    assertEquals(forty, TensorBlocks.clip(forty));
    assertEquals(forty + "…", TensorBlocks.clip(forty + "y"));
  }
}
