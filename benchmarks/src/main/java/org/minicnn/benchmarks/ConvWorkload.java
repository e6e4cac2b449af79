package org.minicnn.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.minicnn.engine.Initializers;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.conv.ConvAlgorithm;
import org.minicnn.engine.conv.ConvSpec;
import org.minicnn.engine.layers.BaseConv;
import org.minicnn.engine.layers.Conv1D;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.engine.layers.Padding;

/**
 * The benchmark workloads S1–S5 (channels-last, padding VALID, stride 1, with bias), shared by
 * {@link ConvBench} and the JMH benchmarks so that both time exactly the same thing.
 */
public enum ConvWorkload {
  /** The tutorial's size: batch 32, 8×8×1, 1 filter 3×3. */
  S1(32, new int[] {8, 8}, 1, 1, new int[] {3, 3}),
  /** Batch 32, 28×28×1, 8 filters 3×3. */
  S2(32, new int[] {28, 28}, 1, 8, new int[] {3, 3}),
  /** Batch 32, 32×32×16, 32 filters 3×3. */
  S3(32, new int[] {32, 32}, 16, 32, new int[] {3, 3}),
  /** 1D: batch 32, length 1000, 4 channels, 16 filters of size 5. */
  S4(32, new int[] {1000}, 4, 16, new int[] {5}),
  /** Batch 64, 64×64×32, 64 filters 3×3. */
  S5(64, new int[] {64, 64}, 32, 64, new int[] {3, 3});

  /** The seed of the inputs, weights and upstream gradients. */
  public static final long SEED = 42L;

  private final int batch;
  private final int[] spatial;
  private final int channels;
  private final int filters;
  private final int[] kernel;

  ConvWorkload(int batch, int[] spatial, int channels, int filters, int[] kernel) {
    this.batch = batch;
    this.spatial = spatial;
    this.channels = channels;
    this.filters = filters;
    this.kernel = kernel;
  }

  /** The workloads named by {@code spec}: "all" or a comma-separated list such as "S1,S3" (case-insensitive). */
  public static List<ConvWorkload> parse(String spec) {
    if (spec.equalsIgnoreCase("all")) {
      return List.of(values());
    }
    return Arrays.stream(spec.split(",")).map(name -> {
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("expected a workload S1..S5 or all, got '" + name.trim() + "'", e);
      }
    }).toList();
  }

  /** Input shape with the batch: {@code [batch, spatial…, channels]}. */
  public int[] inputShape() {
    int[] shape = new int[spatial.length + 2];
    shape[0] = batch;
    System.arraycopy(spatial, 0, shape, 1, spatial.length);
    shape[shape.length - 1] = channels;
    return shape;
  }

  /**
   * A fresh layer of this workload, weights built from {@link #SEED}.
   *
   * @param reuseOutputs {@link BaseConv#reuseOutputs(boolean)}: true times the layer as a training
   *     loop runs it, false with a new output and dL/dx array per call
   */
  public BaseConv<?> layer(ConvAlgorithm algorithm, boolean reuseOutputs) {
    BaseConv<?> layer = spatial.length == 1
        ? new Conv1D(filters, kernel[0]).seed(SEED).algorithm(algorithm)
        : new Conv2D(filters, kernel[0], kernel[1]).seed(SEED).algorithm(algorithm);
    layer.reuseOutputs(reuseOutputs).build(inputShape());
    return layer;
  }

  /** The geometry the layer computes: padding VALID, stride and dilation 1; a 1D workload is one row high. */
  public ConvSpec spec() {
    boolean oneD = spatial.length == 1;
    return ConvSpec.of(batch, oneD ? 1 : spatial[0], spatial[spatial.length - 1], channels, oneD ? 1 : kernel[0],
        kernel[kernel.length - 1], filters, 1, 1, 1, 1, Padding.VALID, Padding.VALID);
  }

  /** The seeded input, uniform in [-1, 1). */
  public Tensor input() {
    return Initializers.uniform(SEED + 1, -1.0, 1.0, inputShape());
  }

  /** A seeded upstream gradient of the layer's output shape. */
  public Tensor gradOutput(BaseConv<?> layer) {
    return Initializers.uniform(SEED + 2, -1.0, 1.0, layer.outputShape(inputShape()));
  }

  /** Floating-point operations of one forward pass: {@code 2·N·outRows·outCols·filters·kh·kw·inChannels}. */
  public long forwardFlops() {
    int[] out = layer(ConvAlgorithm.REFERENCE, false).outputShape(inputShape());
    long outPixels = 1;
    for (int d = 1; d < out.length - 1; d++) {
      outPixels *= out[d];
    }
    long taps = 1;
    for (int k : kernel) {
      taps *= k;
    }
    return 2L * batch * outPixels * filters * taps * channels;
  }
}
