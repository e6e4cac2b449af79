package org.minicnn.engine.conv;

import org.junit.jupiter.api.RepeatedTest;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.layers.Padding;

/** Every algorithm computes the reference's numbers, forward and all three gradients, on random geometry. */
class FastPathEqualsReferenceTest extends EngineTestBase {

  private double[] random(int n) {
    return randomTensor(n).data();
  }

  @RepeatedTest(200)
  void everyAlgorithmMatchesTheReference() {
    boolean oneD = random.nextInt(3) == 0;
    Padding[] paddings = oneD ? Padding.values() : new Padding[] {Padding.VALID, Padding.SAME};
    Padding padding = paddings[random.nextInt(paddings.length)];
    int kr = oneD ? 1 : between(1, 5);
    int kc = between(1, 5);
    int dr = oneD ? 1 : between(1, 3);
    int dc = between(1, 3);
    int rows = oneD ? 1 : (kr - 1) * dr + between(1, 9);
    int cols = (kc - 1) * dc + between(1, 9);
    ConvSpec s = ConvSpec.of(between(1, 4), rows, cols, between(1, 5), kr, kc, between(1, 9),
        oneD ? 1 : between(1, 3), between(1, 3), dr, dc, oneD ? Padding.VALID : padding, padding);
    double[] x = random(s.inputSize());
    double[] w = random(s.kernelSize());
    double[] bias = random.nextBoolean() ? random(s.filters()) : null;
    double[] dy = random(s.outputSize());

    double[] yRef = new double[s.outputSize()];
    ReferenceConvolution.forward(s, x, w, bias, yRef);
    double[] dxRef = new double[s.inputSize()];
    double[] dwRef = new double[s.kernelSize()];
    double[] dbRef = new double[s.filters()];
    ReferenceConvolution.backward(s, x, w, dy, dxRef, dwRef, dbRef);

    for (ConvAlgorithm algorithm : ConvAlgorithm.values()) {
      double[] y = new double[s.outputSize()];
      algorithm.forward(s, x, w, bias, y);
      assertClose(yRef, y, FAST_PATH_TOLERANCE);
      double[] dx = new double[s.inputSize()];
      double[] dw = new double[s.kernelSize()];
      double[] db = new double[s.filters()];
      algorithm.backward(s, x, w, dy, dx, dw, db);
      assertClose(dxRef, dx, FAST_PATH_TOLERANCE);
      assertClose(dwRef, dw, FAST_PATH_TOLERANCE);
      assertClose(dbRef, db, FAST_PATH_TOLERANCE);
    }
  }
}
