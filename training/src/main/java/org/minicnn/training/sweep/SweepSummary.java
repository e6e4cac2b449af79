package org.minicnn.training.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.minicnn.engine.io.AtomicFiles;
import org.minicnn.training.experiments.Option;
import org.minicnn.training.plots.SweepPlots;

/**
 * {@code summary.md} of a sweep: how many runs are done, failed and missing; per axis, the success rate
 * (threshold met, of the runs that ended) and the mean, min and max of each metric per value; the runs that
 * failed and why; the plots; with a seed axis and others, the headline metric per seed and per combination
 * of the others; and every run's row.
 */
public final class SweepSummary {

  public static final String FILE = "summary.md";
  /** Rows of the per-run table beyond which summary.md refers to sweep.csv instead. */
  static final int MAX_ROWS = 1000;

  private final SweepTable table;

  public SweepSummary(SweepTable table) {
    this.table = table;
  }

  /**
   * Draws the plots (unless {@code plots} is false) and writes {@code summary.md} into {@code dir}.
   *
   * @return the plot files written
   */
  public List<String> write(Path dir, boolean plots) throws IOException {
    List<String> drawn = plots ? drawPlots(dir) : List.of();
    AtomicFiles.write(dir.resolve(FILE), out -> out.write(render(drawn)));
    return drawn;
  }

  /** The Markdown text, showing {@code plots}. */
  String render(List<String> plots) {
    Sweep sweep = table.sweep();
    StringBuilder md = new StringBuilder("# Sweep of " + sweep.experiment().name() + "\n\n");
    int done = table.withStatus(RunStatus.State.DONE).size();
    List<SweepTable.Row> failed = table.withStatus(RunStatus.State.FAILED);
    List<SweepTable.Row> missing = table.withStatus(RunStatus.State.MISSING);
    md.append("```\n").append(sweep.commandLine()).append("\n```\n\n");
    md.append(String.format(Locale.ROOT, "%d runs: %d done, %d failed, %d missing. Threshold met by %s.%n%n",
        table.rows().size(), done, failed.size(), missing.size(), rate(table.rows())));

    for (int a = 0; a < sweep.axes().size(); a++) {
      Axis axis = sweep.axes().get(a);
      md.append("## By ").append(axis.name()).append("\n\nPer value: runs done (of all), threshold met (of the runs"
          + " that ended), and each metric's mean [min, max] over the done runs.\n\n| ").append(axis.name())
          .append(" | done | threshold met |");
      for (String m : table.metricColumns()) {
        md.append(' ').append(m).append(" |");
      }
      md.append("\n|---|---|---|").append("---|".repeat(table.metricColumns().size())).append('\n');
      for (String value : axis.values()) {
        List<SweepTable.Row> rows = rowsWith(axis, value);
        List<SweepTable.Row> ok = rows.stream().filter(r -> r.status().state() == RunStatus.State.DONE).toList();
        md.append("| ").append(value).append(" | ").append(ok.size()).append('/').append(rows.size()).append(" | ")
            .append(rate(rows)).append(" |");
        for (String m : table.metricColumns()) {
          double[] s = stats(ok, m);
          md.append(' ').append(Double.isNaN(s[0]) ? "" : format(m, s[0]) + " [" + format(m, s[1]) + ", "
              + format(m, s[2]) + "]").append(" |");
        }
        md.append('\n');
      }
      md.append('\n');
    }

    if (!failed.isEmpty()) {
      md.append("## Failed runs\n\n");
      failed.forEach(r -> md.append("- `").append(r.run().relativeDir()).append("`: ")
          .append(r.status().verdict().replace('\n', ' ')).append('\n'));
      md.append("\nRerun the sweep with `--retry-failed` to train them again.\n\n");
    }
    if (!missing.isEmpty()) {
      md.append("## Missing runs\n\nNot run yet, still running, or stopped before their end (the same sweep command"
          + " trains or resumes them):\n\n");
      missing.stream().limit(50).forEach(r -> md.append("- `").append(r.run().relativeDir()).append("`\n"));
      if (missing.size() > 50) {
        md.append("- … and ").append(missing.size() - 50).append(" more (status `missing` in sweep.csv)\n");
      }
      md.append('\n');
    }
    if (!plots.isEmpty()) {
      md.append("## Plots\n\n");
      plots.forEach(p -> md.append("![").append(p.replace(".png", "")).append("](").append(p).append(")\n\n"));
    }

    perSeed(md);
    md.append("## Every run\n\n");
    List<String> shown = shownMetrics();
    md.append("| run |");
    sweep.axes().forEach(a -> md.append(' ').append(a.name()).append(" |"));
    md.append(" status |");
    shown.forEach(m -> md.append(' ').append(m).append(" |"));
    md.append(" threshold met | seconds |\n|---|").append("---|".repeat(sweep.axes().size() + shown.size() + 3))
        .append('\n');
    for (SweepTable.Row r : table.rows().subList(0, Math.min(MAX_ROWS, table.rows().size()))) {
      md.append("| ").append(r.run().name()).append(" |");
      r.run().values().values().forEach(v -> md.append(' ').append(v).append(" |"));
      md.append(' ').append(r.status().state().text()).append(" |");
      for (String m : shown) {
        Double v = r.metrics().get(m);
        md.append(' ').append(v == null || v.isNaN() ? "" : format(m, v)).append(" |");
      }
      boolean ended = r.status().state() == RunStatus.State.DONE;
      md.append(' ').append(ended ? (r.status().thresholdMet() ? "yes" : "no") : "").append(" | ")
          .append(Double.isNaN(r.status().seconds()) ? "" : String.format(Locale.ROOT, "%.2f", r.status().seconds()))
          .append(" |\n");
    }
    if (table.rows().size() > MAX_ROWS) {
      md.append("\nThe first ").append(MAX_ROWS).append(" of ").append(table.rows().size())
          .append(" runs; every run is in `").append(SweepTable.FILE).append("`.\n");
    }
    md.append("\nEvery number, unrounded: `").append(SweepTable.FILE).append("`.\n");
    return md.toString();
  }

