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
    return new RunRecord(experiment, config, RunFiles.readMetrics(dir), RunFiles.readKernels(dir, kernelShape),
        RunFiles.readSample(dir, sampleShape));
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
