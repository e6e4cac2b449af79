package org.minicnn.datasets.csv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.minicnn.datasets.BumpSignals;
import org.minicnn.datasets.DataFile;
import org.minicnn.datasets.DatasetPresets;
import org.minicnn.datasets.Kernels;
import org.minicnn.datasets.LabelledSet;
import org.minicnn.datasets.LineClassification;
import org.minicnn.datasets.LineImages;
import org.minicnn.datasets.Noise;
import org.minicnn.datasets.Orientation;
import org.minicnn.datasets.TeacherTargets;
import org.minicnn.engine.Tensor;

class CsvRoundTripTest {

  static String text(DataFile data) throws IOException {
    StringWriter out = new StringWriter();
    DatasetCsv.write(out, data);
    return out.toString();
  }

  static DataFile roundTrip(DataFile data) throws IOException {
    return DatasetCsv.read(new StringReader(text(data)), "memory.csv");
  }

  static Stream<DataFile> everyGenerator() {
    return Stream.of(
        DataFile.of(LineImages.builder().size(5, 7).channels(3).orientations(Orientation.values()).thickness(2)
            .linesPerImage(2).intensity(0.7).background(-0.1).gaussianNoise(0.3).saltAndPepper(0.05).seed(1).build()
            .generate(6)),
        DataFile.of(Noise.builder().sampleShape(4, 4, 2).uniform(-1e-3, 1e300).seed(2).build().generate(5)),
        DataFile.of(Noise.builder().sampleShape(9, 2).gaussian(1e-200).seed(3).build().generate(4)),
        DataFile.of(BumpSignals.builder().length(12).channels(2).width(3).shape(BumpSignals.Shape.TRIANGLE)
            .bumpsPerSignal(2).gaussianNoise(0.2).seed(4).build().generate(7)),
        DataFile.of(TeacherTargets.conv2d(LineImages.builder().gaussianNoise(0.1).seed(5).build().generate(3),
            Kernels.vertical(), Kernels.horizontal())),
        DataFile.of(TeacherTargets.conv1d(BumpSignals.builder().seed(6).build().generate(3), Kernels.bump1d())),
        DataFile.of(LineClassification.verticalHorizontal(LineImages.builder().gaussianNoise(0.5), 4, 7)),
        DataFile.of(LineClassification.fourClass(3, 8)));
  }

  @ParameterizedTest
  @MethodSource("everyGenerator")
  void everyGeneratorRoundTripsBitIdentical(DataFile data) throws IOException {
    DataFile back = roundTrip(data);
    assertEquals(data, back);
    assertArrayEquals(data.inputs().shape(), back.inputs().shape());
    for (int i = 0; i < data.inputs().size(); i++) {
      assertEquals(Double.doubleToRawLongBits(data.inputs().data()[i]), Double.doubleToRawLongBits(back.inputs().data()[i]));
    }
  }

  @Test
  void everyPresetRoundTripsThroughAFile(@TempDir Path dir) throws IOException {
    for (String name : DatasetPresets.names()) {
      Path file = dir.resolve(name + ".csv");
      DatasetPresets.writeCsv(name, 8, 11, file);
      assertEquals(DatasetPresets.generate(name, 8, 11), DatasetCsv.read(file), name);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(DatasetPresets.names().size(), files.count(), "temporary files left behind");
    }
  }

  @Test
  void awkwardDoublesReadBackBitIdentical() throws IOException {
    double[] values = {-0.0, 0.0, Double.MIN_VALUE, -Double.MAX_VALUE, 0.1 + 0.2, 1.0 / 3, 1e-310, 123456789.123456789,
        Math.PI, -Math.E};
    DataFile data = DataFile.of(Tensor.of(values, 2, 5));
    DataFile back = roundTrip(data);
    for (int i = 0; i < values.length; i++) {
      assertEquals(Double.doubleToRawLongBits(values[i]), Double.doubleToRawLongBits(back.inputs().data()[i]), "value " + i);
    }
  }

