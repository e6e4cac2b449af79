package org.minicnn.training.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.minicnn.datasets.BumpSignals;
import org.minicnn.datasets.Dataset;
import org.minicnn.datasets.Kernels;
import org.minicnn.datasets.LineImages;
import org.minicnn.datasets.Noise;
import org.minicnn.datasets.Orientation;
import org.minicnn.datasets.TeacherTargets;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.BaseConv;
import org.minicnn.engine.layers.Conv1D;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.engine.losses.MeanSquaredError;
import org.minicnn.training.kernels.KernelComparison;
import org.minicnn.training.kernels.KernelHistory;
import org.minicnn.training.kernels.ReferenceKernel;
import org.minicnn.training.Trainer;
import org.minicnn.training.TrainingListener;
import org.minicnn.training.TrainingState;
import org.minicnn.training.identifiability.Identifiability;

/**
 * Teacher–student: a convolution without bias (the student) learns from inputs paired with the
 * feature maps that hand-designed kernels (the teacher) produce from them
 * ({@link TeacherTargets}), by mean squared error. The student starts from Glorot-uniform or zero
 * weights; success is the learned kernel equal to the teacher's: max |learned − hand-designed| ≤
 * {@value #MAX_ABS_DIFF} and cosine ≥ {@value #MIN_COSINE} for every teacher kernel.
 *
 * <p>{@code teacher-student} ({@link #general}) takes the teachers from {@code --teacher}: any kernels of
 * the library or literals ({@link Kernels}), all of one size, which the student's kernel follows; the
 * presets vertical-line, horizontal-line, two-detectors and bump-1d are it with fixed teachers.
 *
 * <p>Data ({@code --data}): for images, {@code lines} (lines of all four orientations, two per image,
 * at random positions, with Gaussian noise of standard deviation 0.1), {@code vertical-lines} and
 * {@code horizontal-lines} (one clean line of that orientation per image), or {@code noise}
 * (zero-mean Gaussian, standard deviation 1); for signals, {@code bumps} (two box bumps of width 2
 * plus Gaussian noise 0.1) or {@code noise} ({@code noise-1d} in {@code teacher-student}). What the data
 * shows decides what the student can learn: see {@link Identifiability}, computed for every run.
 *
 * <p>Seeds: a {@link SplittableRandom} seeded with {@code --seed} gives, in order, the seed of the
 * training data, of the validation data, of the initial weights and of the shuffling.
 */
public final class TeacherStudent extends NamedExperiment {

  /** The largest accepted |learned − hand-designed| weight. */
  public static final double MAX_ABS_DIFF = 1e-3;
  /** The smallest accepted cosine similarity. */
  public static final double MIN_COSINE = 0.9999;

  /** The data kinds of a 1D run of {@code teacher-student}. */
  private static final List<String> ONE_D_DATA = List.of("bumps", "noise-1d");

  /** For a preset: whether it is 1D; null for {@code teacher-student}, where the data decides. */
  private final Boolean oneD;
  /** For a preset: its fixed teachers; null for {@code teacher-student}, where {@code --teacher} gives them. */
  private final List<ReferenceKernel> teachers;

  private TeacherStudent(String name, String description, Boolean oneD, List<ReferenceKernel> teachers,
      List<String> dataKinds, Map<Option, String> options) {
    super(name, description, dataKinds, options);
    this.oneD = oneD;
    this.teachers = teachers;
  }

  private TeacherStudent(String name, String description, boolean oneD, List<ReferenceKernel> teachers,
      Map<Option, String> overrides) {
    this(name, description, oneD, teachers, oneD ? List.of("bumps", "noise")
        : List.of("lines", "vertical-lines", "horizontal-lines", "noise"), defaultOptions(oneD, overrides));
  }

  private static Map<Option, String> defaultOptions(boolean oneD, Map<Option, String> overrides) {
    Map<Option, String> d = new LinkedHashMap<>();
    d.put(Option.EPOCHS, "20");
    d.put(Option.LR, "0.01");
    d.put(Option.MOMENTUM, "0.9");
    d.put(Option.NESTEROV, "false");
    d.put(Option.WEIGHT_DECAY, "0");
    d.put(Option.OPTIMIZER, "sgd");
    d.put(Option.BATCH, "32");
    d.put(Option.SEED, "1");
    d.put(Option.INIT, "glorot");
    d.put(Option.DATA, oneD ? "bumps" : "lines");
    d.put(Option.SAMPLES, "1024");
    d.put(Option.VAL_SAMPLES, "256");
    d.put(Option.SIZE, oneD ? "32" : "8");
    d.put(Option.PATIENCE, "0");
    d.putAll(overrides);
    return d;
  }

