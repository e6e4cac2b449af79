package org.minicnn.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.GradientCheck;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.engine.layers.Dense;
import org.minicnn.engine.layers.GlobalMaxPool2D;
import org.minicnn.engine.layers.ReLU;

/**
 * The {@code .npz} files against the real NumPy and PyTorch (Debian's python3-numpy and python3-torch,
 * which {@code ./minicnn test} installs; missing, the tests fail with the reason): {@code numpy.load} reads
 * minicnn's values bit for bit; minicnn's PyTorch-layout file is a {@code state_dict} that makes the
 * equivalent {@code torch.nn} model compute minicnn's outputs; and a file PyTorch saved with
 * {@code numpy.savez} (float64 or float32) loads into minicnn, which then predicts what PyTorch did.
 * Runs engine/src/test/python/npz_roundtrip.py.
 */
class NpzPythonTest {

  static final Path PYTHON = Path.of("/usr/bin/python3");
  static final Path SCRIPT = Path.of("src/test/python/npz_roundtrip.py");
  /** PyTorch's kernels sum in another order than ours: equal up to rounding. */
  static final double TORCH_TOLERANCE = 1e-12;

  @TempDir
  Path dir;

  @BeforeAll
  static void requireNumpyAndTorch() throws Exception {
    Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import numpy, torch").redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new AssertionError("/usr/bin/python3 cannot import numpy and torch (Debian packages python3-numpy and"
          + " python3-torch; scripts/install-system-deps.sh installs them): " + log);
    }
  }

  static void python(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(PYTHON.toString(), SCRIPT.toString()));
    command.addAll(Arrays.asList(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("npz_roundtrip.py " + String.join(" ", args) + " failed: " + log);
    }
  }

  /** Sequential(Conv2D(4, 3, 2), ReLU, GlobalMaxPool2D, Dense(3)) on [n, 7, 6, 2]: the script's Net. */
  static Sequential net(long seed) {
    Sequential model = new Sequential().add(new Conv2D(4, 3, 2).seed(seed)).add(new ReLU()).add(new GlobalMaxPool2D())
        .add(new Dense(3).seed(seed + 1));
    model.build(5, 7, 6, 2);
    return model;
  }

  @Test
  void numpyLoadsTheSameValuesInBothLayouts() throws Exception {
    Sequential model = net(1);
    for (Layout layout : Layout.values()) {
      Path npz = dir.resolve(layout.label() + ".npz");
      NpzFile.save(npz, model, layout);
      Path dump = dir.resolve(layout.label() + ".txt");
      python("dump", npz.toString(), dump.toString());
      List<String> lines = Files.readAllLines(dump);
      List<String> names = WeightFile.parameterNames(model, layout);
      assertEquals(names.size(), lines.size(), String.join("\n", lines));
      for (int i = 0; i < names.size(); i++) {
        String[] cells = lines.get(i).split("\\|", -1);
        Tensor expected = layout.toFile(model.parameters().get(i).name(), model.parameters().get(i).value());
        assertEquals(names.get(i), cells[0]);
        assertEquals(Arrays.toString(expected.shape()), "[" + cells[1].replace(",", ", ") + "]", names.get(i));
        assertEquals("float64", cells[2]);
        double[] values = Arrays.stream(cells[3].split(" ")).mapToDouble(Double::parseDouble).toArray();
        assertArrayEquals(expected.data(), values, 0.0, names.get(i) + " in " + layout);
      }
    }
    assertEquals(List.of("conv2d/kernel", "conv2d/bias", "dense/kernel", "dense/bias"),
        WeightFile.parameterNames(model, Layout.KERAS));
    assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias"), WeightFile.parameterNames(model, Layout.PYTORCH));
  }

  @Test
  void torchLoadsTheStateDictAndComputesMinicnnsOutputs() throws Exception {
    Sequential model = net(2);
    Path weights = dir.resolve("weights.npz");
    NpzFile.save(weights, model, Layout.PYTORCH);
    Tensor x = GradientCheck.randomTensor(new SplittableRandom(3), 5, 7, 6, 2);
    Path input = dir.resolve("x.npz");
    NpzFile.write(input, Map.of("x", x));
    Path output = dir.resolve("y.npz");
    python("forward", weights.toString(), input.toString(), output.toString());
    Tensor torch = NpzFile.read(output).get("y");
    Tensor ours = model.predict(x);
    assertArrayEquals(ours.shape(), torch.shape());
    EngineTestBase.assertClose(ours.data(), torch.data(), TORCH_TOLERANCE);
  }

  @Test
  void aStateDictSavedFromPyTorchLoadsAndPredictsTheSame() throws Exception {
    Path torch64 = dir.resolve("torch.npz");
    Path torch32 = dir.resolve("torch32.npz");
    Path input = dir.resolve("x.npz");
    Path output = dir.resolve("y.npz");
    python("make", "7", torch64.toString(), torch32.toString(), input.toString(), output.toString());
    Tensor x = NpzFile.read(input).get("x");
    Tensor expected = NpzFile.read(output).get("y");

    Sequential model = net(99);
    assertEquals(Layout.PYTORCH, NpzFile.load(torch64, model));
    Tensor y = model.predict(x);
    assertArrayEquals(expected.shape(), y.shape());
    EngineTestBase.assertClose(expected.data(), y.data(), TORCH_TOLERANCE);

    // float32 arrays widen exactly: each weight is the float64 weight rounded to float32
    Sequential fromFloat32 = net(98);
    NpzFile.load(torch32, fromFloat32);
    List<Tensor> wide = model.getWeights();
    List<Tensor> narrow = fromFloat32.getWeights();
    for (int i = 0; i < wide.size(); i++) {
      double[] w = wide.get(i).data();
      double[] f = narrow.get(i).data();
      for (int j = 0; j < w.length; j++) {
        assertEquals((double) (float) w[j], f[j], 0.0, "weight " + i + " value " + j);
      }
    }
  }
}
