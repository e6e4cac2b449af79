package org.minicnn.datasets.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minicnn.engine.properties.Generators.chance;
import static org.minicnn.engine.properties.Generators.pick;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minicnn.datasets.BumpSignals;
import org.minicnn.datasets.LineImages;
import org.minicnn.datasets.Noise;
import org.minicnn.datasets.Orientation;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.properties.Documented;
import org.minicnn.engine.properties.ForAll;
import org.minicnn.engine.properties.Generators;

/**
 * The generators' builders and {@code generate}: for every configuration either the documented
 * tensor (shape, values, bit-identical per seed, prefix per count) or an IllegalArgumentException
 * naming the setting that is wrong.
 */
class GeneratorPropertiesTest {

  /** Work (values × lines) a checked {@code generate} may do, to keep the run fast. */
  private static final long WORK = 1 << 22;

  static double real(SplittableRandom r, double low, double high) {
    if (chance(r, 90)) {
      return r.nextDouble(low, high);
    }
    return Generators.pickOf(r, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE,
        -Double.MAX_VALUE, 1e307, -0.0, Double.MIN_VALUE);
  }

  static double spread(SplittableRandom r) {
    if (chance(r, 50)) {
      return 0;
    }
    return chance(r, 85) ? r.nextDouble(0, 1)
        : Generators.pickOf(r, -1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.MAX_VALUE, 1e307, Double.MIN_VALUE);
  }

  static int count(SplittableRandom r, int max) {
    return chance(r, 85) ? r.nextInt(0, max + 1) : pick(r, -1, Integer.MIN_VALUE, 10_000, 10_001, 46341, Integer.MAX_VALUE);
  }

  static Integer position(SplittableRandom r) {
    if (chance(r, 50)) {
      return null;
    }
    return chance(r, 85) ? r.nextInt(-9, 10) : pick(r, Integer.MIN_VALUE, Integer.MAX_VALUE, -46341, 46341);
  }

