package org.minicnn.training.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.minicnn.datasets.LabelledSet;
import org.minicnn.datasets.LineClassification;
import org.minicnn.datasets.LineImages;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.engine.losses.SoftmaxCrossEntropy;
import org.minicnn.training.kernels.FilterMatch;
import org.minicnn.training.kernels.KernelComparison;
import org.minicnn.training.kernels.KernelHistory;
import org.minicnn.training.kernels.ReferenceKernel;
import org.minicnn.training.Trainer;
import org.minicnn.training.TrainingListener;
import org.minicnn.training.TrainingState;
import org.minicnn.training.attribution.FilterAttribution;
import org.minicnn.training.attribution.ShiftedMatch;

/**
 * Classification: a small CNN — {@code Conv2D(filters, 3, 3)} with padding SAME → ReLU →
 * {@code GlobalMaxPool2D} → {@code Dense(classes)}, trained with {@code SoftmaxCrossEntropy} on the
 * logits — learns to tell line orientations apart from labelled images alone ({@link LineClassification}):
 * vertical vs horizontal ({@code classify-lines}) or vertical, horizontal, diagonal ({@code \} or
 * {@code /}) and no line ({@code classify-lines-4}). Nobody shows it a detector; the report then matches
 * each learned filter to the most similar hand-designed one ({@link FilterMatch}: centred cosine, sign
 * included). Success is validation accuracy ≥ {@value #MIN_ACCURACY}.
 *
 * <p>Why these defaults (compared over seeds 0–9 in {@code docs/experiments.md}):
 * <ul>
 *   <li>Padding SAME: with VALID padding no 3×3 window is centred on a line in the first or last column
 *       (row), so a detector with its centre on the line never sees a quarter of the lines; the network
 *       then relies on inverted detectors (whose positive flanks do see them) or stalls near 89–94%. The
 *       zero padding equals the background, so every line position looks alike to the filter.</li>
 *   <li>Sixteen filters: a line detector shifted by one pixel inside the 3×3 window detects lines just as
 *       well after the max pool, and which shift a filter grows into follows its random start; with more
 *       filters per class, one of them almost always starts nearest the centred detector.</li>
 *   <li>Noise {@value #NOISE}: every weight off the line pattern only adds noise to the filter's response,
 *       so noise pushes filters towards the pure (matched) detector.</li>
 * </ul>
 *
 * <p>Data ({@code --data}): {@code lines} (one line of thickness 1 at a random position on a zero
 * background, Gaussian noise of standard deviation {@value #NOISE}) or {@code clean-lines} (no noise).
 * {@code --samples} and {@code --val-samples} are rounded up to a multiple of the number of classes (the
 * sets are balanced).
 *
 * <p>The general experiment, {@code classify}, takes the model as a one-line spec ({@code --model}, see
 * {@link ModelSpec}), the classes ({@code --classes}, any two or more of
 * {@link LineClassification#CLASS_NAMES}), the line thickness ({@code --thickness}) and the pixel noise
 * ({@code --noise}); its defaults are classify-lines-4's. The two presets are {@code classify} with their
 * classes, the model {@code conv2d(F,3x3,same) relu globalmaxpool2d dense} ({@code F = --filters}),
 * thickness 1 and the noise their {@code --data} names.
 *
 * <p>Every run's summary says which filter the network relies on for each class
 * ({@link FilterAttribution}: per-filter ablation, dense weights, closest detector with shifts).
 *
 * <p>Seeds: a {@link SplittableRandom} seeded with {@code --seed} gives, in order, the seed of the
 * training data, of the validation data, of each layer with weights in model order (the convolution's,
 * then the dense layer's) and of the shuffling.
 */
public final class ClassifyLines extends NamedExperiment {

  /** The smallest accepted validation accuracy. */
  public static final double MIN_ACCURACY = 0.99;
  /** Standard deviation of the Gaussian noise of {@code --data lines}. */
  public static final double NOISE = 0.25;

  /** A preset's classes; null for {@code classify}, where {@code --classes} gives them. */
  private final List<String> classes;

  private ClassifyLines(String name, String description, List<String> classes, List<String> dataKinds,
      Map<Option, String> options) {
    super(name, description, dataKinds, options);
    this.classes = classes;
  }

