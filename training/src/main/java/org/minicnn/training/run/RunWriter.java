package org.minicnn.training.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.minicnn.engine.Parameter;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.Tensor;
import org.minicnn.training.attribution.FilterAttribution;
import org.minicnn.training.attribution.ShiftedMatch;
import org.minicnn.training.experiments.ExperimentRun;
import org.minicnn.training.plots.AttributionPlot;
import org.minicnn.training.plots.RunPlots;

/**
 * Writes a finished run into its directory: the files of {@link RunFiles}, the plots and the summary,
 * replacing those a checkpointed or resumed run wrote before.
 */
public final class RunWriter {

  private RunWriter() {}

  /**
   * @param run input, not modified
   * @param dir an existing directory, new (see {@link RunDirectory}) or the run's own
   * @return the plot files written
   */
  public static List<String> write(ExperimentRun run, Path dir) throws IOException {
    return write(run, dir, true);
  }

  /**
   * As {@link #write(ExperimentRun, Path)}, with or without the plots (a sweep of many runs may do
   * without them; every other file is the same).
   *
   * @return the plot files written, none without {@code plots}
   */
  public static List<String> write(ExperimentRun run, Path dir, boolean plots) throws IOException {
    RunFiles.writeConfig(dir, run.config().commandLine(), config(run));
    RunFiles.writeMetrics(dir, run.state().history());
    RunFiles.writeKernels(dir, run.kernelHistory());
    RunFiles.writeWeights(dir, weights(run.model()));
    RunFiles.writeSample(dir, run.sample());
    RunRecord record = record(run);
    List<String> drawn = new java.util.ArrayList<>();
    if (plots) {
      drawn.addAll(RunPlots.drawAll(record, run.experiment().references(run.config()),
          run.experiment().matchedComparison(), dir));
    }
    if (run.attribution() != null) {
      writeAttribution(dir, run.attribution());
      if (plots) {
        drawn.add(AttributionPlot.draw(run.experiment().name(), run.attribution(), dir));
      }
    }
    Summary.write(run, drawn, dir);
    return drawn;
  }

  /** The file of {@link #writeAttribution}. */
  public static final String ATTRIBUTION = "attribution.csv";

  /**
   * {@code attribution.csv}: one row per first-layer filter and class: {@code filter,class,accuracy}
   * (the intact model's, per class), {@code ablated_accuracy} (with the filter's kernel zeroed), {@code drop},
   * {@code dense_weight} (empty when the last dense does not read the filters), and the filter's closest
   * detector allowing shifts: {@code detector,row_shift,col_shift,cosine} (empty when none has its size).
   */
  static void writeAttribution(Path dir, FilterAttribution a) throws IOException {
    List<List<Object>> rows = new java.util.ArrayList<>();
    for (int f = 0; f < a.filters(); f++) {
      for (int c = 0; c < a.classes().size(); c++) {
        ShiftedMatch m = a.matches().isEmpty() ? null : a.matches().get(f);
        rows.add(java.util.Arrays.asList(f, a.classes().get(c), a.accuracy()[c], a.ablated()[f][c], a.drop(f, c),
            a.denseWeights() == null ? "" : a.denseWeights()[f][c], m == null ? "" : m.detector(),
            m == null ? "" : m.rowShift(), m == null ? "" : m.colShift(), m == null ? "" : m.cosine()));
      }
    }
    Csv.write(dir.resolve(ATTRIBUTION), List.of("filter", "class", "accuracy", "ablated_accuracy", "drop",
        "dense_weight", "detector", "row_shift", "col_shift", "cosine"), rows);
  }

  /** The run as the plots see it. */
  public static RunRecord record(ExperimentRun run) {
    return new RunRecord(run.experiment().name(), config(run), run.state().history(), run.kernelHistory(),
        run.sample());
  }

  /** Everything needed to repeat the run and to redraw its plots. */
  static Map<String, String> config(ExperimentRun run) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("experiment", run.experiment().name());
    c.putAll(run.config().asMap());
    c.put(RunRecord.KERNEL_SHAPE, String.join("x", RunFiles.shapeText(run.finalKernel().shape())));
    c.put(RunRecord.SAMPLE_SHAPE, String.join("x", RunFiles.shapeText(run.sample().shape())));
    c.put("run.epochs_completed", Integer.toString(run.state().epoch()));
    c.put("run.steps", Long.toString(run.state().step()));
    c.put("run.seconds", String.format("%.3f", run.seconds()));
    c.put("version.minicnn", RunFiles.version());
    c.put("version.java", System.getProperty("java.version"));
    c.put("version.os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    return c;
  }

  /** The model's parameters by {@code layer/name}, in Keras order (live tensors). */
  static Map<String, Tensor> weights(Sequential model) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    List<String> names = model.parameterNames();
    List<Parameter> parameters = model.parameters();
    for (int i = 0; i < parameters.size(); i++) {
      out.put(names.get(i), parameters.get(i).value());
    }
    return out;
  }
}
