package org.minicnn.training.plots;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.Conv1D;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.training.EpochMetrics;
import org.minicnn.training.kernels.FilterMatch;
import org.minicnn.training.kernels.KernelComparison;
import org.minicnn.training.kernels.KernelMetrics;
import org.minicnn.training.kernels.ReferenceKernel;
import org.minicnn.training.run.RunFiles;
import org.minicnn.training.run.RunRecord;

/**
 * The PNG plots of a run, drawn with XChart from a {@link RunRecord}:
 * <ul>
 * <li>{@code loss.png}: training and validation loss per epoch (log scale);
 * <li>{@code similarity.png}: cosine similarity of learned and hand-designed kernels per epoch;
 * <li>{@code distance.png}: max |learned − hand-designed| per epoch (log scale);
 * <li>{@code kernels.png}: per reference, the learned filter and the hand-designed kernel as heatmaps side
 *     by side, values in the cells;
 * <li>{@code filmstrip.png}: the (first compared) learned filter at up to {@value #FILM_FRAMES} epochs from
 *     start to end;
 * <li>{@code feature-maps.png}: the sample, and its feature maps through the learned filter and through
 *     the hand-designed kernel (convolution without bias);
 * <li>{@code filters.png}: every learned filter in a grid (when the layer has more than one, or for a
 *     classification run, where each is titled with its closest hand-designed detector and a last row
 *     shows the detectors).
 * </ul>
 * Multi-channel kernels are shown by their first input channel.
 */
public final class RunPlots {

  /** Most kernels shown in the film strip. */
  public static final int FILM_FRAMES = 8;
  /** Learned filters per row of {@code filters.png}. */
  public static final int GRID_COLUMNS = 4;

  private RunPlots() {}

  /**
   * Draws every plot into {@code dir} (files replaced if present).
   *
   * @param references the hand-designed kernels of the run's experiment
   * @param matched whether references are matched to the most similar filter (classification)
   * @return the file names written, in the order above
   */
  public static List<String> drawAll(RunRecord run, List<ReferenceKernel> references, boolean matched, Path dir)
      throws IOException {
    List<String> written = new ArrayList<>();
    List<EpochMetrics> metrics = run.metrics();
    double[] epochs = column(metrics, "epoch");

    XYChart loss = Charts.lines(run.experiment() + ": loss", "epoch", "loss (log scale)", true);
    Charts.addSeries(loss, "training loss", epochs, column(metrics, "loss"), true);
    Charts.addSeries(loss, "validation loss", epochs, column(metrics, "val_loss"), true);
    written.add(save(loss, dir, "loss.png"));

    List<String> names = new ArrayList<>();
    if (references.size() > 1) {
      references.forEach(r -> names.add("_" + r.name()));
    } else {
      names.add("");
    }
    XYChart similarity = Charts.lines(run.experiment() + ": cosine similarity to the hand-designed kernel"
        + (matched ? " (mean removed, best filter)" : ""), "epoch", "cosine", false);
    XYChart distance = Charts.lines(run.experiment() + ": max |learned − hand-designed|"
        + (matched ? " (unit-normalised)" : ""), "epoch", "max abs difference (log scale)", true);
    for (String n : names) {
      String label = n.isEmpty() ? references.get(0).name() : n.substring(1);
      Charts.addSeries(similarity, label, epochs, column(metrics, "cosine" + n), false);
      Charts.addSeries(distance, label, epochs, column(metrics, "max_abs_diff" + n), true);
    }
    written.add(save(similarity, dir, "similarity.png"));
    written.add(save(distance, dir, "distance.png"));

    Tensor last = RunFiles.as4d(run.finalKernel());
    int[] shown = shownFilters(run, references, matched, last);
    written.add(kernels(run, references, shown, matched, last, dir));
    written.add(filmStrip(run, shown[0], dir));
    written.add(featureMaps(run, references.get(0), shown[0], dir));
    if (last.dim(3) > 1 || matched) {
      written.add(filterGrid(run, last, matched ? references : List.of(), dir));
    }
    return written;
  }

  private static String save(XYChart chart, Path dir, String name) throws IOException {
    Charts.save(chart, dir.resolve(name));
    return name;
  }