  private static Map<Option, String> defaultOptions(Map<Option, String> overrides) {
    Map<Option, String> d = new LinkedHashMap<>();
    d.put(Option.EPOCHS, "10");
    d.put(Option.LR, "0.01");
    d.put(Option.MOMENTUM, "0.9");
    d.put(Option.NESTEROV, "false");
    d.put(Option.WEIGHT_DECAY, "0");
    d.put(Option.OPTIMIZER, "adam");
    d.put(Option.BATCH, "32");
    d.put(Option.SEED, "1");
    d.put(Option.DATA, "lines");
    d.put(Option.SAMPLES, "512");
    d.put(Option.VAL_SAMPLES, "256");
    d.put(Option.SIZE, "8");
    d.put(Option.PATIENCE, "0");
    d.put(Option.FILTERS, "16");
    d.putAll(overrides);
    return d;
  }

  /** classify-lines-4's changes to the defaults. */
  private static final Map<Option, String> FOUR_CLASS_DEFAULTS = Map.of(Option.SAMPLES, "1024", Option.EPOCHS, "25",
      Option.LR, "0.03", Option.WEIGHT_DECAY, "0.003");

  /** Vertical vs horizontal. */
  public static ClassifyLines twoClasses() {
    return new ClassifyLines("classify-lines", "classification: Conv2D(16,3,3)-ReLU-GlobalMaxPool-Dense learns vertical"
        + " vs horizontal lines from labels alone", LineClassification.VERTICAL_HORIZONTAL,
        List.of("lines", "clean-lines"), defaultOptions(Map.of()));
  }

  /**
   * Vertical, horizontal, diagonal, none: twice the data, a larger step, more epochs and weight decay,
   * which shrinks the weights a filter's class does not need, so diagonal detectors come out cleaner.
   */
  public static ClassifyLines fourClasses() {
    return new ClassifyLines("classify-lines-4", "classification: Conv2D(16,3,3)-ReLU-GlobalMaxPool-Dense tells"
        + " vertical, horizontal, diagonal and no line apart", LineClassification.FOUR_CLASSES,
        List.of("lines", "clean-lines"), defaultOptions(FOUR_CLASS_DEFAULTS));
  }

  /**
   * Any classifier ({@code --model}) on any line classes ({@code --classes}), thickness and noise; the
   * defaults are classify-lines-4's.
   */
  public static ClassifyLines general() {
    Map<Option, String> d = defaultOptions(FOUR_CLASS_DEFAULTS);
    d.remove(Option.DATA);
    d.remove(Option.FILTERS);
    d.put(Option.MODEL, ModelSpec.classifyLines(16).text());
    d.put(Option.CLASSES, String.join(",", LineClassification.FOUR_CLASSES));
    d.put(Option.THICKNESS, "1");
    d.put(Option.NOISE, Double.toString(NOISE));
    return new ClassifyLines("classify", "classification: any one-line --model learns any --classes of line images;"
        + " the summary says which filter it relies on for each class", null, List.of("lines"), d);
  }

  /** The hand-designed detectors of the first layer's size: a filter may become any of them. */
  @Override
  public List<ReferenceKernel> references(RunConfig config) {
    int[] k = model(config).kernelSize();
    if (k[0] == 3 && k[1] == 3) {
      return List.of(new ReferenceKernel("vertical", ReferenceKernel.vertical(), 0),
          new ReferenceKernel("horizontal", ReferenceKernel.horizontal(), 0),
          new ReferenceKernel("diagonal", ReferenceKernel.diagonal(), 0),
          new ReferenceKernel("anti_diagonal", ReferenceKernel.antiDiagonal(), 0));
    }
    List<ReferenceKernel> out = new ArrayList<>();
    for (ReferenceKernel d : ShiftedMatch.detectors(k[0], k[1])) {
      out.add(new ReferenceKernel(d.name().replace('-', '_'), d.kernel(), 0));
    }
    return out;
  }

  @Override
  public boolean matchedComparison() {
    return true;
  }

  /** The class names, label order, of a preset; for {@code classify} see {@link #classes(RunConfig)}. */
  public List<String> classes() {
    return classes == null ? ClassifyLines.general().defaults().classes() : classes;
  }