  /**
   * The general experiment: {@code --teacher} names the kernels (library names or literals, see
   * {@link Kernels}); the student is a convolution of the teachers' size with one filter per teacher. Images
   * ({@code --data lines}, {@code vertical-lines}, {@code horizontal-lines}, {@code noise}) make it 2D, signals
   * ({@code --data bumps}, {@code noise-1d}; of length {@code --size}) 1D, where every teacher is a single row.
   * The defaults are vertical-line's, with {@code --teacher vertical}.
   */
  public static TeacherStudent general() {
    Map<Option, String> options = defaultOptions(false, Map.of());
    options.put(Option.TEACHER, "vertical");
    List<String> data = new ArrayList<>(List.of("lines", "vertical-lines", "horizontal-lines", "noise"));
    data.addAll(ONE_D_DATA);
    return new TeacherStudent("teacher-student", "teacher-student: a convolution learns any hand-designed kernel(s)"
        + " (--teacher NAME or literal, repeatable) from inputs and the kernels' feature maps", null, null, data,
        options);
  }

  /** Conv2D(1, 3, 3) learns the vertical line detector (the main job): teacher-student, {@code --teacher vertical}. */
  public static TeacherStudent verticalLine() {
    return new TeacherStudent("vertical-line", "teacher-student: Conv2D(1,3,3) learns the vertical line detector"
        + " [[0,1,0],[0,1,0],[0,1,0]] from images and the detector's feature maps", false,
        List.of(new ReferenceKernel("vertical", ReferenceKernel.vertical(), 0)), Map.of());
  }

  /** Conv2D(1, 3, 3) learns the horizontal line detector: teacher-student with {@code --teacher horizontal}. */
  public static TeacherStudent horizontalLine() {
    return new TeacherStudent("horizontal-line", "teacher-student: Conv2D(1,3,3) learns the horizontal line"
        + " detector [[0,0,0],[1,1,1],[0,0,0]]", false,
        List.of(new ReferenceKernel("horizontal", ReferenceKernel.horizontal(), 0)), Map.of());
  }

  /** Conv2D(2, 3, 3) learns both detectors at once: {@code --teacher vertical --teacher horizontal}. */
  public static TeacherStudent twoDetectors() {
    return new TeacherStudent("two-detectors", "teacher-student: Conv2D(2,3,3) learns the vertical (filter 0) and"
        + " horizontal (filter 1) detectors at once from 2-channel targets", false,
        List.of(new ReferenceKernel("vertical", ReferenceKernel.vertical(), 0),
            new ReferenceKernel("horizontal", ReferenceKernel.horizontal(), 1)), Map.of());
  }

  /**
   * Conv1D(1, 3) learns the bump detector [0, 1, 0]: {@code --teacher bump --data bumps --size 32 --lr 0.03}
   * ({@code --data noise} here is {@code noise-1d} there).
   */
  public static TeacherStudent bump1d() {
    return new TeacherStudent("bump-1d", "teacher-student: Conv1D(1,3) learns the bump detector [0,1,0] from"
        + " 1D signals", true, List.of(new ReferenceKernel("bump", Tensor.of(new double[] {0, 1, 0}, 3, 1), 0)),
        // sparse bumps give smaller curvature than images: a larger step reaches the threshold in 20 epochs
        Map.of(Option.LR, "0.03"));
  }

