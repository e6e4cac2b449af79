package org.minicnn.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.minicnn.engine.EngineTestBase.assertThrowsMessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minicnn.engine.GradientCheck;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.Conv1D;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.engine.layers.Padding;

/** Saving and loading weights: the documented text, bit-identical round trips in both layouts, atomic writes. */
class WeightFileTest {

  @TempDir
  Path dir;

  static Sequential conv2dModel(long seed) {
    Sequential model = new Sequential()
        .add(new Conv2D(3, 3, 2).seed(seed).padding(Padding.SAME))
        .add(new Conv2D(2, 2, 2).seed(seed + 1).useBias(false).dilation(2, 1))
        .add(new Conv2D(1, 1, 1).seed(seed + 2));
    model.build(2, 7, 6, 2);
    return model;
  }

  static Sequential conv1dModel(long seed) {
    Sequential model = new Sequential()
        .add(new Conv1D(4, 3).seed(seed).padding(Padding.CAUSAL))
        .add(new Conv1D(2, 2).seed(seed + 1).strides(2));
    model.build(1, 9, 3);
    return model;
  }

  /** Values that stress a text round trip: subnormals, -0.0, the extremes, and plain random doubles. */
  static void fillAwkwardValues(Sequential model, long seed) {
    double[] awkward = {-0.0, Double.MIN_VALUE, -Double.MAX_VALUE, 1e-310, 0.1, 1.0 / 3, 123456789.123456789};
    SplittableRandom r = new SplittableRandom(seed);
    List<Tensor> weights = new ArrayList<>();
    int k = 0;
    for (Tensor t : model.getWeights()) {
      double[] v = t.data();
      for (int i = 0; i < v.length; i++) {
        v[i] = k < awkward.length ? awkward[k++] : r.nextDouble(-10, 10) * Math.pow(10, r.nextInt(-20, 20));
      }
      weights.add(t);
    }
    model.setWeights(weights);
  }

