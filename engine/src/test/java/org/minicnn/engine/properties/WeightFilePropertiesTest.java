package org.minicnn.engine.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minicnn.engine.properties.Generators.chance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minicnn.engine.GradientCheck;
import org.minicnn.engine.Parameter;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.io.Layout;
import org.minicnn.engine.io.WeightFile;
import org.minicnn.engine.io.WeightFileException;
import org.minicnn.engine.layers.Conv1D;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.engine.layers.Dense;
import org.minicnn.engine.layers.Flatten;

/**
 * Weight files over random models and weights in both layouts: a saved file loads back bit-exactly,
 * and a file with a random byte or line mutation either loads (finite weights of the model's shapes)
 * or throws {@link WeightFileException} naming the file, leaving the model unchanged — never another
 * exception, never an allocation of a declared size.
 */
public class WeightFilePropertiesTest {

  @TempDir
  Path dir;

  /** Mutations of a valid file; the first two keep its meaning. */
  public static final int NONE = 0;
  public static final int CRLF_AND_BOM = 1;
  public static final int TRUNCATE = 2;
  public static final int BYTE = 3;
  public static final int DROP_LINE = 4;
  public static final int REPEAT_LINE = 5;
  public static final int HUGE_DIMENSION = 6;

  public record Case(int rank, int channels, int filters, int kernel, int units, Layout layout, long seed, int mutation,
      int at, int value) {}

  public static Case draw(SplittableRandom r) {
    return new Case(r.nextInt(1, 3), r.nextInt(1, 3), r.nextInt(1, 3), r.nextInt(1, 3), r.nextInt(1, 4),
        Generators.pickOf(r, Layout.values()), r.nextLong(), chance(r, 30) ? NONE : r.nextInt(1, 7), r.nextInt(1 << 20),
        Generators.pick(r, 0, '\n', '\r', ',', '-', '.', 'e', '9', 'N', 0xFF, 0xC3, ' ', 't'));
  }

  /** A small conv + dense model, built, with the given seed. */
  static Sequential model(Case c, long seed) {
    Sequential model = new Sequential()
        .add(c.rank() == 1 ? new Conv1D(c.filters(), c.kernel()).seed(seed)
            : new Conv2D(c.filters(), c.kernel(), c.kernel() + 1).seed(seed))
        .add(new Flatten()).add(new Dense(c.units()).seed(~seed));
    model.build(c.rank() == 1 ? new int[] {1, 4, c.channels()} : new int[] {1, 4, 4, c.channels()});
    return model;
  }

  static List<double[]> values(Sequential model) {
    List<double[]> out = new ArrayList<>();
    for (Parameter p : model.parameters()) {
      out.add(p.value().toArray());
    }
    return out;
  }

  public static byte[] mutate(Case c, byte[] file) {
    String text = new String(file, StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    int line = c.at() % (lines.size() - 1);
    return switch (c.mutation()) {
      case CRLF_AND_BOM -> ("\uFEFF" + text.replace("\n", "\r\n")).getBytes(StandardCharsets.UTF_8);
      case TRUNCATE -> Arrays.copyOf(file, c.at() % file.length);
      case BYTE -> {
        byte[] out = file.clone();
        out[c.at() % out.length] = (byte) c.value();
        yield out;
      }
      case DROP_LINE -> {
        lines.remove(line);
        yield String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
      }
      case REPEAT_LINE -> {
        lines.add(line, lines.get(line));
        yield String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
      }
      case HUGE_DIMENSION -> {
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("tensor,")).skip(c.at() % 2).findFirst()
            .orElseThrow());
        lines.set(header, lines.get(header) + "," + Generators.pick(new SplittableRandom(c.at()), Generators.HUGE));
        yield String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
      }
      default -> file;
    };
  }

  @Test
  void savedWeightsLoadBitExactlyAndMutatedFilesLoadOrNameFileAndLine() {
    ForAll.check(9401, WeightFilePropertiesTest::draw, c -> {
      try {
        Sequential saved = model(c, c.seed());
        SplittableRandom r = new SplittableRandom(c.seed());
        for (Parameter p : saved.parameters()) {
          double[] v = p.value().data();
          for (int i = 0; i < v.length; i++) {
            v[i] = chance(r, 80) ? r.nextDouble(-1, 1)
                : new double[] {-0.0, Double.MIN_VALUE, -Double.MAX_VALUE, 1e-300, 123456789.0625}[r.nextInt(5)];
          }
        }
        Path file = dir.resolve("w.csv");
        WeightFile.save(file, saved, c.layout());
        Files.write(file, mutate(c, Files.readAllBytes(file)));
        Sequential loaded = model(c, c.seed() + 1);
        List<double[]> before = values(loaded);
        try {
          WeightFile.load(file, loaded);
        } catch (WeightFileException e) {
          assertTrue(c.mutation() > CRLF_AND_BOM, "a valid file was refused: " + e.getMessage());
          assertEquals(file, e.file());
          assertTrue(e.getMessage().startsWith(file + (e.line() > 0 ? " line " + e.line() + ": " : ": ")),
              e.getMessage());
          List<double[]> after = values(loaded);
          for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), after.get(i), "a refused file changed the model");
          }
          return;
        }
        List<double[]> want = values(saved);
        List<double[]> got = values(loaded);
        for (int i = 0; i < want.size(); i++) {
          if (c.mutation() <= CRLF_AND_BOM) {
            assertArrayEquals(want.get(i), got.get(i), "bit-exact round trip");
          } else {
            assertEquals(want.get(i).length, got.get(i).length);
            assertTrue(Arrays.stream(got.get(i)).allMatch(Double::isFinite), "loaded a non-finite weight");
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
