package org.minicnn.training.cli;

import java.io.PrintStream;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.Conv1D;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.training.kernels.ReferenceKernel;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code minicnn examples}: the seed's examples computed by the engine and printed — a 1D bump
 * detector, the vertical line detector on an 8×8 image with a vertical line, and the horizontal
 * detector on the same image transposed.
 */
final class ExamplesCommand {

  private ExamplesCommand() {}

  static CommandSpec spec() {
    return new CommandBuilder("examples", "the seed examples: feature maps of hand-designed filters")
        .synopsis("minicnn examples")
        .description("Prints the seed examples: Conv1D [0,1,0] on [0,0,0,1,1,0,0,0]; the vertical line detector on"
            + " the 8x8 image whose columns 3 and 4 are 1; the horizontal detector on the transposed image.")
        .positionals("", "")
        .build();
  }

  static int run(Arguments a, PrintStream out) throws UsageException {
    if (!a.positional.isEmpty()) {
      throw new UsageException("examples takes no arguments, got " + a.positional, a.usage());
    }
    Conv1D bump = new Conv1D(1, 3);
    bump.setWeights(Tensor.of(new double[] {0, 1, 0}, 3, 1, 1), Tensor.zeros(1));
    Tensor signal = Tensor.of(new double[] {0, 0, 0, 1, 1, 0, 0, 0}, 1, 8, 1);
    out.println("1. Conv1D(1, 3) with kernel [0, 1, 0] and bias 0 on [0, 0, 0, 1, 1, 0, 0, 0] (shape [1, 8, 1]):");
    out.println("   " + row(bump.forward(signal).data(), 0, 6) + "   (shape [1, 6, 1])");
    out.println();

    Tensor image = verticalLineImage();
    Tensor transposed = transpose(image);
    example(out, "2. Conv2D(1, 3, 3) with the vertical line detector", ReferenceKernel.vertical(), image,
        "the 8x8 image whose columns 3 and 4 are 1");
    example(out, "3. Conv2D(1, 3, 3) with the horizontal line detector", ReferenceKernel.horizontal(), transposed,
        "the same image transposed (rows 3 and 4 are 1)");
    return 0;
  }

  /** The seed's 8×8 image, columns 3 and 4 equal to 1, shape [1, 8, 8, 1]. */
  static Tensor verticalLineImage() {
    Tensor image = Tensor.zeros(1, 8, 8, 1);
    for (int r = 0; r < 8; r++) {
      image.set(1, 0, r, 3, 0);
      image.set(1, 0, r, 4, 0);
    }
    return image;
  }

  private static Tensor transpose(Tensor image) {
    int n = image.dim(1);
    Tensor t = Tensor.zeros(1, n, n, 1);
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        t.set(image.get(0, c, r, 0), 0, r, c, 0);
      }
    }
    return t;
  }

  private static void example(PrintStream out, String title, Tensor kernel, Tensor image, String imageText) {
    Conv2D conv = new Conv2D(1, 3, 3);
    conv.setWeights(kernel.reshape(3, 3, 1, 1), Tensor.zeros(1));
    Tensor map = conv.forward(image);
    out.println(title + " " + matrixText(kernel.data(), 3) + " on " + imageText + ":");
    out.printf("   %-27s  %s%n", "image [1, 8, 8, 1]", "feature map [1, 6, 6, 1]");
    for (int r = 0; r < 8; r++) {
      String left = row(image.data(), r * 8, 8);
      String right = r < 6 ? row(map.data(), r * 6, 6) : "";
      out.printf("   %-27s  %s%n", left, right);
    }
    out.println();
  }

  private static String matrixText(double[] k, int cols) {
    StringBuilder s = new StringBuilder("[");
    for (int r = 0; r < k.length / cols; r++) {
      s.append(r == 0 ? "" : ", ").append(row(k, r * cols, cols));
    }
    return s.append(']').toString();
  }

  /** {@code [0, 0, 3, 3, 0, 0]}: integral values without a decimal point. */
  private static String row(double[] data, int from, int count) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < count; i++) {
      double v = data[from + i];
      s.append(i == 0 ? "" : ", ").append(v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v));
    }
    return s.append(']').toString();
  }
}
