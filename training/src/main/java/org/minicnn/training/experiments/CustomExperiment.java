package org.minicnn.training.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.minicnn.datasets.Dataset;
import org.minicnn.datasets.LabelledSet;
import org.minicnn.engine.Layer;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.BaseConv;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.engine.losses.Loss;
import org.minicnn.training.Trainer;
import org.minicnn.training.TrainingListener;
import org.minicnn.training.TrainingState;
import org.minicnn.training.attribution.FilterAttribution;
import org.minicnn.training.kernels.KernelComparison;
import org.minicnn.training.kernels.KernelHistory;
import org.minicnn.training.kernels.ReferenceKernel;
import org.minicnn.training.optim.Optimizer;

/**
 * An experiment defined in Java: data, model, loss, optimiser and reference kernels. Registered with
 * {@link Experiments#register}, it runs from {@code minicnn train NAME} like the built-in ones, with the
 * same run directory, metrics, plots, summary, checkpoints and {@code --resume}:
 *
 * <pre>{@code
 * Experiment sobel = CustomExperiment.builder("sobel-from-lines")
 *     .description("Conv2D(1,3,3) learns sobel-x from line images")
 *     .option(Option.EPOCHS, "20").option(Option.LR, "0.01").option(Option.MOMENTUM, "0.9")
 *     .data(config -> {
 *       LineImages lines = LineImages.builder().orientations(Orientation.values()).randomPosition()
 *           .gaussianNoise(0.1).seed(config.seed()).build();
 *       Tensor images = lines.generate(1024 + 256);
 *       Dataset all = TeacherTargets.conv2d(images, Kernels.named("sobel-x"));
 *       return CustomExperiment.Data.split(all, 1024);
 *     })
 *     .model(config -> new Sequential().add(new Conv2D(1, 3, 3).useBias(false).seed(config.seed())))
 *     .loss(new MeanSquaredError())
 *     .references(List.of(new ReferenceKernel("sobel-x", Kernels.named("sobel-x").reshape(3, 3, 1), 0)))
 *     .build();
 * Experiments.register(sobel);
 * Main.main(args);   // ./minicnn-like: train sobel-from-lines --checkpoint-every 5, train --resume DIR, …
 * }</pre>
 *
 * <p>The watched layer (whose kernel is recorded every epoch, compared with the references and plotted)
 * is the model's first convolution. Options: those given with {@link Builder#option}, on top of
 * {@code --epochs 10 --lr 0.01 --batch 32 --seed 1 --optimizer sgd --momentum 0}; the optimiser is built
 * from them unless {@link Builder#optimizer} says otherwise. Verdict: unless {@link Builder#verdict} says
 * otherwise, a classifier ({@link Builder#classes} given) meets it at validation accuracy ≥
 * {@value ClassifyLines#MIN_ACCURACY}, else every reference must be matched by its own filter within
 * {@value TeacherStudent#MAX_ABS_DIFF} (max |Δ|) and cosine ≥ {@value TeacherStudent#MIN_COSINE}.
 */
public final class CustomExperiment implements Experiment {

  /**
   * Training and validation data.
   *
   * @param trainInputs training inputs
   * @param trainTargets their targets: values, or labels {@code [n]} for a classifier
   * @param valInputs validation inputs
   * @param valTargets their targets
   */
  public record Data(Tensor trainInputs, Tensor trainTargets, Tensor valInputs, Tensor valTargets) {

    /** Regression data, e.g. teacher targets. */
    public static Data of(Dataset train, Dataset validation) {
      return new Data(train.inputs(), train.targets(), validation.inputs(), validation.targets());
    }

    /** Labelled data for a classifier. */
    public static Data of(LabelledSet train, LabelledSet validation) {
      return new Data(train.inputs(), train.labelsTensor(), validation.inputs(), validation.labelsTensor());
    }

