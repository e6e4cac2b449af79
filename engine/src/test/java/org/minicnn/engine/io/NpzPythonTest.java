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
  static Path dir;

  /** What the tests compare: minicnn writes its files, then one Python process does every step. */
  @BeforeAll
  static void runNumpyAndTorchOnce() throws Exception {
    for (Layout layout : Layout.values()) {
      NpzFile.save(dir.resolve(layout.label() + ".npz"), net(1), layout);
    }
    NpzFile.save(dir.resolve("weights.npz"), net(2), Layout.PYTORCH);
    NpzFile.write(dir.resolve("x.npz"), Map.of("x", GradientCheck.randomTensor(new SplittableRandom(3), 5, 7, 6, 2)));
    python("dump", path("keras.npz"), path("keras.txt"), "+", "dump", path("pytorch.npz"), path("pytorch.txt"),
        "+", "forward", path("weights.npz"), path("x.npz"), path("y.npz"),
        "+", "make", "7", path("torch.npz"), path("torch32.npz"), path("made-x.npz"), path("made-y.npz"));
  }

  private static String path(String name) {
    return dir.resolve(name).toString();
  }

  static void python(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(PYTHON.toString(), SCRIPT.toString()));
    command.addAll(Arrays.asList(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("npz_roundtrip.py " + String.join(" ", args) + " failed (it needs /usr/bin/python3 with"
          + " Debian's python3-numpy and python3-torch, which scripts/install-system-deps.sh installs): " + log);
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
      List<String> lines = Files.readAllLines(dir.resolve(layout.label() + ".txt"));
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
    Tensor x = NpzFile.read(dir.resolve("x.npz")).get("x");
    Tensor torch = NpzFile.read(dir.resolve("y.npz")).get("y");
    Tensor ours = model.predict(x);
    assertArrayEquals(ours.shape(), torch.shape());
    EngineTestBase.assertClose(ours.data(), torch.data(), TORCH_TOLERANCE);
  }

  @Test
  void aStateDictSavedFromPyTorchLoadsAndPredictsTheSame() throws Exception {
    Path torch64 = dir.resolve("torch.npz");
    Path torch32 = dir.resolve("torch32.npz");
    Tensor x = NpzFile.read(dir.resolve("made-x.npz")).get("x");
    Tensor expected = NpzFile.read(dir.resolve("made-y.npz")).get("y");

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
