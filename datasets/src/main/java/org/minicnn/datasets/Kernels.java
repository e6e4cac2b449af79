package org.minicnn.datasets;

import org.minicnn.engine.Tensor;

/**
 * Hand-designed detector kernels, the ones the teacher–student and classification experiments compare
 * learned filters with. Each call returns a new tensor in the engine's kernel layout.
 */
public final class Kernels {

  private Kernels() {}

  /**
   * The {@code size × size} line detector of an orientation, Conv2D layout {@code [size, size, 1, 1]}:
   * 1 on the middle line (middle column for VERTICAL, middle row for HORIZONTAL, the diagonal for
   * DIAGONAL, the anti-diagonal for ANTI_DIAGONAL), 0 elsewhere. {@code line(VERTICAL, 3)} is
   * {@code [[0,1,0],[0,1,0],[0,1,0]]}.
   *
   * @param size odd and positive, so the line has a middle
   */
  public static Tensor line(Orientation orientation, int size) {
    if (orientation == null) {
      throw new IllegalArgumentException("Kernels.line: expected an orientation, got null");
    }
    if (size <= 0 || size % 2 == 0 || size > 4096) {
      throw new IllegalArgumentException("Kernels.line: size must be odd and in [1, 4095], got " + size);
    }
    Tensor k = Tensor.zeros(size, size, 1, 1);
    int middle = size / 2;
    int position = orientation == Orientation.VERTICAL || orientation == Orientation.HORIZONTAL ? middle : 0;
    for (int r = 0; r < size; r++) {
      for (int c = 0; c < size; c++) {
        if (orientation.key(r, c, size) == position) {
          k.set(1.0, r, c, 0, 0);
        }
      }
    }
    return k;
  }

  /** {@code [[0,1,0],[0,1,0],[0,1,0]]} as {@code [3, 3, 1, 1]}. */
  public static Tensor vertical() {
    return line(Orientation.VERTICAL, 3);
  }

  /** {@code [[0,0,0],[1,1,1],[0,0,0]]} as {@code [3, 3, 1, 1]}. */
  public static Tensor horizontal() {
    return line(Orientation.HORIZONTAL, 3);
  }

  /** The 1D bump detector {@code [0, 1, 0]} in Conv1D layout {@code [3, 1, 1]}. */
  public static Tensor bump1d() {
    return Tensor.of(new double[] {0, 1, 0}, 3, 1, 1);
  }
}
