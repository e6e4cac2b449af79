package org.minicnn.engine.conv.fast;


import org.minicnn.engine.conv.ConvSpec;

/**
 * How a batch is cut into tasks: a function of the shape alone, never of the thread count, so every
 * fast kernel that sums per task and adds the partial sums in task order is bit-identical for any
 * number of threads ({@link ConvThreads}).
 */
final class ConvTasks {
  /** Upper bound on the tasks a batch is cut into. */
  static final int MAX_TASKS = 8;
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
    if (s.forwardMacs() < PARALLEL_MIN_MACS) {
      for (int t = 0; t < tasks; t++) {
        body.run(t, t * batch / tasks, (t + 1) * batch / tasks);
      }
    } else {
      ConvThreads.forEach(tasks, t -> body.run(t, t * batch / tasks, (t + 1) * batch / tasks));
    }
  }
}
