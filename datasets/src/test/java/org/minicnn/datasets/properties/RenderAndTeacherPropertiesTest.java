package org.minicnn.datasets.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minicnn.engine.properties.Generators.chance;
import static org.minicnn.engine.properties.Generators.pick;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minicnn.datasets.DataFile;
import org.minicnn.datasets.Dataset;
import org.minicnn.datasets.DatasetPresets;
import org.minicnn.datasets.Kernels;
import org.minicnn.datasets.Orientation;
import org.minicnn.datasets.TeacherTargets;
import org.minicnn.datasets.TextRender;
import org.minicnn.datasets.csv.DatasetCsv;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.properties.Documented;
import org.minicnn.engine.properties.ForAll;
import org.minicnn.engine.properties.Generators;

/** TextRender, Kernels, TeacherTargets and DatasetPresets against their documented results and messages. */
class RenderAndTeacherPropertiesTest {

  /** A tensor of the given shape with values in [-1, 1], sometimes constant or extreme. */
  static Tensor tensor(SplittableRandom r, int... shape) {
    Tensor t = Tensor.zeros(shape);
    int style = r.nextInt(10);
    for (int i = 0; i < t.size(); i++) {
      t.data()[i] = style == 0 ? 0.5 : style == 1 ? Generators.pickOf(r, -Double.MAX_VALUE, Double.MAX_VALUE, 0.0)
          : r.nextDouble(-1, 1);
    }
    return t;
  }

  static Tensor anyTensor(SplittableRandom r) {
    if (chance(r, 3)) {
      return null;
    }
    int[] shape = Generators.validShape(r, 1, 4, 4);
    if (chance(r, 40)) {
      shape[shape.length - 1] = 1;
    }
    return tensor(r, shape);
  }

  /** The documented shade of {@code v} in a picture whose values span [min, max]. */
  static char shade(double v, double min, double max) {
    if (max > min) {
      double t = (v - min) / (max - min);
      return TextRender.SHADES.charAt(t < 1.0 / 3 ? 0 : t < 2.0 / 3 ? 1 : 2);
    }
    return v > 0 ? '#' : '.';
  }

