package org.minicnn.engine.conv.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.Conv2D;

/**
 * A library user who starts the JVM without {@code --add-modules jdk.incubator.vector} is told once, on
 * standard error, naming the flag and the slowdown; never twice, never with the module, and not when
 * silenced. Each case is a fresh JVM (the notice is once per JVM) running {@link Probe}.
 */
class VectorApiNoticeTest {

  /** Trains nothing: two models convolve twice each, which is where the engine decides on the Vector API. */
  public static final class Probe {
    public static void main(String[] args) {
      for (int i = 0; i < 2; i++) {
        Sequential model = new Sequential().add(new Conv2D(8, 3, 3).seed(i));
        Tensor x = Tensor.full(0.5, 2, 9, 9, 3);
        model.forward(x);
        model.forward(x);
      }
      System.out.println("probe done");
    }
  }

  private record Run(String out, String err) {}

  private static Run probe(String... jvmOptions) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().remove("JDK_JAVA_OPTIONS");
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe JVM did not finish");
    Run run = new Run(new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    assertEquals(0, p.exitValue(), "the probe failed: " + run.err);
    assertTrue(run.out.contains("probe done"), run.out);
    return run;
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void withoutTheModuleTheNoticeComesOnceNamingTheFlagAndTheSlowdown() throws Exception {
    Run run = probe();
    assertEquals(1, count(run.err, "minicnn: the Vector API module is not loaded"), run.err);
    assertTrue(run.err.contains("--add-modules jdk.incubator.vector"), run.err);
    assertTrue(run.err.contains("2.5-6x slower"), run.err);
    assertTrue(run.err.contains("-Dminicnn.vectorNotice=false"), run.err);
    assertEquals(VectorApiNotice.MESSAGE + System.lineSeparator(), run.err);
  }

  @Test
  void theSystemPropertySilencesIt() throws Exception {
    assertEquals("", probe("-Dminicnn.vectorNotice=false").err);
  }

  @Test
  void withTheModuleThereIsNoNotice() throws Exception {
    Run run = probe("--add-modules", "jdk.incubator.vector");
    assertFalse(run.err.contains("Vector API module is not loaded"), run.err);
  }

  @Test
  void choosingPlainJavaOnPurposeIsNotWarnedAbout() throws Exception {
    assertEquals("", probe("-Dminicnn.scalar=true").err);
  }

  /**
   * The same decisions in this JVM (where the tests can see them): printed once when the module is missing,
   * never with the module, with {@code minicnn.scalar=true} or with the notice silenced.
   */
  @Test
  void theDecisionInProcess() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    AtomicBoolean printed = new AtomicBoolean();
    Properties none = new Properties();
    VectorApiNotice.printOnceIfMissing(true, none, printed, err);
    Properties scalar = new Properties();
    scalar.setProperty("minicnn.scalar", "true");
    VectorApiNotice.printOnceIfMissing(false, scalar, printed, err);
    Properties silenced = new Properties();
    silenced.setProperty(VectorApiNotice.PROPERTY, "false");
    VectorApiNotice.printOnceIfMissing(false, silenced, printed, err);
    assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    assertFalse(printed.get());
    VectorApiNotice.printOnceIfMissing(false, none, printed, err);
    VectorApiNotice.printOnceIfMissing(false, none, printed, err);
    assertEquals(VectorApiNotice.MESSAGE + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
    assertTrue(printed.get());
  }
}
