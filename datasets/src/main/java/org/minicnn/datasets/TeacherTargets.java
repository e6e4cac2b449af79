package org.minicnn.datasets;

import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.BaseConv;
import org.minicnn.engine.layers.Conv1D;
import org.minicnn.engine.layers.Conv2D;

/**
 * Teacher targets: inputs paired with the feature maps that given kernels produce through the engine's
 * own convolution (stride 1, VALID padding, no bias, cross-correlation as in Keras), for
 * teacher–student experiments. Several kernels are stacked along the filter axis, giving targets with
 * one channel per kernel.
 *
 * <pre>{@code
 * Tensor images = LineImages.builder().seed(1).build().generate(32);           // [32, 8, 8, 1]
 * Dataset d = TeacherTargets.conv2d(images, Kernels.vertical(), Kernels.horizontal());
 * d.targets();                                                                // [32, 6, 6, 2]
 * }</pre>
 */
public final class TeacherTargets {

  private TeacherTargets() {}

  /**
   * @param images input (held by the result, not copied) {@code [n, rows, cols, channels]}
   * @param kernels inputs, each {@code [kh, kw, channels, filters]} (Conv2D layout) or {@code [kh, kw]}
   *     when {@code channels = 1}; all with the same {@code kh, kw}
   * @return images and targets {@code [n, rows − kh + 1, cols − kw + 1, Σ filters]}, filters in kernel order
   */
  public static Dataset conv2d(Tensor images, Tensor... kernels) {
    String where = "TeacherTargets.conv2d";
    Shapes.requireRank(where, 4, "[batch, rows, cols, channels]", images == null ? null : images.shape());
    Tensor kernel = stack(where, 2, images.dim(3), kernels);
    int[] k = kernel.shape();
    Conv2D conv = new Conv2D(k[3], k[0], k[1]).useBias(false);
    return new Dataset(images, teach(where, conv, kernel, images));
  }

  /**
   * @param signals input (held by the result, not copied) {@code [n, length, channels]}
   * @param kernels inputs, each {@code [k, channels, filters]} (Conv1D layout) or {@code [k]} when
   *     {@code channels = 1}; all of the same size {@code k}
   * @return signals and targets {@code [n, length − k + 1, Σ filters]}
   */
  public static Dataset conv1d(Tensor signals, Tensor... kernels) {
    String where = "TeacherTargets.conv1d";
    Shapes.requireRank(where, 3, "[batch, length, channels]", signals == null ? null : signals.shape());
    Tensor kernel = stack(where, 1, signals.dim(2), kernels);
    int[] k = kernel.shape();
    Conv1D conv = new Conv1D(k[2], k[0]).useBias(false);
    return new Dataset(signals, teach(where, conv, kernel, signals));
  }

  private static Tensor teach(String where, BaseConv<?> conv, Tensor kernel, Tensor inputs) {
    int[] in = inputs.shape();
    int[] k = kernel.shape();
    for (int d = 0; d < k.length - 2; d++) {
      if (k[d] > in[d + 1]) {
        throw new IllegalArgumentException(where + ": kernel " + Shapes.format(k) + " is larger than the input "
            + Shapes.format(in) + " along spatial axis " + d + "; VALID padding needs kernel ≤ input");
      }
    }
    conv.setWeights(kernel, null);
    return conv.forward(inputs);
  }

  /**
   * The kernels concatenated along the last (filter) axis, as one kernel {@code [spatial…, channels, Σ filters]}.
   * A kernel of rank {@code spatialRank} is read as {@code [spatial…, 1, 1]}.
   */
  private static Tensor stack(String where, int spatialRank, int channels, Tensor[] kernels) {
    if (kernels == null || kernels.length == 0) {
      throw new IllegalArgumentException(where + ": expected at least one kernel, got none");
    }
    int[][] shapes = new int[kernels.length][];
    int filters = 0;
    for (int i = 0; i < kernels.length; i++) {
      if (kernels[i] == null) {
        throw new IllegalArgumentException(where + ": kernel " + i + " is null");
      }
      int[] s = kernels[i].shape();
      if (s.length == spatialRank) {
        s = Shapes.concat(s, 1, 1);
      }
      if (s.length != spatialRank + 2 || s[spatialRank] != channels) {
        throw new IllegalArgumentException(where + ": kernel " + i + " has shape " + Shapes.format(kernels[i].shape())
            + "; expected " + (spatialRank == 2 ? "[kh, kw, " : "[k, ") + channels + ", filters] for inputs with "
            + channels + " channel(s)" + (channels == 1 ? (spatialRank == 2 ? " or [kh, kw]" : " or [k]") : ""));
      }
      if (i > 0 && !java.util.Arrays.equals(java.util.Arrays.copyOf(s, spatialRank),
          java.util.Arrays.copyOf(shapes[0], spatialRank))) {
        throw new IllegalArgumentException(where + ": kernel " + i + " has shape " + Shapes.format(kernels[i].shape())
            + " but kernel 0 has " + Shapes.format(kernels[0].shape()) + "; all kernels need the same spatial size");
      }
      shapes[i] = s;
      filters += s[spatialRank + 1];
    }
    int[] shape = shapes[0].clone();
    shape[spatialRank + 1] = filters;
    double[] out = new double[(int) Shapes.product(shape)];
    int positions = out.length / filters;
    int column = 0;
    for (int i = 0; i < kernels.length; i++) {
      int f = shapes[i][spatialRank + 1];
      double[] src = kernels[i].data();
      for (int p = 0; p < positions; p++) {
        System.arraycopy(src, p * f, out, p * filters + column, f);
      }
      column += f;
    }
    return Tensor.of(out, shape);
  }
}
