package org.minicnn.datasets;

import org.minicnn.engine.Tensor;

/**
 * Seeded 1D signals with bumps, layout {@code [n, length, channels]} (the engine's Conv1D layout), e.g.
 *
 * <pre>{@code
 * Tensor x = BumpSignals.builder().length(16).width(2).seed(5).build().generate(50);   // [50, 16, 1]
 * }</pre>
 *
 * <p>Each signal starts at {@code baseline}; each of its {@code bumpsPerSignal} bumps starts at index
 * {@code p} (fixed, or uniform in {@code [0, length − width]}) and adds, for {@code i = 0 … width−1},
 * {@code height · s(i)} to index {@code p + i} in every channel, with {@code s(i) = 1} for a
 * {@link Shape#BOX} and {@code s(i) = 1 − |2i − (width − 1)| / (width + 1)} for a {@link Shape#TRIANGLE}
 * (peak 1 in the middle; width 3 gives 0.5, 1, 0.5). Overlapping bumps add up. Then zero-mean Gaussian
 * noise of standard deviation {@code gaussianNoise} is added to every value.
 *
 * <p>All draws come from one {@link java.util.SplittableRandom} seeded with {@code seed}, signal by
 * signal (bump positions, then noise): same configuration → bit-identical signals, and
 * {@code generate(k)} is a prefix of {@code generate(n)}.
 */
public final class BumpSignals {

  /** The most bumps per signal {@link Builder#build} accepts (so that a mistyped count cannot spin for hours). */
  public static final int MAX_BUMPS_PER_SIGNAL = 10_000;

  /** The profile of a bump. */
  public enum Shape {
    BOX,
    TRIANGLE
  }

  private final Builder config;

  private BumpSignals(Builder config) {
    this.config = config;
  }

  /** Defaults: length 16, 1 channel, one box bump of width 2 and height 1 at a random position, baseline 0, no noise, seed 0. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code n} signals, a new tensor {@code [n, length, channels]}. */
  public Tensor generate(int n) {
    Builder c = config;
    int signalSize = c.length * c.channels;
    Checks.batchSize("BumpSignals.generate", n, signalSize);
    Tensor out = Tensor.full(c.baseline, n, c.length, c.channels);
    double[] data = out.data();
    Rng rng = new Rng(c.seed);
    for (int s = 0; s < n; s++) {
      int offset = s * signalSize;
      for (int b = 0; b < c.bumpsPerSignal; b++) {
        int start = c.position != null ? c.position : rng.between(0, c.length - c.width);
        for (int i = 0; i < c.width; i++) {
          double value = c.height * profile(i);
          for (int ch = 0; ch < c.channels; ch++) {
            data[offset + (start + i) * c.channels + ch] += value;
          }
        }
      }
      ImageNoise.apply(data, offset, signalSize, c.gaussianNoise, 0, 0, 0, rng);
    }
    return out;
  }

  private double profile(int i) {
    int w = config.width;
    return config.shape == Shape.BOX ? 1.0 : 1.0 - Math.abs(2.0 * i - (w - 1)) / (w + 1);
  }

  /** The shape of one signal, {@code [length, channels]}. */
  public int[] sampleShape() {
    return new int[] {config.length, config.channels};
  }

  @Override
  public String toString() {
    Builder c = config;
    return "BumpSignals{length=" + c.length + ", channels=" + c.channels + ", width=" + c.width + ", height=" + c.height
        + ", shape=" + c.shape + ", position=" + (c.position == null ? "random" : c.position) + ", bumpsPerSignal="
        + c.bumpsPerSignal + ", baseline=" + c.baseline + ", gaussianNoise=" + c.gaussianNoise + ", seed=" + c.seed + "}";
  }

  /** Fluent configuration of {@link BumpSignals}; setters modify and return this builder. */
  public static final class Builder {
    private int length = 16;
    private int channels = 1;
    private int width = 2;
    private double height = 1.0;
    private Shape shape = Shape.BOX;
    private Integer position;
    private int bumpsPerSignal = 1;
    private double baseline;
    private double gaussianNoise;
    private long seed;

    private Builder() {}

    /** Samples per signal. */
    public Builder length(int length) {
      this.length = length;
      return this;
    }

    /** Channels (default 1); bumps appear in every channel, noise is independent per channel. */
    public Builder channels(int channels) {
      this.channels = channels;
      return this;
    }

    /** Bump width in samples. */
    public Builder width(int width) {
      this.width = width;
      return this;
    }

    /** Peak height added by a bump (default 1, may be negative). */
    public Builder height(double height) {
      this.height = height;
      return this;
    }

    /** BOX (default) or TRIANGLE. */
    public Builder shape(Shape shape) {
      if (shape == null) {
        throw new IllegalArgumentException("BumpSignals: expected a shape (BOX or TRIANGLE), got null");
      }
      this.shape = shape;
      return this;
    }

    /** Every bump starts at this index; by default the start is random. */
    public Builder position(int position) {
      this.position = position;
      return this;
    }

    /** Each bump's start uniform in {@code [0, length − width]} (the default). */
    public Builder randomPosition() {
      this.position = null;
      return this;
    }

    /** Bumps per signal (default 1, may be 0, at most {@link #MAX_BUMPS_PER_SIGNAL}). */
    public Builder bumpsPerSignal(int count) {
      this.bumpsPerSignal = count;
      return this;
    }

    /** The value without bumps (default 0). */
    public Builder baseline(double baseline) {
      this.baseline = baseline;
      return this;
    }

    /** Standard deviation of the zero-mean Gaussian noise added to every value (default 0). */
    public Builder gaussianNoise(double standardDeviation) {
      this.gaussianNoise = standardDeviation;
      return this;
    }

    /** The seed of all draws (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Checks the configuration and freezes a copy. */
    public BumpSignals build() {
      String where = "BumpSignals";
      Checks.positive(where, "length", length);
      Checks.positive(where, "channels", channels);
      Checks.positive(where, "width", width);
      Checks.nonNegative(where, "bumpsPerSignal", bumpsPerSignal);
      Checks.atMost(where, "bumpsPerSignal", bumpsPerSignal, MAX_BUMPS_PER_SIGNAL);
      Checks.finite(where, "height", height);
      Checks.finite(where, "baseline", baseline);
      Checks.nonNegativeFinite(where, "gaussianNoise", gaussianNoise);
      Checks.sampleSize(where, length, channels);
      Checks.finite(where, "largest value |baseline| + bumpsPerSignal·|height| + " + Checks.GAUSSIAN_REACH
          + "·gaussianNoise", Math.abs(baseline) + bumpsPerSignal * Math.abs(height) + Checks.GAUSSIAN_REACH * gaussianNoise);
      if (width > length) {
        throw new IllegalArgumentException(where + ": width " + width + " does not fit a signal of length " + length);
      }
      if (position != null && (position < 0 || position > length - width)) {
        throw new IllegalArgumentException(where + ": position " + position + " of a bump of width " + width
            + " in a signal of length " + length + " must be in [0, " + (length - width) + "]");
      }
      Builder b = new Builder();
      b.length = length;
      b.channels = channels;
      b.width = width;
      b.height = height;
      b.shape = shape;
      b.position = position;
      b.bumpsPerSignal = bumpsPerSignal;
      b.baseline = baseline;
      b.gaussianNoise = gaussianNoise;
      b.seed = seed;
      return new BumpSignals(b);
    }
  }
}
