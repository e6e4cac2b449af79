package org.minicnn.training.experiments;

import java.util.List;
import java.util.Map;

/** What every experiment holds the same way: its name, its one-line description and its defaults. */
abstract class NamedExperiment implements Experiment {

  private final String name;
  private final String description;
  private final RunConfig defaults;

  /**
   * @param dataKinds the values {@code --data} accepts, the default first or as {@code defaults} says
   * @param defaults every option this experiment takes and its default value
   */
  NamedExperiment(String name, String description, List<String> dataKinds, Map<Option, String> defaults) {
    this.name = name;
    this.description = description;
    this.defaults = RunConfig.of(name, dataKinds, defaults);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final RunConfig defaults() {
    return defaults;
  }
}
