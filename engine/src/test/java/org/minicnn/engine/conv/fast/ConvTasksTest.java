package org.minicnn.engine.conv.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.conv.ConvSpec;
import org.minicnn.engine.conv.Geometry;

/** How the batch is cut into tasks, and how the tasks' partial gradients are added up. */
class ConvTasksTest {

  @Test
  void tasksCoverTheBatchInOrderAndDependOnTheShapeOnly() {
    for (int batch : new int[] {1, 5, 32, 33, 100}) {
      ConvSpec s = Geometry.input(batch, 12, 12, 8).kernel(3, 3, 8).spec();
      int tasks = ConvTasks.tasks(s);
      assertEquals(Math.min(batch, ConvTasks.MAX_TASKS), tasks);
      int[] firsts = new int[tasks];
      int[] ends = new int[tasks];
      ConvTasks.forEachTask(s, (task, first, end) -> {
        firsts[task] = first;
        ends[task] = end;
      });
      assertEquals(0, firsts[0]);
      assertEquals(batch, ends[tasks - 1]);
      for (int t = 1; t < tasks; t++) {
        assertEquals(ends[t - 1], firsts[t], "task " + t + " of batch " + batch);
        assertTrue(ends[t] > firsts[t], "task " + t + " of batch " + batch + " is not empty");
      }
    }
  }

  /**
   * A call of fewer than {@link ConvTasks#PARALLEL_MIN_MACS} multiply-adds runs every task on the caller's thread;
   * from exactly that many on, the workers join: here each of the two tasks waits until the other has started,
   * which only a second thread can make happen.
   */
  @Test
  void smallCallsStayOnTheCallersThreadAndLargeOnesUseTheWorkers() {
    int saved = ConvThreads.threads();
    try {
      ConvThreads.setThreads(4);
      ConvSpec atTheLimit = Geometry.input(2, 1, 512, 1).kernel(1, 1, 1024).spec();
      ConvSpec below = Geometry.input(2, 1, 512, 1).kernel(1, 1, 1023).spec();
      assertEquals(ConvTasks.PARALLEL_MIN_MACS, atTheLimit.forwardMacs());
      Set<Thread> ran = ConcurrentHashMap.newKeySet();
      ConvTasks.forEachTask(below, (task, first, end) -> ran.add(Thread.currentThread()));
      assertEquals(Set.of(Thread.currentThread()), ran, "below the limit");

      CountDownLatch started = new CountDownLatch(2);
      AtomicIntegerArray met = new AtomicIntegerArray(2);
      ConvTasks.forEachTask(atTheLimit, (task, first, end) -> {
        started.countDown();
        try {
          met.set(task, started.await(60, TimeUnit.SECONDS) ? 1 : 0);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertEquals("[1, 1]", met.toString(), "both tasks ran at once at the limit");
    } finally {
      ConvThreads.setThreads(saved);
    }
  }

  /**
   * The partial sums reach {@code dw} and {@code db} as a plain loop over the tasks adds them, bit for bit, at
   * any thread count: with more elements than one run of {@link ConvTasks#SUM_RUN}, a kernel gradient that ends
   * inside a run, either gradient left out, and the kernel gradients laid out filter by filter.
   */
  @Test
  void partialsAreAddedInTaskOrderWhateverTheThreads() {
    ConvSpec s = Geometry.input(5, 12, 12, 64).kernel(3, 3, 17).spec();
    int kf = s.kernelSize();
    int f = s.filters();
    int stride = kf + f;
    assertTrue(stride > 2 * ConvTasks.SUM_RUN && kf % ConvTasks.SUM_RUN != 0, "several runs: " + stride);
    assertTrue(s.forwardMacs() >= ConvTasks.PARALLEL_MIN_MACS, "large enough to use the workers");
    int tasks = ConvTasks.tasks(s);
    SplittableRandom random = new SplittableRandom(3);
    double[] partials = random.doubles(tasks * stride, -1, 1).toArray();
    double[] dw0 = random.doubles(kf, -1, 1).toArray();
    double[] db0 = random.doubles(f, -1, 1).toArray();
    double[] expectedDw = dw0.clone();
    double[] expectedDb = db0.clone();
    for (int t = 0; t < tasks; t++) {
      for (int e = 0; e < kf; e++) {
        expectedDw[e] += partials[t * stride + e];
      }
      for (int o = 0; o < f; o++) {
        expectedDb[o] += partials[t * stride + kf + o];
      }
    }
    int k = s.patchSize();
    double[] expectedByFilter = dw0.clone();
    for (int t = 0; t < tasks; t++) {
      for (int p = 0; p < k; p++) {
        for (int o = 0; o < f; o++) {
          expectedByFilter[p * f + o] += partials[t * stride + o * k + p];
        }
      }
    }
    int saved = ConvThreads.threads();
    try {
      for (int threads : new int[] {1, 2, 3}) {
        ConvThreads.setThreads(threads);
        double[] dw = dw0.clone();
        double[] db = db0.clone();
        ConvTasks.addPartials(s, partials, dw, db);
        assertArrayEquals(expectedDw, dw, "dw on " + threads + " threads");
        assertArrayEquals(expectedDb, db, "db on " + threads + " threads");
        dw = dw0.clone();
        ConvTasks.addPartials(s, partials, dw, null);
        assertArrayEquals(expectedDw, dw, "dw alone on " + threads + " threads");
        db = db0.clone();
        ConvTasks.addPartials(s, partials, null, db);
        assertArrayEquals(expectedDb, db, "db alone on " + threads + " threads");
        // the kernel gradients laid out filter by filter: dw[p·f + o] at partials[t·stride + o·k + p]
        dw = dw0.clone();
        db = db0.clone();
        ConvTasks.addPartials(s, partials, dw, db, true);
        assertArrayEquals(expectedByFilter, dw, "dw by filter on " + threads + " threads");
        assertArrayEquals(expectedDb, db, "db with dw by filter on " + threads + " threads");
      }
    } finally {
      ConvThreads.setThreads(saved);
    }
  }
}
