package org.minicnn.training.attribution;

import java.util.ArrayList;
import java.util.List;
import org.minicnn.datasets.Kernels;
import org.minicnn.datasets.Orientation;
import org.minicnn.engine.Tensor;
import org.minicnn.training.kernels.KernelMetrics;
import org.minicnn.training.kernels.ReferenceKernel;

/**
 * A learned filter's closest hand-designed detector when the detector may sit up to one pixel off the
 * window's centre. A classifier followed by a max pool detects a line just as well with its pattern one
 * column or row off centre, so comparing with centred detectors only misses such filters. Each detector
 * {@code d} and its inverse {@code −d} are tried at every shift {@code (dr, dc)} in {@code {−1, 0, 1}²}:
 * {@code shifted[r][c] = ±d[r − dr][c − dc]}, zero where that falls outside the window. Similarity is the
 * {@link KernelMetrics#centredCosine centred cosine}; the sign is kept apart: a filter close to an inverted
 * detector (one that responds to the absence of its pattern, which ReLU treats quite differently) is
 * reported as {@code inverted}, never as the detector.
 *
 * @param filter the learned filter's index
 * @param detector the closest detector's name, {@code inverted } before it for {@code −d}
 * @param rowShift its shift down (−1 up, 0, 1 down)
 * @param colShift its shift right (−1 left, 0, 1 right)
 * @param cosine the centred cosine with the (inverted, shifted) detector
 * @param centredDetector the closest detector or inverse without shift
 * @param centredCosine the centred cosine with it
 */
public record ShiftedMatch(int filter, String detector, int rowShift, int colShift, double cosine,
    String centredDetector, double centredCosine) {

  /** The largest shift tried, pixels. */
  public static final int MAX_SHIFT = 1;

  /** Every shift, the centred one first so that it wins a tie (and the detector before its inverse). */
  private static final int[][] SHIFTS = {{0, 0}, {-1, -1}, {-1, 0}, {-1, 1}, {0, -1}, {0, 1}, {1, -1}, {1, 0}, {1, 1}};

  /** E.g. {@code "inverted vertical shifted 1 right (0.935)"} or {@code "sobel-x (0.990)"}. */
  public String describe() {
    return String.format("%s%s (%.3f)", detector, shiftText(), cosine);
  }

  /** {@code ""} for no shift, else e.g. {@code " shifted 1 left, 1 down"}. */
  public String shiftText() {
    List<String> parts = new ArrayList<>();
    if (colShift != 0) {
      parts.add(Math.abs(colShift) + (colShift > 0 ? " right" : " left"));
    }
    if (rowShift != 0) {
      parts.add(Math.abs(rowShift) + (rowShift > 0 ? " down" : " up"));
    }
    return parts.isEmpty() ? "" : " shifted " + String.join(", ", parts);
  }

  /**
   * The hand-designed detectors a {@code rows × cols} filter is compared with: the library's kernels of
   * that size ({@link Kernels#names2d}) except {@code box}, which detects no pattern; for another odd square
   * size, the four line detectors of that size ({@link Kernels#line}).
   */
  public static List<ReferenceKernel> detectors(int rows, int cols) {
    List<ReferenceKernel> out = new ArrayList<>();
    for (String name : Kernels.names2d()) {
      Tensor k = Kernels.named(name);
      if (!name.equals("box") && k.dim(0) == rows && k.dim(1) == cols) {
        out.add(new ReferenceKernel(name, k.reshape(rows, cols, 1), 0));
      }
    }
    if (out.isEmpty() && rows == cols && rows % 2 == 1) {
      for (Orientation o : Orientation.values()) {
        out.add(new ReferenceKernel(o.label().replace('_', '-'), Kernels.line(o, rows).reshape(rows, cols, 1), 0));
      }
    }
    return out;
  }

  /**
   * Matches every filter of a 2D kernel with {@code detectors}, by input channel 0.
   *
   * @param kernel input, not modified: Keras layout {@code [rows, cols, inChannels, filters]}
   * @param detectors input: each {@code [rows, cols, 1]}; at least one
   */
  public static List<ShiftedMatch> of(Tensor kernel, List<ReferenceKernel> detectors) {
    if (detectors.isEmpty()) {
      throw new IllegalArgumentException("ShiftedMatch: expected at least one detector, got none");
    }
    int rows = kernel.dim(0);
    int cols = kernel.dim(1);
    int channels = kernel.dim(2);
    List<ShiftedMatch> out = new ArrayList<>();
    for (int f = 0; f < kernel.dim(3); f++) {
      double[] all = KernelMetrics.filter(kernel, f);
      double[] w = new double[rows * cols];
      for (int p = 0; p < w.length; p++) {
        w[p] = all[p * channels];
      }
      String best = null;
      int[] bestShift = {0, 0};
      double bestCosine = Double.NEGATIVE_INFINITY;
      String centred = null;
      double centredCosine = Double.NEGATIVE_INFINITY;
      for (int sign : new int[] {1, -1}) {
        for (ReferenceKernel d : detectors) {
          double[] h = d.kernel().data();
          String name = (sign < 0 ? "inverted " : "") + d.name();
          for (int[] shift : SHIFTS) {
            // centredCosine(w, −s) = −centredCosine(w, s)
            double c = sign * KernelMetrics.centredCosine(w, shifted(h, rows, cols, shift[0], shift[1]));
            if (c > bestCosine) {
              best = name;
              bestShift = shift;
              bestCosine = c;
            }
            if (shift[0] == 0 && shift[1] == 0 && c > centredCosine) {
              centred = name;
              centredCosine = c;
            }
          }
        }
      }
      out.add(new ShiftedMatch(f, best, bestShift[0], bestShift[1], bestCosine, centred, centredCosine));
    }
    return out;
  }

  /** {@code h} ({@code rows × cols}, row-major) moved {@code dr} rows down and {@code dc} right, zero-filled. */
  static double[] shifted(double[] h, int rows, int cols, int dr, int dc) {
    double[] out = new double[h.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int sr = r - dr;
        int sc = c - dc;
        if (sr >= 0 && sr < rows && sc >= 0 && sc < cols) {
          out[r * cols + c] = h[sr * cols + sc];
        }
      }
    }
    return out;
  }
}
