package org.minicnn.training;

import java.util.Map;
import org.minicnn.engine.Layer;

/**
 * Extra per-epoch values computed from the model, e.g. how close a learned kernel is to a
 * hand-designed one. The trainer adds them to {@link EpochMetrics#extra()} in the order returned.
 */
@FunctionalInterface
public interface Measurement {

  /** @param model input, not modified */
  Map<String, Double> measure(Layer model);
}
