package org.minicnn.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The measurements of one epoch, in the order they become {@code metrics.csv} columns: {@code epoch}
 * (0 = before any training), {@code step} (optimiser steps done so far), {@code loss} (mean training
 * loss over the epoch's batches, weighted by batch size; for epoch 0 the loss of the initial
 * weights), {@code val_loss}, {@code accuracy}, {@code val_accuracy} (NaN where there is no
 * validation set or no labels), then the experiment's own values (e.g. {@code cosine},
 * {@code max_abs_diff}) in insertion order.
 */
public record EpochMetrics(int epoch, long step, double loss, double valLoss, double accuracy, double valAccuracy,
    Map<String, Double> extra) {

  public EpochMetrics {
    extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  /** The value of column {@code name} (any of {@link #columns()}). */
  public double get(String name) {
    switch (name) {
      case "epoch": return epoch;
      case "step": return step;
      case "loss": return loss;
      case "val_loss": return valLoss;
      case "accuracy": return accuracy;
      case "val_accuracy": return valAccuracy;
      default:
        Double value = extra.get(name);
        if (value == null) {
          throw new IllegalArgumentException("no metric '" + name + "'; expected one of " + columns());
        }
        return value;
    }
  }

  /** Column names: the fixed ones, then the extra ones. */
  public List<String> columns() {
    List<String> names = new ArrayList<>(List.of("epoch", "step", "loss", "val_loss", "accuracy", "val_accuracy"));
    names.addAll(extra.keySet());
    return names;
  }
}
