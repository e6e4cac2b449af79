package org.minicnn.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.GradientCheck;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.Conv1D;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.engine.layers.Padding;

/**
 * A model exported in PyTorch's layout loads into {@code torch.nn.Sequential} (state_dict keys and
 * shapes exact, strict=True) and PyTorch computes the same outputs, in float64. Runs
 * engine/src/test/python/load_weights.py with Debian's python3-torch, which the README's test
 * command installs.
 */
class WeightFileTorchTest {

  static final Path PYTHON = Path.of("/usr/bin/python3");
  static final Path SCRIPT = Path.of("src/test/python/load_weights.py");

  /** Same sums in another order (PyTorch's kernels against ours): equal up to rounding. */
  static final double TORCH_TOLERANCE = 1e-12;

  @TempDir
  Path dir;

  @BeforeAll
  static void requireTorch() throws Exception {
    boolean present = Files.isExecutable(PYTHON)
        && new ProcessBuilder(PYTHON.toString(), "-c", "import torch").redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
    assertTrue(present, "/usr/bin/python3 with torch is not installed (Debian package python3-torch;"
        + " `./minicnn test` installs it)");
  }

  /** A model, the layer spec load_weights.py rebuilds it from, and an input. */
  record Job(Sequential model, String spec, Tensor input) {}

  /** Exports each model in PyTorch layout, runs all of them in one Python process, and returns PyTorch's outputs. */
  private List<Tensor> runInTorch(List<Job> jobs) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(PYTHON.toString(), SCRIPT.toString()));
    for (int i = 0; i < jobs.size(); i++) {
      Job job = jobs.get(i);
      Path weights = dir.resolve(i + "-weights.csv");
      job.model().build(job.input().shape());
      WeightFile.save(weights, job.model(), Layout.PYTORCH);
      Files.writeString(dir.resolve(i + "-spec.txt"), job.spec());
      Tensor x = job.input();
      Files.writeString(dir.resolve(i + "-input.csv"), line(x.shape()) + "\n" + line(x.data()) + "\n");
      command.addAll(List.of(dir.resolve(i + "-spec.txt").toString(), weights.toString(),
          dir.resolve(i + "-input.csv").toString(), dir.resolve(i + "-output.csv").toString()));
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("load_weights.py failed: " + log);
    }
    List<Tensor> outputs = new java.util.ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      List<String> out = Files.readAllLines(dir.resolve(i + "-output.csv"));
      int[] shape = Arrays.stream(out.get(0).split(",")).mapToInt(Integer::parseInt).toArray();
      double[] values = Arrays.stream(out.get(1).split(",")).mapToDouble(Double::parseDouble).toArray();
      outputs.add(Tensor.of(values, shape));
    }
    return outputs;
  }

  private static String line(int[] v) {
    return Arrays.stream(v).mapToObj(String::valueOf).collect(Collectors.joining(","));
  }

  private static String line(double[] v) {
    return Arrays.stream(v).mapToObj(Double::toString).collect(Collectors.joining(","));
  }

  @Test
  void conv1dAndConv2dStacksGivePyTorchsOutputs() throws Exception {
    Sequential conv2d = new Sequential()
        .add(new Conv2D(4, 3, 2).seed(1).padding(Padding.SAME).strides(2, 1))
        .add(new Conv2D(3, 2, 2).seed(2).dilation(1, 2).useBias(false))
        .add(new Conv2D(2, 1, 1).seed(3));
    Sequential conv1d = new Sequential()
        .add(new Conv1D(3, 3).seed(4).padding(Padding.CAUSAL).dilation(2))
        .add(new Conv1D(2, 2).seed(5).strides(2));
    List<Job> jobs = List.of(
        new Job(conv2d, "conv2d 4 3 2 2 1 1 1 SAME 1\nconv2d 3 2 2 1 1 1 2 VALID 0\nconv2d 2 1 1 1 1 1 1 VALID 1\n",
            GradientCheck.randomTensor(new SplittableRandom(11), 2, 9, 8, 3)),
        new Job(conv1d, "conv1d 3 3 1 2 CAUSAL 1\nconv1d 2 2 2 1 VALID 1\n",
            GradientCheck.randomTensor(new SplittableRandom(12), 3, 10, 2)));
    List<Tensor> torch = runInTorch(jobs);
    for (int i = 0; i < jobs.size(); i++) {
      Tensor y = jobs.get(i).model().forward(jobs.get(i).input());
      assertArrayEquals(y.shape(), torch.get(i).shape(), "model " + i);
      EngineTestBase.assertClose(y.data(), torch.get(i).data(), TORCH_TOLERANCE);
    }
  }

  @Test
  void theExportLoadsBackBitIdentical() throws IOException {
    Sequential model = new Sequential().add(new Conv2D(2, 2, 2).seed(6));
    model.build(1, 3, 3, 2);
    Path file = dir.resolve("torch.csv");
    WeightFile.save(file, model, Layout.PYTORCH);
    Sequential other = new Sequential().add(new Conv2D(2, 2, 2).seed(7));
    other.build(1, 3, 3, 2);
    WeightFile.load(file, other);
    assertEquals(model.getWeights(), other.getWeights());
  }
}
