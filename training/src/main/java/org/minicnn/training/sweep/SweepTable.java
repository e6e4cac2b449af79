package org.minicnn.training.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.minicnn.training.EpochMetrics;
import org.minicnn.training.run.Csv;
import org.minicnn.training.run.RunFiles;

/**
 * A sweep's results as they stand on disk, one row per run of the grid, and {@code sweep.csv}:
 * {@code run} (the directory, relative to the sweep's), one column per axis, {@code status} (done, failed,
 * missing), the last epoch's metrics as in the run's {@code metrics.csv} ({@code loss}, {@code val_loss},
 * {@code accuracy} and {@code val_accuracy} for classification, {@code cosine}, {@code max_abs_diff} and, with
 * several hand-designed kernels, {@code cosine_<name>} and {@code max_abs_diff_<name>} per kernel — for
 * classification the best centred cosine any filter reaches with each detector), {@code threshold_met} and
 * {@code seconds}. Numbers are written as in the run's files (the shortest round-trip form), so the table of
 * a sweep run in one piece equals that of the same sweep run in shards or on a cluster, but for
 * {@code seconds}. Empty cells: not measured, or the run is not done.
 */
public final class SweepTable {

  public static final String FILE = "sweep.csv";

  /**
   * One run's row.
   *
   * @param run the grid point
   * @param status how it ended, {@link RunStatus#MISSING} if it has not
   * @param metrics the last epoch's metrics by column, empty unless done
   */
  public record Row(SweepRun run, RunStatus status, Map<String, Double> metrics) {}

  private final Sweep sweep;
  private final List<Row> rows;
  private final List<String> metricColumns;

  private SweepTable(Sweep sweep, List<Row> rows, List<String> metricColumns) {
    this.sweep = sweep;
    this.rows = List.copyOf(rows);
    this.metricColumns = List.copyOf(metricColumns);
  }

  /**
   * Reads every run's status and, for those done, the last row of its {@code metrics.csv}.
   *
   * @throws IOException naming the file when a status or metrics file cannot be read
   */
  public static SweepTable collect(Sweep sweep, Path dir) throws IOException {
    List<Row> rows = new ArrayList<>();
    Set<String> columns = new LinkedHashSet<>();
    for (SweepRun r : sweep.runs()) {
      RunStatus status = RunStatus.read(dir, r);
      Map<String, Double> metrics = new LinkedHashMap<>();
      if (status.state() == RunStatus.State.DONE) {
        List<EpochMetrics> history = RunFiles.readMetrics(dir.resolve(r.relativeDir()));
        EpochMetrics last = history.get(history.size() - 1);
        List<String> names = RunFiles.metricColumns(history);
        for (String name : names.subList(2, names.size())) {  // after epoch and step
          metrics.put(name, last.get(name));
        }
        columns.addAll(metrics.keySet());
      }
      rows.add(new Row(r, status, metrics));
    }
    return new SweepTable(sweep, rows, new ArrayList<>(columns));
  }

  public Sweep sweep() {
    return sweep;
  }

  public List<Row> rows() {
    return rows;
  }

  /** The metric columns, in the order of the runs' {@code metrics.csv}. */
  public List<String> metricColumns() {
    return metricColumns;
  }

  /** The rows whose run has the given status. */
  public List<Row> withStatus(RunStatus.State state) {
    return rows.stream().filter(r -> r.status().state() == state).toList();
  }

  /** The header of {@code sweep.csv}. */
  public List<String> header() {
    List<String> header = new ArrayList<>(List.of("run"));
    sweep.axes().forEach(a -> header.add(a.name()));
    header.add("status");
    header.addAll(metricColumns);
    header.add("threshold_met");
    header.add("seconds");
    return header;
  }

  /** Writes {@code sweep.csv} into {@code dir}, atomically. */
  public void write(Path dir) throws IOException {
    List<List<Object>> out = new ArrayList<>();
    for (Row row : rows) {
      List<Object> cells = new ArrayList<>();
      cells.add(row.run().relativeDir());
      cells.addAll(row.run().values().values());
      cells.add(row.status().state().text());
      boolean done = row.status().state() == RunStatus.State.DONE;
      for (String column : metricColumns) {
        cells.add(row.metrics().getOrDefault(column, Double.NaN));
      }
      cells.add(done ? Boolean.toString(row.status().thresholdMet()) : "");
      cells.add(row.status().seconds());
      out.add(cells);
    }
    Csv.write(dir.resolve(FILE), header(), out);
  }
}
