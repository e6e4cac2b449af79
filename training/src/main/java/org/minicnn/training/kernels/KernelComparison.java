package org.minicnn.training.kernels;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.minicnn.engine.Layer;
import org.minicnn.engine.Tensor;
import org.minicnn.training.Measurement;
import org.minicnn.training.kernels.KernelComparison;
import org.minicnn.training.kernels.KernelMetrics;
import org.minicnn.training.kernels.ReferenceKernel;
/**
 * Per-epoch closeness of learned filters to hand-designed ones, as {@link org.minicnn.training.EpochMetrics} columns:
 * {@code cosine} and {@code max_abs_diff} (with several references: for {@link #fixed}, the worst of
 * them — lowest cosine, largest difference — since every teacher must be matched; for
 * {@link #matched}, the best-matched reference's pair, since a classifier need not grow every
 * detector), plus {@code cosine_<name>} and {@code max_abs_diff_<name>} per reference when there are
 * several.
 *
 * <p>Two ways to pair filters with references:
 * <ul>
 * <li>{@link #fixed}: reference {@code r} is compared with filter {@code r.filter()} as it is
 *     (teacher–student: the weights themselves must match);
 * <li>{@link #matched}: each reference is compared with the learned filter whose
 *     {@link KernelMetrics#centredCosine centred cosine} to it is highest, and {@code max_abs_diff} is
 *     taken between the two after centring and scaling each to unit length (classification: a
 *     filter's scale and offset are not determined, only its pattern).
 * </ul>
 */
public final class KernelComparison implements Measurement {

  private final Supplier<Tensor> kernel;
  private final List<ReferenceKernel> references;
  private final boolean matched;

  private KernelComparison(Supplier<Tensor> kernel, List<ReferenceKernel> references, boolean matched) {
    this.kernel = kernel;
    this.references = List.copyOf(references);
    this.matched = matched;
  }

  /** @param kernel gives the live learned kernel, Keras layout {@code [kernel…, inChannels, filters]} */
  public static KernelComparison fixed(Supplier<Tensor> kernel, List<ReferenceKernel> references) {
    return new KernelComparison(kernel, references, false);
  }

  /** @param kernel gives the live learned kernel, Keras layout {@code [kernel…, inChannels, filters]} */
  public static KernelComparison matched(Supplier<Tensor> kernel, List<ReferenceKernel> references) {
    return new KernelComparison(kernel, references, true);
  }

  @Override
  public Map<String, Double> measure(Layer model) {
    return compare(kernel.get());
  }

  /** The columns for a given learned kernel (input, not modified). */
  public Map<String, Double> compare(Tensor learned) {
    Map<String, Double> perReference = new LinkedHashMap<>();
    double headlineCosine = matched ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    double headlineDiff = 0;
    for (ReferenceKernel r : references) {
      double[] pair = matched ? bestMatch(learned, r) : exact(learned, r);
      if (!matched) {
        headlineCosine = Math.min(headlineCosine, pair[0]);
        headlineDiff = Math.max(headlineDiff, pair[1]);
      } else if (pair[0] > headlineCosine) {
        headlineCosine = pair[0];
        headlineDiff = pair[1];
      }
      perReference.put("cosine_" + r.name(), pair[0]);
      perReference.put("max_abs_diff_" + r.name(), pair[1]);
    }
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("cosine", headlineCosine);
    out.put("max_abs_diff", headlineDiff);
    if (references.size() > 1) {
      out.putAll(perReference);
    }
    return out;
  }

  /**
   * For {@link #matched} comparisons: the learned filter most like each reference, in reference order.
   *
   * @param learned input, not modified
   */
  public int[] bestFilters(Tensor learned) {
    int[] best = new int[references.size()];
    for (int r = 0; r < best.length; r++) {
      best[r] = (int) bestMatch(learned, references.get(r))[2];
    }
    return best;
  }

  private static double[] exact(Tensor learned, ReferenceKernel r) {
    double[] w = KernelMetrics.filter(learned, r.filter());
    double[] h = r.kernel().data();
    return new double[] {KernelMetrics.cosine(w, h), KernelMetrics.maxAbsDiff(w, h), r.filter()};
  }

  private static double[] bestMatch(Tensor learned, ReferenceKernel r) {
    double[] h = unit(KernelMetrics.centred(r.kernel().data()));
    double[] best = {Double.NEGATIVE_INFINITY, 0, -1};
    for (int f = 0; f < learned.dim(-1); f++) {
      double[] w = unit(KernelMetrics.centred(KernelMetrics.filter(learned, f)));
      double cosine = KernelMetrics.cosine(w, h);
      if (cosine > best[0]) {
        best = new double[] {cosine, KernelMetrics.maxAbsDiff(w, h), f};
      }
    }
    return best;
  }

  private static double[] unit(double[] a) {
    double norm = 0;
    for (double v : a) {
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    double[] out = a.clone();
    if (norm > 0) {
      for (int i = 0; i < out.length; i++) {
        out[i] /= norm;
      }
    }
    return out;
  }
}
