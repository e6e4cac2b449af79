package org.minicnn.datasets.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minicnn.engine.properties.Generators.chance;
import static org.minicnn.engine.properties.Generators.pick;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minicnn.datasets.Dataset;
import org.minicnn.datasets.LabelledSet;
import org.minicnn.datasets.LineClassification;
import org.minicnn.datasets.LineImages;
import org.minicnn.datasets.Samples;
import org.minicnn.datasets.Split;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.properties.Documented;
import org.minicnn.engine.properties.ForAll;
import org.minicnn.engine.properties.Generators;

/**
 * Samples, Dataset, LabelledSet, Split and LineClassification: permutations, gathering, shuffling and
 * splitting keep every sample exactly once, labels stay with their samples, and bad arguments are
 * named in an IllegalArgumentException.
 */
class SamplePropertiesTest {

  /** A tensor {@code [n, sample…]} whose sample {@code i} starts with the value {@code i} (to track samples). */
  static Tensor samples(SplittableRandom r, int n) {
    int[] shape = Generators.validShape(r, 1, 3, 3);
    int[] full = new int[shape.length + 1];
    full[0] = n;
    System.arraycopy(shape, 0, full, 1, shape.length);
    Tensor t = Tensor.zeros(full);
    int size = t.size() / n;
    for (int i = 0; i < t.size(); i++) {
      t.data()[i] = i % size == 0 ? i / size : r.nextDouble(-1, 1);
    }
    return t;
  }

