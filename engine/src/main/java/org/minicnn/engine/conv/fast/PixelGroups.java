package org.minicnn.engine.conv.fast;

import org.minicnn.engine.conv.ConvSpec;
import org.minicnn.engine.conv.ReferenceConvolution;
import org.minicnn.engine.layers.Padding;

/**
 * Where a patch's elements lie, and how an output row is cut into groups of six interior pixels:
 * shared by the blocked and small-patch kernels, whose register tiles take six pixels at a time.
 */
final class PixelGroups {

  private PixelGroups() {}

  /** Where patch element {@code p = (i·kernelCols + j)·inChannels + ch} lies relative to its window's first input element. */
  static int[] patchOffsets(ConvSpec s) {
    int ch = s.inChannels();
    int[] offsets = new int[s.patchSize()];
    int p = 0;
    for (int i = 0; i < s.kernelRows(); i++) {
      for (int j = 0; j < s.kernelCols(); j++) {
        int at = (i * s.dilationRows() * s.inCols() + j * s.dilationCols()) * ch;
        for (int t = 0; t < ch; t++) {
          offsets[p++] = at + t;
        }
      }
    }
    return offsets;
  }

  /**
   * One image of {@code s} inside a zero border as wide as its padding, as a convolution: batch 1, no padding,
   * the same output size, every window inside. Rows and columns past the last window (which the strides skip)
   * are left out, so it can be smaller than the padded input.
   */
  static ConvSpec bordered(ConvSpec s) {
    int rows = (s.outRows() - 1) * s.strideRows() + (s.kernelRows() - 1) * s.dilationRows() + 1;
    int cols = (s.outCols() - 1) * s.strideCols() + (s.kernelCols() - 1) * s.dilationCols() + 1;
    return ConvSpec.of(1, rows, cols, s.inChannels(), s.kernelRows(), s.kernelCols(), s.filters(),
        s.strideRows(), s.strideCols(), s.dilationRows(), s.dilationCols(), Padding.VALID, Padding.VALID);
  }

  /** The pixels of one image that {@link #forEachInteriorSix} hands out, in row-major order. */
  interface PixelRuns {
    /** Pixels {@code [p0, p1)} (row-major within the image, possibly none) that take the im2col route. */
    void others(int p0, int p1);

    /** The six pixels {@code (r, c…c+5)}, whose windows all lie inside the input. */
    void six(int r, int c);
  }

  /**
   * Cuts each output row into groups of six neighbouring pixels whose windows lie inside the input, and hands out
   * the pixels between groups (padded borders, row ends) as runs, in row-major order. A run takes in every pixel
   * up to the next group, across row ends: one row's last pixels and the next row's first are one run, so the
   * im2col route gets them as one strip (two rows of its tile rather than two single rows).
   */
  static void forEachInteriorSix(ConvSpec s, PixelRuns runs) {
    int outCols = s.outCols();
    int done = 0;  // the first pixel not yet handed out
    for (int r = 0; r < s.outRows(); r++) {
      int rowPixel = r * outCols;
      for (int c = 0; c + 6 <= outCols; ) {
        if (!Patches.interior(s, r, c) || !Patches.interior(s, r, c + 5)) {
          c++;
          continue;
        }
        runs.others(done, rowPixel + c);
        runs.six(r, c);
        c += 6;
        done = rowPixel + c;
      }
    }
    runs.others(done, s.outRows() * outCols);
  }

  /** The input index of the first element of output pixel {@code (r, c)}'s window in image {@code n}. */
  static int windowStart(ConvSpec s, int n, int r, int c) {
    return ReferenceConvolution.inputIndex(s, n, r * s.strideRows() - s.padTop(), c * s.strideCols() - s.padLeft(),
        0);
  }

  /**
   * Whether the offsets come in whole groups of {@code width} consecutive elements
   * ({@code offsets[width·g + t] = offsets[width·g] + t}), as the gathered and scattered tiles read them.
   */
  static boolean runsContiguous(int[] offsets, int width) {
    if (offsets.length % width != 0) {
      return false;
    }
    for (int g = 0; g < offsets.length; g += width) {
      for (int t = 1; t < width; t++) {
        if (offsets[g + t] != offsets[g] + t) {
          return false;
        }
      }
    }
    return true;
  }
}
