package org.minicnn.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.engine.layers.Dense;
import org.minicnn.engine.layers.Flatten;

/**
 * {@link NpzFile}: weights leave and come back bit-identical in both layouts, the bytes depend only on
 * the weights, float32 and big-endian arrays read exactly, and every kind of bad file is refused with a
 * message naming the file, the entry and what was expected, leaving the model as it was.
 */
class NpzFileTest {

  @TempDir
  Path dir;

  /** Conv2D(2, 3, 3) then Flatten and Dense(2) on [1, 4, 4, 1]: conv2d/kernel is [3, 3, 1, 2]. */
  static Sequential model(long seed) {
    Sequential m = new Sequential().add(new Conv2D(2, 3, 3).seed(seed)).add(new Flatten()).add(new Dense(2).seed(seed + 1));
    m.build(1, 4, 4, 1);
    return m;
  }

  @Test
  void weightsComeBackBitIdenticalInBothLayouts() throws IOException {
    Sequential saved = model(1);
    for (Layout layout : Layout.values()) {
      Path file = dir.resolve(layout.label() + ".npz");
      NpzFile.save(file, saved, layout);
      Sequential loaded = model(50);
      assertEquals(layout, NpzFile.load(file, loaded));
      assertEquals(saved.getWeights(), loaded.getWeights(), layout.label());
      Map<String, Tensor> arrays = NpzFile.read(file);
      assertEquals(WeightFile.parameterNames(saved, layout), List.copyOf(arrays.keySet()));
    }
    Map<String, Tensor> torch = NpzFile.read(dir.resolve("pytorch.npz"));
    assertArrayEquals(new int[] {2, 1, 3, 3}, torch.get("0.weight").shape());
    assertArrayEquals(new int[] {2, 8}, torch.get("2.weight").shape());
    assertArrayEquals(new int[] {3, 3, 1, 2}, NpzFile.read(dir.resolve("keras.npz")).get("conv2d/kernel").shape());
  }

  @Test
  void theSameWeightsGiveTheSameBytes() throws IOException {
    NpzFile.save(dir.resolve("a.npz"), model(3), Layout.KERAS);
    NpzFile.save(dir.resolve("b.npz"), model(3), Layout.KERAS);
    assertArrayEquals(Files.readAllBytes(dir.resolve("a.npz")), Files.readAllBytes(dir.resolve("b.npz")));
  }

  // ---- hand-made .npy entries ------------------------------------------------------------------

  /** A .npy file, version 1.0, with {@code dict} as header and {@code values} as raw bytes. */
  static byte[] npy(String dict, byte[] values) {
    String header = dict;
    int unpadded = 10 + header.length() + 1;
    header += " ".repeat((64 - unpadded % 64) % 64) + "\n";
    byte[] text = header.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer b = ByteBuffer.allocate(10 + text.length + values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(Npy.MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text).put(values);
    return b.array();
  }

  static byte[] floats(ByteOrder order, float... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(order);
    for (float f : v) {
      b.putFloat(f);
    }
    return b.array();
  }

  static byte[] doubles(ByteOrder order, double... v) {
    ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(order);
    for (double d : v) {
      b.putDouble(d);
    }
    return b.array();
  }

  Path zip(String name, Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    Path file = dir.resolve(name);
    Files.write(file, bytes.toByteArray());
    return file;
  }

  @Test
  void float32AndBigEndianArraysReadExactly() throws IOException {
    float[] f = {0.1f, -2.5f, 3.0e-7f, 1e30f};
    double[] d = {0.1, -1.0 / 3, 5e-300, 7};
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("a.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", floats(ByteOrder.LITTLE_ENDIAN, f)));
    entries.put("b.npy", npy("{'descr': '>f4', 'fortran_order': False, 'shape': (4,), }", floats(ByteOrder.BIG_ENDIAN, f)));
    entries.put("c.npy", npy("{'descr': '>f8', 'fortran_order': False, 'shape': (1, 4), }", doubles(ByteOrder.BIG_ENDIAN, d)));
    Map<String, Tensor> read = NpzFile.read(zip("mixed.npz", entries));
    double[] widened = {0.1f, -2.5f, 3.0e-7f, 1e30f};
    assertArrayEquals(widened, read.get("a").data(), 0.0);
    assertArrayEquals(new int[] {2, 2}, read.get("a").shape());
    assertArrayEquals(widened, read.get("b").data(), 0.0);
    assertArrayEquals(d, read.get("c").data(), 0.0);
  }

  // ---- refused files ---------------------------------------------------------------------------