  /**
   * The teachers, filter {@code i} learning teacher {@code i}: Keras layout without the filter axis,
   * {@code [rows, cols, 1]} or, 1D, {@code [k, 1]}. A library teacher is named after its kernel, a literal
   * {@code literal}; a name given twice gets {@code _2}, {@code _3}, … so that metric columns stay apart.
   */
  @Override
  public List<ReferenceKernel> references(RunConfig config) {
    if (teachers != null) {
      return teachers;
    }
    boolean signals = oneD(config);
    List<ReferenceKernel> out = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String t : config.teachers()) {
      Tensor k = Kernels.nameOrLiteral(t);
      boolean named = Kernels.names().contains(t);
      int rows = Kernels.isOneD(t) ? 1 : k.dim(0);
      int cols = k.size() / rows;
      String name = named ? t : "literal";
      int repeat = Collections.frequency(names, name);
      names.add(name);
      name = repeat == 0 ? name : name + "_" + (repeat + 1);
      if (signals && rows != 1) {
        throw new IllegalArgumentException(Option.TEACHER.flag() + ": '" + t + "' has " + rows + " rows; 1D data"
            + " (--data " + config.data() + ") needs a single-row kernel");
      }
      out.add(new ReferenceKernel(name, signals ? k.reshape(cols, 1) : k.reshape(rows, cols, 1), out.size()));
    }
    int[] first = out.get(0).kernel().shape();
    for (int i = 1; i < out.size(); i++) {
      if (!Arrays.equals(first, out.get(i).kernel().shape())) {
        throw new IllegalArgumentException(Option.TEACHER.flag() + ": '" + config.teachers().get(i) + "' is "
            + sizeText(out.get(i).kernel()) + " but '" + config.teachers().get(0) + "' is " + sizeText(out.get(0).kernel())
            + "; one student learns every teacher, so all need the same size");
      }
    }
    return out;
  }

  private static String sizeText(Tensor reference) {
    return reference.rank() == 2 ? Integer.toString(reference.dim(0)) : reference.dim(0) + "x" + reference.dim(1);
  }

  /**
   * Checks what options alone cannot: the teachers (known, of one size, single-row for 1D data), that
   * they fit the inputs ({@code --size}), and the memory budget ({@link RunBudget}).
   */
  @Override
  public void check(RunConfig config) {
    KernelFit.require(kernelSize(config), config.size(), oneD(config),
        teachers == null ? Option.TEACHER.flag() + ": " : "");
    // input, teacher targets, and the student's outputs and their gradients over the data: 1 + 3 per filter
    RunBudget.check(config, oneD(config) ? 1 : 2, 1 + 3 * references(config).size());
  }

  /** Whether the run convolves signals (Conv1D) rather than images. */
  private boolean oneD(RunConfig config) {
    return oneD != null ? oneD : ONE_D_DATA.contains(config.data());
  }

  /** The student's kernel size: {@code {rows, cols}}, or {@code {k}} in 1D. */
  private int[] kernelSize(RunConfig config) {
    int[] shape = references(config).get(0).kernel().shape();
    return Arrays.copyOf(shape, shape.length - 1);
  }

  @Override
  public ExperimentRun run(RunConfig config, TrainingListener listener) {
    check(config);
    long start = System.nanoTime();
    SplittableRandom seeds = new SplittableRandom(config.seed());
    long trainSeed = seeds.nextLong();
    long validationSeed = seeds.nextLong();
    long weightSeed = seeds.nextLong();
    long shuffleSeed = seeds.nextLong();
    List<ReferenceKernel> teachers = references(config);
    Dataset train = teach(config, inputs(config, config.samples(), trainSeed));
    Dataset validation = teach(config, inputs(config, config.valSamples(), validationSeed));

    BaseConv<?> conv = student(config, weightSeed, train.inputs().shape());
    Sequential model = new Sequential().add(conv);
    model.build(train.inputs().shape());
    KernelHistory history = new KernelHistory(conv::kernel);
    Trainer trainer = Runs.configure(new Trainer(model, new MeanSquaredError(), Runs.optimizer(config)), config)
        .seed(shuffleSeed)
        .validation(validation.inputs(), validation.targets())
        .measure(KernelComparison.fixed(conv::kernel, teachers))
        .listener(history).listener(listener);
    TrainingState state = trainer.fit(train.inputs(), train.targets());

    int[] k = kernelSize(config);
    Identifiability id = oneD(config)
        ? Identifiability.of1d(train.inputs(), train.targets(), k[0])
        : Identifiability.of2d(train.inputs(), train.targets(), k[0], k[1]);
    Tensor sample = Runs.firstSample(validation.inputs());
    return new ExperimentRun(this, config, model, state, history.snapshots(), sample, id, null, new ArrayList<>(),
        Runs.secondsSince(start));
  }

  /**
   * The training loop of {@link #run} alone, with the same data, initial weights and shuffling: no
   * validation, kernel measurements or history. What {@code minicnn bench --workload job} times.
   *
   * @return a fresh trainer and its data; each call builds a new student
   */
  public TrainingJob trainingJob(RunConfig config) {
    SplittableRandom seeds = new SplittableRandom(config.seed());
    long trainSeed = seeds.nextLong();
    seeds.nextLong();  // the validation data's seed, unused here
    long weightSeed = seeds.nextLong();
    long shuffleSeed = seeds.nextLong();
    Dataset train = teach(config, inputs(config, config.samples(), trainSeed));
    BaseConv<?> conv = student(config, weightSeed, train.inputs().shape());
    Sequential model = new Sequential().add(conv);
    model.build(train.inputs().shape());
    Trainer trainer = Runs.configure(new Trainer(model, new MeanSquaredError(), Runs.optimizer(config)), config)
        .seed(shuffleSeed);
    return new TrainingJob(trainer, model, train.inputs(), train.targets());
  }

  /** The student of {@link #trainingJob}: built, with its initial weights, without training. */
  @Override
  public Sequential initialModel(RunConfig config) {
    return trainingJob(config).model();
  }

  /** The student convolution, built for {@code inputShape}, Glorot-uniform from {@code weightSeed} or zeros. */
  private BaseConv<?> student(RunConfig config, long weightSeed, int[] inputShape) {
    int filters = references(config).size();
    int[] k = kernelSize(config);
    BaseConv<?> conv = oneD(config)
        ? new Conv1D(filters, k[0]).useBias(false).seed(weightSeed)
        : new Conv2D(filters, k[0], k[1]).useBias(false).seed(weightSeed);
    conv.needsInputGradient(false);  // the first layer: nobody reads dL/dinput
    conv.reuseOutputs(true);  // the trainer reads each output before the next step
    conv.build(inputShape);
    if (config.zeroInit()) {
      conv.setWeights(Tensor.zeros(conv.kernel().shape()), null);
    }
    return conv;
  }

  /** The teachers' targets for {@code inputs}. */
  private Dataset teach(RunConfig config, Tensor inputs) {
    List<ReferenceKernel> teachers = references(config);
    Tensor[] kernels = new Tensor[teachers.size()];
    for (int i = 0; i < kernels.length; i++) {
      Tensor k = teachers.get(i).kernel();
      kernels[i] = k.reshape(Shapes.concat(k.shape(), 1));
    }
    return oneD(config) ? TeacherTargets.conv1d(inputs, kernels) : TeacherTargets.conv2d(inputs, kernels);
  }

  /** The configured kind of data: {@code n} samples from {@code seed}. */
  private Tensor inputs(RunConfig c, int n, long seed) {
    int size = c.size();
    boolean oneD = oneD(c);
    if (c.data().equals("noise") || c.data().equals("noise-1d")) {
      int[] shape = oneD ? new int[] {size, 1} : new int[] {size, size, 1};
      return Noise.builder().sampleShape(shape).gaussian(1.0).seed(seed).build().generate(n);
    }
    if (oneD) {
      return BumpSignals.builder().length(size).width(2).bumpsPerSignal(2).randomPosition().gaussianNoise(0.1)
          .seed(seed).build().generate(n);
    }
    LineImages.Builder images = LineImages.builder().size(size, size).randomPosition().seed(seed);
    switch (c.data()) {
      case "vertical-lines":
        images.orientation(Orientation.VERTICAL);
        break;
      case "horizontal-lines":
        images.orientation(Orientation.HORIZONTAL);
        break;
      default:
        images.orientations(Orientation.values()).linesPerImage(2).gaussianNoise(0.1);
    }
    return images.build().generate(n);
  }

  /** Met when every teacher kernel is matched within {@value #MAX_ABS_DIFF} with cosine ≥ {@value #MIN_COSINE}. */
  @Override
  public Verdict verdict(ExperimentRun run) {
    double diff = run.last().get("max_abs_diff");
    double cosine = run.last().get("cosine");
    boolean met = diff <= MAX_ABS_DIFF && cosine >= MIN_COSINE;
    int teachers = references(run.config()).size();
    return new Verdict(met, String.format("max |learned − hand-designed| = %.3g %s %s, cosine = %.6f %s %s%s, in %.2f s",
        diff, diff <= MAX_ABS_DIFF ? "≤" : ">", MAX_ABS_DIFF, cosine, cosine >= MIN_COSINE ? "≥" : "<", MIN_COSINE,
        teachers > 1 ? " (worst of " + teachers + " filters)" : "", run.seconds()));
  }
}
