package org.minicnn.training.sweep;

import java.util.Map;
import org.minicnn.training.experiments.Option;
import org.minicnn.training.experiments.RunConfig;

/**
 * One point of a sweep's grid.
 *
 * @param index its place in the grid's product order (the first axis varies slowest)
 * @param name its directory under {@code DIR/runs}, built from the axis values, e.g. {@code lr-0.03_seed-7}
 * @param values the axis values, in axis order
 * @param config the complete configuration it trains with
 */
public record SweepRun(int index, String name, Map<Option, String> values, RunConfig config) {

  public SweepRun {
    values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
  }

  /** Its directory relative to the sweep directory, {@code runs/<name>} (the {@code run} column of sweep.csv). */
  public String relativeDir() {
    return Sweep.RUNS + "/" + name;
  }
}
