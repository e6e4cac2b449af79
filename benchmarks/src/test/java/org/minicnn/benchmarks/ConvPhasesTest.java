package org.minicnn.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.conv.ConvAlgorithm;
import org.minicnn.engine.conv.ConvSpec;
import org.minicnn.engine.conv.fast.VectorApi;

/** The per-phase rows: the geometry is the layer's, and each row has its cells (never its timings). */
class ConvPhasesTest {

  @Test
  void theSpecIsTheGeometryTheLayerComputes() {
    for (ConvWorkload w : ConvWorkload.values()) {
      ConvSpec s = w.spec();
      int[] out = w.layer(ConvAlgorithm.REFERENCE, false).outputShape(w.inputShape());
      assertEquals(Arrays.stream(w.inputShape()).reduce(1, (a, b) -> a * b), s.inputSize(), w.name());
      assertEquals(Arrays.stream(out).reduce(1, (a, b) -> a * b), s.outputSize(), w.name());
      assertEquals(w.forwardFlops(), 2 * s.forwardMacs(), w.name());
    }
  }

  @Test
  void theThirdArgumentIsTheSecondsWithOrWithoutADtype() {
    assertEquals(1.0, ConvPhases.secondsOf(new String[] {"S3", "1"}));
    assertEquals(2.5, ConvPhases.secondsOf(new String[] {"S3", "1", "2.5"}));
    assertEquals(0.5, ConvPhases.secondsOf(new String[] {"S3", "1", "0.5", "float32"}));
  }

  @Test
  void aRowNamesTheWorkloadThreadsWidthAndDtypeThenFourTimesAndThreeRates() {
    for (boolean float32 : new boolean[] {false, true}) {
      String[] cells = ConvPhases.measure(ConvWorkload.S4, 1, 0.01, float32).split(",", -1);
      assertEquals(ConvPhases.HEADER.split(",").length, cells.length);
      assertEquals("S4", cells[0]);
      assertEquals("1", cells[1]);
      assertEquals(String.valueOf(VectorApi.bits()), cells[2]);
      assertEquals(float32 ? "float32" : "float64", cells[3]);
      for (int c = 4; c < cells.length; c++) {
        assertTrue(Double.parseDouble(cells[c]) > 0, String.join(",", cells));
      }
    }
  }
}
