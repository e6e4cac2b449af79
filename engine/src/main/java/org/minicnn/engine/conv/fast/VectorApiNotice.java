package org.minicnn.engine.conv.fast;

import java.io.PrintStream;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells a library user once per JVM, on standard error, that the Vector API module is missing and the
 * convolutions therefore run in plain Java. Without this, a program that forgets
 * {@code --add-modules jdk.incubator.vector} is silently several times slower.
 *
 * <p>Nothing is printed when the module is loaded, when plain Java was asked for
 * ({@code -Dminicnn.scalar=true}), or when {@code -Dminicnn.vectorNotice=false} silences the notice.
 */
final class VectorApiNotice {

  /** The system property that silences the notice when set to {@code false}. */
  static final String PROPERTY = "minicnn.vectorNotice";

  static final String MESSAGE = "minicnn: the Vector API module is not loaded, so the convolutions run in plain Java,"
      + " about 2.5-6x slower. Start the JVM with --add-modules jdk.incubator.vector (for example"
      + " JDK_JAVA_OPTIONS='--add-modules jdk.incubator.vector'); -D" + PROPERTY + "=false silences this notice.";

  private static final AtomicBoolean PRINTED = new AtomicBoolean();

  private VectorApiNotice() {}

  /** Prints {@link #MESSAGE} to standard error the first time it is called in a JVM without the module. */
  static void printOnceIfMissing(boolean moduleLoaded) {
    printOnceIfMissing(moduleLoaded, System.getProperties(), PRINTED, System.err);
  }

  /**
   * Prints {@link #MESSAGE} to {@code err} unless the module is loaded, {@code properties} ask for plain Java or
   * silence the notice, or {@code printed} says it was printed already (then sets it).
   */
  static void printOnceIfMissing(boolean moduleLoaded, Properties properties, AtomicBoolean printed, PrintStream err) {
    if (moduleLoaded || Boolean.parseBoolean(properties.getProperty("minicnn.scalar"))
        || "false".equals(properties.getProperty(PROPERTY))) {
      return;
    }
    if (printed.compareAndSet(false, true)) {
      err.println(MESSAGE);
    }
  }
}
