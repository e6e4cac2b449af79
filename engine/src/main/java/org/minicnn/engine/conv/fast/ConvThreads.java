package org.minicnn.engine.conv.fast;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * How many threads the fast convolution may use, and the pool that runs them.
 *
 * <p>The default is the system property {@code minicnn.threads} when set, else the number of
 * available processors. Results never depend on it: work is split into a fixed number of tasks
 * that is a function of the shape only, and partial sums are combined in task order.
 *
 * <p>The workers are daemon threads that poll for the next call for {@value #SPIN_NANOS} ns after each one
 * before they park, as OpenMP's do: a convolution is often only a few milliseconds of work per thread, and
 * waking a parked thread can take that long on a busy machine, so a parked helper would join late or not at
 * all.
 */
public final class ConvThreads {

  private static volatile int threads = initialThreads();

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
   * How long an idle worker keeps polling for the next call before it parks, and how long a caller polls for
   * its helpers before it parks. Waking a parked thread takes the operating system from tens of
   * microseconds to milliseconds when the machine is busy, which is the whole of a small convolution; the
   * calls of a training step follow each other within this time, so the workers stay awake through a step.
   */
  static final long SPIN_NANOS = 1_000_000L;

  /** The workers, grown when a larger thread count is set; never shrunk (they park when idle). */
  private static Thread[] workers = new Thread[0];
  /** Numbers the calls, so that a worker knows which it has served without keeping it. */
  private static final AtomicLong CALLS = new AtomicLong();
  /** A call with no tasks: what the workers see between calls, so they keep no call's arrays alive. */
  private static final Job IDLE = new Job(0, t -> { }, 0);
  /** The call the workers serve: set by each call, back to {@link #IDLE} when it is done. */
  private static final AtomicReference<Job> CURRENT = new AtomicReference<>(IDLE);

  /** One call of {@link #forEach}: its tasks, handed out in order, and who has finished. */
  private static final class Job {
    final long number = CALLS.incrementAndGet();
    final int tasks;
    final IntConsumer body;
    final Thread caller;
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger finished = new AtomicInteger();
    /** Helpers that may still join; each worker takes one seat, so at most {@code threads} run the tasks. */
    final AtomicInteger seats;
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    Job(int tasks, IntConsumer body, int helpers) {
      this.tasks = tasks;
      this.body = body;
      this.caller = Thread.currentThread();
      this.seats = new AtomicInteger(helpers);
    }

    /** Runs tasks until none is left; records the first failure and goes on, so every task finishes. */
    void drain() {
      for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
        try {
          body.accept(t);
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
        if (finished.incrementAndGet() == tasks) {
          LockSupport.unpark(caller);
        }
      }
    }
  }

  /**
   * Runs {@code body.accept(t)} for every task {@code t} in {@code [0, tasks)}, on up to {@link #threads()}
   * threads (the caller is one of them); returns when all are done. Tasks must write disjoint memory. Tasks are
   * handed out in order to whichever thread is free. If tasks throw, every task still runs and the first
   * failure is rethrown (an unchecked one as it is, a checked one wrapped).
   */
  static void forEach(int tasks, IntConsumer body) {
    int helpers = Math.min(threads, tasks) - 1;
    Job job = new Job(tasks, body, helpers);
    if (helpers > 0) {
      Thread[] pool = workers(helpers);
      CURRENT.set(job);
      for (Thread worker : pool) {
        LockSupport.unpark(worker);
      }
    }
    job.drain();
    await(() -> job.finished.get() == tasks);
    CURRENT.compareAndSet(job, IDLE);
    Throwable failure = job.failure.get();
    if (failure instanceof Error e) {
      throw e;
    }
    if (failure != null) {
      throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
    }
  }

  /**
   * Returns once {@code done} holds: polls it for {@link #SPIN_NANOS}, then parks between polls (whoever makes it
   * hold unparks the waiting thread).
   */
  private static void await(BooleanSupplier done) {
    long start = System.nanoTime();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - start < SPIN_NANOS) {
        Thread.onSpinWait();
      } else {
        LockSupport.park();
      }
    }
  }

  /** At least {@code size} started workers. */
  private static synchronized Thread[] workers(int size) {
    if (workers.length < size) {
      Thread[] grown = Arrays.copyOf(workers, size);
      for (int i = workers.length; i < size; i++) {
        grown[i] = new Thread(ConvThreads::serve, "minicnn-conv-" + (i + 1));
        grown[i].setDaemon(true);
        grown[i].start();
      }
      workers = grown;
    }
    return workers;
  }

  /** A worker's life: wait for a call it has not served, take a seat if one is left, run tasks; forever. */
  private static void serve() {
    long served = IDLE.number;
    while (true) {
      long last = served;
      await(() -> CURRENT.get().number != last);
      Job job = CURRENT.get();
      served = job.number;
      if (job.seats.getAndDecrement() > 0) {
        job.drain();
      }
    }
  }
}
