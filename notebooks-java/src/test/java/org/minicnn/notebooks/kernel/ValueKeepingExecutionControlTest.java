package org.minicnn.notebooks.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import jdk.jshell.spi.ExecutionControl.StoppedException;
import org.junit.jupiter.api.Test;

/** Runs stand-ins for snippets (static methods here) through the execution control and stops them. */
class ValueKeepingExecutionControlTest {
  private final ValueKeepingExecutionControl control = new ValueKeepingExecutionControl();

  public static Object answer() {
    return 42;
  }

  public static Object fails() {
    throw new IllegalStateException("from the snippet");
  }

  /** How the last sleeping or spinning snippet ended, as it saw it. */
  private static volatile String ended;

  public static Object sleeps() throws InterruptedException {
    try {
      Thread.sleep(600_000);
    } catch (InterruptedException interrupted) {
      ended = "interrupted";
      throw interrupted;
    }
    return null;
  }

  @SuppressWarnings({"deprecation", "removal"})
  public static Object spins() {
    long i = 0;
    try {
      while (i >= 0) {
        i = (i + 1) % 1_000_000;
      }
    } catch (ThreadDeath stopped) {
      ended = "stopped";
      throw stopped;
    }
    return i;
  }

  public static Object accepts() throws IOException {
    try (ServerSocket server = new ServerSocket(0)) {
      server.accept();
    }
    return null;
  }

  private static Method snippet(String name) throws NoSuchMethodException {
    return ValueKeepingExecutionControlTest.class.getMethod(name);
  }

  /** Invokes {@code name} and stops it from another thread after {@code millis}. */
  private void stopAfter(String name, long millis) throws Exception {
    ended = null;
    Thread stopper = new Thread(() -> {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        return;
      }
      control.stop();
    });
    stopper.start();
    assertThrows(StoppedException.class, () -> control.invoke(snippet(name)));
    stopper.join();
  }

  @Test
  void aSnippetsValueIsKeptAsAnObjectAndWhatItThrowsIsPassedOn() throws Exception {
    String key = control.invoke(snippet("answer"));
    assertEquals(42, control.takeValue(key).object());
    assertNull(control.takeValue(key));
    InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
        () -> control.invoke(snippet("fails")));
    assertEquals("from the snippet", thrown.getCause().getMessage());
    assertNull(control.takeInterruption());
  }

  @Test
  void aSleepingSnippetEndsAtTheInterrupt() throws Exception {
    stopAfter("sleeps", 200);
    assertEquals("interrupted", ended);
    ValueKeepingExecutionControl.Interruption interruption = control.takeInterruption();
    assertTrue(interruption.threadName().startsWith("minicnn-cell-"), interruption.toString());
    assertFalse(interruption.leftRunning());
    assertNull(control.takeInterruption());
  }

  @Test
  void aLoopIsStoppedWithThreadStop() throws Exception {
    stopAfter("spins", 200);
    assertEquals("stopped", ended);
    assertFalse(control.takeInterruption().leftRunning());
  }

  @Test
  void aSnippetBlockedInNativeCodeIsLeftRunning() throws Exception {
    stopAfter("accepts", 200);
    assertTrue(control.takeInterruption().leftRunning());
  }

  @Test
  void aStopWhileNoSnippetRunsStopsTheNextOneBeforeItStartsUnlessCleared() throws Exception {
    control.stop();
    assertThrows(StoppedException.class, () -> control.invoke(snippet("answer")));
    assertEquals(new ValueKeepingExecutionControl.Interruption(null, false), control.takeInterruption());
    // The pending stop is used up: the snippet after runs.
    assertEquals(42, control.takeValue(control.invoke(snippet("answer"))).object());

    control.stop();
    control.clearPendingStop();
    assertEquals(42, control.takeValue(control.invoke(snippet("answer"))).object());
    assertNull(control.takeInterruption());
  }
}