  /** The class names of a run, label order. */
  public List<String> classes(RunConfig config) {
    return classes != null ? classes : config.classes();
  }

  private static ModelSpec model(RunConfig config) {
    return config.has(Option.MODEL) ? config.model() : ModelSpec.classifyLines(config.filters());
  }

  /**
   * The model must fit the images and end in one logit per class; its first layer needs detectors to
   * compare with, no larger than the images; the data must fit the memory budget ({@link RunBudget}).
   */
  @Override
  public void check(RunConfig config) {
    ModelSpec spec = model(config);
    try {
      spec.model(classes(config).size(), new SplittableRandom(0));
      spec.check(config.size(), config.size(), classes(config).size());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException((config.has(Option.MODEL) ? Option.MODEL.flag() + ": " : "")
          + e.getMessage(), e);
    }
    if (references(config).isEmpty()) {
      int[] k = spec.kernelSize();
      throw new IllegalArgumentException(Option.MODEL.flag() + ": no hand-designed detector is " + k[0] + "x" + k[1]
          + "; the first conv2d needs a kernel of 3x3 or another odd square size");
    }
    // the feature-map plot convolves each learned filter over a sample without padding
    KernelFit.require(spec.kernelSize(), config.size(), false,
        config.has(Option.MODEL) ? Option.MODEL.flag() + ": " : "");
    // input, and per filter of the first convolution its outputs, the activation's and their gradients
    RunBudget.check(config, 2, 1 + 4 * spec.filters());
  }

  @Override
  public ExperimentRun run(RunConfig config, TrainingListener listener) {
    check(config);
    long start = System.nanoTime();
    List<String> names = classes(config);
    SplittableRandom seeds = new SplittableRandom(config.seed());
    LabelledSet train = data(config, config.samples(), seeds.nextLong());
    LabelledSet validation = data(config, config.valSamples(), seeds.nextLong());
    Sequential model = model(config).model(names.size(), seeds);
    model.build(train.inputs().shape());
    Conv2D conv = (Conv2D) model.layers().get(0);
    List<ReferenceKernel> detectors = references(config);
    KernelHistory history = new KernelHistory(conv::kernel);
    Trainer trainer = Runs.configure(new Trainer(model, new SoftmaxCrossEntropy(), Runs.optimizer(config)), config)
        .seed(seeds.nextLong())
        .labelled(true)
        .validation(validation.inputs(), validation.labelsTensor())
        .measure(KernelComparison.matched(conv::kernel, detectors))
        .listener(history).listener(listener);
    TrainingState state = trainer.fit(train.inputs(), train.labelsTensor());
    List<String> notes = new ArrayList<>();
    notes.add(FilterMatch.describe(FilterMatch.of(conv.kernel(), detectors), detectors));
    FilterAttribution attribution = FilterAttribution.of(model, validation.inputs(), validation.labels(), names);
    return new ExperimentRun(this, config, model, state, history.snapshots(), Runs.firstSample(validation.inputs()),
        null, attribution, notes, Runs.secondsSince(start));
  }

  /** A balanced, shuffled set of at least {@code n} images ({@code n} rounded up to a multiple of the classes). */
  private LabelledSet data(RunConfig c, int n, long seed) {
    double noise = c.has(Option.NOISE) ? c.noise() : c.data().equals("lines") ? NOISE : 0.0;
    LineImages.Builder images = LineImages.builder().size(c.size(), c.size()).randomPosition().gaussianNoise(noise);
    if (c.has(Option.THICKNESS)) {
      images.thickness(c.thickness());
    }
    List<String> names = classes(c);
    int perClass = (n + names.size() - 1) / names.size();
    return LineClassification.of(images, perClass, seed, names);
  }
  /** Met when the last epoch's validation accuracy is at least {@value #MIN_ACCURACY}. */
  @Override
  public Verdict verdict(ExperimentRun run) {
    double accuracy = run.last().valAccuracy();
    boolean met = accuracy >= MIN_ACCURACY;
    return new Verdict(met, String.format("validation accuracy %.4f %s %s (training %.4f), in %.2f s", accuracy,
        met ? "≥" : "<", MIN_ACCURACY, run.last().accuracy(), run.seconds()));
  }
}