  /** The sample ids (first value of each sample) of a tensor built by {@link #samples}. */
  static int[] ids(Tensor t) {
    int size = t.size() / t.dim(0);
    int[] ids = new int[t.dim(0)];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = (int) t.data()[i * size];
    }
    return ids;
  }

  static int[] indices(SplittableRandom r, int n) {
    if (chance(r, 3)) {
      return null;
    }
    int[] indices = new int[chance(r, 5) ? 0 : r.nextInt(1, 7)];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = chance(r, 92) ? r.nextInt(0, n) : pick(r, -1, n, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }
    return indices;
  }

  static boolean inRange(int[] indices, int n) {
    return indices != null && indices.length > 0 && Arrays.stream(indices).allMatch(i -> i >= 0 && i < n);
  }

  static double fraction(SplittableRandom r) {
    return chance(r, 80) ? r.nextDouble(0.05, 0.95)
        : Generators.pickOf(r, 0.0, 1.0, -0.5, 1.5, Double.NaN, Double.MIN_VALUE, Math.nextDown(1.0),
            Double.POSITIVE_INFINITY);
  }

  /** The train count a split must give, or -1 when the split must be refused. */
  static int trainCount(int n, double f) {
    if (!(f > 0 && f < 1)) {
      return -1;
    }
    int train = (int) Math.round(n * (1.0 - f));
    return train >= 1 && train < n ? train : -1;
  }

  /** The rows of {@code out} are the rows {@code picked} of {@code source}, in order and with their values. */
  static void assertRows(Tensor source, int[] picked, Tensor out) {
    int size = source.size() / source.dim(0);
    assertEquals(picked.length, out.dim(0), "samples");
    for (int i = 0; i < picked.length; i++) {
      assertArrayEquals(Arrays.copyOfRange(source.data(), picked[i] * size, (picked[i] + 1) * size),
          Arrays.copyOfRange(out.data(), i * size, (i + 1) * size), "sample " + i);
    }
  }

  static void assertPermutation(int[] p, int n) {
    int[] sorted = p.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < n; i++) {
      assertEquals(i, sorted[i], "a permutation of 0.." + (n - 1));
    }
    assertEquals(n, p.length);
  }

  record Permutation(int n, long seed) {}

  @Test
  void permutationsAreSeededPermutationsOfEveryValidLength() {
    ForAll.check(8201, r -> new Permutation(chance(r, 5) ? 0 : Generators.size(r, 40), r.nextLong()), c -> {
      boolean valid = c.n() >= 0 && !Budget.hopeless(c.n(), Integer.BYTES);
      if (valid && c.n() > Budget.SMALL) {
        return;
      }
      var outcome = Documented.call(() -> Samples.permutation(c.n(), c.seed()), "Samples.permutation");
      assertEquals(valid, outcome.accepted(), "accepted");
      if (valid) {
        assertPermutation(outcome.result(), c.n());
        assertArrayEquals(outcome.result(), Samples.permutation(c.n(), c.seed()), "same seed, same permutation");
      }
    });
  }

  record Take(Tensor source, int[] indices) {}

  @Test
  void takeGathersTheNamedSamplesOrNamesTheBadIndex() {
    ForAll.check(8202, r -> {
      int n = r.nextInt(1, 6);
      return new Take(chance(r, 3) ? null : samples(r, n), indices(r, n));
    }, c -> {
      boolean valid = c.source() != null && inRange(c.indices(), c.source().dim(0));
      var outcome = Documented.call(() -> Samples.take(c.source(), c.indices()), "Samples.take");
      assertEquals(valid, outcome.accepted(), "accepted");
      if (valid) {
        assertRows(c.source(), c.indices(), outcome.result());
      }
    });
  }

  record Pair(Tensor inputs, Tensor targets, int[] indices, double fraction, long seed) {}

  @Test
  void datasetsShuffleAndSplitEverySampleExactlyOnce() {
    ForAll.check(8203, r -> {
      int n = r.nextInt(1, 9);
      Tensor inputs = chance(r, 3) ? null : samples(r, n);
      Tensor targets = chance(r, 3) ? null : samples(r, chance(r, 90) ? n : r.nextInt(1, 9));
      return new Pair(inputs, targets, indices(r, n), fraction(r), r.nextLong());
    }, c -> {
      boolean valid = c.inputs() != null && c.targets() != null && c.inputs().dim(0) == c.targets().dim(0);
      var made = Documented.call(() -> new Dataset(c.inputs(), c.targets()), "Dataset");
      assertEquals(valid, made.accepted(), "accepted");
      if (!valid) {
        return;
      }
      Dataset d = made.result();
      int n = d.size();
      var taken = Documented.call(() -> d.take(c.indices()), "Samples.take");
      assertEquals(inRange(c.indices(), n), taken.accepted(), "take accepted");
      if (taken.accepted()) {
        assertRows(c.inputs(), c.indices(), taken.result().inputs());
        assertRows(c.targets(), c.indices(), taken.result().targets());
      }
      Dataset shuffled = d.shuffled(c.seed());
      int[] order = ids(shuffled.inputs());
      assertPermutation(order, n);
      assertArrayEquals(order, ids(shuffled.targets()), "targets move with their inputs");
      assertEquals(shuffled, d.shuffled(c.seed()));
      int train = trainCount(n, c.fraction());
      var split = Documented.call(() -> d.split(c.fraction(), c.seed()), "Dataset.split");
      assertEquals(train >= 0, split.accepted(), "split accepted");
      if (split.accepted()) {
        Split<Dataset> s = split.result();
        assertEquals(train, s.train().size());
        int[] both = concat(ids(s.train().inputs()), ids(s.validation().inputs()));
        assertPermutation(both, n);
        assertArrayEquals(both, concat(ids(s.train().targets()), ids(s.validation().targets())));
        assertEquals(s, d.split(c.fraction(), c.seed()), "same seed, same split");
      }
    });
  }

  static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  record Labelled(Tensor inputs, int[] labels, List<String> names, int index, int[] indices, double fraction,
      long seed) {}

  static List<String> names(SplittableRandom r) {
    if (chance(r, 3)) {
      return null;
    }
    List<String> names = new ArrayList<>();
    int k = chance(r, 3) ? 0 : r.nextInt(1, 5);
    for (int i = 0; i < k; i++) {
      names.add(chance(r, 3) ? null : "class" + i);
    }
    return names;
  }

  static Labelled labelled(SplittableRandom r) {
    int n = r.nextInt(1, 9);
    List<String> names = names(r);
    int classes = names == null ? 2 : Math.max(1, names.size());
    int[] labels = null;
    if (!chance(r, 3)) {
      labels = new int[chance(r, 90) ? n : r.nextInt(0, 9)];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = chance(r, 95) ? r.nextInt(classes) : pick(r, -1, classes, Integer.MIN_VALUE, Integer.MAX_VALUE);
      }
    }
    int index = chance(r, 85) ? r.nextInt(n) : pick(r, -1, n, Integer.MIN_VALUE, Integer.MAX_VALUE);
    return new Labelled(chance(r, 3) ? null : samples(r, n), labels, names, index, indices(r, n), fraction(r),
        r.nextLong());
  }

  @Test
  void labelledSetsKeepEveryLabelWithItsSample() {
    ForAll.check(8204, SamplePropertiesTest::labelled, c -> {
      boolean valid = c.inputs() != null && c.labels() != null && c.names() != null && !c.names().isEmpty()
          && !c.names().contains(null) && c.labels().length == c.inputs().dim(0)
          && Arrays.stream(c.labels()).allMatch(l -> l >= 0 && l < c.names().size());
      var made = Documented.call(() -> new LabelledSet(c.inputs(), c.labels(), c.names()), "LabelledSet");
      assertEquals(valid, made.accepted(), "accepted");
      if (!valid) {
        return;
      }
      LabelledSet s = made.result();
      int n = s.size();
      assertArrayEquals(c.labels(), s.labels());
      assertEquals(c.names(), s.classNames());
      assertEquals(c.names().size(), s.numClasses());
      var label = Documented.call(() -> s.label(c.index()), "LabelledSet.label");
      assertEquals(c.index() >= 0 && c.index() < n, label.accepted(), "label accepted");
      if (label.accepted()) {
        assertEquals(c.labels()[c.index()], label.result());
      }
      int[] counts = s.countPerClass();
      for (int k = 0; k < counts.length; k++) {
        int expected = k;
        assertEquals(Arrays.stream(c.labels()).filter(l -> l == expected).count(), counts[k], "count of class " + k);
      }
      double[] asDoubles = Arrays.stream(c.labels()).asDoubleStream().toArray();
      assertArrayEquals(asDoubles, s.labelsTensor().data());
      var taken = Documented.call(() -> s.take(c.indices()), "Samples.take");
      assertEquals(inRange(c.indices(), n), taken.accepted(), "take accepted");
      if (taken.accepted()) {
        assertRows(c.inputs(), c.indices(), taken.result().inputs());
        assertArrayEquals(Arrays.stream(c.indices()).map(i -> c.labels()[i]).toArray(), taken.result().labels());
      }
      LabelledSet shuffled = s.shuffled(c.seed());
      int[] order = ids(shuffled.inputs());
      assertPermutation(order, n);
      assertArrayEquals(Arrays.stream(order).map(i -> c.labels()[i]).toArray(), shuffled.labels(),
          "labels move with their samples");
      assertEquals(shuffled, s.shuffled(c.seed()));
      int train = trainCount(n, c.fraction());
      var split = Documented.call(() -> s.split(c.fraction(), c.seed()), "LabelledSet.split");
      assertEquals(train >= 0, split.accepted(), "split accepted");
      if (split.accepted()) {
        Split<LabelledSet> parts = split.result();
        assertEquals(train, parts.train().size());
        int[] both = concat(ids(parts.train().inputs()), ids(parts.validation().inputs()));
        assertPermutation(both, n);
        assertArrayEquals(Arrays.stream(both).map(i -> c.labels()[i]).toArray(),
            concat(parts.train().labels(), parts.validation().labels()));
      }
    });
  }

  record Classification(LineImages.Builder template, GeneratorPropertiesTest.Lines lines, int rows, int cols,
      int perClass, boolean four, long seed) {}

  /** A template that is null, the default with a random size (valid), or any of LineImagesTest's configurations. */
  static Classification classification(SplittableRandom r) {
    int rows = r.nextInt(3, 8);
    int cols = r.nextInt(3, 8);
    int perClass = Generators.size(r, 3);
    if (chance(r, 3)) {
      return new Classification(null, null, rows, cols, perClass, r.nextBoolean(), r.nextLong());
    }
    if (chance(r, 50)) {
      return new Classification(LineImages.builder().size(rows, cols), null, rows, cols, perClass, r.nextBoolean(),
          r.nextLong());
    }
    GeneratorPropertiesTest.Lines lines = GeneratorPropertiesTest.lines(r);
    LineImages.Builder template = LineImages.builder().size(lines.rows(), lines.cols()).channels(lines.channels())
        .thickness(lines.thickness()).linesPerImage(lines.lines()).gaussianNoise(lines.noise())
        .intensity(lines.intensity()).background(lines.background()).seed(lines.seed());
    if (lines.position() != null) {
      template.position(lines.position());
    }
    return new Classification(template, lines, lines.rows(), lines.cols(), perClass, r.nextBoolean(), r.nextLong());
  }

  static LabelledSet classify(Classification c) {
    return c.four() ? LineClassification.fourClass(c.template(), c.perClass(), c.seed())
        : LineClassification.verticalHorizontal(c.template(), c.perClass(), c.seed());
  }

  @Test
  void lineClassificationIsBalancedShuffledAndSeededOrNamesTheProblem() {
    ForAll.check(8205, SamplePropertiesTest::classification, c -> {
      int classes = c.four() ? 4 : 2;
      boolean safe = c.template() != null && c.lines() == null;
      int channels = c.lines() == null ? 1 : Math.max(1, c.lines().channels());
      long values = Budget.product(Math.max(c.perClass(), 1), classes, Math.max(1, c.rows()), Math.max(1, c.cols()),
          channels);
      int lines = c.lines() == null ? 1 : Math.max(1, c.lines().lines());
      boolean hopeless = Budget.hopeless(values, Double.BYTES);
      if (c.template() != null && c.perClass() > 0 && !hopeless
          && (values > Budget.SMALL || Budget.product(values, lines) > 1 << 22)) {
        return;
      }
      var outcome = Documented.call(() -> classify(c), "LineClassification", "LineImages");
      boolean valid = safe && c.perClass() > 0 && !hopeless;
      if (safe || c.template() == null || c.perClass() <= 0 || hopeless) {
        assertEquals(valid, outcome.accepted(), "accepted");
      }
      if (!outcome.accepted()) {
        return;
      }
      LabelledSet set = outcome.result();
      assertEquals(c.four() ? LineClassification.FOUR_CLASSES : LineClassification.VERTICAL_HORIZONTAL,
          set.classNames());
      assertArrayEquals(new int[] {classes * c.perClass(), c.rows(), c.cols(), channels}, set.inputs().shape());
      assertTrue(Arrays.stream(set.countPerClass()).allMatch(k -> k == c.perClass()), "balanced");
      assertEquals(set, classify(c), "same seed, same set");
      if (!safe) {
        return;
      }
      int size = c.rows() * c.cols();
      for (int i = 0; i < set.size(); i++) {
        double sum = Arrays.stream(Arrays.copyOfRange(set.inputs().data(), i * size, (i + 1) * size)).sum();
        switch (set.label(i)) {
          case 0 -> assertEquals(c.rows(), sum, "a vertical line is one column");
          case 1 -> assertEquals(c.cols(), sum, "a horizontal line is one row");
          case 2 -> assertTrue(sum > 0 && sum <= Math.min(c.rows(), c.cols()), "a diagonal line");
          default -> assertEquals(0, sum, "no line");
        }
      }
    });
  }
}
