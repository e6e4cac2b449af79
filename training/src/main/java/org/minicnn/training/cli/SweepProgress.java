package org.minicnn.training.cli;

import java.io.PrintStream;
import org.minicnn.training.sweep.RunStatus;
import org.minicnn.training.sweep.SweepRun;
import org.minicnn.training.sweep.SweepRunner;

/**
 * Shows a sweep's progress: on a terminal one redrawn line with a bar, the runs done, failed and running and
 * the ETA; otherwise one plain line per finished run. Called from the sweep's worker threads.
 */
final class SweepProgress implements SweepRunner.Progress {

  private static final int BAR = 24;

  private final PrintStream out;
  private final boolean terminal;
  private final boolean quiet;
  private final long start = System.nanoTime();
  private int total;
  private int done;
  private int failed;
  private int running;
  private boolean drawn;

  /**
   * @param terminal redraw one line (System.console() != null) instead of printing a line per run
   * @param quiet print nothing
   */
  SweepProgress(PrintStream out, boolean terminal, boolean quiet) {
    this.out = out;
    this.terminal = terminal;
    this.quiet = quiet;
  }

  @Override
  public synchronized void planned(int toTrain, int skippedDone, int skippedFailed) {
    total = toTrain;
    if (!quiet && (skippedDone > 0 || skippedFailed > 0)) {
      out.printf("skipping %d runs done before%s%n", skippedDone, skippedFailed == 0 ? ""
          : " and " + skippedFailed + " that failed before (--retry-failed trains them again)");
    }
  }

  @Override
  public synchronized void started(SweepRun run) {
    running++;
    draw();
  }

  @Override
  public synchronized void finished(SweepRun run, RunStatus status, double overheadSeconds) {
    running--;
    if (status.state() == RunStatus.State.MISSING) {
      total--;
      if (!quiet) {
        out.printf("%s%s: not trained: %s%n", terminal ? "\r" : "", run.relativeDir(), status.verdict());
      }
      draw();
      return;
    }
    if (status.state() == RunStatus.State.DONE) {
      done++;
    } else {
      failed++;
    }
    if (!quiet && !terminal) {
      out.printf("[%d/%d] %s: %s%n", done + failed, total, run.relativeDir(),
          status.state() == RunStatus.State.DONE
              ? (status.thresholdMet() ? "threshold met" : "threshold NOT met") + String.format(" in %.2f s"
                  + " (+%.3f s directory and files)", status.seconds(), overheadSeconds)
              : "FAILED: " + status.verdict());
    }
    draw();
  }

  private void draw() {
    if (quiet || !terminal || total == 0) {
      return;
    }
    int ended = done + failed;
    double fraction = (double) ended / total;
    int filled = (int) Math.round(fraction * BAR);
    double elapsed = (System.nanoTime() - start) / 1e9;
    String eta = ended == 0 ? "?" : String.format("%.0fs", Math.ceil(elapsed * (total - ended) / ended));
    out.printf("\r[%s%s] %d/%d runs: %d done, %d failed, %d running, ETA %s   ", "#".repeat(filled),
        ".".repeat(BAR - filled), ended, total, done, failed, running, eta);
    out.flush();
    drawn = true;
  }

  /** Ends the redrawn line on a terminal. */
  synchronized void finish() {
    if (drawn) {
      out.println();
    }
  }
}
