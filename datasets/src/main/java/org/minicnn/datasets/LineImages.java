package org.minicnn.datasets;

import java.util.ArrayList;
import java.util.List;
import org.minicnn.engine.Tensor;

/**
 * Seeded synthetic images of straight lines, layout {@code [n, rows, cols, channels]} (the engine's
 * channels-last layout), e.g.
 *
 * <pre>{@code
 * Tensor images = LineImages.builder().size(8, 8).orientation(Orientation.VERTICAL).thickness(1)
 *     .seed(7).build().generate(100);                           // [100, 8, 8, 1]
 * }</pre>
 *
 * <p>Each image starts at {@code background}; each of its {@code linesPerImage} lines sets the pixels
 * of its band (see {@link Orientation} for which pixels a position covers) to {@code intensity} in
 * every channel (overlapping lines do not add up). Then, independently per value, zero-mean Gaussian
 * noise of standard deviation {@code gaussianNoise} is added, and with probability
 * {@code saltAndPepper} the value is replaced by {@code intensity} or {@code background} (equally likely).
 *
 * <p>Randomness, all from one {@link java.util.SplittableRandom} seeded with {@code seed}, drawn image
 * by image: per line the orientation (when several are allowed) and the position (when random), then
 * the noise. So the same configuration always gives bit-identical images, and {@code generate(k)} is
 * the first {@code k} images of {@code generate(n)} for {@code k ≤ n}. Instances are immutable.
 */
public final class LineImages {

  /**
   * The most lines per image {@link Builder#build} accepts: far more than cover any image, and few
   * enough that {@code generate} cannot spin for hours on a mistyped count.
   */
  public static final int MAX_LINES_PER_IMAGE = 10_000;

  private final Builder config;

  private LineImages(Builder config) {
    this.config = config;
  }

  /** A builder with the defaults: 8×8, 1 channel, one vertical line of thickness 1 at a random position, intensity 1, background 0, no noise, seed 0. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@code n} images.
   *
   * @param n number of images, positive
   * @return a new tensor {@code [n, rows, cols, channels]}
   */
  public Tensor generate(int n) {
    Builder c = config;
    int imageSize = c.rows * c.cols * c.channels;
    Checks.batchSize("LineImages.generate", n, imageSize);
    Tensor images = Tensor.zeros(n, c.rows, c.cols, c.channels);
    double[] data = images.data();
    Rng rng = new Rng(c.seed);
    for (int i = 0; i < n; i++) {
      int offset = i * imageSize;
      java.util.Arrays.fill(data, offset, offset + imageSize, c.background);
      for (int line = 0; line < c.linesPerImage; line++) {
        Orientation o = c.orientations.size() == 1 ? c.orientations.get(0) : c.orientations.get(rng.nextInt(c.orientations.size()));
        int position;
        if (c.position != null) {
          position = c.position;
        } else {
          int[] range = o.randomRange(c.rows, c.cols, c.thickness);
          position = rng.between(range[0], range[1]);
        }
        drawLine(data, offset, o, position);
      }
      ImageNoise.apply(data, offset, imageSize, c.gaussianNoise, c.saltAndPepper, c.intensity, c.background, rng);
    }
    return images;
  }

  private void drawLine(double[] data, int offset, Orientation o, int position) {
    Builder c = config;
    for (int r = 0; r < c.rows; r++) {
      for (int col = 0; col < c.cols; col++) {
        int key = o.key(r, col, c.cols);
        if (key >= position && key < position + c.thickness) {
          int base = offset + (r * c.cols + col) * c.channels;
          for (int ch = 0; ch < c.channels; ch++) {
            data[base + ch] = c.intensity;
          }
        }
      }
    }
  }

  /** The shape of one image, {@code [rows, cols, channels]}. */
  public int[] sampleShape() {
    return new int[] {config.rows, config.cols, config.channels};
  }

  /** Lines drawn per image. */
  public int linesPerImage() {
    return config.linesPerImage;
  }

  /** A builder holding this generator's configuration, to derive variants (this generator is not modified). */
  public Builder toBuilder() {
    return config.copy();
  }

  /** The configuration in one line, e.g. for a run's config file. */
  @Override
  public String toString() {
    Builder c = config;
    return "LineImages{size=" + c.rows + "x" + c.cols + ", channels=" + c.channels + ", orientations=" + c.orientations
        + ", thickness=" + c.thickness + ", position=" + (c.position == null ? "random" : c.position)
        + ", intensity=" + c.intensity + ", background=" + c.background + ", linesPerImage=" + c.linesPerImage
        + ", gaussianNoise=" + c.gaussianNoise + ", saltAndPepper=" + c.saltAndPepper + ", seed=" + c.seed + "}";
  }

  /** Fluent configuration of {@link LineImages}; every setter modifies and returns this builder. */
  public static final class Builder {
    private int rows = 8;
    private int cols = 8;
    private int channels = 1;
    private List<Orientation> orientations = List.of(Orientation.VERTICAL);
    private int thickness = 1;
    private Integer position;
    private double intensity = 1.0;
    private double background = 0.0;
    private int linesPerImage = 1;
    private double gaussianNoise;
    private double saltAndPepper;
    private long seed;

