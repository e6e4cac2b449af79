package org.minicnn.benchmarks.jmh;

import java.util.concurrent.TimeUnit;
import org.minicnn.engine.Tensor;
import org.minicnn.benchmarks.ConvWorkload;
import org.minicnn.engine.conv.ConvAlgorithm;
import org.minicnn.engine.conv.fast.ConvThreads;
import org.minicnn.engine.layers.BaseConv;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The convolution workloads of {@code minicnn bench} ({@link ConvWorkload}) under JMH: one layer
 * forward, and forward followed by backward, at 1 and 2 threads. Average time per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector",
    "-Djdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK=0"})
public class ConvBenchmark {

  @Param({"S1", "S2", "S3", "S4", "S5"})
  public String workload;

  @Param({"1", "2"})
  public int threads;

  /** As {@code minicnn bench --outputs}: true times the layer as training runs it; {@code -p reuseOutputs=false} for new arrays. */
  @Param({"true"})
  public boolean reuseOutputs;

  private BaseConv<?> layer;
  private Tensor input;
  private Tensor gradOutput;

  @Setup(Level.Trial)
  public void setUp() {
    ConvThreads.setThreads(threads);
    ConvWorkload w = ConvWorkload.valueOf(workload);
    layer = w.layer(ConvAlgorithm.DEFAULT, reuseOutputs);
    input = w.input();
    gradOutput = w.gradOutput(layer);
  }

  @Benchmark
  public Tensor forward() {
    return layer.forward(input);
  }

  @Benchmark
  public Tensor forwardBackward() {
    layer.forward(input);
    return layer.backward(gradOutput);
  }
}
