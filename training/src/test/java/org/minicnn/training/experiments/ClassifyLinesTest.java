package org.minicnn.training.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.minicnn.training.attribution.FilterAttribution;
import org.junit.jupiter.api.io.TempDir;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.io.WeightFile;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.engine.layers.Dense;
import org.minicnn.engine.layers.GlobalMaxPool2D;
import org.minicnn.engine.layers.Padding;
import org.minicnn.engine.layers.ReLU;
import org.minicnn.training.EpochMetrics;
import org.minicnn.training.kernels.FilterMatch;
import org.minicnn.training.TrainingListener;
import org.minicnn.training.run.RunDirectory;
import org.minicnn.training.run.RunFiles;
import org.minicnn.training.run.RunWriter;
import org.minicnn.training.run.Summary;

/**
 * Both classification experiments reach their accuracy and grow the detectors the README reports; the
 * two-class one does so for every seed 0–9; their run files read back.
 */
class ClassifyLinesTest {

  @TempDir
  static Path temp;

  private static ExperimentRun two;
  private static Path dir;

  @BeforeAll
  static void runTwoClassesAndWriteTheRun() throws IOException {
    two = TeacherStudentTest.runDefault(ClassifyLines.twoClasses());
    dir = RunDirectory.createExactly(temp.resolve("run"));
    RunWriter.write(two, dir);
  }

  @Test
  void twoClassesReachNinetyNinePercentValidationAccuracy() {
    EpochMetrics last = two.last();
    assertTrue(last.valAccuracy() >= ClassifyLines.MIN_ACCURACY, last.toString());
    assertTrue(two.verdict().met(), two.verdict().text());
    assertTrue(two.state().history().get(0).valAccuracy() < 0.75, "starts near chance: " + two.state().history().get(0));
    assertEquals(11, two.kernelHistory().size());
    assertArrayEquals(new int[] {3, 3, 1, 16}, two.finalKernel().shape());
  }

  @Test
  void twoClassesGrowAVerticalAndAHorizontalDetectorAndNoInvertedOne() {
    double[] best = bestCosines(two);
    assertTrue(best[0] >= FilterMatch.CLEAR && best[1] >= FilterMatch.CLEAR, "vertical, horizontal: " + two.notes());
    assertTrue(worstCosine(two) > -FilterMatch.CLEAR, "no inverted detector: " + two.notes());
    assertTrue(two.notes().get(0).endsWith("; no filter became diagonal, anti_diagonal"), two.notes().get(0));
  }

  /** The README's seed table for two classes: every seed 0–9 classifies and grows both detectors. */
  @Test
  void everySeedFromZeroToNineClassifiesAndGrowsBothDetectors() {
    Experiment e = ClassifyLines.twoClasses();
    for (int seed = 0; seed < 10; seed++) {
      ExperimentRun run = e.run(e.defaults().with(Option.SEED, String.valueOf(seed)), new TrainingListener() {});
      double[] best = bestCosines(run);
      assertTrue(run.verdict().met(), "seed " + seed + ": " + run.verdict().text());
      assertTrue(best[0] >= FilterMatch.CLEAR, "seed " + seed + " vertical: " + run.notes());
      assertTrue(best[1] >= FilterMatch.CLEAR, "seed " + seed + " horizontal: " + run.notes());
    }
  }

  /** The highest centred cosine any filter of {@code run} reaches with each detector, in detector order. */
  private static double[] bestCosines(ExperimentRun run) {
    List<FilterMatch> matches = FilterMatch.of(run.finalKernel(), run.experiment().references(run.config()));
    double[] best = matches.get(0).cosines().clone();
    for (FilterMatch m : matches) {
      for (int d = 0; d < best.length; d++) {
        best[d] = Math.max(best[d], m.cosines()[d]);
      }
    }
    return best;
  }

  /** The lowest centred cosine of any filter of {@code run} with any detector (−1: an exactly inverted one). */
  private static double worstCosine(ExperimentRun run) {
    return FilterMatch.of(run.finalKernel(), run.experiment().references(run.config())).stream()
        .flatMapToDouble(m -> java.util.Arrays.stream(m.cosines())).min().orElseThrow();
  }

