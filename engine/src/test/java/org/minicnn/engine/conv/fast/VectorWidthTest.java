package org.minicnn.engine.conv.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.api.Test;

/**
 * The kernels' vector width: the machine's widest supported one unless {@value VectorApi#WIDTH_PROPERTY}
 * forces 256 or 512. The engine's surefire runs the fast-kernel tests once more at each forced width, and
 * this test fails there if the width did not take.
 */
class VectorWidthTest {

  @Test
  void theKernelsUseTheForcedWidthOrTheMachinesWidest() {
    assertTrue(VectorApi.ENABLED, "the tests run with --add-modules jdk.incubator.vector");
    String forced = System.getProperty(VectorApi.WIDTH_PROPERTY);
    int preferred = DoubleVector.SPECIES_PREFERRED.vectorBitSize();
    int expected = forced != null ? Integer.parseInt(forced) : preferred >= 512 ? 512 : 256;
    assertEquals(expected, VectorApi.bits(), "forced: " + forced + ", machine: " + preferred + " bits");
    assertEquals(expected, VectorWidth.SPECIES.vectorBitSize());
    assertEquals(expected / 64, VectorApi.LANES);
    assertEquals(2 * VectorApi.LANES, Gemm.PANEL);
  }

  @Test
  void theChoiceTakesTheWidestSupportedWidthAndRejectsOthers() {
    assertEquals(256, VectorWidth.chooseBits(null, 128));
    assertEquals(256, VectorWidth.chooseBits(null, 256));
    assertEquals(512, VectorWidth.chooseBits(null, 512));
    assertEquals(512, VectorWidth.chooseBits(null, 1024));
    assertEquals(256, VectorWidth.chooseBits("256", 512));
    assertEquals(512, VectorWidth.chooseBits(" 512 ", 256));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VectorWidth.chooseBits("128", 512));
    assertEquals("system property minicnn.vectorBits: expected 256 or 512 (vector bits), got '128'", e.getMessage());
  }

  /**
   * Whichever of the two classes a program touches first, both end up with the same lanes: a kernel class
   * can load {@code VectorWidth} before anything loads {@code VectorApi}. Class initialisation happens
   * once per JVM, so this runs in a JVM of its own that loads {@code VectorWidth} first.
   */
  @Test
  void loadingTheWidthBeforeTheSwitchGivesBothTheSameLanes() throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
        WidthFirst.class.getName()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe JVM did not finish");
    assertEquals(0, p.exitValue(), out);
    int machineLanes = DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 512 ? 8 : 4;
    assertTrue(out.contains("lanes " + machineLanes + " " + machineLanes), out);
  }

  /** Loads {@code VectorWidth} before {@code VectorApi} and prints both classes' lanes. */
  static final class WidthFirst {
    public static void main(String[] args) {
      int widthLanes = VectorWidth.LANES;
      System.out.println("lanes " + widthLanes + " " + VectorApi.LANES);
    }
  }
}