    private Builder() {}

    /** Image size in pixels. */
    public Builder size(int rows, int cols) {
      this.rows = rows;
      this.cols = cols;
      return this;
    }

    /** Number of channels (default 1); lines are drawn in every channel, noise is independent per channel. */
    public Builder channels(int channels) {
      this.channels = channels;
      return this;
    }

    /** Every line has this orientation. */
    public Builder orientation(Orientation orientation) {
      return orientations(orientation);
    }

    /** Each line draws its orientation uniformly from these (duplicates weight the draw). */
    public Builder orientations(Orientation... orientations) {
      if (orientations == null || orientations.length == 0) {
        throw new IllegalArgumentException("LineImages: expected at least one orientation, got none");
      }
      List<Orientation> list = new ArrayList<>();
      for (Orientation o : orientations) {
        if (o == null) {
          throw new IllegalArgumentException("LineImages: expected orientations, got null among them");
        }
        list.add(o);
      }
      this.orientations = List.copyOf(list);
      return this;
    }

    /** Line width in pixels, measured across the line (for diagonals: the number of adjacent diagonals). */
    public Builder thickness(int thickness) {
      this.thickness = thickness;
      return this;
    }

    /** Every line at this offset (see {@link Orientation}); by default positions are random. */
    public Builder position(int position) {
      this.position = position;
      return this;
    }

    /** Each line's position drawn uniformly from {@link Orientation#randomRange} (the default). */
    public Builder randomPosition() {
      this.position = null;
      return this;
    }

    /** The value of line pixels (default 1.0, finite). */
    public Builder intensity(double intensity) {
      this.intensity = intensity;
      return this;
    }

    /** The value of the other pixels (default 0.0, finite). */
    public Builder background(double background) {
      this.background = background;
      return this;
    }

    /** Lines per image (default 1), at most {@link #MAX_LINES_PER_IMAGE}; 0 gives background and noise only. */
    public Builder linesPerImage(int count) {
      this.linesPerImage = count;
      return this;
    }

    /** Standard deviation of the zero-mean Gaussian noise added to every value (default 0). */
    public Builder gaussianNoise(double standardDeviation) {
      this.gaussianNoise = standardDeviation;
      return this;
    }

    /** Probability that a value is replaced by {@code intensity} or {@code background} (default 0). */
    public Builder saltAndPepper(double probability) {
      this.saltAndPepper = probability;
      return this;
    }

    /** The seed of all random draws (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Checks the configuration and freezes a copy of it.
     *
     * @throws IllegalArgumentException naming the first invalid setting and its valid range
     */
    public LineImages build() {
      String where = "LineImages";
      Checks.positive(where, "rows", rows);
      Checks.positive(where, "cols", cols);
      Checks.positive(where, "channels", channels);
      Checks.positive(where, "thickness", thickness);
      Checks.nonNegative(where, "linesPerImage", linesPerImage);
      Checks.atMost(where, "linesPerImage", linesPerImage, MAX_LINES_PER_IMAGE);
      Checks.finite(where, "intensity", intensity);
      Checks.finite(where, "background", background);
      Checks.nonNegativeFinite(where, "gaussianNoise", gaussianNoise);
      Checks.probability(where, "saltAndPepper", saltAndPepper);
      Checks.sampleSize(where, rows, cols, channels);
      Checks.finite(where, "largest value max(|intensity|, |background|) + " + Checks.GAUSSIAN_REACH + "·gaussianNoise",
          Math.max(Math.abs(intensity), Math.abs(background)) + Checks.GAUSSIAN_REACH * gaussianNoise);
      for (Orientation o : orientations) {
        int limit = o == Orientation.HORIZONTAL ? rows : cols;
        if (thickness > limit) {
          throw new IllegalArgumentException(where + ": thickness " + thickness + " does not fit a " + o.label()
              + " line in a " + rows + "x" + cols + " image; expected at most " + limit);
        }
        if (position != null) {
          int min = o.minPosition(rows, cols, thickness);
          int max = o.maxPosition(rows, cols, thickness);
          if (position < min || position > max) {
            throw new IllegalArgumentException(where + ": position " + position + " of a " + o.label()
                + " line of thickness " + thickness + " in a " + rows + "x" + cols + " image must be in [" + min + ", "
                + max + "]");
          }
        } else {
          int[] range = o.randomRange(rows, cols, thickness);
          if (range[0] > range[1]) {
            throw new IllegalArgumentException(where + ": no random position for a " + o.label() + " line of thickness "
                + thickness + " in a " + rows + "x" + cols + " image; use a thinner line, a larger image or a fixed position");
          }
        }
      }
      return new LineImages(copy());
    }

    Builder copy() {
      Builder b = new Builder();
      b.rows = rows;
      b.cols = cols;
      b.channels = channels;
      b.orientations = orientations;
      b.thickness = thickness;
      b.position = position;
      b.intensity = intensity;
      b.background = background;
      b.linesPerImage = linesPerImage;
      b.gaussianNoise = gaussianNoise;
      b.saltAndPepper = saltAndPepper;
      b.seed = seed;
      return b;
    }
  }
}
