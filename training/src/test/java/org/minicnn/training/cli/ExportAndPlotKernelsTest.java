package org.minicnn.training.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.io.Layout;
import org.minicnn.engine.io.NpzFile;
import org.minicnn.engine.io.WeightFile;
import org.minicnn.training.plots.KernelGrid;

/**
 * {@code minicnn export} writes a run's weights as an .npz in Keras or PyTorch layout, and
 * {@code minicnn plot-kernels} draws a kernel from a PyTorch-made .npz (16 filters of 3x3x3, made by
 * the real PyTorch) or from a run, pixel for pixel on the shared colour scale.
 */
class ExportAndPlotKernelsTest extends CliTestBase {

  @TempDir
  Path temp;

  @TempDir
  static Path shared;

  /** One short vertical-line run for every test (none of them changes its files but for what it adds). */
  private static Path run;

  @BeforeAll
  static void trainVerticalLine() {
    run = shared.resolve("run");
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int code = Main.run(new String[] {"train", "vertical-line", "--epochs", "2", "--samples", "64", "--val-samples", "16",
        "--quiet", "--out", run.toString()}, new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
        new java.io.PrintStream(err), false);
    assertEquals(0, code, err.toString());
  }

  @Test
  void exportWritesTheRunsWeightsInBothLayouts() throws IOException {
    WeightFile.Tensors csv = WeightFile.readTensors(run.resolve("weights.csv"));

    Path keras = temp.resolve("weights.npz");
    assertEquals(0, run("export", run.toString(), "--out", keras.toString()), err);
    assertEquals("wrote " + keras + " (keras layout: conv2d/kernel)\n", out);
    Map<String, Tensor> k = NpzFile.read(keras);
    assertEquals(csv.byName(), k);

    Path torchFile = temp.resolve("torch.npz");
    assertEquals(0, run("export", run.toString(), "--layout", "torch", "--out", torchFile.toString()), err);
    Map<String, Tensor> t = NpzFile.read(torchFile);
    assertEquals(List.of("0.weight"), List.copyOf(t.keySet()));
    Tensor kernel = csv.byName().get("conv2d/kernel");
    assertEquals(Layout.PYTORCH.toFile("kernel", kernel), t.get("0.weight"));
    int[] s = kernel.shape();
    assertArrayEquals(new int[] {s[3], s[2], s[0], s[1]}, t.get("0.weight").shape());
  }

  @Test
  void wrongExportCommandLinesExitTwoAndWriteNothing() {
    assertEquals(2, run("export", run.toString(), "--layout", "tf"));
    assertTrue(err.startsWith("minicnn: --layout: expected keras or torch, got 'tf'\n"), err);
    assertEquals(2, run("export"));
    assertTrue(err.startsWith("minicnn: export needs exactly one run directory, got 0\n"), err);
    assertEquals(2, run("export", temp.resolve("nowhere").toString()));
    assertTrue(err.startsWith("minicnn: " + temp.resolve("nowhere") + " is not a directory\n"), err);
    assertFalse(Files.exists(run.resolve("weights.npz")));
    assertFalse(Files.exists(run.resolve("weights-torch.npz")));
  }

  @Test
  void exportWritesIntoTheRunByDefault() throws IOException {
    Path copy = temp.resolve("copy");
    Files.createDirectory(copy);
    try (var files = Files.list(run)) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    assertEquals(0, run("export", copy.toString(), "--layout", "torch"), err);
    assertTrue(Files.isRegularFile(copy.resolve("weights-torch.npz")));
    assertEquals(0, run("export", copy.toString()), err);
    assertTrue(Files.isRegularFile(copy.resolve("weights.npz")));
  }

