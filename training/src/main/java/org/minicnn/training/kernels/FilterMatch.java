package org.minicnn.training.kernels;

import java.util.ArrayList;
import java.util.List;
import org.minicnn.engine.Tensor;
import org.minicnn.training.kernels.FilterMatch;
import org.minicnn.training.kernels.KernelMetrics;
import org.minicnn.training.kernels.ReferenceKernel;
/**
 * Which hand-designed detector a learned filter is most like. A classifier fixes a filter's pattern
 * but not its scale or offset (the following layers absorb both), so filters and detectors are
 * compared by {@link KernelMetrics#centredCosine centred cosine}: the mean of each is removed, then
 * the cosine is taken, sign included (an inverted detector scores near −1 and is not a match for it).
 *
 * @param filter the learned filter's index (last axis of the Keras-layout kernel)
 * @param cosines the centred cosine of the filter with each detector, in detector order
 * @param best the index of the detector with the highest centred cosine (the first on a tie)
 */
public record FilterMatch(int filter, double[] cosines, int best) {

  /** The centred cosine from which a filter is said to have become a detector. */
  public static final double CLEAR = 0.9;

  /** The centred cosine with the closest detector. */
  public double bestCosine() {
    return cosines[best];
  }

  /**
   * Matches every filter of {@code learned} to its closest detector.
   *
   * @param learned input, not modified: a Keras-layout kernel {@code [kernel…, inChannels, filters]}
   * @param detectors input: the hand-designed kernels, each of one filter's size
   * @throws IllegalArgumentException when there is no detector or a detector's size differs from a filter's
   */
  public static List<FilterMatch> of(Tensor learned, List<ReferenceKernel> detectors) {
    if (detectors.isEmpty()) {
      throw new IllegalArgumentException("FilterMatch: expected at least one hand-designed detector, got none");
    }
    List<FilterMatch> out = new ArrayList<>();
    for (int f = 0; f < learned.dim(-1); f++) {
      double[] w = KernelMetrics.filter(learned, f);
      double[] cosines = new double[detectors.size()];
      int best = 0;
      for (int d = 0; d < cosines.length; d++) {
        cosines[d] = KernelMetrics.centredCosine(w, detectors.get(d).kernel().data());
        if (cosines[d] > cosines[best]) {
          best = d;
        }
      }
      out.add(new FilterMatch(f, cosines, best));
    }
    return out;
  }

  /** The index of the detector with the lowest centred cosine: the one this filter is most nearly the inverse of. */
  public int worst() {
    int worst = 0;
    for (int d = 1; d < cosines.length; d++) {
      if (cosines[d] < cosines[worst]) {
        worst = d;
      }
    }
    return worst;
  }

  /**
   * One sentence naming the filters that became a detector (centred cosine ≥ {@value #CLEAR}) or an
   * inverted one (≤ −{@value #CLEAR}, and not a detector), and the detectors no filter became, e.g.
   * {@code "filters that became a detector (centred cosine ≥ 0.9): filter 2 ≈ inverted vertical (-0.970),
   * filter 3 ≈ vertical (0.956); no filter became horizontal, diagonal"}.
   *
   * @param matches from {@link #of} with the same {@code detectors}
   */
  public static String describe(List<FilterMatch> matches, List<ReferenceKernel> detectors) {
    List<String> clear = new ArrayList<>();
    boolean[] reached = new boolean[detectors.size()];
    for (FilterMatch m : matches) {
      if (m.bestCosine() >= CLEAR) {
        clear.add(String.format("filter %d ≈ %s (%.3f)", m.filter(), detectors.get(m.best()).name(), m.bestCosine()));
        reached[m.best()] = true;
      } else {
        int worst = m.worst();
        if (m.cosines()[worst] <= -CLEAR) {
          clear.add(String.format("filter %d ≈ inverted %s (%.3f)", m.filter(), detectors.get(worst).name(),
              m.cosines()[worst]));
        }
      }
    }
    List<String> missing = new ArrayList<>();
    for (int d = 0; d < reached.length; d++) {
      if (!reached[d]) {
        missing.add(detectors.get(d).name());
      }
    }
    String text = "filters that became a detector (centred cosine ≥ " + CLEAR + ", or ≤ −" + CLEAR + " for an inverted one): "
        + (clear.isEmpty() ? "none" : String.join(", ", clear));
    return missing.isEmpty() ? text : text + "; no filter became " + String.join(", ", missing);
  }
}
