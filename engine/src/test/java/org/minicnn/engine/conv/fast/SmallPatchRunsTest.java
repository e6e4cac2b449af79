package org.minicnn.engine.conv.fast;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minicnn.engine.conv.ConvRuns.randomArray;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.conv.ConvAssert;
import org.minicnn.engine.conv.ConvSpec;
import org.minicnn.engine.conv.Geometry;
import org.minicnn.engine.conv.ReferenceConvolution;
import org.minicnn.engine.layers.Padding;

/**
 * The double small-patch kernel's runs of quads ({@link SmallPatchConvolution.Taps#runOn}): with a dilation of four
 * or more, SAME padding cuts the same tap of four neighbouring pixels (a quad) and none of the next four, so a run
 * of quads must stop there. The kernel gradient, which takes a run with the taps of its first pixel, read past the
 * input or summed the wrong taps before; here it equals the reference.
 */
class SmallPatchRunsTest {

  @Test
  void aRunStopsWhereThePaddingCutsTheQuadsDifferently() {
    ConvSpec s = Geometry.input(1, 1, 40, 1).kernel(1, 3, 4).dilation(1, 4).padding(Padding.VALID, Padding.SAME)
        .spec();
    SmallPatchConvolution.Taps taps = new SmallPatchConvolution.Taps(s);
    assertTrue(taps.quad[0] && taps.quad[4], "pixels 0-3 lose their first tap alike, 4-7 keep all three");
    assertFalse(taps.runOn[0], "so a run from pixel 0 stops at pixel 3");
    assertTrue(taps.runOn[4], "pixels 4-11 have all their taps");
  }

  @Test
  void theKernelGradientOfDilatedPaddedGeometriesEqualsTheReference() {
    SplittableRandom random = new SplittableRandom(41);
    for (ConvSpec s : List.of(
        Geometry.input(2, 1, 40, 1).kernel(1, 3, 4).dilation(1, 4).padding(Padding.VALID, Padding.SAME).spec(),
        Geometry.input(2, 1, 53, 2).kernel(1, 3, 9).dilation(1, 5).padding(Padding.VALID, Padding.SAME).spec(),
        Geometry.input(2, 1, 47, 3).kernel(1, 4, 6).dilation(1, 6).padding(Padding.VALID, Padding.CAUSAL).spec(),
        Geometry.input(2, 5, 38, 2).kernel(2, 3, 5).dilation(1, 4).padding(Padding.SAME).spec())) {
      double[] x = randomArray(random, s.inputSize());
      double[] w = randomArray(random, s.kernelSize());
      double[] dy = randomArray(random, s.outputSize());
      double[] expected = new double[s.kernelSize()];
      ReferenceConvolution.backward(s, x, w, dy, null, expected, null);
      for (boolean vector : new boolean[] {true, false}) {
        double[] dw = new double[s.kernelSize()];
        SmallPatchConvolution.backward(s, x, w, dy, null, dw, null, vector);
        ConvAssert.assertClose(expected, dw, EngineTestBase.FAST_PATH_TOLERANCE, (vector ? "vector " : "scalar ") + s);
      }
    }
  }
}