  /** A torch.nn.Sequential(Conv2d(3, 16, 3), ReLU, Conv2d(16, 8, 3)) state_dict saved with numpy.savez. */
  private Path torchConv16() throws Exception {
    Path npz = temp.resolve("torch-conv16.npz");
    Process p = new ProcessBuilder("/usr/bin/python3", "../engine/src/test/python/npz_roundtrip.py", "conv16", npz.toString())
        .redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("/usr/bin/python3 with numpy and torch (python3-numpy, python3-torch) failed: " + log);
    }
    return npz;
  }

  @Test
  void plotKernelsDrawsAPyTorchFirstLayerOnOneScaleWithRgbPatches() throws Exception {
    Path npz = torchConv16();
    assertEquals(0, run("plot-kernels", npz.toString()), err);
    Path png = temp.resolve("torch-conv16-kernels.png");
    Tensor weight = NpzFile.read(npz).get("0.weight");
    assertArrayEquals(new int[] {16, 3, 3, 3}, weight.shape());
    KernelGrid grid = new KernelGrid(Layout.PYTORCH.fromFile("kernel", weight));
    assertEquals("drew 0.weight (16 filters of 3 channels, colour scale +-"
        + String.format(java.util.Locale.ROOT, "%.4g", grid.limit()) + ", RGB patches) in " + png + "\n", out);
    BufferedImage image = ImageIO.read(png.toFile());
    double limit = 0;
    for (double v : weight.data()) {
      limit = Math.max(limit, Math.abs(v));
    }
    assertEquals(limit, grid.limit(), 0.0);
    for (int f : new int[] {0, 7, 15}) {
      for (int c = 0; c < 3; c++) {
        for (int r = 0; r < 3; r++) {
          for (int q = 0; q < 3; q++) {
            int[] at = grid.pixel(f, c, r, q);
            double w = weight.get(f, c, r, q);
            assertEquals(grid.colour(w).getRGB(), image.getRGB(at[0] + 1, at[1] + 1),
                "filter " + f + " channel " + c + " (" + r + ", " + q + ") = " + w);
          }
        }
        int[] patch = grid.pixel(f, 3, 1, 2);
        assertEquals(grid.patch(f, 1, 2).getRGB(), image.getRGB(patch[0] + 1, patch[1] + 1), "RGB patch of filter " + f);
      }
    }
    // the second layer, by name, drawn without patches (16 input channels)
    Path second = temp.resolve("second.png");
    assertEquals(0, run("plot-kernels", npz.toString(), "--tensor", "2.weight", "--out", second.toString()), err);
    assertTrue(out.startsWith("drew 2.weight (8 filters of 16 channels, colour scale +-"), out);
    assertFalse(out.contains("RGB"), out);
    assertTrue(Files.isRegularFile(second));
  }

  @Test
  void plotKernelsDrawsARunsKernel() throws IOException {
    Path png = temp.resolve("grid.png");
    assertEquals(0, run("plot-kernels", run.toString(), "--out", png.toString()), err);
    assertTrue(out.startsWith("drew conv2d/kernel ("), out);
    assertTrue(out.endsWith(" in " + png + "\n"), out);
    Tensor kernel = WeightFile.readTensors(run.resolve("weights.csv")).byName().get("conv2d/kernel");
    KernelGrid grid = new KernelGrid(kernel);
    BufferedImage image = ImageIO.read(png.toFile());
    int[] at = grid.pixel(0, 0, 0, 0);
    assertEquals(grid.colour(kernel.get(0, 0, 0, 0)).getRGB(), image.getRGB(at[0], at[1]));
  }

  @Test
  void anAmbiguousShapeNeedsTheLayout() throws IOException {
    Path npz = temp.resolve("square.npz");
    NpzFile.write(npz, Map.of("w", Tensor.full(0.5, 3, 3, 3, 3)));
    assertEquals(1, run("plot-kernels", npz.toString()));
    assertEquals("minicnn: " + npz + ": cannot tell whether w [3, 3, 3, 3] is in Keras layout [kh, kw, in, filters]"
        + " or PyTorch's [filters, in, kh, kw]; pass --layout keras or --layout torch\n", err);
    assertFalse(Files.exists(temp.resolve("square-kernels.png")));
    assertEquals(0, run("plot-kernels", npz.toString(), "--layout", "keras"), err);
    assertTrue(Files.isRegularFile(temp.resolve("square-kernels.png")));
    assertEquals(2, run("plot-kernels", npz.toString(), "--layout", "caffe"));
    assertTrue(err.startsWith("minicnn: --layout: expected keras or torch, got 'caffe'\n"), err);
  }
}