  /** The learned filter compared with each reference. */
  private static int[] shownFilters(RunRecord run, List<ReferenceKernel> references, boolean matched, Tensor last) {
    if (matched) {
      return KernelComparison.matched(run::finalKernel, references).bestFilters(run.finalKernel());
    }
    return references.stream().mapToInt(ReferenceKernel::filter).toArray();
  }

  private static String kernels(RunRecord run, List<ReferenceKernel> references, int[] shown, boolean matched,
      Tensor last, Path dir) throws IOException {
    List<HeatMapChart> panels = new ArrayList<>();
    for (int r = 0; r < references.size(); r++) {
      double[][] learned = matrix(last, shown[r]);
      double[][] hand = matrix(RunFiles.as4d(references.get(r).kernel().reshape(withFilterAxis(references.get(r))))
          , 0);
      double limit = Charts.maxAbs(learned, hand);
      panels.add(Charts.heatmap("learned filter " + shown[r] + (matched ? "" : " (epoch "
          + (run.kernelHistory().size() - 1) + ")"), learned, matched ? Charts.maxAbs(learned) : limit, true, true));
      panels.add(Charts.heatmap("hand-designed: " + references.get(r).name(), hand, matched ? Charts.maxAbs(hand)
          : limit, true, true));
    }
    Charts.saveGrid(panels, references.size(), 2, dir.resolve("kernels.png"));
    return "kernels.png";
  }

  private static int[] withFilterAxis(ReferenceKernel r) {
    int[] s = r.kernel().shape();
    int[] out = java.util.Arrays.copyOf(s, s.length + 1);
    out[s.length] = 1;
    return out;
  }

