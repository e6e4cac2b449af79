package org.minicnn.training.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.minicnn.training.experiments.Experiment;
import org.minicnn.training.experiments.Experiments;
import org.minicnn.training.experiments.Option;
import org.minicnn.training.experiments.RunConfig;
import org.minicnn.training.run.RunFiles;

/**
 * A run directory's {@code config.properties} read back as the experiment and the configuration it
 * ran with (for {@code minicnn plot} and {@code minicnn train --resume}).
 */
record SavedRun(Experiment experiment, RunConfig config) {

  /**
   * @param dir the run directory, for messages
   * @param saved input: the key/value pairs of its {@code config.properties}
   * @throws IOException naming the file when the experiment is unknown or a saved value is invalid
   */
  static SavedRun of(Path dir, Map<String, String> saved) throws IOException {
    Path file = dir.resolve(RunFiles.CONFIG);
    String name = saved.get("experiment");
    Experiment experiment = name == null ? null : Experiments.byName(name);
    if (experiment == null) {
      throw new IOException(file + ": the run's experiment '" + name + "' is not known to this minicnn; expected one"
          + " of " + String.join(", ", Experiments.names()));
    }
    RunConfig config = experiment.defaults();
    java.util.List<String> missing = new java.util.ArrayList<>();
    for (Option o : config.options()) {
      if (!saved.containsKey(o.key())) {
        missing.add(o.key());
      }
    }
    if (!missing.isEmpty()) {
      // defaults in their place would make a different run than the one the directory holds
      throw new IOException(file + ": incomplete: no " + String.join(", ", missing) + " (a run's config.properties"
          + " names every option of " + name + ")");
    }
    try {
      for (Map.Entry<String, String> e : saved.entrySet()) {
        Option o = Option.byKey(e.getKey());
        if (o != null && config.has(o)) {
          config = config.with(o, e.getValue());
        }
      }
      experiment.check(config);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
    return new SavedRun(experiment, config);
  }

  /** The keys a run directory needs before its end: the experiment and every parameter. */
  static Map<String, String> startConfig(Experiment experiment, RunConfig config) {
    Map<String, String> values = new java.util.LinkedHashMap<>();
    values.put("experiment", experiment.name());
    values.putAll(config.asMap());
    return values;
  }
}
