package org.minicnn.training.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.minicnn.benchmarks.ConvBench;
import org.minicnn.benchmarks.ConvWorkload;
import org.minicnn.benchmarks.FmaPeak;
import org.minicnn.engine.conv.ConvAlgorithm;
import org.minicnn.engine.conv.fast.ConvThreads;
import org.minicnn.engine.layers.BaseConv;
import org.minicnn.engine.layers.ComputeDtype;
import org.minicnn.training.experiments.TeacherStudent;
import org.minicnn.training.experiments.TrainingJob;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code minicnn bench}: the benchmark's convolution workloads ({@link ConvWorkload}, timed by
 * {@link ConvBench}) and the whole {@code vertical-line} training loop ({@code job}), as CSV
 * {@value ConvBench#HEADER} on standard output.
 *
 * <p>For {@code job}, {@code fwd_ms} is empty (there is no forward-only run of a training loop);
 * {@code fwdbwd_ms} is the median time of one call of {@code Trainer.fit} with the experiment's
 * defaults (1024 images 8×8, batch 32, 20 epochs, SGD lr 0.01 momentum 0.9, plus the epoch-0 loss pass
 * that {@code fit} records), data built beforehand and no validation, measurements or files; each
 * repetition continues from the weights the last one left, which costs the same work; it warms up
 * for up to 3 s (two of them before the usual warm-up). With {@code --dtype float32} its convolution computes in
 * float32 (a benchmark-only switch; the experiment trains in float64). Its
 * {@code gflops_fwdbwd} counts 3× the forward FLOPs of the 20 epochs of training steps.
 *
 * <p>{@code peak} ({@link FmaPeak}) is the ceiling the others are measured against: what the threads
 * deliver to a loop of nothing but fused multiply-adds; its {@code fwdbwd_ms} is the time of one round
 * of that loop and {@code fwd_ms} is empty.
 */
final class BenchCommand {

  static final String JOB = "job";
  private BenchCommand() {}

  static CommandSpec spec() {
    return new CommandBuilder("bench", "time the convolutions and the vertical-line training loop (CSV)")
        .synopsis("minicnn bench [--workload S1..S5|job|peak|all] [--threads N] [--dtype D] [--seconds S]",
            "              [--algorithm A] [--outputs reused|new]")
        .description("Times convolution forward and forward+backward on the benchmark workloads (S1..S5) and the"
            + " whole vertical-line training loop (job), and prints CSV: " + ConvBench.HEADER + " (medians in"
            + " milliseconds after warm-up; fwd_ms is empty for job and peak). peak is the machine's ceiling: the"
            + " GFLOP/s the threads get from a loop of nothing but fused multiply-adds.")
        .positionals("", "")
        .option("--workload", "W", "S1, S2, S3, S4, S5, job, peak, a comma-separated list, or all (default all)")
        .option("--threads", "N", "threads of the convolutions; a comma-separated list runs each (default: the"
            + " processors)")
        .option("--dtype", "D", "the convolutions' compute dtype: float64 (default) or float32 (double and float are"
            + " aliases); a comma-separated list runs each. Variables stay float64 (Keras's compute_dtype)")
        .option("--algorithm", "A", "BLOCKED (default), IM2COL or REFERENCE")
        .option("--seconds", "S", "measuring time per number, and the longest warm-up (default 1)")
        .option("--outputs", "O", "reused (default): S1..S5 layers write into the arrays they keep, as in training;"
            + " new: a new output and input-gradient array per call (the layer's default)")
        .build();
  }

  static int run(Arguments a, PrintStream out) throws UsageException {
    if (!a.positional.isEmpty()) {
      throw new UsageException("bench takes options only, got " + a.positional, a.usage());
    }
    List<String> workloads;
    int[] threads;
    ConvAlgorithm algorithm;
    double seconds;
    boolean reuseOutputs;
    List<ComputeDtype> dtypes;
    try {
      workloads = workloads(a.flags.getOrDefault("--workload", "all"));
      threads = a.flags.containsKey("--threads")
          ? ConvBench.parseThreads(a.flags.get("--threads"))
          : new int[] {Runtime.getRuntime().availableProcessors()};
      dtypes = ConvBench.parseDtypes(a.flags.getOrDefault("--dtype", "float64"));
      algorithm = algorithm(a.flags.getOrDefault("--algorithm", ConvAlgorithm.DEFAULT.name()));
      seconds = a.flags.containsKey("--seconds") ? ConvBench.parseSeconds(a.flags.get("--seconds")) : 1.0;
      reuseOutputs = ConvBench.parseReuseOutputs(a.flags.getOrDefault("--outputs", "reused"));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage().replaceFirst("^bench: ", ""), a.usage());
    }
    out.println(ConvBench.HEADER);
    int saved = ConvThreads.threads();
    try {
      for (int t : threads) {
        ConvThreads.setThreads(t);
        for (String w : workloads) {
          if (w.equals(FmaPeak.NAME)) {
            out.println(FmaPeak.measure(t, seconds));  // an fp64 loop: the same whatever the dtypes
            out.flush();
            continue;
          }
          for (ComputeDtype dtype : dtypes) {
            out.println(w.equals(JOB) ? measureJob(t, dtype, seconds)
                : ConvBench.measure(ConvWorkload.valueOf(w), t, algorithm, dtype, seconds, reuseOutputs));
            out.flush();
          }
        }
      }
    } finally {
      ConvThreads.setThreads(saved);
    }
    return 0;
  }

  /**
   * "all" (S1..S5, job, peak), or a comma-separated list of S1..S5, job and peak (case-insensitive), as
   * upper-case names, "job" and "peak".
   */
  static List<String> workloads(String spec) {
    List<String> names = new ArrayList<>();
    if (spec.equalsIgnoreCase("all")) {
      for (ConvWorkload w : ConvWorkload.values()) {
        names.add(w.name());
      }
      names.add(JOB);
      names.add(FmaPeak.NAME);
      return names;
    }
    for (String part : spec.split(",", -1)) {
      String name = part.trim();
      if (name.equalsIgnoreCase(JOB)) {
        names.add(JOB);
        continue;
      }
      if (name.equalsIgnoreCase(FmaPeak.NAME)) {
        names.add(FmaPeak.NAME);
        continue;
      }
      try {
        names.add(ConvWorkload.valueOf(name.toUpperCase(Locale.ROOT)).name());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--workload: expected S1, S2, S3, S4, S5, job, peak or all, got '" + name + "'",
            e);
      }
    }
    return names;
  }

  private static ConvAlgorithm algorithm(String value) {
    try {
      return ConvAlgorithm.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--algorithm: expected BLOCKED, IM2COL or REFERENCE, got '" + value + "'", e);
    }
  }

  /**
   * The CSV row of the whole vertical-line training loop at {@code threads} threads, its convolution computing in
   * {@code dtype} (a benchmark-only switch: the experiment itself always trains in float64).
   */
  static String measureJob(int threads, ComputeDtype dtype, double seconds) {
    TeacherStudent experiment = TeacherStudent.verticalLine();
    TrainingJob job = experiment.trainingJob(experiment.defaults());
    BaseConv<?> conv = (BaseConv<?>) job.model().layers().get(0);
    conv.computeDtype(dtype);
    // Trainer.fit is one long method the JIT compiles late (on-stack replacement): a longer warm-up
    // than a convolution call needs, or the first rows of a busy machine time the interpreter.
    ConvBench.medianMillis(job::fit, Math.min(seconds, 2.0));
    double ms = ConvBench.medianMillis(job::fit, seconds);
    int epochs = job.trainer().epochs();
    int[] in = job.inputs().shape();
    int[] out = conv.outputShape(in);
    int[] kernel = conv.kernel().shape();
    double fwdFlopsPerEpoch = 2.0 * in[0] * out[1] * out[2] * conv.filters() * kernel[0] * kernel[1] * in[3];
    double gflops = 3.0 * epochs * fwdFlopsPerEpoch / (ms * 1e6);
    return String.format(Locale.ROOT, "%s,%s,%d,,%.4f,%.2f", JOB, dtype.dtypeName(), threads, ms, gflops);
  }
}