  /** Up to {@value #FILM_FRAMES} epochs from first to last, evenly spaced. */
  static int[] frames(int epochs) {
    int count = Math.min(FILM_FRAMES, epochs);
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = count == 1 ? 0 : (int) Math.round((double) i * (epochs - 1) / (count - 1));
    }
    return out;
  }

  private static String filmStrip(RunRecord run, int filter, Path dir) throws IOException {
    List<Tensor> history = run.kernelHistory();
    int[] frames = frames(history.size());
    double limit = 1e-12;
    for (int e : frames) {
      limit = Math.max(limit, Charts.maxAbs(matrix(RunFiles.as4d(history.get(e)), filter)));
    }
    List<HeatMapChart> panels = new ArrayList<>();
    for (int e : frames) {
      panels.add(Charts.heatmap("epoch " + e, matrix(RunFiles.as4d(history.get(e)), filter), limit, true, true));
    }
    int cols = Math.min(4, panels.size());
    Charts.saveGrid(panels, (panels.size() + cols - 1) / cols, cols, dir.resolve("filmstrip.png"));
    return "filmstrip.png";
  }

  private static String featureMaps(RunRecord run, ReferenceKernel reference, int filter, Path dir)
      throws IOException {
    Tensor sample = run.sample();
    Tensor learnedKernel = single(RunFiles.as4d(run.finalKernel()), filter);
    Tensor handKernel = RunFiles.as4d(reference.kernel().reshape(withFilterAxis(reference)));
    boolean oneD = sample.rank() == 3;
    Tensor learnedMap = convolve(sample, learnedKernel, oneD);
    Tensor handMap = convolve(sample, handKernel, oneD);
    if (oneD) {
      XYChart chart = Charts.lines(run.experiment() + ": a sample through the learned and the hand-designed filter",
          "position", "value", false);
      Charts.addSeries(chart, "sample", positions(sample.dim(1), 0), channel0(sample), false);
      int offset = (sample.dim(1) - learnedMap.dim(1)) / 2;
      Charts.addSeries(chart, "learned filter " + filter, positions(learnedMap.dim(1), offset), channel0(learnedMap),
          false);
      Charts.addSeries(chart, "hand-designed " + reference.name(), positions(handMap.dim(1), offset), channel0(handMap),
          false);
      Charts.save(chart, dir.resolve("feature-maps.png"));
      return "feature-maps.png";
    }
    double[][] image = matrix(sample.reshape(sample.dim(1), sample.dim(2), sample.dim(3), 1), 0);
    double[][] learned = matrix(learnedMap.reshape(learnedMap.dim(1), learnedMap.dim(2), 1, 1), 0);
    double[][] hand = matrix(handMap.reshape(handMap.dim(1), handMap.dim(2), 1, 1), 0);
    double limit = Charts.maxAbs(learned, hand);
    List<HeatMapChart> panels = List.of(
        Charts.heatmap("sample", image, Charts.maxAbs(image), false, true),
        Charts.heatmap("through learned filter " + filter, learned, limit, true, true),
        Charts.heatmap("through " + reference.name(), hand, limit, true, true));
    Charts.saveGrid(panels, 1, 3, dir.resolve("feature-maps.png"));
    return "feature-maps.png";
  }

  /**
   * Every learned filter, {@value #GRID_COLUMNS} to a row; with {@code detectors}, each filter titled
   * with its closest detector ({@link FilterMatch}) and a last row of the hand-designed detectors.
   */
  private static String filterGrid(RunRecord run, Tensor last, List<ReferenceKernel> detectors, Path dir)
      throws IOException {
    int filters = last.dim(3);
    List<FilterMatch> matches = detectors.isEmpty() ? List.of() : FilterMatch.of(last, detectors);
    List<List<HeatMapChart>> rows = new ArrayList<>();
    for (int f = 0; f < filters; f++) {
      if (f % GRID_COLUMNS == 0) {
        rows.add(new ArrayList<>());
      }
      double[][] m = matrix(last, f);
      String title = matches.isEmpty() ? "filter " + f : String.format("filter %d %s %s (%.2f)", f,
          matches.get(f).bestCosine() >= FilterMatch.CLEAR ? "≈" : "closest:",
          detectors.get(matches.get(f).best()).name(), matches.get(f).bestCosine());
      rows.get(rows.size() - 1).add(Charts.heatmap(title, m, Charts.maxAbs(m), true, true));
    }
    if (!detectors.isEmpty()) {
      List<HeatMapChart> hand = new ArrayList<>();
      for (ReferenceKernel d : detectors) {
        double[][] m = matrix(RunFiles.as4d(d.kernel().reshape(withFilterAxis(d))), 0);
        hand.add(Charts.heatmap("hand-designed: " + d.name(), m, Charts.maxAbs(m), true, true));
      }
      rows.add(hand);
    }
    Charts.saveRows(rows, dir.resolve("filters.png"));
    return "filters.png";
  }

  /** The convolution (no bias) of {@code sample} with a one-filter kernel, 2D {@code [kh, kw, in, 1]}. */
  private static Tensor convolve(Tensor sample, Tensor kernel4d, boolean oneD) {
    if (oneD) {
      Conv1D conv = new Conv1D(1, kernel4d.dim(1)).useBias(false);
      conv.setWeights(kernel4d.reshape(kernel4d.dim(1), kernel4d.dim(2), 1), null);
      return conv.forward(sample);
    }
    Conv2D conv = new Conv2D(1, kernel4d.dim(0), kernel4d.dim(1)).useBias(false);
    conv.setWeights(kernel4d, null);
    return conv.forward(sample);
  }

  /** Filter {@code f} of a 4D kernel as its own {@code [kh, kw, in, 1]} kernel. */
  private static Tensor single(Tensor kernel4d, int f) {
    int[] s = kernel4d.shape();
    double[] w = KernelMetrics.filter(kernel4d, f);
    return Tensor.of(w, s[0], s[1], s[2], 1);
  }

  /** Channel 0 of filter {@code f} of a 4D kernel {@code [rows, cols, in, filters]} as a matrix. */
  static double[][] matrix(Tensor kernel4d, int f) {
    int[] s = kernel4d.shape();
    double[][] out = new double[s[0]][s[1]];
    for (int r = 0; r < s[0]; r++) {
      for (int c = 0; c < s[1]; c++) {
        out[r][c] = kernel4d.get(r, c, 0, f);
      }
    }
    return out;
  }

  private static double[] channel0(Tensor signal) {
    double[] out = new double[signal.dim(1)];
    for (int i = 0; i < out.length; i++) {
      out[i] = signal.get(0, i, 0);
    }
    return out;
  }

  private static double[] positions(int n, int offset) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = i + offset;
    }
    return out;
  }

  private static double[] column(List<EpochMetrics> metrics, String name) {
    double[] out = new double[metrics.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = metrics.get(i).extra().containsKey(name) || !name.startsWith("cosine") && !name.startsWith("max_abs")
          ? metrics.get(i).get(name) : Double.NaN;
    }
    return out;
  }
}
