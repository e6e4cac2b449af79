package org.minicnn.training.cli;

import java.io.PrintStream;
import org.minicnn.training.EpochMetrics;
import org.minicnn.training.StepEvent;
import org.minicnn.training.TrainingListener;

/**
 * Shows training progress: on a terminal a single redrawn line with a bar (epoch, step, loss,
 * similarity, ETA); otherwise one plain line per epoch, so logs stay readable.
 */
final class Progress implements TrainingListener {

  private static final int BAR = 24;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream out;
  private final boolean terminal;
  private final int epochs;
  private final long start = System.nanoTime();
  private long lastDraw;
  private double lastCosine = Double.NaN;

  /** @param terminal true to redraw one line (System.console() != null), false for plain lines */
  Progress(PrintStream out, boolean terminal, int epochs) {
    this.out = out;
    this.terminal = terminal;
    this.epochs = epochs;
  }

  @Override
  public void onStep(StepEvent e) {
    if (!terminal) {
      return;
    }
    long now = System.nanoTime();
    long total = (long) epochs * e.batchesPerEpoch();
    if (now - lastDraw < REDRAW_NANOS && e.step() != total) {
      return;
    }
    lastDraw = now;
    double fraction = Math.min(1.0, (double) e.step() / total);
    int filled = (int) Math.round(fraction * BAR);
    double elapsed = (now - start) / 1e9;
    double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : Double.NaN;
    out.printf("\r[%s%s] epoch %d/%d step %d/%d loss %.3e%s ETA %s   ", "#".repeat(filled), ".".repeat(BAR - filled),
        e.epoch(), epochs, e.step(), total, e.loss(),
        Double.isNaN(lastCosine) ? "" : String.format(" cosine %.5f", lastCosine), seconds(eta));
    out.flush();
  }

  @Override
  public void onEpoch(EpochMetrics m) {
    lastCosine = m.extra().getOrDefault("cosine", Double.NaN);
    if (terminal) {
      return;
    }
    StringBuilder line = new StringBuilder(String.format("epoch %d/%d  loss %.4e", m.epoch(), epochs, m.loss()));
    if (!Double.isNaN(m.valLoss())) {
      line.append(String.format("  val_loss %.4e", m.valLoss()));
    }
    if (!Double.isNaN(m.valAccuracy())) {
      line.append(String.format("  val_accuracy %.4f", m.valAccuracy()));
    }
    m.extra().forEach((name, value) -> {
      if (name.equals("cosine") || name.equals("max_abs_diff")) {
        line.append(String.format("  %s %.6g", name, value));
      }
    });
    out.println(line);
  }

  /** Ends the redrawn line on a terminal. */
  void finish() {
    if (terminal && lastDraw != 0) {
      out.println();
    }
  }

  private static String seconds(double s) {
    if (Double.isNaN(s)) {
      return "?";
    }
    return s < 60 ? String.format("%.0fs", Math.ceil(s)) : String.format("%dm%02ds", (int) s / 60, (int) s % 60);
  }
}
