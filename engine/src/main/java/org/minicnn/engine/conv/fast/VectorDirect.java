package org.minicnn.engine.conv.fast;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The three-tap loops of {@link DirectConvolution} a vector of outputs at a time (four doubles at
 * 256 bits, eight at 512, {@link VectorApi}):
 * the same multiplications and additions in the same order as the plain loops (no fused
 * multiply-add), so the same bits. Only loaded when the {@code jdk.incubator.vector} module is
 * present (see {@link VectorApi#ENABLED}); callers keep every index inside the arrays, as the launcher
 * switches the Vector API's per-load bounds checks off.
 */
final class VectorDirect {

  private static final VectorSpecies<Double> V = VectorWidth.SPECIES;
  private static final int LANES = VectorWidth.LANES;

  private VectorDirect() {}

  /** {@link DirectConvolution#forwardThreeTaps} for {@code 0 ≤ q < length}; {@code z} modified. */
  static void forwardThreeTaps(double[] z, double[] x, int off, double w0, double w1, double w2, int length) {
    DoubleVector v0 = DoubleVector.broadcast(V, w0);
    DoubleVector v1 = DoubleVector.broadcast(V, w1);
    DoubleVector v2 = DoubleVector.broadcast(V, w2);
    int q = 0;
    for (; q + LANES <= length; q += LANES) {
      DoubleVector.fromArray(V, z, q)
          .add(DoubleVector.fromArray(V, x, q + off).mul(v0))
          .add(DoubleVector.fromArray(V, x, q + off + 1).mul(v1))
          .add(DoubleVector.fromArray(V, x, q + off + 2).mul(v2))
          .intoArray(z, q);
    }
    DirectConvolution.forwardThreeTaps(z, x, off, w0, w1, w2, q, length);
  }

  /** {@link DirectConvolution#inputGradientThreeTaps} for {@code 0 ≤ p < end}; {@code dx} modified. */
  static void inputGradientThreeTaps(double[] dx, int off, double[] g, int lead, double w0, double w1, double w2,
      int end) {
    DoubleVector v0 = DoubleVector.broadcast(V, w0);
    DoubleVector v1 = DoubleVector.broadcast(V, w1);
    DoubleVector v2 = DoubleVector.broadcast(V, w2);
    int p = 0;
    for (; p + LANES <= end; p += LANES) {
      DoubleVector sent = DoubleVector.fromArray(V, g, lead + p).mul(v0)
          .add(DoubleVector.fromArray(V, g, lead + p - 1).mul(v1))
          .add(DoubleVector.fromArray(V, g, lead + p - 2).mul(v2));
      DoubleVector.fromArray(V, dx, off + p).add(sent).intoArray(dx, off + p);
    }
    DirectConvolution.inputGradientThreeTaps(dx, off, g, lead, w0, w1, w2, p, end);
  }
}
