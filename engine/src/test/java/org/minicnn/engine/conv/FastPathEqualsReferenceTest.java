package org.minicnn.engine.conv;

import org.junit.jupiter.api.RepeatedTest;
import org.minicnn.engine.EngineTestBase;

/** Every algorithm computes the reference's numbers, forward and all three gradients, on random geometry. */
class FastPathEqualsReferenceTest extends EngineTestBase {

  private double[] random(int n) {
    return randomTensor(n).data();
  }

  @RepeatedTest(200)
  void everyAlgorithmMatchesTheReference() {
    ConvSpec s = new RandomGeometry(random).maxSize(16).next();
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
