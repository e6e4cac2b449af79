package org.minicnn.engine.conv.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ConvThreads#forEach}: every task runs once, on at most the set number of threads, and failures
 * reach the caller after every task has run.
 */
class ConvThreadsTest {

  private final int saved = ConvThreads.threads();

  @AfterEach
  void restoreThreads() {
    ConvThreads.setThreads(saved);
  }

  @Test
  void everyTaskRunsOnceOnAtMostTheSetThreads() {
    for (int threads : new int[] {1, 2, 3, 5}) {
      ConvThreads.setThreads(threads);
      for (int tasks : new int[] {1, 2, 7, 64}) {
        for (int call = 0; call < 20; call++) {
          AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
          Set<Thread> ran = ConcurrentHashMap.newKeySet();
          ConvThreads.forEach(tasks, t -> {
            runs.incrementAndGet(t);
            ran.add(Thread.currentThread());
          });
          for (int t = 0; t < tasks; t++) {
            assertEquals(1, runs.get(t), "task " + t + " of " + tasks + " on " + threads + " threads");
          }
          assertTrue(ran.size() <= Math.min(threads, tasks), ran.size() + " threads ran, " + threads + " allowed");
        }
      }
    }
  }

  @Test
  void theFirstFailureReachesTheCallerAfterEveryTaskRan() {
    for (int threads : new int[] {1, 2, 4}) {
      ConvThreads.setThreads(threads);
      AtomicIntegerArray runs = new AtomicIntegerArray(16);
      IllegalStateException thrown = new IllegalStateException("task 3 failed");
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> ConvThreads.forEach(16, t -> {
        runs.incrementAndGet(t);
        if (t == 3) {
          throw thrown;
        }
      }));
      assertSame(thrown, e);
      for (int t = 0; t < 16; t++) {
        assertEquals(1, runs.get(t), "task " + t + " on " + threads + " threads");
      }
    }
  }

  @Test
  void errorsComeAsTheyAreAndCheckedExceptionsWrapped() {
    ConvThreads.setThreads(2);
    AssertionError error = new AssertionError("task failed");
    assertSame(error, assertThrows(AssertionError.class, () -> ConvThreads.forEach(4, t -> {
      if (t == 2) {
        throw error;
      }
    })));
    IOException checked = new IOException("disk gone");
    IllegalStateException wrapped = assertThrows(IllegalStateException.class, () -> ConvThreads.forEach(4, t -> {
      if (t == 1) {
        ConvThreadsTest.<RuntimeException>sneakyThrow(checked);
      }
    }));
    assertSame(checked, wrapped.getCause());
  }

  /**
   * After an idle spell long enough for the workers to stop polling and park, a call with as many tasks as
   * threads still gets every worker it may use: each task waits until all of them have started, which only
   * happens if the set number of threads run them at once. The helpers are the pool's daemon threads, numbered
   * from 1.
   */
  @Test
  void parkedWorkersWakeForTheNextCallAndAreDaemons() throws InterruptedException {
    // 12: more than any other test asks for, so that this test also sees the pool grow
    for (int threads : new int[] {2, 3, 12}) {
      ConvThreads.setThreads(threads);
      for (int call = 0; call < 3; call++) {
        Thread.sleep(20 * ConvThreads.SPIN_NANOS / 1_000_000);  // idle: the workers park
        CountDownLatch started = new CountDownLatch(threads);
        AtomicIntegerArray met = new AtomicIntegerArray(threads);
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        ConvThreads.forEach(threads, t -> {
          ran.add(Thread.currentThread());
          started.countDown();
          try {
            met.set(t, started.await(60, TimeUnit.SECONDS) ? 1 : 0);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        for (int t = 0; t < threads; t++) {
          assertEquals(1, met.get(t), "task " + t + " of call " + call + " met the others on " + threads + " threads");
        }
        assertEquals(threads, ran.size(), "threads that ran call " + call);
        assertTrue(ran.contains(Thread.currentThread()), "the caller runs tasks too");
        Set<String> names = new TreeSet<>();
        for (Thread worker : ran) {
          if (worker != Thread.currentThread()) {
            assertTrue(worker.isDaemon(), worker.getName() + " is a daemon");
            names.add(worker.getName());
          }
        }
        if (threads == 12) {
          // every worker of the pool (no other test asks for more) helped
          Set<String> expected = new TreeSet<>();
          for (int i = 1; i < threads; i++) {
            expected.add("minicnn-conv-" + i);
          }
          assertEquals(expected, names);
        }
      }
    }
  }

  /**
   * Idle workers stop polling: once a call is done and the workers have polled for the next one for
   * {@link ConvThreads#SPIN_NANOS}, every worker of the pool parks instead of keeping a core busy. (Waited for up
   * to ten seconds, so that a slow machine is no failure; a worker that never parks stays runnable.)
   */
  @Test
  void idleWorkersParkAfterPollingForAWhile() throws InterruptedException {
    ConvThreads.setThreads(3);
    ConvThreads.forEach(3, t -> { });
    List<Thread> workers = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("minicnn-conv-")) {
        workers.add(thread);
      }
    }
    assertTrue(workers.size() >= 2, "the pool has the two helpers of the call: " + workers);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<Thread> awake = workers;
    while (!awake.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
      awake = workers.stream().filter(w -> w.getState() != Thread.State.WAITING
          && w.getState() != Thread.State.TIMED_WAITING).toList();
    }
    assertEquals(List.of(), awake.stream().map(w -> w.getName() + " " + w.getState()).toList(), "workers not parked");
  }

  /** The workers keep no finished call's tasks, and so none of the arrays they read, alive. */
  @Test
  void aFinishedCallIsNotKeptAlive() throws InterruptedException {
    ConvThreads.setThreads(2);
    WeakReference<double[]> array = runOnLargeArray();
    for (int attempt = 0; attempt < 20 && array.get() != null; attempt++) {
      System.gc();
      Thread.sleep(10);
    }
    assertTrue(array.get() == null, "the array of a finished call is still reachable");
  }

  /** A call whose tasks read a fresh array; a weak reference to it. */
  private static WeakReference<double[]> runOnLargeArray() {
    double[] values = new double[1 << 20];
    double[] sums = new double[8];
    ConvThreads.forEach(8, t -> sums[t] = values[t] + t);
    assertEquals(7.0, sums[7]);
    return new WeakReference<>(values);
  }

  @Test
  void aThreadCountBelowOneIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConvThreads.setThreads(0));
    assertEquals("ConvThreads.setThreads: expected a positive thread count, got 0", e.getMessage());
  }

  /** Throws a checked exception from a lambda that may not declare it, as a misbehaving task could. */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> void sneakyThrow(Throwable e) throws E {
    throw (E) e;
  }
}
