package org.minicnn.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.conv.ConvAlgorithm;
import org.minicnn.engine.conv.fast.ConvThreads;
import org.minicnn.engine.layers.BaseConv;
import org.minicnn.engine.layers.ComputeDtype;

/**
 * The {@code minicnn bench} command: times the {@link ConvWorkload}s through the layer API and
 * prints CSV {@code workload,dtype,threads,fwd_ms,fwdbwd_ms,gflops_fwdbwd}; {@code dtype} is the layer's
 * compute dtype ({@link ComputeDtype}, PyTorch's names float64 and float32).
 *
 * <p>Each number is the median wall time of single calls, measured after a warm-up that lets the
 * JIT compile the hot loops ({@link #WARMUP_SECONDS}, or {@code --seconds} when that is shorter),
 * over at least {@link #MIN_REPETITIONS} repetitions and about {@code --seconds} of calls. {@code gflops_fwdbwd} counts forward+backward
 * as three forwards of {@code 2·N·outRows·outCols·filters·kh·kw·inChannels} operations.
 *
 * <p>Options: {@code --workload S1..S5|all} (comma-separated list allowed, default all),
 * {@code --threads N} (comma-separated list allowed, default the available processors),
 * {@code --dtype float64|float32} (the compute dtype; {@code double} and {@code float} are aliases; a comma-separated
 * list runs each, default float64), {@code --algorithm BLOCKED|IM2COL|REFERENCE}
 * (default {@link ConvAlgorithm#DEFAULT}), {@code --seconds S} (measuring time per number, default 1),
 * {@code --outputs reused|new} (default reused: the layer writes into the arrays it keeps, as in
 * training, {@link BaseConv#reuseOutputs(boolean)}; new: a new output and dL/dx array per call).
 * Run it with {@code --add-modules jdk.incubator.vector} on the java command line for the Vector API path.
 */
public final class ConvBench {

  public static final String HEADER = "workload,dtype,threads,fwd_ms,fwdbwd_ms,gflops_fwdbwd";
  public static final double WARMUP_SECONDS = 1.0;
  public static final int MIN_REPETITIONS = 7;
  public static final int MAX_REPETITIONS = 2000;

  private ConvBench() {}

  public static void main(String[] args) {
    run(args, System.out);
  }

