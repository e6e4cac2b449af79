package org.minicnn.training.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.io.AtomicFiles;
import org.minicnn.training.EpochMetrics;
import org.minicnn.training.kernels.FilterMatch;
import org.minicnn.training.kernels.KernelComparison;
import org.minicnn.training.kernels.ReferenceKernel;
import org.minicnn.training.experiments.ExperimentRun;
import org.minicnn.training.experiments.Verdict;
import org.minicnn.training.identifiability.Identifiability;
import org.minicnn.training.identifiability.Explanation;

/** {@code summary.md}: the result in numbers, the kernels, what the data determines, and the plots. */
public final class Summary {

  public static final String FILE = "summary.md";

  private Summary() {}

  /** Writes {@code summary.md} into {@code dir}. @param plots the plot files to show */
  public static void write(ExperimentRun run, List<String> plots, Path dir) throws IOException {
    AtomicFiles.write(dir.resolve(FILE), out -> out.write(render(run, plots, dir.getFileName().toString())));
  }

  /** The Markdown text. */
  public static String render(ExperimentRun run, List<String> plots, String runName) {
    StringBuilder md = new StringBuilder();
    Verdict verdict = run.verdict();
    EpochMetrics first = run.state().history().get(0);
    EpochMetrics last = run.last();
    md.append("# ").append(run.experiment().name()).append(" — ").append(runName).append("\n\n");
    md.append(run.experiment().description()).append(".\n\n");
    md.append("**Result: ").append(verdict.met() ? "threshold met" : "threshold NOT met").append("** — ")
        .append(verdict.text()).append(".\n\n");
    md.append(String.format("%d epochs, %d steps, %.2f s.%n%n", run.state().epoch(), run.state().step(),
        run.seconds()));

    md.append("| metric | start (epoch 0) | end (epoch ").append(last.epoch()).append(") |\n|---|---|---|\n");
    for (String column : RunFiles.metricColumns(run.state().history())) {
      if (!column.equals("epoch") && !column.equals("step")) {
        md.append("| ").append(column).append(" | ").append(number(first.get(column))).append(" | ")
            .append(number(last.get(column))).append(" |\n");
      }
    }
    md.append('\n');

    md.append("## Learned and hand-designed kernels\n\n");
    List<ReferenceKernel> references = run.experiment().references(run.config());
    Tensor learned = RunFiles.as4d(run.finalKernel());
    int[] filters = run.experiment().matchedComparison()
        ? KernelComparison.matched(run::finalKernel, references).bestFilters(run.finalKernel())
        : references.stream().mapToInt(ReferenceKernel::filter).toArray();
    for (int r = 0; r < references.size(); r++) {
      ReferenceKernel ref = references.get(r);
      md.append("Learned filter ").append(filters[r]);
      if (run.experiment().matchedComparison()) {
        md.append(String.format(" (centred cosine %.4f)", run.last().get(references.size() > 1
            ? "cosine_" + ref.name() : "cosine")));
      }
      md.append(" vs hand-designed `").append(ref.name()).append("`:\n\n");
      Tensor hand = RunFiles.as4d(ref.kernel().reshape(append1(ref.kernel().shape())));
      md.append(sideBySide(learned, filters[r], hand)).append('\n');
    }

    if (run.experiment().matchedComparison()) {
      md.append(matchTable(run.finalKernel(), references)).append('\n');
    }

    if (run.attribution() != null) {
      md.append(run.attribution().table()).append('\n');
    }

    if (run.identifiability() != null) {
      md.append("## What the data determines\n\n");
      md.append(Explanation.of(run.identifiability(), run.kernelHistory().get(0), run.finalKernel(),
          references)).append("\n\n");
      Identifiability id = run.identifiability();
      md.append("- patch matrix: ").append(id.patches()).append(" patches × ").append(id.unknowns())
          .append(" weights, rank ").append(id.rank()).append('\n');
      md.append("- singular values: ").append(list(id.singularValues())).append('\n');
      md.append("- least-squares optimum (lowest reachable loss): ").append(number(id.optimumLoss())).append('\n');
      md.append("- minimum-norm solution: ").append(list(id.minimumNormSolution().data())).append('\n');
      Identifiability.Split split = id.split(run.finalKernel());
      md.append("- learned kernel, determined part: ").append(list(split.determined().data())).append('\n');
      md.append("- learned kernel, null-space part: ").append(list(split.nullSpace().data())).append("\n\n");
    }

    if (!run.notes().isEmpty()) {
      md.append("## Notes\n\n");
      for (String note : run.notes()) {
        md.append("- ").append(note).append('\n');
      }
      md.append('\n');
    }

    md.append("## Plots\n\n");
    if (plots.isEmpty()) {
      md.append("None drawn; `minicnn plot ").append(runName).append("` draws them from the files.\n\n");
    }
    for (String plot : plots) {
      md.append("![").append(plot.replace(".png", "")).append("](").append(plot).append(")\n\n");
    }
    md.append("## Files\n\n`config.properties` (all parameters), `metrics.csv` (one row per epoch, 0 = start),"
        + " `kernels.csv` (every kernel weight at every epoch), `weights.csv` (final weights, Keras layout),"
        + " `sample.csv` (the sample above). Repeat the run with:\n\n```\n").append(run.config().commandLine())
        .append("\n```\n");
    return md.toString();
  }