  private void assertRefused(Path file, String message) throws IOException {
    Sequential m = model(7);
    List<Tensor> before = m.getWeights();
    NpzFileException e = assertThrows(NpzFileException.class, () -> NpzFile.load(file, m));
    assertEquals(file + ": " + message, e.getMessage());
    assertEquals(before, m.getWeights(), "a refused file must leave the model unchanged");
  }

  /** The keras file of {@link #model}, with entry {@code name} replaced by {@code bytes}. */
  private Path kerasWith(String fileName, String name, byte[] bytes) throws IOException {
    Path good = dir.resolve("good.npz");
    NpzFile.save(good, model(1), Layout.KERAS);
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (var zip = new java.util.zip.ZipFile(good.toFile())) {
      for (var e : java.util.Collections.list(zip.entries())) {
        entries.put(e.getName(), zip.getInputStream(e).readAllBytes());
      }
    }
    entries.put(name, bytes);
    return zip(fileName, entries);
  }

  @Test
  void notAZipOrATruncatedOneIsRefused() throws IOException {
    Path text = dir.resolve("text.npz");
    Files.writeString(text, "conv2d/kernel,1,2,3\n");
    assertRefused(text, "not a zip archive, or a truncated one (zip END header not found); expected an .npz as"
        + " numpy.savez writes it");
    Path good = dir.resolve("whole.npz");
    NpzFile.save(good, model(1), Layout.KERAS);
    byte[] bytes = Files.readAllBytes(good);
    Path cut = dir.resolve("cut.npz");
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertRefused(cut, "not a zip archive, or a truncated one (zip END header not found); expected an .npz as"
        + " numpy.savez writes it");
  }

