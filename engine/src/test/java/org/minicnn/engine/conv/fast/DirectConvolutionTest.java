package org.minicnn.engine.conv.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.layers.Padding;
import org.minicnn.engine.conv.ReferenceConvolution;
import org.minicnn.engine.conv.ConvSpec;
import org.minicnn.engine.conv.Geometry;

/** The one-channel one-filter direct kernel against the reference, including accumulation and skipped gradients. */
class DirectConvolutionTest extends EngineTestBase {

  private double[] random(int n) {
    return randomTensor(n).data();
  }

  private ConvSpec randomSpec() {
    int kr = between(1, 5);
    int kc = between(1, 5);
    return Geometry.input(between(1, 5), kr - 1 + between(1, 12), kc - 1 + between(1, 12), 1).kernel(kr, kc, 1).spec();
  }

  @RepeatedTest(100)
  void matchesTheReferenceAndAddsIntoTheGradients() {
    ConvSpec s = randomSpec();
    assertTrue(DirectConvolution.applies(s), s.toString());
    double[] x = random(s.inputSize());
    double[] w = random(s.kernelSize());
    double[] bias = random.nextBoolean() ? random(1) : null;
    double[] dy = random(s.outputSize());

    double[] yRef = new double[s.outputSize()];
    ReferenceConvolution.forward(s, x, w, bias, yRef);
    double[] y = random(s.outputSize());  // overwritten, whatever it held
    DirectConvolution.forward(s, x, w, bias, y);
    assertArrayEquals(yRef, y, 0.0);  // same summation order as the reference: exactly equal

    double[] dx0 = random(s.inputSize());
    double[] dw0 = random(s.kernelSize());
    double[] db0 = random(1);
    double[] dxRef = dx0.clone();
    double[] dwRef = dw0.clone();
    double[] dbRef = db0.clone();
    ReferenceConvolution.backward(s, x, w, dy, dxRef, dwRef, dbRef);
    double[] dx = dx0.clone();
    double[] dw = dw0.clone();
    double[] db = db0.clone();
    DirectConvolution.backward(s, x, w, dy, dx, dw, db);
    assertClose(dxRef, dx, FAST_PATH_TOLERANCE);
    assertClose(dwRef, dw, FAST_PATH_TOLERANCE);
    assertClose(dbRef, db, FAST_PATH_TOLERANCE);

    // accumulated from zero, the kernel gradient sums in the reference's order: exactly equal
    double[] dwFromZero = new double[s.kernelSize()];
    DirectConvolution.backward(s, x, w, dy, null, dwFromZero, null);
    double[] dwRefFromZero = new double[s.kernelSize()];
    ReferenceConvolution.backward(s, x, w, dy, null, dwRefFromZero, null);
    assertArrayEquals(dwRefFromZero, dwFromZero, 0.0);

    // skipped gradients stay untouched, the others still match
    double[] dwOnly = dw0.clone();
    DirectConvolution.backward(s, x, w, dy, null, dwOnly, null);
    assertClose(dwRef, dwOnly, FAST_PATH_TOLERANCE);
    double[] dxOnly = dx0.clone();
    DirectConvolution.backward(s, x, w, dy, dxOnly, null, null);
    assertClose(dxRef, dxOnly, FAST_PATH_TOLERANCE);
  }

  @RepeatedTest(20)
  void theVectorLoopsGiveThePlainLoopsBitsForEveryLengthAndOffset() {
    assertTrue(VectorApi.ENABLED, "the tests run with --add-modules jdk.incubator.vector");
    int length = between(0, 40);
    int off = between(0, 9);
    int lead = 2;
    double[] x = random(length + off + 2);
    double[] g = random(length + 2 * lead);
    double w0 = random.nextDouble(-1, 1);
    double w1 = random.nextDouble(-1, 1);
    double w2 = random.nextDouble(-1, 1);
    double[] z = random(length + between(0, 3));
    double[] zPlain = z.clone();
    VectorDirect.forwardThreeTaps(z, x, off, w0, w1, w2, length);
    DirectConvolution.forwardThreeTaps(zPlain, x, off, w0, w1, w2, 0, length);
    assertArrayEquals(zPlain, z, 0.0, "forward, length " + length);
    int end = Math.max(0, length + 2 - off);
    double[] dx = random(off + end + between(0, 3));
    double[] dxPlain = dx.clone();
    VectorDirect.inputGradientThreeTaps(dx, off, g, lead, w0, w1, w2, end);
    DirectConvolution.inputGradientThreeTaps(dxPlain, off, g, lead, w0, w1, w2, 0, end);
    assertArrayEquals(dxPlain, dx, 0.0, "input gradient, end " + end);
  }

  @Test
  void anInfiniteWeightReachesOnlyTheInputsItsTapRead() {
    ConvSpec s = Geometry.input(2, 4, 5, 1).kernel(2, 2, 1).spec();
    double[] x = random(s.inputSize());
    double[] w = {1.0, Double.POSITIVE_INFINITY, 0.5, -2.0};
    double[] dy = random(s.outputSize());
    double[] dxRef = new double[s.inputSize()];
    ReferenceConvolution.backward(s, x, w, dy, dxRef, null, null);
    double[] dx = new double[s.inputSize()];
    DirectConvolution.backward(s, x, w, dy, dx, null, null);
    for (int i = 0; i < dx.length; i++) {
      assertEquals(Double.isNaN(dxRef[i]), Double.isNaN(dx[i]), "element " + i);
      assertEquals(Double.isInfinite(dxRef[i]), Double.isInfinite(dx[i]), "element " + i);
    }
    assertTrue(Double.isFinite(dx[0]), "column 0 is never read by the infinite tap (0, 1)");
  }

