package org.minicnn.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.minicnn.engine.conv.ConvSpec;
import org.minicnn.engine.conv.fast.ConvThreads;
import org.minicnn.engine.conv.fast.FastConvolution;
import org.minicnn.engine.conv.fast.FloatConvolution;
import org.minicnn.engine.conv.fast.VectorApi;

/**
 * Where the time of a {@link ConvWorkload} goes: the fast convolution's forward pass and each gradient
 * of the backward pass alone (input, kernel, bias), median milliseconds as {@link ConvBench} measures
 * them, with the GFLOP/s of each multiply (the bias gradient has none); with {@code float32}, the float32
 * compute option's kernels ({@link FloatConvolution}, conversions included). Prints CSV
 * {@value #HEADER}, one row per workload and thread count:
 *
 * <pre>java --add-modules jdk.incubator.vector -Djdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK=0 \
 *     -cp training/target/training-*-all.jar org.minicnn.benchmarks.ConvPhases S3,S5 1,2 [SECONDS [float32|float64]]</pre>
 */
public final class ConvPhases {

  public static final String HEADER = "workload,threads,bits,dtype,forward_ms,input_grad_ms,kernel_grad_ms,bias_grad_ms,"
      + "forward_gflops,input_grad_gflops,kernel_grad_gflops";

  private ConvPhases() {}

  public static void main(String[] args) {
    if (args.length < 2 || args.length > 4 || args.length == 4 && !DTYPES.contains(args[3])) {
      System.err.println("usage: ConvPhases WORKLOADS THREADS [SECONDS [float32|float64]]   e.g. ConvPhases S3,S5 1,2 1");
      System.exit(2);
    }
    boolean float32 = args.length == 4 && args[3].equals("float32");
    List<ConvWorkload> workloads = ConvWorkload.parse(args[0]);
    int[] threads = ConvBench.parseThreads(args[1]);
    double seconds = secondsOf(args);
    System.out.println(HEADER);
    int saved = ConvThreads.threads();
    try {
      for (int t : threads) {
        ConvThreads.setThreads(t);
        for (ConvWorkload w : workloads) {
          System.out.println(measure(w, t, seconds, float32));
        }
      }
    } finally {
      ConvThreads.setThreads(saved);
    }
  }

  /** The measuring time per number {@link #main} takes: its third argument when given, else 1 second. */
  static double secondsOf(String[] args) {
    return args.length >= 3 ? ConvBench.parseSeconds(args[2]) : 1.0;
  }

  /** The dtypes {@link #main} takes. */
  private static final List<String> DTYPES = List.of("float32", "float64");

  /** The convolution's passes, in float64 ({@link FastConvolution}) or float32 ({@link FloatConvolution}). */
  private interface Passes {
    void forward(ConvSpec s, double[] x, double[] w, double[] bias, double[] y);

    void backward(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx, double[] dw, double[] db);
  }

  /**
   * One CSV row of {@link #HEADER} for {@code workload} at the current thread count, in float32 or float64.
   */
  public static String measure(ConvWorkload workload, int threads, double seconds, boolean float32) {
    Passes k = float32 ? new Passes() {
      @Override
      public void forward(ConvSpec s, double[] x, double[] w, double[] bias, double[] y) {
        FloatConvolution.forward(s, x, w, bias, y);
      }

      @Override
      public void backward(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx, double[] dw, double[] db) {
        FloatConvolution.backward(s, x, w, dy, dx, dw, db);
      }
    } : new Passes() {
      @Override
      public void forward(ConvSpec s, double[] x, double[] w, double[] bias, double[] y) {
        FastConvolution.forward(s, x, w, bias, y);
      }

      @Override
      public void backward(ConvSpec s, double[] x, double[] w, double[] dy, double[] dx, double[] dw, double[] db) {
        FastConvolution.backward(s, x, w, dy, dx, dw, db);
      }
    };
    ConvSpec s = workload.spec();
    double[] x = workload.input().data();
    double[] w = seeded(s.kernelSize(), 3);
    double[] bias = seeded(s.filters(), 4);
    double[] dy = seeded(s.outputSize(), 5);
    double[] y = new double[s.outputSize()];
    double[] dx = new double[s.inputSize()];
    double[] dw = new double[s.kernelSize()];
    double[] db = new double[s.filters()];
    List<Double> ms = new ArrayList<>();
    ms.add(ConvBench.medianMillis(() -> k.forward(s, x, w, bias, y), seconds));
    ms.add(ConvBench.medianMillis(() -> k.backward(s, x, w, dy, dx, null, null), seconds));
    ms.add(ConvBench.medianMillis(() -> k.backward(s, x, w, dy, null, dw, null), seconds));
    ms.add(ConvBench.medianMillis(() -> k.backward(s, x, w, dy, null, null, db), seconds));
    double flops = 2.0 * s.forwardMacs();
    return String.format(Locale.ROOT, "%s,%d,%d,%s,%.4f,%.4f,%.4f,%.4f,%.2f,%.2f,%.2f", workload, threads,
        VectorApi.bits(), float32 ? "float32" : "float64",
        ms.get(0), ms.get(1), ms.get(2), ms.get(3), flops / (ms.get(0) * 1e6), flops / (ms.get(1) * 1e6),
        flops / (ms.get(2) * 1e6));
  }

  /** {@code n} values uniform in [-1, 1) from {@code seed}. */
  private static double[] seeded(int n, long seed) {
    SplittableRandom random = new SplittableRandom(ConvWorkload.SEED + seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = 2 * random.nextDouble() - 1;
    }
    return values;
  }
}