  @Test
  void fourClassesReachNinetyNinePercentValidationAccuracy() {
    ExperimentRun four = TeacherStudentTest.runDefault(ClassifyLines.fourClasses());
    assertTrue(four.last().valAccuracy() >= ClassifyLines.MIN_ACCURACY, four.last().toString());
    assertTrue(four.verdict().met(), four.verdict().text());
    assertTrue(four.state().history().get(0).valAccuracy() < 0.5, "starts near chance (0.25)");
    assertEquals(16, four.finalKernel().dim(3));
    double[] best = bestCosines(four);
    // the default seed grows vertical, horizontal and anti-diagonal detectors; its diagonal-class filters
    // stay chevrons that fire on both diagonals (README seed table: diagonal on 6 of 10 seeds)
    assertTrue(best[0] >= FilterMatch.CLEAR && best[1] >= FilterMatch.CLEAR && best[3] >= FilterMatch.CLEAR,
        "vertical, horizontal, anti-diagonal: " + four.notes());
    assertTrue(worstCosine(four) > -FilterMatch.CLEAR, "no inverted detector: " + four.notes());
    // the summary's attribution: the filter classify-lines-4 relies on for horizontal lines is its horizontal
    // detector, and zeroing it takes horizontal accuracy to 0 while every other class stays at 1
    FilterAttribution a = four.attribution();
    int horizontal = a.reliedOn(1);
    assertEquals("horizontal", a.matches().get(horizontal).detector());
    assertEquals(0.0, a.ablated()[horizontal][1]);
    assertArrayEquals(new double[] {1, 0, 1, 1}, a.ablated()[horizontal]);
    String summary = Summary.render(four, List.of("attribution.png"), "run");
    assertTrue(summary.contains("| filter | vertical | horizontal | diagonal | none | w→vertical | w→horizontal |"
        + " w→diagonal | w→none | closest (centred) | closest (shift ≤ 1) |"), summary);
    assertTrue(summary.contains(String.format("- horizontal: filter %d — zeroing it takes horizontal accuracy from"
        + " 1.000 to 0.000; its weight to horizontal is %+.3f; closest detector: horizontal", horizontal,
        a.denseWeights()[horizontal][1])), summary);
  }

  @Test
  void theTwoClassSummaryHasTheAttributionTableAndPlot() throws IOException {
    String summary = Files.readString(dir.resolve(Summary.FILE));
    FilterAttribution a = two.attribution();
    assertEquals(16, a.filters());
    assertEquals(List.of("vertical", "horizontal"), a.classes());
    assertTrue(summary.contains("## Which filter the network relies on for each class"), summary);
    for (int f = 0; f < 16; f++) {
      String row = String.format("| %d | %.3f (%+.3f) | %.3f (%+.3f) | %+.3f | %+.3f | ", f, a.ablated()[f][0],
          -a.drop(f, 0) + 0.0, a.ablated()[f][1], -a.drop(f, 1) + 0.0, a.denseWeights()[f][0], a.denseWeights()[f][1]);
      assertTrue(summary.contains(row), row + " in " + summary);
    }
    assertTrue(summary.contains("![attribution](attribution.png)"), summary);
    List<String> csv = Files.readAllLines(dir.resolve(RunWriter.ATTRIBUTION));
    assertEquals("filter,class,accuracy,ablated_accuracy,drop,dense_weight,detector,row_shift,col_shift,cosine",
        csv.get(0));
    assertEquals(1 + 16 * 2, csv.size());
    int f = a.reliedOn(1);
    assertTrue(csv.contains(f + ",horizontal," + a.accuracy()[1] + "," + a.ablated()[f][1] + "," + a.drop(f, 1) + ","
        + a.denseWeights()[f][1] + "," + a.matches().get(f).detector() + "," + a.matches().get(f).rowShift() + ","
        + a.matches().get(f).colShift() + "," + a.matches().get(f).cosine()), csv.toString());
    java.awt.image.BufferedImage plot = javax.imageio.ImageIO.read(dir.resolve("attribution.png").toFile());
    assertTrue(plot.getWidth() > 300 && plot.getHeight() > 16 * 30, plot.getWidth() + "x" + plot.getHeight());
  }

  @Test
  void theBestMatchedDetectorIsTheHeadlineCosine() {
    List<FilterMatch> matches = FilterMatch.of(two.finalKernel(), two.experiment().references(two.config()));
    double best = matches.stream().mapToDouble(FilterMatch::bestCosine).max().orElseThrow();
    assertEquals(best, two.last().get("cosine"), 1e-12);
    assertEquals(FilterMatch.describe(matches, two.experiment().references(two.config())), two.notes().get(0));
  }

