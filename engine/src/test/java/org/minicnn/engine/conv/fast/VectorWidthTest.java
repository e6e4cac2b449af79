package org.minicnn.engine.conv.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    assertEquals(256, VectorApi.chooseBits(null, 128));
    assertEquals(256, VectorApi.chooseBits(null, 256));
    assertEquals(512, VectorApi.chooseBits(null, 512));
    assertEquals(512, VectorApi.chooseBits(null, 1024));
    assertEquals(256, VectorApi.chooseBits("256", 512));
    assertEquals(512, VectorApi.chooseBits(" 512 ", 256));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VectorApi.chooseBits("128", 512));
    assertEquals("system property minicnn.vectorBits: expected 256 or 512 (vector bits), got '128'", e.getMessage());
  }
}