  /** The picture of values {@code v(r, c)} read from {@code data} at {@code start + (r·cols + c)·stride}. */
  static String picture(double[] data, int start, int rows, int cols, int stride) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < rows * cols; i++) {
      min = Math.min(min, data[start + i * stride]);
      max = Math.max(max, data[start + i * stride]);
    }
    StringBuilder out = new StringBuilder();
    for (int row = 0; row < rows; row++) {
      for (int c = 0; c < cols; c++) {
        out.append(shade(data[start + (row * cols + c) * stride], min, max));
      }
      out.append('\n');
    }
    return out.toString();
  }

  record Render(Tensor tensor, int sample, int channel, int height) {}

  static int index(SplittableRandom r) {
    return chance(r, 85) ? r.nextInt(0, 4) : pick(r, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 46341);
  }

  @Test
  void textRenderShadesEveryValueAsDocumentedOrNamesTheShape() {
    ForAll.check(8301, r -> new Render(anyTensor(r), index(r), index(r), Generators.size(r, 6)), c -> {
      Tensor t = c.tensor();
      int[] s = t == null ? new int[0] : t.shape();
      boolean image = s.length == 2 || s.length == 3 && s[2] == 1;
      var one = Documented.call(() -> TextRender.image(t), "TextRender.image");
      assertEquals(image, one.accepted(), "image accepted");
      if (image) {
        assertEquals(picture(t.data(), 0, s[0], s[1], 1), one.result());
      }
      boolean batch = s.length == 4 && c.sample() >= 0 && c.sample() < s[0] && c.channel() >= 0 && c.channel() < s[3];
      var ofBatch = Documented.call(() -> TextRender.image(t, c.sample(), c.channel()), "TextRender");
      assertEquals(batch, ofBatch.accepted(), "image(sample, channel) accepted");
      if (batch) {
        assertEquals(picture(t.data(), c.sample() * s[1] * s[2] * s[3] + c.channel(), s[1], s[2], s[3]),
            ofBatch.result());
      }
      boolean signal = s.length == 1 || s.length == 2 && s[1] == 1;
      var line = Documented.call(() -> TextRender.signal(t), "TextRender.signal");
      assertEquals(signal, line.accepted(), "signal accepted");
      if (signal) {
        assertEquals(picture(t.data(), 0, 1, s[0], 1), line.result());
      }
      boolean signals = s.length == 3 && c.sample() >= 0 && c.sample() < s[0] && c.channel() >= 0
          && c.channel() < s[2];
      var ofSignals = Documented.call(() -> TextRender.signal(t, c.sample(), c.channel()), "TextRender");
      assertEquals(signals, ofSignals.accepted(), "signal(sample, channel) accepted");
      if (signals) {
        assertEquals(picture(t.data(), c.sample() * s[1] * s[2] + c.channel(), 1, s[1], s[2]), ofSignals.result());
      }
      long chars = signal ? (long) c.height() * (s[0] + 1) : 0;
      boolean bars = signal && c.height() > 0 && chars <= Integer.MAX_VALUE - 8;
      if (bars && chars > Budget.SMALL * 8) {
        return;
      }
      var chart = Documented.call(() -> TextRender.bars(t, c.height()), "TextRender.bars");
      assertEquals(bars, chart.accepted(), "bars accepted");
      if (bars) {
        String[] rows = chart.result().split("\n", -1);
        assertEquals(c.height() + 1, rows.length, "height rows and the end of the last");
        double lo = Math.min(0, Arrays.stream(t.data()).min().getAsDouble());
        double hi = Math.max(0, Arrays.stream(t.data()).max().getAsDouble());
        for (int i = 0; i < s[0]; i++) {
          long filled = hi > lo ? Math.round(c.height() * ((t.data()[i] - lo) / (hi - lo))) : 0;
          for (int row = 0; row < c.height(); row++) {
            assertEquals(filled >= c.height() - row ? '#' : '.', rows[row].charAt(i), "column " + i + " row " + row);
          }
        }
      }
    });
  }

  record Line(Orientation orientation, int size) {}

  @Test
  void kernelsAreOneLineOfOnesThroughTheMiddle() {
    ForAll.check(8302, r -> new Line(chance(r, 3) ? null : Generators.pickOf(r, Orientation.values()),
        chance(r, 80) ? r.nextInt(0, 32) * 2 + 1 : pick(r, 0, -1, 2, 64, 4096, 4097, 46341, Integer.MAX_VALUE,
            Integer.MIN_VALUE)), c -> {
              boolean valid = c.orientation() != null && c.size() > 0 && c.size() % 2 == 1 && c.size() < 4096;
              var outcome = Documented.call(() -> Kernels.line(c.orientation(), c.size()), "Kernels.line");
              assertEquals(valid, outcome.accepted(), "accepted");
              if (!valid) {
                return;
              }
              Tensor k = outcome.result();
              int s = c.size();
              assertArrayEquals(new int[] {s, s, 1, 1}, k.shape());
              for (int row = 0; row < s; row++) {
                for (int col = 0; col < s; col++) {
                  boolean on = switch (c.orientation()) {
                    case VERTICAL -> col == s / 2;
                    case HORIZONTAL -> row == s / 2;
                    case DIAGONAL -> row == col;
                    case ANTI_DIAGONAL -> row + col == s - 1;
                  };
                  assertEquals(on ? 1.0 : 0.0, k.get(row, col, 0, 0), "at " + row + "," + col);
                }
              }
              assertEquals(Kernels.line(Orientation.VERTICAL, 3), Kernels.vertical());
              assertEquals(Kernels.line(Orientation.HORIZONTAL, 3), Kernels.horizontal());
              assertArrayEquals(new double[] {0, 1, 0}, Kernels.bump1d().data());
            });
  }

  record Teacher(Tensor inputs, Tensor[] kernels, int spatial) {}

  /** Inputs of rank spatial + 2 (sometimes another rank or null) and 0–3 kernels that mostly fit them. */
  static Teacher teacher(SplittableRandom r) {
    int spatial = r.nextInt(1, 3);
    int channels = r.nextInt(1, 3);
    int[] in = new int[spatial + 2];
    in[0] = r.nextInt(1, 4);
    for (int d = 1; d <= spatial; d++) {
      in[d] = r.nextInt(1, 7);
    }
    in[spatial + 1] = channels;
    if (chance(r, 5)) {
      in = Generators.validShape(r, 1, 5, 3);
    }
    Tensor inputs = chance(r, 3) ? null : tensor(r, in);
    Tensor[] kernels = chance(r, 3) ? null : new Tensor[chance(r, 5) ? 0 : r.nextInt(1, 4)];
    int[] size = new int[spatial];
    for (int d = 0; d < spatial; d++) {
      size[d] = r.nextInt(1, 4);
    }
    for (int i = 0; kernels != null && i < kernels.length; i++) {
      int[] k = chance(r, 30) ? size.clone() : Arrays.copyOf(size, spatial + 2);
      if (k.length > spatial) {
        k[spatial] = chance(r, 90) ? channels : channels + 1;
        k[spatial + 1] = r.nextInt(1, 3);
      }
      if (chance(r, 5)) {
        k[0]++;
      }
      kernels[i] = chance(r, 3) ? null : tensor(r, k);
    }
    return new Teacher(inputs, kernels, spatial);
  }

  /** The kernels as one {@code [spatial…, channels, Σ filters]} array per filter, or null when they do not fit. */
  static double[][] filters(Teacher c) {
    Tensor x = c.inputs();
    int spatial = c.spatial();
    if (x == null || x.rank() != spatial + 2 || c.kernels() == null || c.kernels().length == 0) {
      return null;
    }
    int channels = x.dim(-1);
    int[] first = null;
    java.util.List<double[]> filters = new java.util.ArrayList<>();
    for (Tensor k : c.kernels()) {
      if (k == null) {
        return null;
      }
      int[] s = k.shape();
      if (s.length == spatial && channels == 1) {
        s = Arrays.copyOf(s, spatial + 2);
        s[spatial] = 1;
        s[spatial + 1] = 1;
      }
      if (s.length != spatial + 2 || s[spatial] != channels) {
        return null;
      }
      if (first != null && !Arrays.equals(Arrays.copyOf(s, spatial), Arrays.copyOf(first, spatial))) {
        return null;
      }
      first = s;
      int f = s[spatial + 1];
      int positions = k.size() / f;
      for (int j = 0; j < f; j++) {
        double[] filter = new double[positions];
        for (int p = 0; p < positions; p++) {
          filter[p] = k.data()[p * f + j];
        }
        filters.add(filter);
      }
    }
    for (int d = 0; d < spatial; d++) {
      if (first[d] > x.dim(d + 1)) {
        return null;
      }
    }
    double[][] out = filters.toArray(new double[0][]);
    return out;
  }

  @Test
  void teacherTargetsAreTheValidCrossCorrelationWithEveryKernel() {
    ForAll.check(8303, RenderAndTeacherPropertiesTest::teacher, c -> {
      double[][] filters = filters(c);
      String where = c.spatial() == 2 ? "TeacherTargets.conv2d" : "TeacherTargets.conv1d";
      var outcome = Documented.call(() -> c.spatial() == 2 ? TeacherTargets.conv2d(c.inputs(), c.kernels())
          : TeacherTargets.conv1d(c.inputs(), c.kernels()), where);
      assertEquals(filters != null, outcome.accepted(), "accepted");
      if (filters == null) {
        return;
      }
      Dataset d = outcome.result();
      assertSame(c.inputs(), d.inputs());
      Tensor x = c.inputs();
      int kh = c.kernels()[0].dim(0);
      int kw = c.spatial() == 2 ? c.kernels()[0].dim(1) : 1;
      int rows = x.dim(1);
      int cols = c.spatial() == 2 ? x.dim(2) : 1;
      int channels = x.dim(-1);
      int[] expectedShape = c.spatial() == 2 ? new int[] {x.dim(0), rows - kh + 1, cols - kw + 1, filters.length}
          : new int[] {x.dim(0), rows - kh + 1, filters.length};
      assertArrayEquals(expectedShape, d.targets().shape());
      double[] y = d.targets().data();
      int index = 0;
      for (int n = 0; n < x.dim(0); n++) {
        for (int i = 0; i <= rows - kh; i++) {
          for (int j = 0; j <= cols - kw; j++) {
            for (double[] filter : filters) {
              double sum = 0;
              double scale = 0;
              for (int a = 0; a < kh; a++) {
                for (int b = 0; b < kw; b++) {
                  for (int ch = 0; ch < channels; ch++) {
                    double term = x.data()[((n * rows + i + a) * cols + j + b) * channels + ch]
                        * filter[(a * kw + b) * channels + ch];
                    sum += term;
                    scale += Math.abs(term);
                  }
                }
              }
              if (Double.isFinite(scale)) {
                assertEquals(sum, y[index], 1e-12 * scale, "target " + index);
              } else {
                assertFalse(Double.isNaN(y[index]) && Double.isFinite(sum), "target " + index);
              }
              index++;
            }
          }
        }
      }
    });
  }

  record Preset(String name, int samples, long seed) {}

  @TempDir
  Path dir;

  @Test
  void presetsGiveTheirDocumentedShapesBitIdenticallyPerSeed() {
    java.util.List<String> names = DatasetPresets.names();
    ForAll.check(8304, r -> new Preset(chance(r, 90) ? Generators.pickOf(r, names.toArray(new String[0]))
        : Generators.pickOf(r, null, "", "LINES-VERTICAL", "classify-3", " bumps"), Generators.size(r, 8),
        r.nextLong()), c -> {
          boolean known = c.name() != null && names.contains(c.name());
          int classes = "classify-2".equals(c.name()) ? 2 : "classify-4".equals(c.name()) ? 4 : 1;
          boolean valid = known && c.samples() > 0 && c.samples() % classes == 0 && c.samples() < 1 << 20;
          if (valid && c.samples() > 64) {
            return;
          }
          var outcome = Documented.call(() -> DatasetPresets.generate(c.name(), c.samples(), c.seed()),
              "DatasetPresets", "samples");
          assertEquals(valid, outcome.accepted(), "accepted");
          var description = Documented.call(() -> DatasetPresets.describe(c.name()), "DatasetPresets");
          assertEquals(known, description.accepted());
          if (!valid) {
            return;
          }
          assertFalse(description.result().isBlank());
          DataFile data = outcome.result();
          assertEquals(c.samples(), data.size());
          boolean signal = c.name().contains("bump");
          assertArrayEquals(signal ? new int[] {c.samples(), 16, 1} : new int[] {c.samples(), 8, 8, 1},
              data.inputs().shape());
          int[] targets = switch (c.name()) {
            case "teacher-vertical" -> new int[] {c.samples(), 6, 6, 1};
            case "teacher-two-detectors" -> new int[] {c.samples(), 6, 6, 2};
            case "teacher-bump" -> new int[] {c.samples(), 14, 1};
            default -> null;
          };
          assertArrayEquals(targets, data.targets() == null ? null : data.targets().shape());
          assertEquals(classes > 1, data.labels() != null, "labels");
          assertEquals(data, DatasetPresets.generate(c.name(), c.samples(), c.seed()), "same seed, same data");
          if (c.samples() <= 2) {
            Path file = dir.resolve("preset.csv");
            try {
              DatasetPresets.writeCsv(c.name(), c.samples(), c.seed(), file);
              assertEquals(data, DatasetCsv.read(file));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        });
  }
}
