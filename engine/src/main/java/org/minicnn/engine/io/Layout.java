package org.minicnn.engine.io;

import org.minicnn.engine.Tensor;

/**
 * How a weight file arranges kernels. minicnn computes in Keras's layout; PyTorch stores the same
 * numbers transposed, and names parameters {@code weight}/{@code bias} by their index in the model.
 *
 * <table>
 *   <caption>Kernel layouts</caption>
 *   <tr><th>layer</th><th>{@link #KERAS}</th><th>{@link #PYTORCH}</th></tr>
 *   <tr><td>Conv1D</td><td>{@code [k, in, filters]}</td><td>{@code [filters, in, k]} ({@code nn.Conv1d.weight})</td></tr>
 *   <tr><td>Conv2D</td><td>{@code [kh, kw, in, filters]}</td><td>{@code [filters, in, kh, kw]} ({@code nn.Conv2d.weight})</td></tr>
 *   <tr><td>Dense</td><td>{@code [in, units]}</td><td>{@code [units, in]} ({@code nn.Linear.weight})</td></tr>
 *   <tr><td>bias</td><td>{@code [n]}</td><td>{@code [n]}</td></tr>
 * </table>
 * A parameter is recognised by its name ({@code kernel}) and rank (2: dense, 3: conv 1D, 4: conv 2D).
 * Names: Keras {@code conv2d/kernel}, {@code conv2d/bias}, … (as {@code Sequential.parameterNames()});
 * PyTorch {@code 0.weight}, {@code 0.bias}, … — the keys of {@code nn.Sequential.state_dict()} when
 * the PyTorch model has the same layers in the same order.
 */
public enum Layout {
  KERAS,
  PYTORCH;

  /** The name written in the file header. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The layout whose {@link #label()} is {@code text}, or null. */
  public static Layout ofLabel(String text) {
    for (Layout l : values()) {
      if (l.label().equals(text)) {
        return l;
      }
    }
    return null;
  }

  /** The file's shape for a parameter whose Keras shape is {@code keras}. */
  public int[] fileShape(String parameterName, int[] keras) {
    if (this == KERAS || !isKernel(parameterName, keras.length)) {
      return keras.clone();
    }
    int[] order = toTorchOrder(keras.length);
    int[] out = new int[keras.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = keras[order[i]];
    }
    return out;
  }

  /** The file's values (a new tensor) for a parameter in Keras layout (input, not modified). */
  public Tensor toFile(String parameterName, Tensor keras) {
    if (this == KERAS || !isKernel(parameterName, keras.rank())) {
      return keras.copy();
    }
    return permute(keras, toTorchOrder(keras.rank()));
  }

  /** The Keras-layout values (a new tensor) of a parameter read in this layout (input, not modified). */
  public Tensor fromFile(String parameterName, Tensor file) {
    if (this == KERAS || !isKernel(parameterName, file.rank())) {
      return file.copy();
    }
    int[] order = toTorchOrder(file.rank());
    int[] inverse = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      inverse[order[i]] = i;
    }
    return permute(file, inverse);
  }

  private static boolean isKernel(String parameterName, int rank) {
    return parameterName.equals("kernel") && rank >= 2 && rank <= 4;
  }

  /** For each torch axis, the Keras axis it comes from: [k,in,f]→[f,in,k]; [kh,kw,in,f]→[f,in,kh,kw]; [in,u]→[u,in]. */
  private static int[] toTorchOrder(int rank) {
    return switch (rank) {
      case 2 -> new int[] {1, 0};
      case 3 -> new int[] {2, 1, 0};
      default -> new int[] {3, 2, 0, 1};
    };
  }

  /** out[i0..ik] = in[index with axis order[j] = i_j]: a transpose of {@code t} by {@code order}. */
  static Tensor permute(Tensor t, int[] order) {
    int[] shape = t.shape();
    int rank = shape.length;
    int[] outShape = new int[rank];
    for (int i = 0; i < rank; i++) {
      outShape[i] = shape[order[i]];
    }
    int[] inStrides = new int[rank];
    int stride = 1;
    for (int i = rank - 1; i >= 0; i--) {
      inStrides[i] = stride;
      stride *= shape[i];
    }
    double[] in = t.data();
    double[] out = new double[in.length];
    int[] index = new int[rank];
    for (int flat = 0; flat < out.length; flat++) {
      int source = 0;
      for (int i = 0; i < rank; i++) {
        source += index[i] * inStrides[order[i]];
      }
      out[flat] = in[source];
      for (int i = rank - 1; i >= 0; i--) {
        if (++index[i] < outShape[i]) {
          break;
        }
        index[i] = 0;
      }
    }
    return Tensor.wrap(out, outShape);
  }
}
