package org.minicnn.datasets.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minicnn.engine.properties.Generators.chance;
import static org.minicnn.engine.properties.Generators.pick;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minicnn.datasets.DataFile;
import org.minicnn.datasets.csv.DatasetCsv;
import org.minicnn.datasets.csv.DatasetFormatException;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.properties.Documented;
import org.minicnn.engine.properties.ForAll;
import org.minicnn.engine.properties.Generators;

/**
 * DatasetCsv and DataFile: random valid data sets round-trip bit-exactly; random mutations of a valid
 * file either read back as a consistent data set or throw a DatasetFormatException naming the source
 * and line — never another exception, never an allocation the heap cannot hold.
 */
class CsvPropertiesTest {

  @TempDir
  Path dir;

  /** Reading or writing in memory throws no IOException; one that escapes fails the property. */
  interface Io<T> {
    T call() throws IOException;
  }

  static <T> T io(Io<T> call) {
    try {
      return call.call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Any double bit pattern that is finite, often a plain or extreme one. */
  static double value(SplittableRandom r) {
    int roll = r.nextInt(10);
    if (roll < 4) {
      double v = Double.longBitsToDouble(r.nextLong());
      return Double.isFinite(v) ? v : 0.0;
    }
    if (roll < 6) {
      return Generators.pickOf(r, -0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
          Double.MIN_NORMAL, 1e-300, 123456789.0, 0.1);
    }
    return r.nextDouble(-10, 10);
  }

  static Tensor tensor(SplittableRandom r, int n, int[] sample) {
    int[] shape = new int[sample.length + 1];
    shape[0] = n;
    System.arraycopy(sample, 0, shape, 1, sample.length);
    Tensor t = Tensor.zeros(shape);
    for (int i = 0; i < t.size(); i++) {
      t.data()[i] = value(r);
    }
    return t;
  }

  private static final String NAME_CHARS = "ab,;\"\n\r= é\u0001\t-x0";

  static String className(SplittableRandom r) {
    if (chance(r, 3)) {
      return "label";
    }
    StringBuilder s = new StringBuilder();
    int length = r.nextInt(0, 6);
    for (int i = 0; i < length; i++) {
      s.append(chance(r, 60) ? (char) ('a' + r.nextInt(26)) : NAME_CHARS.charAt(r.nextInt(NAME_CHARS.length())));
    }
    return s.toString();
  }

  /** A data set of 1–4 samples; with {@code namesMayBeBad} its class names are random text. */
  static DataFile dataFile(SplittableRandom r, boolean namesMayBeBad) {
    int n = r.nextInt(1, 5);
    Tensor inputs = chance(r, 3) ? tensor(r, n, new int[0]) : tensor(r, n, Generators.validShape(r, 1, 3, 3));
    Tensor targets = chance(r, 50) ? null : tensor(r, n, Generators.validShape(r, 1, 2, 3));
    if (chance(r, 50)) {
      return new DataFile(inputs, targets, null, null);
    }
    List<String> names = new ArrayList<>();
    int k = r.nextInt(1, 4);
    for (int i = 0; i < k; i++) {
      names.add(namesMayBeBad && chance(r, 50) ? className(r) : "c" + i + (char) ('a' + r.nextInt(26)));
    }
    int[] labels = new int[n];
    Arrays.setAll(labels, i -> r.nextInt(k));
    return new DataFile(inputs, targets, labels, names);
  }

  /** Whether DatasetCsv documents {@code data} as writable (a reason when not). */
  static String unwritable(DataFile data) {
    for (String name : data.classNames()) {
      if (name.isEmpty() || !name.equals(name.strip()) || !name.equals(name.trim()) || name.contains(";")
          || name.equals("label")) {
        return "class name";
      }
    }
    if (new HashSet<>(data.classNames()).size() < data.classNames().size()) {
      return "class name";
    }
    return data.inputs().rank() < 2 ? "rank" : null;
  }

  static String write(DataFile data) {
    StringWriter out = new StringWriter();
    io(() -> {
      DatasetCsv.write(out, data);
      return null;
    });
    return out.toString();
  }

  record RoundTrip(DataFile data, boolean viaFile) {}

  @Test
  void writableDataSetsReadBackBitIdentical() {
    ForAll.check(8401, r -> new RoundTrip(dataFile(r, true), chance(r, 3)), c -> {
      String problem = unwritable(c.data());
      var written = Documented.call(() -> write(c.data()), problem == null ? "DatasetCsv" : problem);
      assertEquals(problem == null, written.accepted(), "write accepted");
      if (problem != null) {
        return;
      }
      DataFile back = io(() -> DatasetCsv.read(new StringReader(written.result()), "mem.csv"));
      assertEquals(c.data(), back, "read back");
      for (int i = 0; i < back.inputs().size(); i++) {
        assertEquals(Double.doubleToRawLongBits(c.data().inputs().data()[i]),
            Double.doubleToRawLongBits(back.inputs().data()[i]), "bits of input " + i);
      }
      if (c.viaFile()) {
        Path file = dir.resolve("data.csv");
        io(() -> {
          DatasetCsv.write(file, c.data());
          return null;
        });
        assertEquals(c.data(), io(() -> DatasetCsv.read(file)), "read back from a file");
      }
    });
  }

  private static final byte[][] INSERTS = {
      {','}, {'"'}, {'\n'}, {'\r'}, {'\r', '\n'}, {'x'}, {'='}, {';'}, {'-'}, {'e'}, {'.'}, {'0'}, {'9'}, {' '},
      {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {0}, {(byte) 0xFF}, {(byte) 0xC3}, {'N', 'a', 'N'}, {'1', 'e', '9', '9', '9'},
      "samples=99999999999".getBytes(StandardCharsets.UTF_8), "inputs=33554431".getBytes(StandardCharsets.UTF_8),
      "inputs=46341x46341".getBytes(StandardCharsets.UTF_8), "inputs=1x2147483639".getBytes(StandardCharsets.UTF_8),
      "classes=a;a".getBytes(StandardCharsets.UTF_8), "targets=2147483647".getBytes(StandardCharsets.UTF_8)};

  static byte[] mutate(SplittableRandom r, byte[] in) {
    List<Byte> b = new ArrayList<>();
    for (byte x : in) {
      b.add(x);
    }
    int mutations = r.nextInt(1, 4);
    for (int m = 0; m < mutations && !b.isEmpty(); m++) {
      int at = r.nextInt(b.size());
      switch (r.nextInt(7)) {
        case 0 -> b.remove(at);
        case 1, 2 -> {
          byte[] insert = INSERTS[r.nextInt(INSERTS.length)];
          for (int i = insert.length - 1; i >= 0; i--) {
            b.add(at, insert[i]);
          }
        }
        case 3 -> b.set(at, INSERTS[r.nextInt(INSERTS.length)][0]);
        case 4 -> b.subList(at, b.size()).clear();
        default -> {
          List<List<Byte>> lines = lines(b);
          int line = r.nextInt(lines.size());
          if (r.nextBoolean()) {
            lines.add(line, lines.get(r.nextInt(lines.size())));
          } else {
            lines.remove(line);
          }
          b.clear();
          for (List<Byte> l : lines) {
            b.addAll(l);
          }
        }
      }
    }
    byte[] out = new byte[b.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.get(i);
    }
    return out;
  }

  /** The lines of {@code b}, each with its '\n'. */
  static List<List<Byte>> lines(List<Byte> b) {
    List<List<Byte>> lines = new ArrayList<>();
    List<Byte> line = new ArrayList<>();
    for (byte x : b) {
      line.add(x);
      if (x == '\n') {
        lines.add(line);
        line = new ArrayList<>();
      }
    }
    if (!line.isEmpty() || lines.isEmpty()) {
      lines.add(line);
    }
    return lines;
  }

  record Mutation(byte[] bytes, long maxValues) {}

  static Mutation mutation(SplittableRandom r) {
    DataFile data = dataFile(r, false);
    while (unwritable(data) != null) {
      data = dataFile(r, false);
    }
    String text = write(data);
    if (chance(r, 30)) {
      text = text.replaceFirst(",samples=[0-9]+", "");
    }
    if (chance(r, 20)) {
      text = text.replaceFirst("\n[^\n]*\n", "\n");
    }
    if (chance(r, 10)) {
      text = text.replaceFirst("(inputs|targets)=[0-9x]+", "$1=" + Generators.pickOf(r, "33554431", "30000000",
          "46341x46341", "1x2147483639", "2147483647", "65536x32767", "1000000"));
    }
    long maxValues = chance(r, 70) ? DatasetCsv.defaultMaxValues() : Generators.pickOf(r, 1L, 10L, 1000L,
        Long.MAX_VALUE, 0L, -1L);
    return new Mutation(mutate(r, text.getBytes(StandardCharsets.UTF_8)), maxValues);
  }

  /** Decodes like {@link DatasetCsv#read(Path)}: invalid UTF-8 is reported, not replaced. */
  static Reader strictUtf8(byte[] bytes) {
    return new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8.newDecoder());
  }

  @Test
  void mutatedFilesReadBackOrNameTheSourceLineAndColumn() {
    ForAll.check(8402, CsvPropertiesTest::mutation, c -> {
      var outcome = Documented.call(() -> io(() -> DatasetCsv.read(strictUtf8(c.bytes()), "mutant.csv", c.maxValues())),
          "mutant.csv", "maxValues");
      if (c.maxValues() <= 0) {
        assertTrue(!outcome.accepted() && outcome.rejection().getMessage().contains("maxValues"), "maxValues refused");
        return;
      }
      if (outcome.accepted()) {
        DataFile data = outcome.result();
        assertEquals(data, io(() -> DatasetCsv.read(new StringReader(write(data)), "again.csv")), "consistent");
        return;
      }
      assertTrue(outcome.rejection() instanceof DatasetFormatException, "a DatasetFormatException, got "
          + outcome.rejection());
      DatasetFormatException e = (DatasetFormatException) outcome.rejection();
      long lines = 1;
      for (byte x : c.bytes()) {
        lines += x == '\n' || x == '\r' ? 1 : 0;
      }
      assertEquals("mutant.csv", e.file());
      assertTrue(e.line() >= 1 && e.line() <= lines + 1, "line " + e.line() + " of " + lines);
      assertTrue(e.column() >= 0, "column");
      String where = "mutant.csv: line " + e.line() + (e.column() > 0 ? ", column " + e.column() : "") + ": ";
      assertTrue(e.getMessage().startsWith(where) && e.getMessage().length() > where.length(), e.getMessage());
      assertEquals(where + e.problem(), e.getMessage());
    });
  }

  record Parts(Tensor inputs, Tensor targets, int[] labels, List<String> names, String file, long line, int column) {}

  static Parts parts(SplittableRandom r) {
    int n = r.nextInt(1, 4);
    Tensor inputs = chance(r, 5) ? null : tensor(r, n, new int[] {2});
    Tensor targets = chance(r, 50) ? null : tensor(r, chance(r, 90) ? n : n + 1, new int[] {1});
    int[] labels = null;
    if (chance(r, 50)) {
      labels = new int[chance(r, 90) ? n : n + 1];
      Arrays.setAll(labels, i -> chance(r, 95) ? r.nextInt(2) : pick(r, -1, 2, Integer.MAX_VALUE));
    }
    List<String> names = chance(r, 20) ? null : chance(r, 10) ? Arrays.asList("a", null) : chance(r, 10) ? List.of()
        : List.of("a", "b");
    String file = chance(r, 5) ? null : "f" + r.nextInt(10) + ".csv";
    long line = chance(r, 5) ? Generators.pickOf(r, Long.MAX_VALUE, Long.MIN_VALUE) : pick(r, 0, 1, 7, -1);
    return new Parts(inputs, targets, labels, names, file, line, pick(r, 0, 1, 3, -1, Integer.MAX_VALUE));
  }

  static boolean hasNull(List<String> list) {
    return list.stream().anyMatch(java.util.Objects::isNull);
  }

  @Test
  void dataFilesHoldConsistentPartsOrNameTheMismatch() {
    ForAll.check(8403, CsvPropertiesTest::parts, c -> {
      int n = c.inputs() == null ? -1 : c.inputs().dim(0);
      List<String> names = c.names() == null ? List.of() : c.names();
      boolean labelsOk = c.labels() == null ? names.isEmpty()
          : !names.isEmpty() && !hasNull(names) && c.labels().length == n
              && Arrays.stream(c.labels()).allMatch(l -> l >= 0 && l < names.size());
      boolean valid = c.inputs() != null && (c.targets() == null || c.targets().dim(0) == n) && labelsOk
          && !hasNull(names);
      var made = Documented.call(() -> new DataFile(c.inputs(), c.targets(), c.labels(), c.names()), "DataFile",
          "Dataset", "LabelledSet");
      assertEquals(valid, made.accepted(), "accepted");
      if (valid) {
        DataFile d = made.result();
        assertEquals(n, d.size());
        assertArrayEquals(c.labels(), d.labels());
        assertEquals(names, d.classNames());
        var dataset = Documented.call(d::asDataset, "DataFile");
        assertEquals(c.targets() != null, dataset.accepted(), "asDataset");
        var labelled = Documented.call(d::asLabelledSet, "DataFile");
        assertEquals(c.labels() != null, labelled.accepted(), "asLabelledSet");
        DataFile again = dataset.accepted() ? DataFile.of(dataset.result())
            : labelled.accepted() ? DataFile.of(labelled.result()) : DataFile.of(c.inputs());
        assertEquals(c.inputs(), again.inputs());
      }
      assertTrue(Documented.call(() -> DataFile.of((org.minicnn.datasets.Dataset) null), "DataFile").rejection() != null);
      assertTrue(Documented.call(() -> DataFile.of((org.minicnn.datasets.LabelledSet) null), "DataFile").rejection()
          != null);
      var exception = Documented.call(() -> new DatasetFormatException(c.file(), c.line(), c.column(), "problem"), "never");
      assertEquals(c.file(), exception.result().file());
      assertTrue(exception.result().getMessage().endsWith(": problem"), exception.result().getMessage());
      var nullSource = Documented.call(() -> io(() -> DatasetCsv.read(new StringReader(""), null)), "DatasetCsv.read");
      assertNull(nullSource.result());
      var nullPath = Documented.call(() -> io(() -> DatasetCsv.read((Path) null)), "DatasetCsv.read");
      assertNull(nullPath.result());
      var nullFile = Documented.call(() -> io(() -> {
        DatasetCsv.write((Path) null, DataFile.of(Tensor.zeros(1, 1)));
        return null;
      }), "DatasetCsv.write");
      assertTrue(nullFile.rejection() != null);
    });
  }
}