  @Test
  void writtenTextIsTheDocumentedFormat() throws IOException {
    Tensor images = Tensor.of(new double[] {0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0}, 2, 3, 3, 1);
    LabelledSet set = new LabelledSet(images, new int[] {0, 1}, LineClassification.VERTICAL_HORIZONTAL);
    assertEquals("minicnn-dataset,version=1,inputs=3x3x1,classes=vertical;horizontal,samples=2\n"
        + "label,x0,x1,x2,x3,x4,x5,x6,x7,x8\n"
        + "vertical,0.0,1.0,0.0,0.0,1.0,0.0,0.0,1.0,0.0\n"
        + "horizontal,0.0,0.0,0.0,1.0,1.0,1.0,0.0,0.0,0.0\n", text(DataFile.of(set)));
    assertEquals("minicnn-dataset,version=1,inputs=2x1,targets=1x1,samples=1\nx0,x1,y0\n1.0E-5,-2.5,3.0\n",
        text(DataFile.of(new org.minicnn.datasets.Dataset(Tensor.of(new double[] {1e-5, -2.5}, 1, 2, 1),
            Tensor.of(new double[] {3}, 1, 1, 1)))));
  }

  @Test
  void classNamesNeedingQuotesRoundTrip() throws IOException {
    LabelledSet set = new LabelledSet(Tensor.zeros(2, 1), new int[] {1, 0}, List.of("a,b", "say \"hi\""));
    assertEquals(DataFile.of(set), roundTrip(DataFile.of(set)));
  }

  @Test
  void unwritableDataIsRefusedBeforeAnyFileExists(@TempDir Path dir) {
    Path file = dir.resolve("out.csv");
    LabelledSet semicolon = new LabelledSet(Tensor.zeros(1, 1), new int[] {0}, List.of("a;b"));
    assertEquals("DatasetCsv.write: class name 'a;b' contains ';', the separator of class names",
        assertThrows(IllegalArgumentException.class, () -> DatasetCsv.write(file, DataFile.of(semicolon))).getMessage());
    Tensor nan = Tensor.wrap(new double[] {1, Double.NaN}, 1, 2);
    assertEquals("DatasetCsv.write: inputs value NaN at index [0, 1] is not finite; the format holds finite numbers only",
        assertThrows(IllegalArgumentException.class, () -> DatasetCsv.write(file, DataFile.of(nan))).getMessage());
    assertEquals("DatasetCsv.write: expected inputs of rank ≥ 2 [samples, sample shape…], got shape [3]; reshape a [n]"
        + " tensor to [n, 1]", assertThrows(IllegalArgumentException.class,
            () -> DatasetCsv.write(file, DataFile.of(Tensor.zeros(3)))).getMessage());
    assertFalse(Files.exists(file));
  }

  @Test
  void writingBelowARegularFileFailsWithoutLeavingAFile(@TempDir Path dir) throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("plain"), "x");
    Path file = notADirectory.resolve("out.csv");
    assertThrows(IOException.class, () -> DatasetCsv.write(file, DataFile.of(Tensor.zeros(1, 1))));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(notADirectory), files.toList());
    }
  }

  @Test
  void overwritingReplacesTheWholeFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("data.csv");
    DatasetCsv.write(file, DataFile.of(Tensor.zeros(50, 8)));
    DataFile small = DataFile.of(Tensor.full(1, 1, 1));
    DatasetCsv.write(file, small);
    assertEquals(small, DatasetCsv.read(file));
    assertTrue(Files.size(file) < 100);
  }

  @Test
  void presetsRejectUnknownNamesAndUnbalancedCounts() {
    assertEquals("DatasetPresets: unknown data set 'lines'; expected one of " + DatasetPresets.names(),
        assertThrows(IllegalArgumentException.class, () -> DatasetPresets.generate("lines", 4, 1)).getMessage());
    assertEquals("DatasetPresets: classify-4 has 4 balanced classes; the number of samples must be a positive multiple"
        + " of 4, got 6", assertThrows(IllegalArgumentException.class, () -> DatasetPresets.generate("classify-4", 6, 1))
            .getMessage());
    assertEquals(12, DatasetPresets.names().size());
  }
}