    /** The first {@code trainSamples} samples of {@code all} for training, the rest for validation. */
    public static Data split(Dataset all, int trainSamples) {
      int n = all.inputs().dim(0);
      if (trainSamples < 1 || trainSamples >= n) {
        throw new IllegalArgumentException("CustomExperiment.Data.split: expected 1 to " + (n - 1)
            + " training samples of " + n + ", got " + trainSamples);
      }
      return new Data(rows(all.inputs(), 0, trainSamples), rows(all.targets(), 0, trainSamples),
          rows(all.inputs(), trainSamples, n), rows(all.targets(), trainSamples, n));
    }

    private static Tensor rows(Tensor t, int from, int to) {
      int per = t.size() / t.dim(0);
      double[] out = new double[(to - from) * per];
      System.arraycopy(t.data(), from * per, out, 0, out.length);
      int[] shape = t.shape();
      shape[0] = to - from;
      return Tensor.of(out, shape);
    }
  }

  private final String name;
  private final String description;
  private final RunConfig defaults;
  private final Function<RunConfig, Data> data;
  private final Function<RunConfig, Sequential> model;
  private final Loss loss;
  private final Function<RunConfig, Optimizer> optimizer;
  private final List<ReferenceKernel> references;
  private final boolean matched;
  private final List<String> classes;
  private final Function<ExperimentRun, Verdict> verdict;

  private CustomExperiment(Builder b) {
    this.name = b.name;
    this.description = b.description;
    this.defaults = RunConfig.of(b.name, List.of("custom"), b.options);
    this.data = b.data;
    this.model = b.model;
    this.loss = b.loss;
    this.optimizer = b.optimizer;
    this.references = List.copyOf(b.references);
    this.matched = b.matched;
    this.classes = b.classes;
    this.verdict = b.verdict;
  }

  /** A new builder for the experiment called {@code name} (letters, digits and dashes). */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public RunConfig defaults() {
    return defaults;
  }

  @Override
  public List<ReferenceKernel> references(RunConfig config) {
    return references;
  }

  @Override
  public boolean matchedComparison() {
    return matched;
  }

  @Override
  public ExperimentRun run(RunConfig config, TrainingListener listener) {
    long start = System.nanoTime();
    Data d = data.apply(config);
    Sequential net = model.apply(config);
    net.build(d.trainInputs().shape());
    BaseConv<?> conv = firstConvolution(net);
    KernelHistory history = new KernelHistory(conv::kernel);
    Trainer trainer = Runs.configure(new Trainer(net, loss, optimizer.apply(config)), config)
        .labelled(classes != null)
        .validation(d.valInputs(), d.valTargets())
        .measure(matched ? KernelComparison.matched(conv::kernel, references)
            : KernelComparison.fixed(conv::kernel, references))
        .listener(history).listener(listener);
    TrainingState state = trainer.fit(d.trainInputs(), d.trainTargets());
    FilterAttribution attribution = null;
    if (classes != null && net.layers().get(0) instanceof Conv2D) {
      int[] labels = new int[d.valTargets().size()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = (int) d.valTargets().data()[i];
      }
      attribution = FilterAttribution.of(net, d.valInputs(), labels, classes);
    }
    return new ExperimentRun(this, config, net, state, history.snapshots(), Runs.firstSample(d.valInputs()), null,
        attribution, new ArrayList<>(), Runs.secondsSince(start));
  }

  private BaseConv<?> firstConvolution(Sequential net) {
    for (Layer l : net.layers()) {
      if (l instanceof BaseConv<?> conv) {
        return conv;
      }
    }
    throw new IllegalArgumentException(name + ": the model has no convolution to watch; expected Conv1D or Conv2D"
        + " among its layers");
  }

  @Override
  public Verdict verdict(ExperimentRun run) {
    if (verdict != null) {
      return verdict.apply(run);
    }
    if (classes != null) {
      double accuracy = run.last().valAccuracy();
      boolean met = accuracy >= ClassifyLines.MIN_ACCURACY;
      return new Verdict(met, String.format("validation accuracy %.4f %s %s", accuracy, met ? "≥" : "<",
          ClassifyLines.MIN_ACCURACY));
    }
    double diff = run.last().get("max_abs_diff");
    double cosine = run.last().get("cosine");
    boolean met = diff <= TeacherStudent.MAX_ABS_DIFF && cosine >= TeacherStudent.MIN_COSINE;
    return new Verdict(met, String.format("max |learned − hand-designed| = %.3g %s %s, cosine = %.6f %s %s", diff,
        diff <= TeacherStudent.MAX_ABS_DIFF ? "≤" : ">", TeacherStudent.MAX_ABS_DIFF, cosine,
        cosine >= TeacherStudent.MIN_COSINE ? "≥" : "<", TeacherStudent.MIN_COSINE));
  }