  /**
   * With a {@code seed} axis and others: the headline metric per seed (rows) and per combination of the other
   * axes' values (columns), so that a result can be read across seeds at a glance.
   */
  private void perSeed(StringBuilder md) {
    Sweep sweep = table.sweep();
    Axis seed = sweep.axes().stream().filter(a -> a.option() == Option.SEED)
        .findFirst().orElse(null);
    if (seed == null || sweep.axes().size() < 2 || table.withStatus(RunStatus.State.DONE).isEmpty()) {
      return;
    }
    String metric = headline();
    List<String> columns = new ArrayList<>();
    Map<String, Map<String, SweepTable.Row>> cells = new LinkedHashMap<>();
    for (SweepTable.Row r : table.rows()) {
      List<String> others = new ArrayList<>();
      r.run().values().forEach((o, v) -> {
        if (o != seed.option()) {
          others.add(o.flag().substring(2) + " " + v);
        }
      });
      String column = String.join(", ", others);
      if (!columns.contains(column)) {
        columns.add(column);
      }
      cells.computeIfAbsent(r.run().values().get(seed.option()), k -> new HashMap<>()).put(column, r);
    }
    md.append("## Per seed\n\n").append(metric).append(" of each run, by seed and the other axes").append(
        " (empty: not done).\n\n| seed |");
    columns.forEach(c -> md.append(' ').append(c).append(" |"));
    md.append("\n|---|").append("---|".repeat(columns.size())).append('\n');
    cells.forEach((value, byColumn) -> {
      md.append("| ").append(value).append(" |");
      for (String c : columns) {
        SweepTable.Row r = byColumn.get(c);
        Double v = r == null ? null : r.metrics().get(metric);
        md.append(' ').append(v == null || v.isNaN() ? "" : format(metric, v)).append(" |");
      }
      md.append('\n');
    });
    md.append('\n');
  }

  /**
   * The metrics of the per-run table: validation accuracy, then for classification the best centred cosine
   * with each detector, otherwise the cosine and max |Δ| (per teacher when there are several).
   */
  List<String> shownMetrics() {
    List<String> all = table.metricColumns();
    boolean classification = all.contains("val_accuracy");
    boolean perReference = all.stream().anyMatch(m -> m.startsWith("cosine_"));
    List<String> shown = new ArrayList<>();
    if (classification) {
      shown.add("val_accuracy");
    }
    for (String m : all) {
      boolean headline = m.equals("cosine") || m.equals("max_abs_diff");
      boolean ofReference = m.startsWith("cosine_") || (!classification && m.startsWith("max_abs_diff_"));
      if (perReference ? ofReference : headline) {
        shown.add(m);
      }
    }
    return shown;
  }

