package org.minicnn.training.kernels;

import org.minicnn.engine.Tensor;
import org.minicnn.training.kernels.ReferenceKernel;
/**
 * A hand-designed kernel that a learned filter is compared with.
 *
 * @param name short name used in column names, e.g. {@code vertical} (gives {@code cosine_vertical})
 * @param kernel one filter, Keras layout without the filter axis: {@code [rows, cols, inChannels]}
 *     (or {@code [size, inChannels]} in 1D)
 * @param filter which filter of the learned kernel it is compared with (for teacher–student runs)
 */
public record ReferenceKernel(String name, Tensor kernel, int filter) {

  /** The vertical line detector {@code [[0,1,0],[0,1,0],[0,1,0]]}, one input channel. */
  public static Tensor vertical() {
    return Tensor.of(new double[] {0, 1, 0, 0, 1, 0, 0, 1, 0}, 3, 3, 1);
  }

  /** The horizontal line detector {@code [[0,0,0],[1,1,1],[0,0,0]]}, one input channel. */
  public static Tensor horizontal() {
    return Tensor.of(new double[] {0, 0, 0, 1, 1, 1, 0, 0, 0}, 3, 3, 1);
  }

  /** The main-diagonal detector {@code [[1,0,0],[0,1,0],[0,0,1]]}. */
  public static Tensor diagonal() {
    return Tensor.of(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 3, 3, 1);
  }

  /** The anti-diagonal detector {@code [[0,0,1],[0,1,0],[1,0,0]]}. */
  public static Tensor antiDiagonal() {
    return Tensor.of(new double[] {0, 0, 1, 0, 1, 0, 1, 0, 0}, 3, 3, 1);
  }
}