  /**
   * Parses {@code args} (the options above), runs the benchmark and prints the CSV to {@code out}.
   *
   * @throws IllegalArgumentException for an unknown option or a bad value, naming what came
   */
  public static void run(String[] args, PrintStream out) {
    List<ConvWorkload> workloads = List.of(ConvWorkload.values());
    int[] threads = {Runtime.getRuntime().availableProcessors()};
    ConvAlgorithm algorithm = ConvAlgorithm.DEFAULT;
    double seconds = 1.0;
    boolean reuseOutputs = true;
    List<ComputeDtype> dtypes = List.of(ComputeDtype.FLOAT64);
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("bench: option " + option + " expects a value, got none");
      }
      String value = args[++i];
      switch (option) {
        case "--workload" -> workloads = ConvWorkload.parse(value);
        case "--threads" -> threads = parseThreads(value);
        case "--dtype" -> dtypes = parseDtypes(value);
        case "--algorithm" -> algorithm = parseAlgorithm(value);
        case "--seconds" -> seconds = parseSeconds(value);
        case "--outputs" -> reuseOutputs = parseReuseOutputs(value);
        default -> throw new IllegalArgumentException("bench: unknown option '" + option
            + "'; expected --workload, --threads, --dtype, --algorithm, --seconds or --outputs");
      }
    }
    out.println(HEADER);
    int saved = ConvThreads.threads();
    try {
      for (int t : threads) {
        ConvThreads.setThreads(t);
        for (ConvWorkload workload : workloads) {
          for (ComputeDtype dtype : dtypes) {
            out.println(measure(workload, t, algorithm, dtype, seconds, reuseOutputs));
            out.flush();
          }
        }
      }
    } finally {
      ConvThreads.setThreads(saved);
    }
  }

  /**
   * One CSV row for {@code workload} at the current thread count ({@link ConvThreads}); the layer,
   * input and gradient are built here from the workload's seed.
   *
   * @param dtype the layer's compute dtype (with float32, {@code algorithm} does not apply)
   * @param reuseOutputs see {@link ConvWorkload#layer(ConvAlgorithm, boolean)}
   */
  public static String measure(ConvWorkload workload, int threads, ConvAlgorithm algorithm, ComputeDtype dtype,
      double seconds, boolean reuseOutputs) {
    BaseConv<?> layer = workload.layer(algorithm, reuseOutputs).computeDtype(dtype);
    Tensor input = workload.input();
    Tensor grad = workload.gradOutput(layer);
    Runnable forward = () -> layer.forward(input);
    Runnable forwardBackward = () -> {
      layer.forward(input);
      layer.backward(grad);
    };
    double fwd = medianMillis(forward, seconds);
    double fwdBwd = medianMillis(forwardBackward, seconds);
    double gflops = 3.0 * workload.forwardFlops() / (fwdBwd * 1e6);
    return String.format(Locale.ROOT, "%s,%s,%d,%.4f,%.4f,%.2f", workload, dtype.dtypeName(), threads, fwd, fwdBwd,
        gflops);
  }

  /**
   * The median milliseconds of single runs of {@code body}, after a warm-up of
   * {@code min(WARMUP_SECONDS, seconds)} and at least {@link #MIN_REPETITIONS} runs, over about
   * {@code seconds} of runs (at least {@link #MIN_REPETITIONS}, at most {@link #MAX_REPETITIONS}).
   */
  public static double medianMillis(Runnable body, double seconds) {
    long warmupEnd = System.nanoTime() + (long) (Math.min(WARMUP_SECONDS, seconds) * 1e9);
    for (int i = 0; i < MIN_REPETITIONS || System.nanoTime() < warmupEnd; i++) {
      body.run();
    }
    List<Long> times = new ArrayList<>();
    long measureEnd = System.nanoTime() + (long) (seconds * 1e9);
    while (times.size() < MIN_REPETITIONS || (System.nanoTime() < measureEnd && times.size() < MAX_REPETITIONS)) {
      long start = System.nanoTime();
      body.run();
      times.add(System.nanoTime() - start);
    }
    long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
    int mid = sorted.length / 2;
    double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    return median / 1e6;
  }

  /** {@code --threads}: positive integers, comma-separated. @throws IllegalArgumentException naming the value */
  public static int[] parseThreads(String value) {
    try {
      int[] threads = Arrays.stream(value.split(",")).mapToInt(v -> Integer.parseInt(v.trim())).toArray();
      if (Arrays.stream(threads).allMatch(t -> t > 0)) {
        return threads;
      }
    } catch (NumberFormatException ignored) {
      // reported below with the value that came
    }
    throw new IllegalArgumentException("bench: --threads: expected positive integers such as 1 or 1,2, got '"
        + value + "'");
  }

  /**
   * {@code --dtype}: compute dtypes, comma-separated: float64 or float32 (aliases double and float).
   *
   * @throws IllegalArgumentException naming the value
   */
  public static List<ComputeDtype> parseDtypes(String value) {
    try {
      return Arrays.stream(value.split(",", -1)).map(ComputeDtype::parse).distinct().toList();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bench: --dtype: expected float64, float32 or both such as float32,float64"
          + " (double and float are aliases), got '" + value + "'", e);
    }
  }

  /** {@code --outputs}: reused (true) or new (false). @throws IllegalArgumentException naming the value */
  public static boolean parseReuseOutputs(String value) {
    return switch (value) {
      case "reused" -> true;
      case "new" -> false;
      default -> throw new IllegalArgumentException("bench: --outputs: expected reused or new, got '" + value + "'");
    };
  }

  private static ConvAlgorithm parseAlgorithm(String value) {
    try {
      return ConvAlgorithm.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bench: --algorithm: expected one of " + Arrays.toString(ConvAlgorithm.values())
          + ", got '" + value + "'", e);
    }
  }

  /** {@code --seconds}: a positive finite number. @throws IllegalArgumentException naming the value */
  public static double parseSeconds(String value) {
    try {
      double seconds = Double.parseDouble(value);
      if (seconds > 0 && Double.isFinite(seconds)) {
        return seconds;
      }
    } catch (NumberFormatException ignored) {
      // reported below with the value that came
    }
    throw new IllegalArgumentException("bench: --seconds: expected a positive number, got '" + value + "'");
  }
}
