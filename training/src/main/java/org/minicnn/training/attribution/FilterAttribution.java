package org.minicnn.training.attribution;

import java.util.List;
import java.util.Set;
import org.minicnn.engine.Layer;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.engine.layers.Dense;
import org.minicnn.engine.layers.GlobalAveragePool2D;
import org.minicnn.engine.layers.GlobalMaxPool2D;
import org.minicnn.engine.layers.MaxPool2D;
import org.minicnn.engine.layers.ReLU;
import org.minicnn.engine.layers.Sigmoid;
import org.minicnn.engine.layers.Tanh;
import org.minicnn.training.kernels.ReferenceKernel;

/**
 * Which first-layer filter a trained classifier relies on for each class, measured three ways:
 * <ul>
 *   <li><b>ablation</b>: the validation accuracy of each class with filter {@code f} zeroed (its kernel
 *       weights set to 0), every other weight unchanged. Its bias stays: the filter's response becomes the
 *       same constant for every image, so it carries no information about the image, while the layers after
 *       it still get the offset they were trained with. A filter the network relies on for a class drops
 *       that class's accuracy; {@link #drop} is the difference to the intact model;</li>
 *   <li><b>dense weights</b>: when the last {@code Dense} reads the filters directly (only activations and
 *       pools between, one input per filter), its weight from filter {@code f} to class {@code c}; else null;</li>
 *   <li><b>closest detector</b>: {@link ShiftedMatch}, the hand-designed detector most like the filter with
 *       shifts of up to one pixel, sign included.</li>
 * </ul>
 *
 * <pre>{@code
 * FilterAttribution a = FilterAttribution.of(model, validation.inputs(), validation.labels(), classes);
 * int f = a.reliedOn(0);        // the filter whose loss hurts class 0 most
 * double left = a.ablated()[f][0];
 * }</pre>
 *
 * @param classes class names, label order
 * @param accuracy per-class validation accuracy of the intact model
 * @param ablated {@code [filter][class]}: per-class validation accuracy with that filter zeroed
 * @param denseWeights {@code [filter][class]}: the last dense's weights, or null when it does not read the filters
 *     directly
 * @param matches each filter's closest detector, allowing shifts; empty when no detector has the filter's size
 */