  static void assertBitwiseEqual(List<Tensor> expected, List<Tensor> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i).shape(), actual.get(i).shape());
      double[] e = expected.get(i).data();
      double[] a = actual.get(i).data();
      for (int j = 0; j < e.length; j++) {
        assertEquals(Double.doubleToRawLongBits(e[j]), Double.doubleToRawLongBits(a[j]), "tensor " + i + " value " + j);
      }
    }
  }

  @Test
  void theFileIsTheDocumentedText() throws IOException {
    Conv2D vertical = new Conv2D(1, 3, 3);
    vertical.setWeights(Tensor.of(new double[] {0, 1, 0, 0, 1, 0, 0, 1, 0}, 3, 3, 1, 1), Tensor.zeros(1));
    Path file = dir.resolve("weights.csv");
    WeightFile.save(file, vertical, Layout.KERAS);
    assertEquals("minicnn-weights,1,keras\ntensor,conv2d/kernel,3,3,1,1\n0.0\n1.0\n0.0\n0.0\n1.0\n0.0\n0.0\n1.0\n0.0\n"
        + "tensor,conv2d/bias,1\n0.0\n", Files.readString(file));
  }

  @Test
  void pytorchLayoutTransposesKernelsAndUsesStateDictNames() throws IOException {
    Conv2D layer = new Conv2D(2, 1, 2);
    layer.setWeights(Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, 2, 2, 2), Tensor.of(new double[] {9, 10}, 2));
    Path file = dir.resolve("torch.csv");
    WeightFile.save(file, new Sequential().add(layer), Layout.PYTORCH);
    // Keras [kh=1, kw=2, in=2, f=2] -> PyTorch [f, in, kh, kw]: weight[f][c][0][j] = kernel[0][j][c][f].
    assertEquals("minicnn-weights,1,pytorch\ntensor,0.weight,2,2,1,2\n1.0,5.0\n3.0,7.0\n2.0,6.0\n4.0,8.0\n"
        + "tensor,0.bias,2\n9.0,10.0\n", Files.readString(file));
  }

  @Test
  void roundTripsAreBitIdenticalInBothLayouts() throws IOException {
    for (Layout layout : Layout.values()) {
      for (int seed = 0; seed < 5; seed++) {
        Sequential saved = seed % 2 == 0 ? conv2dModel(seed) : conv1dModel(seed);
        fillAwkwardValues(saved, seed);
        Path file = dir.resolve("w-" + layout + "-" + seed + ".csv");
        WeightFile.save(file, saved, layout);
        Sequential loaded = seed % 2 == 0 ? conv2dModel(seed + 100) : conv1dModel(seed + 100);
        assertNotEquals(saved.getWeights(), loaded.getWeights());
        WeightFile.load(file, loaded);
        assertBitwiseEqual(saved.getWeights(), loaded.getWeights());
      }
    }
  }

  @Test
  void loadedModelsComputeTheSameOutputs() throws IOException {
    Sequential saved = conv2dModel(7);
    Path file = dir.resolve("weights.csv");
    WeightFile.save(file, saved, Layout.PYTORCH);
    Sequential loaded = conv2dModel(8);
    WeightFile.load(file, loaded);
    Tensor x = GradientCheck.randomTensor(new SplittableRandom(1), 2, 7, 6, 2);
    assertEquals(saved.forward(x), loaded.forward(x));
  }

  @Test
  void byteOrderMarkCrlfAndTrailingBlankLinesAreRead() throws IOException {
    Sequential model = CorruptWeightFilesTest.model();
    Path file = dir.resolve("windows.csv");
    String text = "\uFEFF" + CorruptWeightFilesTest.VALID.replace("\n", "\r\n") + "\r\n\r\n";
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    WeightFile.load(file, model);
    assertEquals(Tensor.of(new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8}, 2, 2, 1, 2), model.getWeights().get(0));
    assertEquals(Tensor.of(new double[] {3.0}, 1), model.getWeights().get(3));
  }

  @Test
  void saveReplacesAtomicallyAndLeavesNoTemporaryFile() throws IOException {
    Path file = dir.resolve("weights.csv");
    Sequential model = conv1dModel(1);
    WeightFile.save(file, model, Layout.KERAS);
    String first = Files.readString(file);
    fillAwkwardValues(model, 3);
    WeightFile.save(file, model, Layout.KERAS);
    assertNotEquals(first, Files.readString(file));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void aTemporaryFileLeftByAKilledWriterIsRemovedByTheNextSave() throws IOException {
    Path file = dir.resolve("weights.csv");
    Files.writeString(dir.resolve(".weights.csv.123456.tmp"), "minicnn-weights,1,keras\ntensor,conv1d/ker");
    Files.writeString(dir.resolve(".other.csv.1.tmp"), "not ours");
    WeightFile.save(file, conv1dModel(1), Layout.KERAS);
    try (var files = Files.list(dir)) {
      assertEquals(List.of(".other.csv.1.tmp", "weights.csv"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void aSavedFileHasThePermissionsOfAnyNewFileNotOwnerOnly() throws IOException {
    Path file = dir.resolve("weights.csv");
    WeightFile.save(file, conv1dModel(1), Layout.KERAS);
    Path plain = Files.createFile(dir.resolve("plain.txt"));
    // whatever the umask allows a new file (rw-r--r-- under 022), not createTempFile's rw-------
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
  }

  @Test
  void nonFiniteWeightsAreNotSavedAndTheOldFileStays() throws IOException {
    Path file = dir.resolve("weights.csv");
    Conv1D layer = new Conv1D(1, 2);
    layer.setWeights(Tensor.of(new double[] {1, 2}, 2, 1, 1), Tensor.zeros(1));
    WeightFile.save(file, layer, Layout.KERAS);
    String good = Files.readString(file);
    layer.kernel().data()[1] = Double.NaN;
    assertThrowsMessage(IllegalArgumentException.class,
        "WeightFile.save: conv1d/kernel value 1 is NaN; only finite weights are saved",
        () -> WeightFile.save(file, layer, Layout.KERAS));
    assertEquals(good, Files.readString(file));
  }

  @Test
  void misuseIsNamed() {
    assertThrowsMessage(IllegalArgumentException.class,
        "WeightFile.load: the model has no weights yet; build it (e.g. model.build(inputShape)) before loading"
            + " weights into it",
        () -> WeightFile.load(dir.resolve("x.csv"), new Sequential().add(new Conv2D(1, 3, 3))));
    assertThrowsMessage(IllegalArgumentException.class,
        "WeightFile.save: the model has no weights yet; build it or run forward first",
        () -> WeightFile.save(dir.resolve("x.csv"), new Conv2D(1, 3, 3), Layout.KERAS));
    assertThrowsMessage(IllegalArgumentException.class, "WeightFile: expected a layout (KERAS or PYTORCH), got null",
        () -> WeightFile.save(dir.resolve("x.csv"), conv1dModel(1), null));
    NoSuchFileException missing = assertThrows(NoSuchFileException.class,
        () -> WeightFile.load(dir.resolve("missing.csv"), conv1dModel(1)));
    assertEquals(dir.resolve("missing.csv") + ": no such weight file", missing.getMessage());
  }
}