  /** Accuracy to 4 decimals and cosines to 3, as the docs' tables; losses and distances to 3 significant digits. */
  static String format(String metric, double v) {
    if (metric.contains("accuracy")) {
      return String.format(Locale.ROOT, "%.4f", v);
    }
    if (metric.startsWith("cosine")) {
      return String.format(Locale.ROOT, "%.3f", v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }

  private List<SweepTable.Row> rowsWith(Axis axis, String value) {
    return table.rows().stream().filter(r -> value.equals(r.run().values().get(axis.option()))).toList();
  }

  /** "7/10 (70%)": runs that met the threshold of those that ended (done or failed). */
  private static String rate(List<SweepTable.Row> rows) {
    long ended = rows.stream().filter(r -> r.status().state() != RunStatus.State.MISSING).count();
    long met = rows.stream().filter(r -> r.status().thresholdMet()).count();
    return ended == 0 ? "–" : String.format(Locale.ROOT, "%d/%d (%.0f%%)", met, ended, 100.0 * met / ended);
  }

  /** Mean, min and max of {@code metric} over {@code rows} (NaN values skipped; all NaN when none). */
  private static double[] stats(List<SweepTable.Row> rows, String metric) {
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    int n = 0;
    for (SweepTable.Row r : rows) {
      double v = r.metrics().getOrDefault(metric, Double.NaN);
      if (!Double.isNaN(v)) {
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
        n++;
      }
    }
    return n == 0 ? new double[] {Double.NaN, Double.NaN, Double.NaN} : new double[] {sum / n, min, max};
  }

  /** The headline metric plotted against each axis: validation accuracy for classification, else the cosine. */
  private String headline() {
    return table.metricColumns().contains("val_accuracy") ? "val_accuracy"
        : table.metricColumns().contains("cosine") ? "cosine" : "loss";
  }

  private List<String> drawPlots(Path dir) throws IOException {
    List<String> drawn = new ArrayList<>();
    if (table.withStatus(RunStatus.State.DONE).isEmpty()) {
      return drawn;
    }
    Sweep sweep = table.sweep();
    String metric = headline();
    for (Axis axis : sweep.axes()) {
      double[] x = numbers(axis.values());
      if (x == null || x.length < 2) {
        continue;  // a metric against an axis needs two or more numeric values
      }
      double[] mean = new double[x.length];
      double[] min = new double[x.length];
      double[] max = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        double[] s = stats(rowsWith(axis, axis.values().get(i)).stream()
            .filter(r -> r.status().state() == RunStatus.State.DONE).toList(), metric);
        mean[i] = s[0];
        min[i] = s[1];
        max[i] = s[2];
      }
      String file = "sweep-" + metric + "-by-" + axis.name() + ".png";
      SweepPlots.metricByAxis(sweep.experiment().name() + ": " + metric + " by " + axis.name()
          + " (mean, min and max)", axis.name(), metric, x, mean, min, max, dir.resolve(file));
      drawn.add(file);
    }
    if (sweep.axes().size() >= 2) {
      Axis ax = sweep.axes().get(0);
      Axis ay = sweep.axes().get(1);
      double[][] rate = new double[ay.values().size()][ax.values().size()];
      for (int y = 0; y < rate.length; y++) {
        for (int x = 0; x < rate[y].length; x++) {
          String vx = ax.values().get(x);
          String vy = ay.values().get(y);
          List<SweepTable.Row> cell = table.rows().stream()
              .filter(r -> vx.equals(r.run().values().get(ax.option())) && vy.equals(r.run().values().get(ay.option()))
                  && r.status().state() != RunStatus.State.MISSING).toList();
          rate[y][x] = cell.isEmpty() ? Double.NaN
              : cell.stream().filter(r -> r.status().thresholdMet()).count() / (double) cell.size();
        }
      }
      String file = "sweep-success-" + ax.name() + "-" + ay.name() + ".png";
      SweepPlots.successHeatmap(sweep.experiment().name() + ": success rate (threshold met)", ax.name(), ax.values(),
          ay.name(), ay.values(), rate, dir.resolve(file));
      drawn.add(file);
    }
    return drawn;
  }

  /** The values as numbers, or null when one is not a number. */
  private static double[] numbers(List<String> values) {
    double[] x = new double[values.size()];
    try {
      for (int i = 0; i < x.length; i++) {
        x[i] = Double.parseDouble(values.get(i));
      }
    } catch (NumberFormatException e) {
      return null;
    }
    return x;
  }
}
