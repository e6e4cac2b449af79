package org.minicnn.engine.conv;

import java.util.SplittableRandom;
import org.minicnn.engine.layers.Padding;

/**
 * The random convolution geometries the kernel tests share: seeded, every size drawn from 1 to its
 * limit, 1D (one row, CAUSAL padding allowed) one time in three unless {@link #oneD()} or
 * {@link #twoD()} fixes the rank, and only geometries whose output is not empty.
 *
 * <pre>{@code
 * RandomGeometry geometries = new RandomGeometry(new SplittableRandom(6)).maxFilters(20);
 * ConvSpec s = geometries.next();
 * }</pre>
 */
public final class RandomGeometry {

  private final SplittableRandom random;
  private int maxBatch = 4;
  private int maxSize = 12;
  private int maxChannels = 5;
  private int maxKernel = 5;
  private int maxFilters = 9;
  private int maxStride = 3;
  private int maxDilation = 3;
  /** 1 or 2 when the rank is fixed, 0 for one 1D geometry in three. */
  private int rank;

  public RandomGeometry(SplittableRandom random) {
    this.random = random;
  }

  public RandomGeometry maxBatch(int value) {
    maxBatch = value;
    return this;
  }

  /** The largest input rows and columns (length in 1D). */
  public RandomGeometry maxSize(int value) {
    maxSize = value;
    return this;
  }

  public RandomGeometry maxChannels(int value) {
    maxChannels = value;
    return this;
  }

  /** The largest kernel rows and columns. */
  public RandomGeometry maxKernel(int value) {
    maxKernel = value;
    return this;
  }

  public RandomGeometry maxFilters(int value) {
    maxFilters = value;
    return this;
  }

  public RandomGeometry maxStride(int value) {
    maxStride = value;
    return this;
  }

  public RandomGeometry maxDilation(int value) {
    maxDilation = value;
    return this;
  }

  /** Only 1D geometries. */
  public RandomGeometry oneD() {
    rank = 1;
    return this;
  }

  /** Only 2D geometries. */
  public RandomGeometry twoD() {
    rank = 2;
    return this;
  }

  /** The next geometry whose output has at least one element. */
  public ConvSpec next() {
    while (true) {
      boolean oneD = rank == 0 ? random.nextInt(3) == 0 : rank == 1;
      Padding[] paddings = oneD ? Padding.values() : new Padding[] {Padding.VALID, Padding.SAME};
      Padding padding = paddings[random.nextInt(paddings.length)];
      ConvSpec s = Geometry.input(upTo(maxBatch), oneD ? 1 : upTo(maxSize), upTo(maxSize), upTo(maxChannels))
          .kernel(oneD ? 1 : upTo(maxKernel), upTo(maxKernel), upTo(maxFilters))
          .strides(oneD ? 1 : upTo(maxStride), upTo(maxStride))
          .dilation(oneD ? 1 : upTo(maxDilation), upTo(maxDilation))
          .padding(oneD ? Padding.VALID : padding, padding)
          .spec();
      if (s.outRows() > 0 && s.outCols() > 0) {
        return s;
      }
    }
  }

  private int upTo(int max) {
    return 1 + random.nextInt(max);
  }
}
