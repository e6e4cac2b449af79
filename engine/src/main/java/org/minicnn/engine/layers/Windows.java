package org.minicnn.engine.layers;

import org.minicnn.engine.Shapes;
import org.minicnn.engine.conv.ConvSpec;

/**
 * What the layers that slide a window share ({@link BaseConv}, {@link BaseMaxPool}): sizes per spatial
 * dimension kept in 2D form {@code {rows, cols}}, a 1D layer being computed as a 2D one whose rows are 1.
 */
final class Windows {

  private Windows() {}

  /** {@code values} as given (one per spatial dimension), each checked positive, in 2D form. */
  static int[] twoD(String layer, String what, int rank, int... values) {
    for (int v : values) {
      Shapes.requirePositive(layer, what, v);
    }
    return rank == 1 ? new int[] {1, values[0]} : values.clone();
  }

  /** The 2D form as the user gave it: one value for rank 1. */
  static int[] userView(int rank, int[] twoD) {
    return rank == 1 ? new int[] {twoD[1]} : twoD.clone();
  }

  static String inputLayout(int rank) {
    return rank == 1 ? "[batch, length, channels]" : "[batch, rows, cols, channels]";
  }

  /** The geometry of {@code inputShape} (rank checked) under a window; rows are never padded in 1D. */
  static ConvSpec spec(String layer, int rank, int[] inputShape, int[] window, int filters, int[] strides,
      int[] dilation, Padding padding) {
    Shapes.requireRank(layer, rank + 2, inputLayout(rank), inputShape);
    return ConvSpec.of(inputShape[0], rank == 1 ? 1 : inputShape[1], inputShape[rank],
        inputShape[rank + 1], window[0], window[1], filters, strides[0], strides[1], dilation[0], dilation[1],
        rank == 1 ? Padding.VALID : padding, padding);
  }

  static int[] outputShape(int rank, ConvSpec s, int channels) {
    return rank == 1
        ? new int[] {s.batch(), s.outCols(), channels}
        : new int[] {s.batch(), s.outRows(), s.outCols(), channels};
  }
}
