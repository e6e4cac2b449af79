package org.minicnn.notebooks.kernel;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs JShell snippets in the kernel's own JVM, keeps each snippet's value as an object, and stops a running
 * snippet on {@link #stop()} (JShell's {@code stop()}, which the kernel calls on Jupyter's interrupt).
 *
 * <p>JShell reports a snippet's value only as a string; to render a chart or an image the kernel needs
 * the object itself. {@link #invoke(Method)} stores the value under a fresh key and hands JShell the
 * key as the "value string"; {@link #takeValue(String)} exchanges the key for the object. Classes load
 * through a loader whose parent is the application class loader, so cells share the kernel's classes
 * (the project's jars, the Jupyter statics behind {@code display}).
 *
 * <p>Each snippet runs in a thread of its own while the caller waits for it, so that it can be stopped. A stop
 * escalates: the thread is interrupted (a sleep, a wait, a join or an interruptible channel ends at once); if it is
 * still running after {@link #INTERRUPT_GRACE} (it loops, or swallows the interrupt), it is stopped with
 * {@link Thread#stop()}, which throws {@link ThreadDeath} where it is; if it is still running after
 * {@link #STOP_GRACE}, it is blocked outside Java code (a socket's accept or read, say), where nothing reaches it,
 * and it is left behind as a daemon thread so the kernel can serve the next cell. Either way the snippet ends with
 * JShell's {@link StoppedException}, and {@link #takeInterruption()} says what happened.
 */
final class ValueKeepingExecutionControl extends DirectExecutionControl {
  /** How long an interrupted snippet gets to end before {@link Thread#stop()}. */
  static final Duration INTERRUPT_GRACE = Duration.ofSeconds(1);
  /** How long a snippet gets to end after {@link Thread#stop()} before it is left running. */
  static final Duration STOP_GRACE = Duration.ofSeconds(1);

  private static final AtomicLong NEXT_THREAD = new AtomicLong();

  private final Map<String, Object> values = new HashMap<>();
  private long nextKey;
  private final Object lock = new Object();
  /** The snippet running now, if any; guarded by {@link #lock}. */
  private Invocation running;
  /**
   * A stop that came while no snippet ran (JShell was compiling the next one, say): the cell's next snippet stops
   * before it starts. Cleared by {@link #clearPendingStop()} when a cell begins; guarded by {@link #lock}.
   */
  private boolean stopPending;
  /** How the last stopped snippet ended, until the kernel takes it; guarded by {@link #lock}. */
  private Interruption interruption;

  /**
   * How a stopped snippet ended: the name of its thread (null when it was stopped before it started), and whether
   * that thread is still running because neither the interrupt nor {@link Thread#stop()} reached it.
   */
  record Interruption(String threadName, boolean leftRunning) {}

  @Override
  protected String invoke(Method doitMethod) throws Exception {
    Invocation invocation;
    synchronized (lock) {
      if (stopPending) {
        stopPending = false;
        interruption = new Interruption(null, false);
        throw new StoppedException();
      }
      invocation = new Invocation(doitMethod);
      running = invocation;
    }
    Object value;
    try {
      value = invocation.await();
    } catch (StoppedException stopped) {
      synchronized (lock) {
        interruption = new Interruption(invocation.thread.getName(), invocation.leftRunning());
      }
      throw stopped;
    } finally {
      synchronized (lock) {
        running = null;
      }
    }
    String key = "minicnn-value-" + nextKey++;
    values.put(key, value);
    return key;
  }

  /**
   * Stops the snippet running now, as the class comment describes; when none is running (the cell's next snippet is
   * being compiled), that snippet stops before it starts.
   */
  @Override
  public void stop() {
    synchronized (lock) {
      if (running != null) {
        running.requestStop();
      } else {
        stopPending = true;
      }
    }
  }

  /** Forgets a stop that came after the last snippet of the previous cell: it does not stop the next cell. */
  void clearPendingStop() {
    synchronized (lock) {
      stopPending = false;
    }
  }

  /** How the last stopped snippet ended, or null when none was stopped since the last call. */
  Interruption takeInterruption() {
    synchronized (lock) {
      Interruption taken = interruption;
      interruption = null;
      return taken;
    }
  }

  /** One snippet's run in its own thread. */
  private final class Invocation {
    private final Thread thread;
    private boolean finished;
    private boolean stopRequested;
    private Object value;
    private Throwable thrown;

    Invocation(Method doitMethod) {
      thread = new Thread(() -> run(doitMethod), "minicnn-cell-" + NEXT_THREAD.incrementAndGet());
      thread.setDaemon(true);
      thread.setContextClassLoader(Thread.currentThread().getContextClassLoader());
      thread.start();
    }

    private void run(Method doitMethod) {
      Object result = null;
      Throwable failure = null;
      try {
        result = doitMethod.invoke(null);
      } catch (Throwable any) {
        failure = any;
      } finally {
        synchronized (this) {
          value = result;
          thrown = failure;
          finished = true;
          notifyAll();
        }
      }
    }

    synchronized boolean leftRunning() {
      return !finished;
    }

    synchronized void requestStop() {
      if (!finished && !stopRequested) {
        stopRequested = true;
        thread.interrupt();
        notifyAll();
      }
    }

    /**
     * The snippet's value; throws what it threw (as {@link DirectExecutionControl} expects: an
     * {@link java.lang.reflect.InvocationTargetException} for the user's exceptions), or {@link StoppedException}.
     */
    synchronized Object await() throws Exception {
      try {
        while (!finished && !stopRequested) {
          wait();
        }
      } catch (InterruptedException callerInterrupted) {
        Thread.currentThread().interrupt();
        requestStop();
      }
      if (stopRequested) {
        waitUntilFinished(INTERRUPT_GRACE);
        if (!finished) {
          stopThread();
          waitUntilFinished(STOP_GRACE);
        }
        throw new StoppedException();
      }
      if (thrown instanceof Exception exception) {
        throw exception;
      }
      if (thrown instanceof Error error) {
        throw error;
      }
      return value;
    }

    private void waitUntilFinished(Duration limit) {
      long deadline = System.nanoTime() + limit.toNanos();
      long left;
      while (!finished && (left = deadline - System.nanoTime()) > 0) {
        try {
          wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException callerInterrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    @SuppressWarnings({"deprecation", "removal"})
    private void stopThread() {
      try {
        thread.stop();
      } catch (UnsupportedOperationException noLongerSupported) {
        // Java 20 and later refuse Thread.stop; the thread is then left running.
      }
    }
  }

  /** The object a snippet evaluated to; {@code object} may be null (a Java {@code null} value). */
  record Value(Object object) {}

  /** Removes and returns the value stored under {@code key}, or null when {@code key} is not one of ours. */
  Value takeValue(String key) {
    if (!values.containsKey(key)) {
      return null;
    }
    return new Value(values.remove(key));
  }

  /** Forgets the values of earlier snippets, which were never asked for. */
  void forgetValues() {
    values.clear();
  }

  /** A provider handing JShell one fixed instance, so the kernel can read its values. */
  static ExecutionControlProvider providerOf(ValueKeepingExecutionControl control) {
    return new ExecutionControlProvider() {
      @Override
      public String name() {
        return "minicnn-direct";
      }

      @Override
      public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        return control;
      }
    };
  }
}
