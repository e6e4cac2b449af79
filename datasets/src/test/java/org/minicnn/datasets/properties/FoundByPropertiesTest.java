package org.minicnn.datasets.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minicnn.engine.EngineTestBase.assertThrowsMessage;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minicnn.datasets.BumpSignals;
import org.minicnn.datasets.DataFile;
import org.minicnn.datasets.LabelledSet;
import org.minicnn.datasets.LineImages;
import org.minicnn.datasets.Noise;
import org.minicnn.datasets.Samples;
import org.minicnn.datasets.TextRender;
import org.minicnn.datasets.csv.DatasetCsv;
import org.minicnn.datasets.csv.DatasetFormatException;
import org.minicnn.engine.Tensor;

/** The datasets bugs the properties found, each pinned by its smallest example and exact message. */
class FoundByPropertiesTest {

  @Test
  void uniformNoiseNeverReachesItsUpperBound() {
    double low = 0.3;
    double high = Math.nextUp(low);
    Tensor x = Noise.builder().sampleShape(64).uniform(low, high).seed(1).build().generate(4);
    assertTrue(Arrays.stream(x.data()).allMatch(v -> v == low), "a range one ulp wide holds only low");
  }

  @Test
  void noiseThatWouldOverflowIsRefused() {
    assertThrowsMessage(IllegalArgumentException.class,
        "LineImages: largest value max(|intensity|, |background|) + 9.0·gaussianNoise must be finite, got Infinity",
        () -> LineImages.builder().gaussianNoise(1e308).build());
    assertThrowsMessage(IllegalArgumentException.class,
        "BumpSignals: largest value |baseline| + bumpsPerSignal·|height| + 9.0·gaussianNoise must be finite, got Infinity",
        () -> BumpSignals.builder().baseline(Double.MAX_VALUE).gaussianNoise(1e300).build());
    assertThrowsMessage(IllegalArgumentException.class,
        "Noise: largest value 9.0·standard deviation must be finite, got Infinity",
        () -> Noise.builder().gaussian(1e308).build());
  }

  @Test
  void countsThatWouldRunForHoursOrExhaustTheHeapAreRefused() {
    assertThrowsMessage(IllegalArgumentException.class,
        "LineImages: linesPerImage must be at most 10000, got 2147483647",
        () -> LineImages.builder().linesPerImage(Integer.MAX_VALUE).build());
    assertThrowsMessage(IllegalArgumentException.class,
        "BumpSignals: bumpsPerSignal must be at most 10000, got 2147483647",
        () -> BumpSignals.builder().bumpsPerSignal(Integer.MAX_VALUE).build());
    long heap = Runtime.getRuntime().maxMemory();
    assertThrowsMessage(IllegalArgumentException.class, "Noise.generate: 1 samples of 1073741824 values need "
        + 8589934592L + " bytes, more than the Java heap's maximum of " + heap + " (-Xmx)",
        () -> Noise.builder().sampleShape(1 << 30).build().generate(1));
    assertThrowsMessage(IllegalArgumentException.class, "Samples.permutation: n = 2147483647 indices do not fit in"
        + " one array in the Java heap's maximum of " + heap + " bytes (-Xmx)",
        () -> Samples.permutation(Integer.MAX_VALUE, 0));
    Tensor signal = Tensor.zeros(3);
    assertThrowsMessage(IllegalArgumentException.class, "TextRender.bars: height 1073741824 × (length 3 + 1) ="
        + " 4294967296 characters; at most 2147483639 fit in one string", () -> TextRender.bars(signal, 1 << 30));
  }

  @Test
  void nullsAndBadIndicesAreNamedNotDereferenced() {
    LabelledSet set = new LabelledSet(Tensor.zeros(2, 1), new int[] {0, 1}, List.of("a", "b"));
    assertThrowsMessage(IllegalArgumentException.class, "LabelledSet.label: sample 2 is out of range [0, 2)",
        () -> set.label(2));
    assertThrowsMessage(IllegalArgumentException.class, "Samples.take: expected a tensor and indices, got a tensor"
        + " and null", () -> set.take(null));
    assertThrowsMessage(IllegalArgumentException.class, "LabelledSet: expected class names, got null among [a, null]",
        () -> new LabelledSet(Tensor.zeros(1, 1), new int[] {0}, Arrays.asList("a", null)));
    assertThrowsMessage(IllegalArgumentException.class, "DataFile: expected class names, got null among [null]",
        () -> new DataFile(Tensor.zeros(1, 1), null, null, Arrays.asList((String) null)));
    assertThrowsMessage(IllegalArgumentException.class, "DataFile.of: expected a Dataset, got null",
        () -> DataFile.of((org.minicnn.datasets.Dataset) null));
    assertThrowsMessage(IllegalArgumentException.class, "TextRender.image: expected a tensor, got null",
        () -> TextRender.image(null));
    assertThrowsMessage(IllegalArgumentException.class, "DatasetCsv.read: expected a file, got null",
        () -> DatasetCsv.read((Path) null));
    assertThrowsMessage(IllegalArgumentException.class, "DatasetCsv.write: expected a writer, got null",
        () -> DatasetCsv.write((java.io.Writer) null, DataFile.of(Tensor.zeros(1, 1))));
    assertEquals("null: line 2: problem", new DatasetFormatException(null, 2, 0, "problem").getMessage());
  }

  @Test
  void aHugeRowWithoutDeclaredSamplesIsNotReservedSixtyFourTimes() {
    DatasetFormatException e = org.junit.jupiter.api.Assertions.assertThrows(DatasetFormatException.class,
        () -> DatasetCsv.read(new StringReader("minicnn-dataset,inputs=33554431\n1,2\n"), "huge.csv", Long.MAX_VALUE));
    assertEquals("huge.csv: line 2, column 3: expected 33554431 fields (x0…x33554430), got 2", e.getMessage());
  }

  @Test
  void classNamesTheReaderWouldChangeAreRefusedByTheWriter() {
    DataFile controlled = new DataFile(Tensor.zeros(1, 1), null, new int[] {0}, List.of("a\u0001"));
    assertThrowsMessage(IllegalArgumentException.class,
        "DatasetCsv.write: class name 'a\\u0001' has surrounding spaces or control characters",
        () -> DatasetCsv.write(new StringWriter(), controlled));
    DataFile twice = new DataFile(Tensor.zeros(2, 1), null, new int[] {0, 1}, List.of("a", "a"));
    assertThrowsMessage(IllegalArgumentException.class,
        "DatasetCsv.write: class name 'a' is given twice; the format needs distinct names",
        () -> DatasetCsv.write(new StringWriter(), twice));
  }
}