  @Test
  void anInfiniteInputReachesOnlyTheTapsThatReadIt() {
    ConvSpec s = Geometry.input(2, 4, 5, 1).kernel(2, 3, 1).spec();
    double[] x = random(s.inputSize());
    x[4] = Double.NEGATIVE_INFINITY;  // image 0, row 0, last column: only tap (0, 2) of output (0, 2) reads it
    double[] dy = random(s.outputSize());
    double[] dwRef = new double[s.kernelSize()];
    ReferenceConvolution.backward(s, x, new double[s.kernelSize()], dy, null, dwRef, null);
    double[] dw = new double[s.kernelSize()];
    DirectConvolution.backward(s, x, new double[s.kernelSize()], dy, null, dw, null);
    for (int i = 0; i < dw.length; i++) {
      assertEquals(Double.isFinite(dwRef[i]), Double.isFinite(dw[i]), "tap " + i);
    }
    assertEquals(1, java.util.Arrays.stream(dw).filter(v -> !Double.isFinite(v)).count());
  }

  @Test
  void takesOnlyUnpaddedUnstridedOneChannelOneFilterConvolutions() {
    assertTrue(DirectConvolution.applies(Geometry.input(32, 8, 8, 1).kernel(3, 3, 1).spec()));
    assertTrue(DirectConvolution.applies(Geometry.input(4, 1, 30, 1).kernel(1, 3, 1).spec()));
    assertFalse(DirectConvolution.applies(Geometry.input(32, 8, 8, 2).kernel(3, 3, 1).spec()));
    assertFalse(DirectConvolution.applies(Geometry.input(32, 8, 8, 1).kernel(3, 3, 2).spec()));
    assertFalse(DirectConvolution.applies(Geometry.input(32, 8, 8, 1).kernel(3, 3, 1).strides(2, 1).spec()));
    assertFalse(DirectConvolution.applies(Geometry.input(32, 8, 8, 1).kernel(3, 3, 1).dilation(1, 2).spec()));
    assertFalse(DirectConvolution.applies(Geometry.input(32, 8, 8, 1).kernel(3, 3, 1).padding(Padding.SAME).spec()));
  }

  /**
   * Non-finite inputs and weights take the row-by-row sums: with several images and rows of at least five
   * outputs (four at a time, then the rest), every value equals the reference's, the infinities and NaNs
   * where the reference has them and the finite values within rounding.
   */
  @Test
  void nonFiniteInputsAndWeightsGiveTheReferenceValuesEverywhere() {
    ConvSpec s = Geometry.input(3, 5, 11, 1).kernel(2, 3, 1).spec();
    double[] x = random(s.inputSize());
    x[2 * 55] = Double.POSITIVE_INFINITY;  // image 2, row 0, column 0: read by tap (0, 0) only
    double[] w = random(s.kernelSize());
    double[] dy = random(s.outputSize());
    double[] dwRef = random(s.kernelSize());
    double[] dw = dwRef.clone();
    ReferenceConvolution.backward(s, x, w, dy, null, dwRef, null);
    DirectConvolution.backward(s, x, w, dy, null, dw, null);
    assertClose(dwRef, dw, FAST_PATH_TOLERANCE);
    assertEquals(5, java.util.Arrays.stream(dw).filter(Double::isFinite).count(), "tap (0, 0) alone is infinite");

    double[] wInf = w.clone();
    wInf[4] = Double.NEGATIVE_INFINITY;  // tap (1, 1)
    double[] dxRef = random(s.inputSize());
    double[] dx = dxRef.clone();
    ReferenceConvolution.backward(s, x, wInf, dy, dxRef, null, null);
    DirectConvolution.backward(s, x, wInf, dy, dx, null, null);
    assertClose(dxRef, dx, FAST_PATH_TOLERANCE);
    assertTrue(Double.isFinite(dx[0]) && !Double.isFinite(dx[2 * 55 + 12]), "row 0 is never read by tap (1, 1)");
  }

  /** The plain-Java three-tap loops (what runs without the Vector API module) give the vector loops' bits. */
  @RepeatedTest(10)
  void withoutTheVectorApiTheSameBits() {
    ConvSpec s = randomSpec();
    double[] x = random(s.inputSize());
    double[] w = random(s.kernelSize());
    double[] bias = random(1);
    double[] dy = random(s.outputSize());
    double[] yRef = new double[s.outputSize()];
    ReferenceConvolution.forward(s, x, w, bias, yRef);
    double[] dxRef = random(s.inputSize());
    double[] dx0 = dxRef.clone();
    ReferenceConvolution.backward(s, x, w, dy, dxRef, null, null);
    double[][] byVector = new double[2][];
    for (boolean vector : new boolean[] {true, false}) {
      double[] y = new double[s.outputSize()];
      DirectConvolution.forward(s, x, w, bias, y, vector);
      assertArrayEquals(yRef, y, 0.0, "forward, vector " + vector + ", " + s);
      double[] dx = dx0.clone();
      DirectConvolution.backward(s, x, w, dy, dx, null, null, vector);
      assertClose(dxRef, dx, FAST_PATH_TOLERANCE);
      byVector[vector ? 0 : 1] = dx;
    }
    assertArrayEquals(byVector[0], byVector[1], 0.0, "the input gradient, vector or not: " + s);
  }
}