  /** Builds a {@link CustomExperiment}; data, model, loss and at least one reference are required. */
  public static final class Builder {

    private final String name;
    private String description;
    private final Map<Option, String> options = new LinkedHashMap<>();
    private Function<RunConfig, Data> data;
    private Function<RunConfig, Sequential> model;
    private Loss loss;
    private Function<RunConfig, Optimizer> optimizer = Runs::optimizer;
    private final List<ReferenceKernel> references = new ArrayList<>();
    private boolean matched;
    private List<String> classes;
    private Function<ExperimentRun, Verdict> verdict;

    private Builder(String name) {
      if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
        throw new IllegalArgumentException("CustomExperiment: expected a name of lower-case letters, digits and"
            + " dashes, got '" + name + "'");
      }
      this.name = name;
      this.description = name;
      options.put(Option.EPOCHS, "10");
      options.put(Option.LR, "0.01");
      options.put(Option.MOMENTUM, "0");
      options.put(Option.OPTIMIZER, "sgd");
      options.put(Option.BATCH, "32");
      options.put(Option.SEED, "1");
    }

    /** One line for {@code minicnn experiments}. */
    public Builder description(String value) {
      this.description = value;
      return this;
    }

    /** An option the experiment takes, with its default (validated when built). */
    public Builder option(Option option, String defaultValue) {
      options.put(option, defaultValue);
      return this;
    }

    /** The data of a run, from its configuration (take seeds from {@link RunConfig#seed}). */
    public Builder data(Function<RunConfig, Data> value) {
      this.data = value;
      return this;
    }

    /** The model of a run, not yet built; its first convolution is the watched layer. */
    public Builder model(Function<RunConfig, Sequential> value) {
      this.model = value;
      return this;
    }

    public Builder loss(Loss value) {
      this.loss = value;
      return this;
    }

    /** The optimiser of a run (default: from {@code --optimizer}, {@code --lr}, {@code --momentum}, …). */
    public Builder optimizer(Function<RunConfig, Optimizer> value) {
      this.optimizer = value;
      return this;
    }

    /**
     * The hand-designed kernels the watched layer is compared with, each by its own filter.
     *
     * @param value input: kernels of one filter's shape, Keras layout without the filter axis
     */
    public Builder references(List<ReferenceKernel> value) {
      references.addAll(value);
      return this;
    }

    /** Compare each reference with its most similar filter by pattern (classifiers), not with its own filter. */
    public Builder matched(boolean value) {
      this.matched = value;
      return this;
    }

    /**
     * The data are labelled with these classes (targets are labels): accuracy is recorded and the summary
     * holds the filter attribution ({@link FilterAttribution}) when the first layer is a Conv2D.
     */
    public Builder classes(List<String> value) {
      this.classes = List.copyOf(value);
      return this;
    }

    /** Whether a run meets the experiment's threshold (default: see {@link CustomExperiment}). */
    public Builder verdict(Function<ExperimentRun, Verdict> value) {
      this.verdict = value;
      return this;
    }

    /** @throws IllegalArgumentException naming what is missing or an option default that is invalid */
    public CustomExperiment build() {
      List<String> missing = new ArrayList<>();
      if (data == null) {
        missing.add("data");
      }
      if (model == null) {
        missing.add("model");
      }
      if (loss == null) {
        missing.add("loss");
      }
      if (references.isEmpty()) {
        missing.add("references");
      }
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException("CustomExperiment " + name + ": expected " + String.join(", ", missing)
            + ", got none");
      }
      return new CustomExperiment(this);
    }
  }
}
