package org.minicnn.engine.conv.fast;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * How many threads the fast convolution may use, and the pool that runs them.
 *
 * <p>The default is the system property {@code minicnn.threads} when set, else the number of
 * available processors. Results never depend on it: work is split into a fixed number of tasks
 * that is a function of the shape only, and partial sums are combined in task order.
 */
public final class ConvThreads {

  private static volatile int threads = initialThreads();
  private static ExecutorService pool;
  private static int poolSize;

  private ConvThreads() {}

  private static int initialThreads() {
    String property = System.getProperty("minicnn.threads");
    if (property == null || property.isBlank()) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      int value = Integer.parseInt(property.trim());
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // reported below with the value that came
    }
    throw new IllegalArgumentException("system property minicnn.threads: expected a positive integer, got '"
        + property + "'");
  }

  /** The number of threads a convolution call may use. */
  public static int threads() {
    return threads;
  }

  /** Sets the number of threads convolution calls may use from now on (the caller's thread counts as one). */
  public static void setThreads(int value) {
    if (value <= 0) {
      throw new IllegalArgumentException("ConvThreads.setThreads: expected a positive thread count, got " + value);
    }
    threads = value;
  }

  /**
   * Runs {@code body.accept(t)} for every task {@code t} in {@code [0, tasks)}, on up to
   * {@link #threads()} threads (the caller is one of them); returns when all are done. Tasks must
   * write disjoint memory.
   */
  static void forEach(int tasks, IntConsumer body) {
    int workers = Math.min(threads, tasks);
    if (workers <= 1) {
      for (int t = 0; t < tasks; t++) {
        body.accept(t);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    Runnable drain = () -> {
      for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
        body.accept(t);
      }
    };
    ExecutorService executor = executor(workers - 1);
    List<Future<?>> helpers = new ArrayList<>(workers - 1);
    for (int i = 0; i < workers - 1; i++) {
      helpers.add(executor.submit(drain));
    }
    RuntimeException failure = null;
    try {
      drain.run();
    } catch (RuntimeException e) {
      failure = e;
    }
    for (Future<?> helper : helpers) {
      try {
        helper.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("convolution interrupted while waiting for its worker threads", e);
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** A pool of at least {@code size} daemon threads, grown when a larger thread count is set. */
  private static synchronized ExecutorService executor(int size) {
    if (pool == null || poolSize < size) {
      if (pool != null) {
        pool.shutdown();
      }
      AtomicInteger count = new AtomicInteger();
      pool = Executors.newFixedThreadPool(size, runnable -> {
        Thread thread = new Thread(runnable, "minicnn-conv-" + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      });
      poolSize = size;
    }
    return pool;
  }
}