  @Test
  void metricsWithAccuracyAndTheKernelHistoryReadBack() throws IOException {
    assertEquals(two.state().history(), RunFiles.readMetrics(dir));
    assertTrue(Files.readAllLines(dir.resolve(RunFiles.METRICS)).get(0)
        .startsWith("epoch,step,loss,val_loss,accuracy,val_accuracy,cosine,max_abs_diff,cosine_vertical,"), "header");
    assertEquals(two.kernelHistory(), RunFiles.readKernels(dir, new int[] {3, 3, 1, 16}));
  }

  @Test
  void weightsLoadIntoAFreshModel() throws IOException {
    Conv2D conv = new Conv2D(16, 3, 3).padding(Padding.SAME);
    Dense dense = new Dense(2);
    Sequential fresh = new Sequential().add(conv).add(new ReLU()).add(new GlobalMaxPool2D()).add(dense);
    fresh.build(1, 8, 8, 1);
    WeightFile.load(dir.resolve(RunFiles.WEIGHTS), fresh);
    assertEquals(two.model().getWeights(), fresh.getWeights());
    Tensor sample = two.sample();
    assertEquals(two.model().predict(sample), fresh.predict(sample));
  }

  @Test
  void theSummaryMatchesEveryFilterToADetectorInNumbers() throws IOException {
    String summary = Files.readString(dir.resolve(Summary.FILE));
    assertTrue(summary.contains(String.format("**Result: threshold met** — validation accuracy %.4f ≥ 0.99",
        two.last().valAccuracy())), summary);
    assertTrue(summary.contains("| filter | vertical | horizontal | diagonal | anti_diagonal | closest |"), summary);
    for (FilterMatch m : FilterMatch.of(two.finalKernel(), two.experiment().references(two.config()))) {
      double[] c = m.cosines();
      String row = String.format("| %d | %.4f | %.4f | %.4f | %.4f | ", m.filter(), c[0], c[1], c[2], c[3]);
      assertTrue(summary.contains(row), row + " in " + summary);
    }
    assertTrue(summary.contains("![filters](filters.png)"), summary);
  }

  @Test
  void bothVariantsAreRegisteredByName() {
    assertEquals("classify-lines", Experiments.byName("classify-lines").name());
    assertEquals(List.of("vertical", "horizontal", "diagonal", "none"),
        ((ClassifyLines) Experiments.byName("classify-lines-4")).classes());
  }

  /** The presets are {@code classify} with their classes and the classify-lines model, bit for bit. */
  @Test
  void thePresetsAreClassifyWithTheirClassesAndModel() {
    ClassifyLines general = ClassifyLines.general();
    RunConfig four = general.defaults().with(Option.EPOCHS, "2").with(Option.SAMPLES, "64");
    assertSameRun(ClassifyLines.fourClasses(), general, four);
    RunConfig two = general.defaults().with(Option.CLASSES, "vertical,horizontal").with(Option.EPOCHS, "2")
        .with(Option.SAMPLES, "64").with(Option.LR, "0.01").with(Option.WEIGHT_DECAY, "0")
        .with(Option.MODEL, "conv2d(6,3x3,same) relu globalmaxpool2d dense");
    ExperimentRun a = ClassifyLines.twoClasses().run(ClassifyLines.twoClasses().defaults().with(Option.EPOCHS, "2")
        .with(Option.SAMPLES, "64").with(Option.FILTERS, "6").with(Option.DATA, "lines"), new TrainingListener() {});
    ExperimentRun b = general.run(two, new TrainingListener() {});
    assertEquals(a.state().history(), b.state().history());
    assertEquals(a.model().getWeights(), b.model().getWeights());
  }

  private static void assertSameRun(ClassifyLines preset, ClassifyLines general, RunConfig config) {
    ExperimentRun a = preset.run(preset.defaults().with(Option.EPOCHS, "2").with(Option.SAMPLES, "64"),
        new TrainingListener() {});
    ExperimentRun b = general.run(config, new TrainingListener() {});
    assertEquals(a.state().history(), b.state().history(), preset.name());
    assertEquals(a.model().getWeights(), b.model().getWeights(), preset.name());
  }

  @Test
  void theSameSeedGivesABitIdenticalRun() {
    Experiment e = ClassifyLines.fourClasses();
    RunConfig small = e.defaults().with(Option.EPOCHS, "2").with(Option.SAMPLES, "64");
    ExperimentRun a = e.run(small, new TrainingListener() {});
    ExperimentRun b = e.run(small, new TrainingListener() {});
    assertEquals(a.state().history(), b.state().history());
    assertEquals(a.model().getWeights(), b.model().getWeights());
  }
}
