package org.minicnn.datasets;

import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;

/**
 * Seeded random-noise samples of any shape, layout {@code [n, sampleShape…]}: images with
 * {@code sampleShape(rows, cols, channels)}, signals with {@code sampleShape(length, channels)}.
 * Noise inputs excite every kernel weight, so a teacher–student run on them identifies the whole kernel.
 *
 * <pre>{@code
 * Tensor x = Noise.builder().sampleShape(8, 8, 1).gaussian(1.0).seed(3).build().generate(64);  // [64, 8, 8, 1]
 * }</pre>
 *
 * <p>Values are drawn in row-major order from one {@link java.util.SplittableRandom} seeded with
 * {@code seed}: uniform in {@code [low, high)}, or zero-mean Gaussian with the given standard deviation.
 * Same configuration → bit-identical values; {@code generate(k)} is a prefix of {@code generate(n)}.
 */
public final class Noise {

  /** The distribution of the values. */
  public enum Kind {
    UNIFORM,
    GAUSSIAN
  }

  private final int[] sampleShape;
  private final Kind kind;
  private final double low;
  private final double high;
  private final double standardDeviation;
  private final long seed;

  private Noise(Builder b) {
    this.sampleShape = b.sampleShape.clone();
    this.kind = b.kind;
    this.low = b.low;
    this.high = b.high;
    this.standardDeviation = b.standardDeviation;
    this.seed = b.seed;
  }

  /** Defaults: sample shape {@code [8, 8, 1]}, uniform in {@code [0, 1)}, seed 0. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code n} samples, a new tensor {@code [n, sampleShape…]}. */
  public Tensor generate(int n) {
    long sampleSize = Shapes.product(sampleShape);
    Checks.batchSize("Noise.generate", n, sampleSize);
    Tensor out = Tensor.zeros(Shapes.concat(new int[] {n}, sampleShape));
    double[] data = out.data();
    Rng rng = new Rng(seed);
    for (int i = 0; i < data.length; i++) {
      data[i] = kind == Kind.UNIFORM ? rng.uniform(low, high) : standardDeviation * rng.gaussian();
    }
    return out;
  }

  /** The shape of one sample. */
  public int[] sampleShape() {
    return sampleShape.clone();
  }

  @Override
  public String toString() {
    String dist = kind == Kind.UNIFORM ? "uniform[" + low + ", " + high + ")" : "gaussian(0, " + standardDeviation + ")";
    return "Noise{sampleShape=" + Shapes.format(sampleShape) + ", " + dist + ", seed=" + seed + "}";
  }

  /** Fluent configuration of {@link Noise}; setters modify and return this builder. */
  public static final class Builder {
    private int[] sampleShape = {8, 8, 1};
    private Kind kind = Kind.UNIFORM;
    private double low;
    private double high = 1.0;
    private double standardDeviation = 1.0;
    private long seed;

    private Builder() {}

    /** The shape of one sample, e.g. {@code (rows, cols, channels)} or {@code (length, channels)}. */
    public Builder sampleShape(int... shape) {
      if (shape == null || shape.length == 0) {
        throw new IllegalArgumentException("Noise: expected a sample shape with at least one dimension, got none");
      }
      this.sampleShape = shape.clone();
      return this;
    }

    /** Values uniform in {@code [low, high)}, {@code low < high}. */
    public Builder uniform(double low, double high) {
      this.kind = Kind.UNIFORM;
      this.low = low;
      this.high = high;
      return this;
    }

    /** Values {@code N(0, standardDeviation²)}. */
    public Builder gaussian(double standardDeviation) {
      this.kind = Kind.GAUSSIAN;
      this.standardDeviation = standardDeviation;
      return this;
    }

    /** The seed of all draws (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Checks the configuration and freezes a copy. */
    public Noise build() {
      Shapes.requirePositive("Noise", sampleShape);
      Checks.sampleSize("Noise", sampleShape);
      if (kind == Kind.UNIFORM) {
        Checks.finite("Noise", "low", low);
        Checks.finite("Noise", "high", high);
        if (!(low < high) || !Double.isFinite(high - low)) {
          throw new IllegalArgumentException("Noise: uniform range needs low < high with a finite width, got [" + low + ", " + high + ")");
        }
      } else {
        Checks.nonNegativeFinite("Noise", "standard deviation", standardDeviation);
        Checks.finite("Noise", "largest value " + Checks.GAUSSIAN_REACH + "·standard deviation",
            Checks.GAUSSIAN_REACH * standardDeviation);
      }
      return new Noise(this);
    }
  }
}