  /** Every learned filter's centred cosine with every detector, and the closest detector. */
  static String matchTable(Tensor learned, List<ReferenceKernel> detectors) {
    List<FilterMatch> matches = FilterMatch.of(learned, detectors);
    StringBuilder t = new StringBuilder("## Each learned filter's closest hand-designed detector\n\n");
    t.append("Centred cosine: the mean removed from both kernels, then the cosine, sign included (1: the same")
        .append(" pattern, −1: inverted, 0: unrelated).\n\n| filter |");
    detectors.forEach(d -> t.append(' ').append(d.name()).append(" |"));
    t.append(" closest |\n|---:|").append("---:|".repeat(detectors.size())).append("---|\n");
    for (FilterMatch m : matches) {
      t.append("| ").append(m.filter()).append(" |");
      for (double c : m.cosines()) {
        t.append(String.format(" %.4f |", c));
      }
      t.append(String.format(" %s (%.4f) |\n", detectors.get(m.best()).name(), m.bestCosine()));
    }
    t.append('\n').append(FilterMatch.describe(matches, detectors)).append(".\n");
    return t.toString();
  }

  private static int[] append1(int[] shape) {
    int[] out = java.util.Arrays.copyOf(shape, shape.length + 1);
    out[shape.length] = 1;
    return out;
  }

  /** A Markdown table: learned rows, a gap column, hand-designed rows (input channel 0). */
  private static String sideBySide(Tensor learned4d, int filter, Tensor hand4d) {
    int rows = learned4d.dim(0);
    int cols = learned4d.dim(1);
    StringBuilder t = new StringBuilder("|");
    for (int c = 0; c < cols; c++) {
      t.append(" learned |");
    }
    t.append(" |");
    for (int c = 0; c < cols; c++) {
      t.append(" hand |");
    }
    t.append("\n|").append("---:|".repeat(2 * cols + 1)).append('\n');
    for (int r = 0; r < rows; r++) {
      t.append('|');
      for (int c = 0; c < cols; c++) {
        t.append(" ").append(weight(learned4d.get(r, c, 0, filter))).append(" |");
      }
      t.append(" |");
      for (int c = 0; c < cols; c++) {
        t.append(" ").append(weight(hand4d.get(r, c, 0, 0))).append(" |");
      }
      t.append('\n');
    }
    return t.toString();
  }

  private static String list(double[] values) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      s.append(i == 0 ? "" : ", ").append(number(values[i]));
    }
    return s.append(']').toString();
  }

  /** A weight with 4 decimals; a tiny negative one reads "0.0000", not "-0.0000" (its sign is noise here). */
  static String weight(double v) {
    String text = String.format(java.util.Locale.ROOT, "%.4f", v);
    return text.equals("-0.0000") ? "0.0000" : text;
  }

  /** 4 significant digits, or "—" when not measured. */
  static String number(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    if (v == 0 || Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5) {
      return String.format("%.4f", v);
    }
    return String.format("%.3e", v);
  }
}