  static boolean bitIdentical(Tensor a, Tensor b) {
    if (!Arrays.equals(a.shape(), b.shape())) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (Double.doubleToRawLongBits(a.data()[i]) != Double.doubleToRawLongBits(b.data()[i])) {
        return false;
      }
    }
    return true;
  }

  /** The first {@code k} samples of {@code t} as a flat array. */
  static double[] prefix(Tensor t, int k) {
    return Arrays.copyOf(t.data(), (int) ((long) t.size() / t.dim(0) * k));
  }

  record Lines(int rows, int cols, int channels, Orientation[] orientations, int thickness, Integer position,
      double intensity, double background, int lines, double noise, double saltAndPepper, long seed, int n) {}

  static Lines lines(SplittableRandom r) {
    Orientation[] orientations;
    if (chance(r, 3)) {
      orientations = null;
    } else {
      orientations = new Orientation[chance(r, 3) ? 0 : r.nextInt(1, 4)];
      for (int i = 0; i < orientations.length; i++) {
        orientations[i] = chance(r, 2) ? null : Generators.pickOf(r, Orientation.values());
      }
    }
    double sp = chance(r, 60) ? 0 : chance(r, 85) ? r.nextDouble() : Generators.pickOf(r, -0.1, 1.0, 1.5, Double.NaN);
    return new Lines(Generators.size(r, 9), Generators.size(r, 9), Generators.size(r, 3), orientations,
        Generators.size(r, 3), position(r), real(r, -2, 2), real(r, -2, 2), count(r, 3), spread(r), sp, r.nextLong(),
        Generators.size(r, 4));
  }

  /** The word the message of LineImages.build must hold, in the order build checks; null when valid. */
  static String linesProblem(Lines c) {
    if (c.orientations() == null || c.orientations().length == 0
        || Arrays.stream(c.orientations()).anyMatch(o -> o == null)) {
      return "orientation";
    }
    String[] names = {"rows", "cols", "channels", "thickness"};
    int[] values = {c.rows(), c.cols(), c.channels(), c.thickness()};
    for (int i = 0; i < names.length; i++) {
      if (values[i] <= 0) {
        return names[i];
      }
    }
    if (c.lines() < 0 || c.lines() > LineImages.MAX_LINES_PER_IMAGE) {
      return "linesPerImage";
    }
    if (!Double.isFinite(c.intensity())) {
      return "intensity";
    }
    if (!Double.isFinite(c.background())) {
      return "background";
    }
    if (!(c.noise() >= 0) || !Double.isFinite(c.noise())) {
      return "gaussianNoise";
    }
    if (!(c.saltAndPepper() >= 0 && c.saltAndPepper() <= 1)) {
      return "saltAndPepper";
    }
    if (Budget.product(c.rows(), c.cols(), c.channels()) > Integer.MAX_VALUE - 8) {
      return "sample of shape";
    }
    if (!Double.isFinite(Math.max(Math.abs(c.intensity()), Math.abs(c.background())) + 9 * c.noise())) {
      return "gaussianNoise";
    }
    for (Orientation o : c.orientations()) {
      if (c.thickness() > (o == Orientation.HORIZONTAL ? c.rows() : c.cols())) {
        return "thickness";
      }
      if (c.position() != null) {
        if (c.position() < o.minPosition(c.rows(), c.cols(), c.thickness())
            || c.position() > o.maxPosition(c.rows(), c.cols(), c.thickness())) {
          return "position";
        }
      } else {
        int[] range = o.randomRange(c.rows(), c.cols(), c.thickness());
        if (range[0] > range[1]) {
          return "position";
        }
      }
    }
    return null;
  }

  static LineImages.Builder builder(Lines c) {
    LineImages.Builder b = LineImages.builder().size(c.rows(), c.cols()).channels(c.channels())
        .orientations(c.orientations()).thickness(c.thickness()).intensity(c.intensity()).background(c.background())
        .linesPerImage(c.lines()).gaussianNoise(c.noise()).saltAndPepper(c.saltAndPepper()).seed(c.seed());
    return c.position() == null ? b.randomPosition() : b.position(c.position());
  }

  @Test
  void lineImagesAreTheDocumentedBandsOrTheBuilderNamesTheBadSetting() {
    ForAll.check(8101, GeneratorPropertiesTest::lines, c -> {
      String problem = linesProblem(c);
      var built = Documented.call(() -> builder(c).build(), problem == null ? "LineImages" : problem);
      assertEquals(problem == null, built.accepted(), "accepted");
      if (!built.accepted()) {
        return;
      }
      LineImages generator = built.result();
      assertArrayEquals(new int[] {c.rows(), c.cols(), c.channels()}, generator.sampleShape());
      long values = Budget.product(c.n(), c.rows(), c.cols(), c.channels());
      boolean hopeless = c.n() <= 0 || Budget.hopeless(values, Double.BYTES);
      if (!hopeless && (values > Budget.SMALL || Budget.product(values, Math.max(1, c.lines())) > WORK)) {
        return;
      }
      var generated = Documented.call(() -> generator.generate(c.n()), "LineImages.generate");
      assertEquals(!hopeless, generated.accepted(), "generate accepted");
      if (hopeless) {
        return;
      }
      Tensor images = generated.result();
      assertArrayEquals(new int[] {c.n(), c.rows(), c.cols(), c.channels()}, images.shape());
      assertTrue(Arrays.stream(images.data()).allMatch(Double::isFinite), "finite values");
      assertTrue(bitIdentical(images, builder(c).build().generate(c.n())), "same seed, same images");
      assertTrue(bitIdentical(images, generator.toBuilder().build().generate(c.n())), "toBuilder keeps the configuration");
      if (c.n() > 1) {
        assertArrayEquals(prefix(images, c.n() - 1), generator.generate(c.n() - 1).data(), "prefix");
      }
      if (c.noise() == 0) {
        checkBands(c, images);
      }
    });
  }

  /** Without Gaussian noise every value is intensity or background; without any noise, exactly the band. */
  private static void checkBands(Lines c, Tensor images) {
    double[] v = images.data();
    boolean exact = c.saltAndPepper() == 0 && c.position() != null && c.orientations().length == 1;
    Orientation o = c.orientations()[0];
    for (int i = 0; i < v.length; i++) {
      assertTrue(v[i] == c.intensity() || v[i] == c.background(), "value " + v[i] + " at " + i);
      if (c.saltAndPepper() == 0) {
        int pixel = i / c.channels();
        int col = pixel % c.cols();
        int row = pixel / c.cols() % c.rows();
        if (exact || c.lines() == 0) {
          int key = o.key(row, col, c.cols());
          boolean line = c.lines() > 0 && key >= c.position() && key < c.position() + c.thickness();
          assertEquals(line ? c.intensity() : c.background(), v[i], "pixel " + row + "," + col);
        }
        assertEquals(v[pixel * c.channels()], v[i], "every channel holds the same line");
      }
    }
  }

  record NoiseCase(int[] shape, boolean gaussian, double low, double high, double std, long seed, int n) {}

  static NoiseCase noise(SplittableRandom r) {
    int[] shape = chance(r, 3) ? null : Generators.shape(r, 0, 3, 5);
    double low = real(r, -3, 3);
    double high = chance(r, 10) ? Math.nextUp(low) : chance(r, 90) ? low + r.nextDouble(-0.5, 3) : real(r, -3, 3);
    return new NoiseCase(shape, r.nextBoolean(), low, high, spread(r), r.nextLong(), Generators.size(r, 4));
  }

  static String noiseProblem(NoiseCase c) {
    if (c.shape() == null || c.shape().length == 0) {
      return "sample shape";
    }
    if (Arrays.stream(c.shape()).anyMatch(d -> d <= 0)) {
      return "positive";
    }
    if (Generators.count(c.shape()) > Integer.MAX_VALUE - 8) {
      return "sample of shape";
    }
    if (c.gaussian()) {
      return c.std() >= 0 && Double.isFinite(9 * c.std()) ? null : "standard deviation";
    }
    if (!Double.isFinite(c.low())) {
      return "low";
    }
    if (!Double.isFinite(c.high())) {
      return "high";
    }
    return c.low() < c.high() && Double.isFinite(c.high() - c.low()) ? null : "uniform range";
  }

  static Noise.Builder builder(NoiseCase c) {
    Noise.Builder b = Noise.builder().sampleShape(c.shape()).seed(c.seed());
    return c.gaussian() ? b.gaussian(c.std()) : b.uniform(c.low(), c.high());
  }

  @Test
  void noiseStaysInItsRangeOrTheBuilderNamesTheBadSetting() {
    ForAll.check(8102, GeneratorPropertiesTest::noise, c -> {
      String problem = noiseProblem(c);
      var built = Documented.call(() -> builder(c).build(), problem == null ? "Noise" : problem);
      assertEquals(problem == null, built.accepted(), "accepted");
      if (!built.accepted()) {
        return;
      }
      long values = Budget.product(c.n(), Generators.count(c.shape()));
      boolean hopeless = c.n() <= 0 || Budget.hopeless(values, Double.BYTES);
      if (!Budget.runnable(values, Double.BYTES) && !hopeless) {
        return;
      }
      var generated = Documented.call(() -> built.result().generate(c.n()), "Noise.generate");
      assertEquals(!hopeless, generated.accepted(), "generate accepted");
      if (hopeless) {
        return;
      }
      Tensor x = generated.result();
      int[] expected = new int[c.shape().length + 1];
      expected[0] = c.n();
      System.arraycopy(c.shape(), 0, expected, 1, c.shape().length);
      assertArrayEquals(expected, x.shape());
      for (double v : x.data()) {
        if (c.gaussian()) {
          assertTrue(Double.isFinite(v) && Math.abs(v) <= 8.6 * c.std(), "gaussian value " + v);
        } else {
          assertTrue(v >= c.low() && v < c.high(), "uniform value " + v + " outside [" + c.low() + ", " + c.high() + ")");
        }
      }
      assertTrue(bitIdentical(x, builder(c).build().generate(c.n())), "same seed, same values");
      if (c.n() > 1) {
        assertArrayEquals(prefix(x, c.n() - 1), built.result().generate(c.n() - 1).data(), "prefix");
      }
    });
  }

  record Bumps(int length, int channels, int width, double height, BumpSignals.Shape shape, Integer position,
      int bumps, double baseline, double noise, long seed, int n) {}

  static Bumps bumps(SplittableRandom r) {
    BumpSignals.Shape shape = chance(r, 3) ? null : Generators.pickOf(r, BumpSignals.Shape.values());
    return new Bumps(Generators.size(r, 12), Generators.size(r, 3), Generators.size(r, 5), real(r, -2, 2), shape,
        position(r), count(r, 3), real(r, -2, 2), spread(r), r.nextLong(), Generators.size(r, 4));
  }

  static String bumpsProblem(Bumps c) {
    if (c.shape() == null) {
      return "shape";
    }
    String[] names = {"length", "channels", "width"};
    int[] values = {c.length(), c.channels(), c.width()};
    for (int i = 0; i < names.length; i++) {
      if (values[i] <= 0) {
        return names[i];
      }
    }
    if (c.bumps() < 0 || c.bumps() > BumpSignals.MAX_BUMPS_PER_SIGNAL) {
      return "bumpsPerSignal";
    }
    if (!Double.isFinite(c.height())) {
      return "height";
    }
    if (!Double.isFinite(c.baseline())) {
      return "baseline";
    }
    if (!(c.noise() >= 0) || !Double.isFinite(c.noise())) {
      return "gaussianNoise";
    }
    if (Budget.product(c.length(), c.channels()) > Integer.MAX_VALUE - 8) {
      return "sample of shape";
    }
    if (!Double.isFinite(Math.abs(c.baseline()) + c.bumps() * Math.abs(c.height()) + 9 * c.noise())) {
      return "largest value";
    }
    if (c.width() > c.length()) {
      return "width";
    }
    if (c.position() != null && (c.position() < 0 || c.position() > c.length() - c.width())) {
      return "position";
    }
    return null;
  }

  static BumpSignals.Builder builder(Bumps c) {
    BumpSignals.Builder b = BumpSignals.builder().length(c.length()).channels(c.channels()).width(c.width())
        .height(c.height()).shape(c.shape()).bumpsPerSignal(c.bumps()).baseline(c.baseline()).gaussianNoise(c.noise())
        .seed(c.seed());
    return c.position() == null ? b.randomPosition() : b.position(c.position());
  }

  @Test
  void bumpSignalsAreTheDocumentedProfilesOrTheBuilderNamesTheBadSetting() {
    ForAll.check(8103, GeneratorPropertiesTest::bumps, c -> {
      String problem = bumpsProblem(c);
      var built = Documented.call(() -> builder(c).build(), problem == null ? "BumpSignals" : problem);
      assertEquals(problem == null, built.accepted(), "accepted");
      if (!built.accepted()) {
        return;
      }
      assertArrayEquals(new int[] {c.length(), c.channels()}, built.result().sampleShape());
      long values = Budget.product(c.n(), c.length(), c.channels());
      boolean hopeless = c.n() <= 0 || Budget.hopeless(values, Double.BYTES);
      if (!hopeless && (values > Budget.SMALL || Budget.product(c.n(), c.bumps(), c.width(), c.channels()) > WORK)) {
        return;
      }
      var generated = Documented.call(() -> built.result().generate(c.n()), "BumpSignals.generate");
      assertEquals(!hopeless, generated.accepted(), "generate accepted");
      if (hopeless) {
        return;
      }
      Tensor x = generated.result();
      assertArrayEquals(new int[] {c.n(), c.length(), c.channels()}, x.shape());
      assertTrue(Arrays.stream(x.data()).allMatch(Double::isFinite), "finite values");
      assertTrue(bitIdentical(x, builder(c).build().generate(c.n())), "same seed, same signals");
      if (c.n() > 1) {
        assertArrayEquals(prefix(x, c.n() - 1), built.result().generate(c.n() - 1).data(), "prefix");
      }
      if (c.noise() == 0 && (c.position() != null || c.bumps() == 0)) {
        for (int i = 0; i < x.size(); i++) {
          int j = i / c.channels() % c.length();
          double expected = c.baseline();
          for (int b = 0; b < c.bumps(); b++) {
            int k = j - c.position();
            if (k >= 0 && k < c.width()) {
              double profile = c.shape() == BumpSignals.Shape.BOX ? 1.0
                  : 1.0 - Math.abs(2.0 * k - (c.width() - 1)) / (c.width() + 1);
              expected += c.height() * profile;
            }
          }
          assertEquals(expected, x.data()[i], "value at index " + j);
        }
      }
    });
  }

  record Geometry(Orientation orientation, int rows, int cols, int thickness, int row, int col) {}

  static int anyInt(SplittableRandom r) {
    return chance(r, 80) ? r.nextInt(-2, 10) : pick(r, Integer.MIN_VALUE, Integer.MAX_VALUE, 46341, -46341);
  }

  @Test
  void orientationRangesHoldTheLineForAnyImageAndNeverThrow() {
    ForAll.check(8104, r -> new Geometry(Generators.pickOf(r, Orientation.values()), anyInt(r), anyInt(r), anyInt(r),
        anyInt(r), anyInt(r)), c -> {
          Orientation o = c.orientation();
          int min = o.minPosition(c.rows(), c.cols(), c.thickness());
          int max = o.maxPosition(c.rows(), c.cols(), c.thickness());
          int[] range = o.randomRange(c.rows(), c.cols(), c.thickness());
          o.key(c.row(), c.col(), c.cols());
          assertEquals(o, Orientation.valueOf(o.label().toUpperCase(java.util.Locale.ROOT)));
          boolean valid = c.rows() >= 1 && c.cols() >= 1 && c.rows() <= 9 && c.cols() <= 9 && c.thickness() >= 1
              && c.thickness() <= (o == Orientation.HORIZONTAL ? c.rows() : c.cols());
          if (!valid) {
            return;
          }
          assertTrue(range[0] > range[1] || (min <= range[0] && range[1] <= max), "random range within [min, max]");
          for (int p = min; p <= max; p++) {
            int pixels = 0;
            for (int row = 0; row < c.rows(); row++) {
              for (int col = 0; col < c.cols(); col++) {
                int key = o.key(row, col, c.cols());
                pixels += key >= p && key < p + c.thickness() ? 1 : 0;
              }
            }
            if (o == Orientation.VERTICAL || o == Orientation.HORIZONTAL) {
              int across = o == Orientation.VERTICAL ? c.rows() : c.cols();
              assertEquals(c.thickness() * across, pixels, "a line at position " + p + " lies wholly in the image");
            } else {
              assertTrue(pixels > 0, "a line at position " + p + " touches the image");
            }
          }
        });
  }
}
