package org.minicnn.training.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.minicnn.engine.Tensor;
import org.minicnn.training.EpochMetrics;

/**
 * What the plots and the summary draw on, whether straight from a run or read back from its
 * directory ({@link #read}).
 *
 * @param experiment the experiment's name
 * @param config the run's parameters and facts, as in {@code config.properties}
 * @param metrics every epoch's metrics, epoch 0 first
 * @param kernelHistory the watched convolution's kernel per epoch (Keras layout), epoch 0 first
 * @param sample one input {@code [1, …]} for the feature-map plot
 */
public record RunRecord(String experiment, Map<String, String> config, List<EpochMetrics> metrics,
    List<Tensor> kernelHistory, Tensor sample) {

  /** Config keys of the facts a run directory needs besides the parameters. */
  public static final String KERNEL_SHAPE = "run.kernel_shape";
  public static final String SAMPLE_SHAPE = "run.sample_shape";

  /** Reads {@code config.properties}, {@code metrics.csv}, {@code kernels.csv} and {@code sample.csv} of {@code dir}. */
  public static RunRecord read(Path dir) throws IOException {
    Map<String, String> config = RunFiles.readConfig(dir);
    String experiment = require(dir, config, "experiment");
    int[] kernelShape = shape(dir, config, KERNEL_SHAPE);
    int[] sampleShape = shape(dir, config, SAMPLE_SHAPE);
    List<EpochMetrics> metrics = RunFiles.readMetrics(dir);
    List<Tensor> kernels = RunFiles.readKernels(dir, kernelShape);
    agree(dir, config, metrics, kernels);
    return new RunRecord(experiment, config, metrics, kernels, RunFiles.readSample(dir, sampleShape));
  }

  /**
   * The files of one run agree: metrics.csv has epochs 0, 1, …, n in order, no more than the config's
   * epochs, and kernels.csv has a kernel for each of them.
   */
  private static void agree(Path dir, Map<String, String> config, List<EpochMetrics> metrics, List<Tensor> kernels)
      throws IOException {
    Path file = dir.resolve(RunFiles.METRICS);
    if (metrics.isEmpty()) {
      throw new IOException(file + ": expected a row per epoch from epoch 0, got none");
    }
    for (int i = 0; i < metrics.size(); i++) {
      if (metrics.get(i).epoch() != i) {
        throw new IOException(file + ": line " + (i + 2) + ": expected epoch " + i + " (a row per epoch, in order),"
            + " got " + metrics.get(i).epoch());
      }
    }
    String epochs = config.get("epochs");
    if (epochs != null && epochs.matches("[0-9]{1,9}") && metrics.size() - 1 > Integer.parseInt(epochs)) {
      throw new IOException(file + ": " + (metrics.size() - 1) + " epochs, but " + dir.resolve(RunFiles.CONFIG)
          + " says epochs=" + epochs + ": the files are not of one run");
    }
    if (kernels.size() != metrics.size()) {
      throw new IOException(dir.resolve(RunFiles.KERNELS) + ": kernels of epochs 0.." + (kernels.size() - 1) + ", but "
          + file + " has epochs 0.." + (metrics.size() - 1) + ": the files are not of one run");
    }
  }

  private static int[] shape(Path dir, Map<String, String> config, String key) throws IOException {
    try {
      return RunFiles.parseShape(require(dir, config, key));
    } catch (IllegalArgumentException e) {
      throw new IOException(dir.resolve(RunFiles.CONFIG) + ": " + key + ": " + e.getMessage(), e);
    }
  }

  private static String require(Path dir, Map<String, String> config, String key) throws IOException {
    String value = config.get(key);
    if (value == null) {
      throw new IOException(dir.resolve(RunFiles.CONFIG) + ": expected a key '" + key + "', found none");
    }
    return value;
  }

  /** The final kernel. */
  public Tensor finalKernel() {
    return kernelHistory.get(kernelHistory.size() - 1);
  }
}