public record FilterAttribution(List<String> classes, double[] accuracy, double[][] ablated, double[][] denseWeights,
    List<ShiftedMatch> matches) {

  /** Layers that keep each channel a function of the same channel (so a dense after them reads filters). */
  private static final Set<Class<?>> PER_CHANNEL = Set.of(ReLU.class, Tanh.class, Sigmoid.class, MaxPool2D.class,
      GlobalMaxPool2D.class, GlobalAveragePool2D.class);

  /**
   * Measures a trained classifier whose first layer is a {@link Conv2D}. The model is left as it was (each
   * filter's weights are put back after its ablation).
   *
   * @param model input (temporarily modified, restored)
   * @param inputs validation inputs {@code [n, rows, cols, channels]}
   * @param labels their labels, {@code 0 ≤ label < classes.size()}
   * @param classes class names, label order
   * @throws IllegalArgumentException when the first layer is not a built Conv2D or the labels do not fit
   */
  public static FilterAttribution of(Sequential model, Tensor inputs, int[] labels, List<String> classes) {
    List<Layer> layers = model.layers();
    if (layers.isEmpty() || !(layers.get(0) instanceof Conv2D)) {
      throw new IllegalArgumentException("FilterAttribution: expected a model whose first layer is Conv2D, got "
          + (layers.isEmpty() ? "no layer" : layers.get(0).getClass().getSimpleName()));
    }
    if (labels.length != inputs.dim(0)) {
      throw new IllegalArgumentException("FilterAttribution: expected one label per input, got " + labels.length
          + " labels for " + inputs.dim(0) + " inputs");
    }
    Conv2D conv = (Conv2D) layers.get(0);
    Tensor kernel = conv.kernel();
    int filters = kernel.dim(-1);
    double[] accuracy = perClassAccuracy(model.predict(inputs), labels, classes.size());
    double[][] ablated = new double[filters][];
    double[] k = kernel.data();
    for (int f = 0; f < filters; f++) {
      double[] savedKernel = new double[k.length / filters];
      for (int i = 0; i < savedKernel.length; i++) {
        savedKernel[i] = k[i * filters + f];
        k[i * filters + f] = 0;
      }
      try {
        ablated[f] = perClassAccuracy(model.predict(inputs), labels, classes.size());
      } finally {
        for (int i = 0; i < savedKernel.length; i++) {
          k[i * filters + f] = savedKernel[i];
        }
      }
    }
    List<ReferenceKernel> detectors = ShiftedMatch.detectors(kernel.dim(0), kernel.dim(1));
    return new FilterAttribution(List.copyOf(classes), accuracy, ablated, denseWeights(model, filters, classes.size()),
        detectors.isEmpty() ? List.of() : ShiftedMatch.of(kernel, detectors));
  }

  /** The last dense's kernel as {@code [filter][class]} when it reads the first layer's filters directly, else null. */
  private static double[][] denseWeights(Sequential model, int filters, int classes) {
    List<Layer> layers = model.layers();
    Layer last = layers.get(layers.size() - 1);
    if (!(last instanceof Dense)) {
      return null;
    }
    for (Layer l : layers.subList(1, layers.size() - 1)) {
      if (!PER_CHANNEL.contains(l.getClass())) {
        return null;
      }
    }
    Tensor w = ((Dense) last).kernel();
    if (w.dim(0) != filters || w.dim(1) != classes) {
      return null;
    }
    double[][] out = new double[filters][classes];
    for (int f = 0; f < filters; f++) {
      for (int c = 0; c < classes; c++) {
        out[f][c] = w.get(f, c);
      }
    }
    return out;
  }

  /** The fraction of each class's samples whose arg-max logit (the first on a tie) is their label. */
  static double[] perClassAccuracy(Tensor logits, int[] labels, int classes) {
    double[] p = logits.data();
    int width = logits.size() / logits.dim(0);
    if (width != classes) {
      throw new IllegalArgumentException("FilterAttribution: expected logits [n, " + classes + "], got width " + width);
    }
    int[] hits = new int[classes];
    int[] counts = new int[classes];
    for (int i = 0; i < labels.length; i++) {
      int guess = 0;
      for (int c = 1; c < classes; c++) {
        if (p[i * classes + c] > p[i * classes + guess]) {
          guess = c;
        }
      }
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException("FilterAttribution: label " + labels[i] + " of sample " + i
            + " is out of range [0, " + classes + ")");
      }
      counts[labels[i]]++;
      if (guess == labels[i]) {
        hits[labels[i]]++;
      }
    }
    double[] out = new double[classes];
    for (int c = 0; c < classes; c++) {
      out[c] = counts[c] == 0 ? Double.NaN : (double) hits[c] / counts[c];
    }
    return out;
  }

  /** The number of first-layer filters. */
  public int filters() {
    return ablated.length;
  }

  /** How much zeroing filter {@code f} lowers the accuracy of class {@code c} (negative: it rises). */
  public double drop(int f, int c) {
    return accuracy[c] - ablated[f][c];
  }

  /**
   * The filter whose zeroing lowers class {@code c}'s accuracy most; on a tie, the one that lowers the other
   * classes least in sum (the most specific to {@code c}); then the first.
   */
  public int reliedOn(int c) {
    int best = 0;
    for (int f = 1; f < filters(); f++) {
      if (drop(f, c) > drop(best, c) || drop(f, c) == drop(best, c) && otherDrops(f, c) < otherDrops(best, c)) {
        best = f;
      }
    }
    return best;
  }

  private double otherDrops(int f, int c) {
    double sum = 0;
    for (int other = 0; other < classes.size(); other++) {
      sum += other == c ? 0 : drop(f, other);
    }
    return sum;
  }

  /** {@code [filter][class]} accuracy drops, for the heatmap. */
  public double[][] drops() {
    double[][] out = new double[filters()][classes.size()];
    for (int f = 0; f < filters(); f++) {
      for (int c = 0; c < classes.size(); c++) {
        out[f][c] = drop(f, c);
      }
    }
    return out;
  }

  /**
   * The Markdown section: per filter, each class's validation accuracy with the filter zeroed (and the drop),
   * the dense weights per class, and the closest detector centred and with shifts; then, per class, the filter
   * relied on most.
   */
  public String table() {
    StringBuilder t = new StringBuilder("## Which filter the network relies on for each class\n\n");
    t.append("Ablation: each first-layer filter's kernel zeroed in turn (its bias kept, so its response no longer")
        .append(" depends on the image), the validation accuracy of each class measured, every other weight")
        .append(" unchanged. A cell reads `accuracy (change)`; the intact model scores ");
    for (int c = 0; c < classes.size(); c++) {
      t.append(c == 0 ? "" : ", ").append(String.format("%s %.3f", classes.get(c), accuracy[c]));
    }
    t.append(".");
    if (denseWeights != null) {
      t.append(" `w→class`: the last dense layer's weight from the filter's pooled response to that class's logit.");
    }
    if (!matches.isEmpty()) {
      t.append(" Closest detector: highest centred cosine with a hand-designed detector or its inverse, first")
          .append(" without shift, then allowing the detector to sit up to ").append(ShiftedMatch.MAX_SHIFT)
          .append(" pixel off centre.");
    }
    t.append("\n\n| filter |");
    classes.forEach(c -> t.append(' ').append(c).append(" |"));
    if (denseWeights != null) {
      classes.forEach(c -> t.append(" w→").append(c).append(" |"));
    }
    if (!matches.isEmpty()) {
      t.append(" closest (centred) | closest (shift ≤ 1) |");
    }
    int numeric = classes.size() * (denseWeights != null ? 2 : 1);
    t.append("\n|---:|").append("---:|".repeat(numeric)).append(matches.isEmpty() ? "" : "---|---|").append('\n');
    for (int f = 0; f < filters(); f++) {
      t.append("| ").append(f).append(" |");
      for (int c = 0; c < classes.size(); c++) {
        t.append(String.format(" %.3f (%+.3f) |", ablated[f][c], -drop(f, c) + 0.0));  // + 0.0: no "-0.000"
      }
      if (denseWeights != null) {
        for (int c = 0; c < classes.size(); c++) {
          t.append(String.format(" %+.3f |", denseWeights[f][c]));
        }
      }
      if (!matches.isEmpty()) {
        ShiftedMatch m = matches.get(f);
        t.append(String.format(" %s (%.3f) | %s |", m.centredDetector(), m.centredCosine(), m.describe()));
      }
      t.append('\n');
    }
    t.append('\n');
    for (int c = 0; c < classes.size(); c++) {
      int f = reliedOn(c);
      if (drop(f, c) <= 0) {
        t.append(String.format("- %s: no filter alone — zeroing any one leaves %s accuracy at %.3f or above\n",
            classes.get(c), classes.get(c), accuracy[c]));
        continue;
      }
      t.append(String.format("- %s: filter %d — zeroing it takes %s accuracy from %.3f to %.3f", classes.get(c), f,
          classes.get(c), accuracy[c], ablated[f][c]));
      if (denseWeights != null) {
        t.append(String.format("; its weight to %s is %+.3f", classes.get(c), denseWeights[f][c]));
      }
      if (!matches.isEmpty()) {
        t.append("; closest detector: ").append(matches.get(f).describe());
      }
      t.append('\n');
    }
    return t.toString();
  }
}