  @Test
  void badNpyHeadersNameTheEntry() throws IOException {
    assertRefused(kerasWith("magic.npz", "conv2d/kernel.npy", "hello, numpy".getBytes(StandardCharsets.US_ASCII)),
        "conv2d/kernel.npy: not a .npy array: expected the magic bytes \\x93NUMPY at the start");
    assertRefused(kerasWith("dict.npz", "conv2d/kernel.npy", npy("['descr', '<f8']", new byte[0])),
        "conv2d/kernel.npy: the .npy header is not a dict literal: '['descr', '<f8']'");
    assertRefused(kerasWith("noshape.npz", "conv2d/kernel.npy", npy("{'descr': '<f8', 'fortran_order': False, }", new byte[0])),
        "conv2d/kernel.npy: the .npy header lacks 'descr', 'fortran_order' or 'shape': '{'descr': '<f8',"
            + " 'fortran_order': False,\u2026'");
    assertRefused(kerasWith("fortran.npz", "conv2d/kernel.npy",
            npy("{'descr': '<f8', 'fortran_order': True, 'shape': (3, 3, 1, 2), }", new byte[144])),
        "conv2d/kernel.npy: the array is in Fortran (column-major) order; expected C order (numpy.ascontiguousarray)");
    assertRefused(kerasWith("short.npz", "conv2d/kernel.npy",
            npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 3, 1, 2), }", new byte[100])),
        "conv2d/kernel.npy: shape [3, 3, 1, 2] of <f8 needs 144 bytes of values, got 100 (truncated)");
  }

  @Test
  void dtypesOtherThanFloat64AndFloat32AreRefused() throws IOException {
    assertRefused(kerasWith("int.npz", "conv2d/bias.npy",
            npy("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", new byte[16])),
        "conv2d/bias.npy: dtype '<i8' is not supported; expected float64 ('<f8') or float32 ('<f4')");
    assertRefused(kerasWith("half.npz", "conv2d/bias.npy",
            npy("{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }", new byte[4])),
        "conv2d/bias.npy: dtype '<f2' is not supported; expected float64 ('<f8') or float32 ('<f4')");
  }

  @Test
  void shapesAndNamesThatDoNotFitTheModelAreRefused() throws IOException {
    assertRefused(kerasWith("shape.npz", "conv2d/bias.npy", Npy.write(Tensor.zeros(3))),
        "conv2d/bias.npy: shape [3] does not fit the model, which expects [2] (keras layout)");
    assertRefused(kerasWith("extra.npz", "conv2d_1/kernel.npy", Npy.write(Tensor.zeros(3))),
        "the arrays [conv2d/kernel, conv2d/bias, dense/kernel, dense/bias, conv2d_1/kernel] do not name the model's"
            + " weights; expected [conv2d/kernel, conv2d/bias, dense/kernel, dense/bias] (Keras layout) or"
            + " [0.weight, 0.bias, 2.weight, 2.bias] (PyTorch state_dict)");
    assertRefused(kerasWith("notnpy.npz", "readme.txt", new byte[] {'h', 'i'}),
        "readme.txt: expected only .npy arrays in an .npz, got this entry");
    assertRefused(kerasWith("nan.npz", "conv2d/bias.npy",
            npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", doubles(ByteOrder.LITTLE_ENDIAN, 1, Double.NaN))),
        "conv2d/bias.npy: Tensor.of: data[1] is NaN; expected finite values (index [1] of shape [2])");
  }

  /** As {@code numpy.savez} writes them: each array an uncompressed ({@code STORED}) {@code name.npy} entry, in order. */
  @Test
  void entriesAreStoredUncompressedInOrder() throws IOException {
    Map<String, Tensor> arrays = new LinkedHashMap<>();
    arrays.put("b", Tensor.of(new double[] {1, 2, 3, 4}, 2, 2));
    arrays.put("a", Tensor.of(new double[] {0.5}, 1));
    Path file = dir.resolve("stored.npz");
    NpzFile.write(file, arrays);
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
      List<String> names = new java.util.ArrayList<>();
      for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
        names.add(entry.getName());
        assertEquals(ZipEntry.STORED, entry.getMethod(), entry.getName());
        String key = entry.getName().substring(0, entry.getName().length() - ".npy".length());
        assertArrayEquals(Npy.write(arrays.get(key)), zip.getInputStream(entry).readAllBytes(), entry.getName());
      }
      assertEquals(List.of("b.npy", "a.npy"), names);
    }
  }

  /** Every entry carries the zip format's earliest time, 1980-01-01 00:00, not the time of writing. */
  @Test
  void entriesCarryTheZipFormatsEarliestTime() throws IOException {
    Path file = dir.resolve("time.npz");
    NpzFile.write(file, Map.of("a", Tensor.of(new double[] {0.5}, 1)));
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
      List<? extends ZipEntry> entries = java.util.Collections.list(zip.entries());
      assertEquals(1, entries.size());
      assertEquals(java.time.LocalDateTime.of(1980, 1, 1, 0, 0), entries.get(0).getTimeLocal());
    }
  }

  /** The message {@link Npy#header} refuses {@code bytes} with. */
  private String headerProblem(byte[] bytes) {
    return assertThrows(NpzFileException.class,
        () -> Npy.header(bytes, problem -> new NpzFileException(dir, "a.npy", problem))).getMessage();
  }

  /**
   * Files cut inside the magic or the version and header length are refused as such, however short; ten bytes
   * of version 1.0 hold a whole (empty) header. A version 1.0 header is Latin-1 and a version 3.0 one UTF-8: an
   * 'é' in the dtype reaches the message as it was written.
   */
  @Test
  void shortFilesAndHeaderCharsetsGiveTheirReasons() {
    byte[] start = java.util.Arrays.copyOf(Npy.MAGIC, 10);
    start[6] = 1;
    for (int length = 0; length < Npy.MAGIC.length; length++) {
      assertEquals(dir + ": a.npy: not a .npy array: expected the magic bytes \\x93NUMPY at the start",
          headerProblem(java.util.Arrays.copyOf(start, length)), length + " bytes");
    }
    for (int length = Npy.MAGIC.length; length < 10; length++) {
      assertEquals(dir + ": a.npy: the .npy header is truncated after " + length + " bytes",
          headerProblem(java.util.Arrays.copyOf(start, length)), length + " bytes");
    }
    assertEquals(dir + ": a.npy: the .npy header is not a dict literal: ''", headerProblem(start));
    String dict = "{'descr': '<\u00e98', 'fortran_order': False, 'shape': (2,), }";
    assertEquals(dir + ": a.npy: dtype '<\u00e98' is not supported; expected float64 ('<f8') or float32 ('<f4')",
        headerProblem(npy(dict, new byte[16])), "version 1.0, Latin-1");
    byte[] text = (dict + "\n").getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(12 + text.length + 16).order(ByteOrder.LITTLE_ENDIAN);
    b.put(Npy.MAGIC).put((byte) 3).put((byte) 0).putInt(text.length).put(text);
    assertEquals(dir + ": a.npy: dtype '<\u00e98' is not supported; expected float64 ('<f8') or float32 ('<f4')",
        headerProblem(b.array()), "version 3.0, UTF-8");
  }

  /** Format versions 2.0 and 3.0 (a four-byte header length; 3.0's header in UTF-8), and the versions refused. */
  @Test
  void versionTwoAndThreeHeadersAreRead() throws IOException {
    for (int major : new int[] {2, 3}) {
      String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";
      byte[] text = (dict + " ".repeat((64 - (12 + dict.length() + 1) % 64) % 64) + "\n")
          .getBytes(StandardCharsets.ISO_8859_1);
      ByteBuffer b = ByteBuffer.allocate(12 + text.length + 16).order(ByteOrder.LITTLE_ENDIAN);
      b.put(Npy.MAGIC).put((byte) major).put((byte) 0).putInt(text.length).put(text).putDouble(1.5).putDouble(-2);
      byte[] bytes = b.array();
      Npy.Header h = Npy.header(bytes, problem -> new NpzFileException(dir, "a.npy", problem));
      assertEquals(12 + text.length, h.dataOffset(), "version " + major);
      assertEquals(2, h.values());
      assertArrayEquals(new double[] {1.5, -2}, Npy.values(bytes, h).data(), 0.0);
      byte[] truncated = java.util.Arrays.copyOf(bytes, 11);
      NpzFileException e = assertThrows(NpzFileException.class,
          () -> Npy.header(truncated, problem -> new NpzFileException(dir, "a.npy", problem)));
      assertEquals(dir + ": a.npy: the .npy header is truncated after 11 bytes", e.getMessage());
    }
    // twelve bytes: a version 2.0 header length of 0, so an empty header rather than a truncated one
    byte[] twelve = java.util.Arrays.copyOf(Npy.MAGIC, 12);
    twelve[6] = 2;
    assertEquals(dir + ": a.npy: the .npy header is not a dict literal: ''", assertThrows(NpzFileException.class,
        () -> Npy.header(twelve, problem -> new NpzFileException(dir, "a.npy", problem))).getMessage());
    // a version 1.0 header declaring 100 bytes, with 4 after its length
    byte[] short1 = java.util.Arrays.copyOf(Npy.MAGIC, 14);
    short1[6] = 1;
    short1[8] = 100;
    assertEquals(dir + ": a.npy: the .npy header declares 100 bytes but only 4 follow", assertThrows(
        NpzFileException.class, () -> Npy.header(short1, problem -> new NpzFileException(dir, "a.npy", problem)))
        .getMessage());
    byte[] four = java.util.Arrays.copyOf(Npy.MAGIC, 16);
    four[6] = 4;
    four[7] = 1;
    NpzFileException e = assertThrows(NpzFileException.class,
        () -> Npy.header(four, problem -> new NpzFileException(dir, "a.npy", problem)));
    assertEquals(dir + ": a.npy: .npy format version 4.1 is not supported; expected 1.0, 2.0 or 3.0", e.getMessage());
  }

  /** A shape whose value count overflows a long needs more bytes than any file holds, and says so. */
  @Test
  void aShapeBeyondALongOfValuesIsRefused() {
    String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2147483647, 2147483647, 2147483647), }";
    byte[] text = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer b = ByteBuffer.allocate(10 + text.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(Npy.MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
    NpzFileException e = assertThrows(NpzFileException.class,
        () -> Npy.header(b.array(), problem -> new NpzFileException(dir, "a.npy", problem)));
    assertTrue(e.getMessage().endsWith(" of <f8 needs 9223372036854775807 bytes of values, got 0 (truncated)"),
        e.getMessage());
  }

  /**
   * The largest value count whose float64 bytes still fit a long, (2³⁰ − 1)·(2³⁰ + 1) = {@code Long.MAX_VALUE / 8},
   * needs exactly eight bytes a value.
   */
  @Test
  void theLargestShapeWhoseBytesFitALongNeedsEightBytesAValue() {
    assertEquals(Long.MAX_VALUE / 8, 1073741823L * 1073741825L);
    String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (1073741823, 1073741825), }";
    assertEquals(dir + ": a.npy: shape [1073741823, 1073741825] of <f8 needs 9223372036854775800 bytes of values, got 0"
        + " (truncated)", headerProblem(npy(dict, new byte[0])));
  }

  /** As numpy writes it: the data starts at a multiple of 64 bytes, after a newline-terminated header. */
  @Test
  void writtenHeadersEndAtA64ByteBoundary() {
    for (int[] shape : new int[][] {{3}, {2, 5}, {3, 3, 1, 16}, {1000, 7}}) {
      byte[] npy = Npy.write(Tensor.zeros(shape));
      int headerLength = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
      assertEquals(0, (10 + headerLength) % 64, java.util.Arrays.toString(shape));
      assertEquals('\n', npy[10 + headerLength - 1]);
    }
  }
}
