package org.minicnn.engine;

import java.util.SplittableRandom;

/** Seeded weight initializers with Keras's definitions. The same seed always gives the same weights. */
public final class Initializers {

  private Initializers() {}

  /**
   * Glorot (Xavier) uniform: values drawn uniformly from {@code [-limit, limit)} with
   * {@code limit = sqrt(6 / (fanIn + fanOut))}. For a convolution Keras counts
   * {@code fanIn = receptiveField·inChannels} and {@code fanOut = receptiveField·filters}.
   */
  public static Tensor glorotUniform(long seed, int fanIn, int fanOut, int... shape) {
    double limit = Math.sqrt(6.0 / (fanIn + fanOut));
    return uniform(seed, -limit, limit, shape);
  }

  /** Values drawn uniformly from {@code [low, high)} by a {@link SplittableRandom} seeded with {@code seed}. */
  public static Tensor uniform(long seed, double low, double high, int... shape) {
    Tensor t = Tensor.zeros(shape);
    SplittableRandom random = new SplittableRandom(seed);
    double[] data = t.data();
    for (int i = 0; i < data.length; i++) {
      data[i] = low + (high - low) * random.nextDouble();
    }
    return t;
  }
}
