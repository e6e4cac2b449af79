package org.minicnn.engine.conv.fast;

import java.util.function.IntConsumer;
import org.minicnn.engine.conv.ConvSpec;

/**
 * How a batch is cut into tasks: a function of the shape alone, never of the thread count, so every
 * fast kernel that sums per task and adds the partial sums in task order is bit-identical for any
 * number of threads ({@link ConvThreads}).
 */
final class ConvTasks {
  /** Upper bound on the tasks a batch is cut into. */
  static final int MAX_TASKS = 32;
  /** Elements per run of {@link #addPartials}. */
  static final int SUM_RUN = 4096;
  /** Below this many multiply-adds a call stays on the caller's thread: waking workers costs more. */
  static final long PARALLEL_MIN_MACS = 1L << 20;

  private ConvTasks() {}

  /** The number of tasks the batch is cut into: depends on the shape only, never on the threads. */
  static int tasks(ConvSpec s) {
    return Math.min(s.batch(), MAX_TASKS);
  }

  /** Task number {@code task} covers the images {@code [first, end)}. */
  interface ImageRange {
    void run(int task, int first, int end);
  }

  /** Task {@code t} covers images {@code [t·batch/tasks, (t+1)·batch/tasks)}. */
  static void forEachTask(ConvSpec s, ImageRange body) {
    int tasks = tasks(s);
    int batch = s.batch();
    run(s, tasks, t -> body.run(t, t * batch / tasks, (t + 1) * batch / tasks));
  }

  /**
   * Adds the tasks' partial sums into {@code dw} and {@code db} in task order: task {@code t}'s kernel
   * gradient at {@code partials[t·stride …]} ({@code kernelSize} values) and its bias gradient right after
   * ({@code filters} values), {@code stride = kernelSize + filters}. Each element is summed over the tasks in
   * order whatever thread sums it, so the result does not depend on the threads; the elements are cut into
   * runs of {@value #SUM_RUN} summed in parallel, because with many tasks a serial sum would be what the
   * second thread waits for.
   *
   * @param dw modified (or null: not wanted)
   * @param db modified (or null: not wanted)
   */
  static void addPartials(ConvSpec s, double[] partials, double[] dw, double[] db) {
    addPartials(s, partials, dw, db, false);
  }

  /**
   * {@link #addPartials}; with {@code kernelByFilter}, each task's kernel gradient is laid out filter by filter:
   * {@code dw[p·filters + o]} at {@code partials[t·stride + o·patchSize + p]}. The same sums, read in that order.
   */
  static void addPartials(ConvSpec s, double[] partials, double[] dw, double[] db, boolean kernelByFilter) {
    int kf = s.kernelSize();
    int f = s.filters();
    int k = s.patchSize();
    int stride = kf + f;
    int tasks = tasks(s);
    run(s, (stride + SUM_RUN - 1) / SUM_RUN, run -> {
      for (int e = run * SUM_RUN; e < Math.min(stride, (run + 1) * SUM_RUN); e++) {
        double[] out = e < kf ? dw : db;
        if (out != null) {
          int at = e >= kf ? e - kf : kernelByFilter ? e % k * f + e / k : e;
          double sum = out[at];
          for (int t = 0; t < tasks; t++) {
            sum += partials[t * stride + e];
          }
          out[at] = sum;
        }
      }
    });
  }

  /** {@code body} for {@code 0 … count−1}: on the workers, or on the caller's thread when the call is small. */
  private static void run(ConvSpec s, int count, IntConsumer body) {
    if (s.forwardMacs() < PARALLEL_MIN_MACS) {
      for (int i = 0; i < count; i++) {
        body.accept(i);
      }
    } else {
      ConvThreads.forEach(count, body);
    }
  }
}
