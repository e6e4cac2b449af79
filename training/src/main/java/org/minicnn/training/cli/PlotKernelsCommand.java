package org.minicnn.training.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.io.Layout;
import org.minicnn.engine.io.NpzFile;
import org.minicnn.engine.io.WeightFile;
import org.minicnn.training.plots.KernelGrid;
import org.minicnn.training.run.RunFiles;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code minicnn plot-kernels FILE [--tensor NAME] [--layout keras|torch] [--out FILE.png]}: anyone's
 * convolution kernels as a grid of heatmaps ({@link KernelGrid}), from an {@code .npz} (Keras or
 * PyTorch layout), a minicnn weights file or a run directory.
 */
final class PlotKernelsCommand {

  private PlotKernelsCommand() {}

  static CommandSpec spec() {
    return new CommandBuilder("plot-kernels", "draw a kernel (.npz, weights file or run) as a grid of heatmaps")
        .synopsis("minicnn plot-kernels FILE [--tensor NAME] [--layout keras|torch] [--out FILE.png]")
        .description("Draws a convolution kernel as a grid of heatmaps, one row per filter and one column per input"
            + " channel, on one shared colour scale with a colour bar; a first layer with 3 input channels also gets"
            + " a column of colour patches (RGB).")
        .positionals("FILE", "an .npz (numpy.savez of Keras- or PyTorch-layout arrays), a minicnn weights file or a"
            + " run directory (its weights.csv)")
        .option("--tensor", "NAME", "the array to draw (default: the first kernel of rank 3 or 4)")
        .option("--layout", "keras|torch", "keras [kh, kw, in, filters] or torch [filters, in, kh, kw]; by default"
            + " from the file (weights files), the name (.weight: torch, /kernel: keras) or the shape")
        .option("--out", "FILE.png", "default: beside FILE, named FILE-kernels.png (RUN_DIR/kernels-grid.png for a"
            + " run)")
        .footer("exit codes: 0 drawn; 1 the file cannot be read or the picture cannot be written; 2 a wrong command"
            + " line (nothing is written).")
        .build();
  }

  static int run(Arguments a, PrintStream out) throws UsageException, IOException {
    if (a.positional.size() != 1) {
      throw new UsageException("plot-kernels needs exactly one file, got " + a.positional.size(), a.usage());
    }
    Layout told = a.flags.containsKey("--layout") ? ExportCommand.layout(a.flags.get("--layout"), a.usage()) : null;
    Path source = Path.of(a.positional.get(0));
    if (!Files.exists(source)) {
      throw new UsageException(source + ": no such file or directory", a.usage());
    }
    boolean runDir = Files.isDirectory(source);
    Path file = runDir ? source.resolve(RunFiles.WEIGHTS) : source;
    Map<String, Tensor> tensors;
    Layout fileLayout = null;
    if (isZip(file)) {
      tensors = NpzFile.read(file);
    } else {
      WeightFile.Tensors w = WeightFile.readTensors(file);
      tensors = w.byName();
      fileLayout = w.layout();
    }
    String name = a.flags.containsKey("--tensor") ? a.flags.get("--tensor") : firstKernel(file, tensors);
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new IOException(file + ": no array named '" + name + "'; it has " + String.join(", ", tensors.keySet()));
    }
    if (t.rank() != 3 && t.rank() != 4) {
      throw new IOException(file + ": " + name + " has shape " + Shapes.format(t.shape())
          + "; expected a convolution kernel of rank 4 (Conv2D) or 3 (Conv1D)");
    }
    Layout layout = told != null ? told : fileLayout != null ? fileLayout : detect(file, name, t);
    Tensor keras = layout.fromFile("kernel", t);
    Path png = a.flags.containsKey("--out") ? Path.of(a.flags.get("--out"))
        : runDir ? source.resolve("kernels-grid.png") : siblingPng(file);
    KernelGrid grid = new KernelGrid(keras);
    int[] k = keras.shape();
    grid.save(png, name + " " + Shapes.format(t.shape()) + " (" + layout.label() + " layout)");
    out.println("drew " + name + " (" + k[k.length - 1] + " filters of " + k[k.length - 2] + " channels, colour scale +-"
        + String.format(java.util.Locale.ROOT, "%.4g", grid.limit()) + (grid.rgb() ? ", RGB patches" : "") + ") in " + png);
    return 0;
  }

  private static boolean isZip(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new java.nio.file.NoSuchFileException(file.toString());
    }
    try (var in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(2);
      return head.length == 2 && head[0] == 'P' && head[1] == 'K';
    }
  }

  /** The first array of rank 4, else of rank 3, preferring names that say kernel or weight. */
  private static String firstKernel(Path file, Map<String, Tensor> tensors) throws IOException {
    for (int rank : new int[] {4, 3}) {
      for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
        if (e.getValue().rank() == rank && (e.getKey().endsWith("kernel") || e.getKey().endsWith("weight"))) {
          return e.getKey();
        }
      }
      for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
        if (e.getValue().rank() == rank) {
          return e.getKey();
        }
      }
    }
    throw new IOException(file + ": no array of rank 3 or 4 (a convolution kernel) among " + String.join(", ", tensors.keySet()));
  }

  /**
   * Keras or PyTorch layout from the name ({@code …weight}: PyTorch's state_dict; {@code …kernel}: Keras), else
   * from the shape: the kernel's spatial axes are square, first in Keras ({@code [kh, kw, in, f]}), last in
   * PyTorch ({@code [f, in, kh, kw]}).
   */
  static Layout detect(Path file, String name, Tensor t) throws IOException {
    if (name.endsWith("weight")) {
      return Layout.PYTORCH;
    }
    if (name.endsWith("kernel")) {
      return Layout.KERAS;
    }
    int[] s = t.shape();
    if (s.length == 4 && (s[0] == s[1]) != (s[2] == s[3])) {
      return s[0] == s[1] ? Layout.KERAS : Layout.PYTORCH;
    }
    throw new IOException(file + ": cannot tell whether " + name + " " + Shapes.format(s) + " is in Keras layout"
        + " [kh, kw, in, filters] or PyTorch's [filters, in, kh, kw]; pass --layout keras or --layout torch");
  }

  private static Path siblingPng(Path file) {
    String base = file.getFileName().toString();
    int dot = base.lastIndexOf('.');
    return file.resolveSibling((dot > 0 ? base.substring(0, dot) : base) + "-kernels.png");
  }
}
