package org.minicnn.training.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.minicnn.engine.io.AtomicFiles;

/**
 * How a sweep's run ended, kept in {@code DIR/status/<name>.properties} and written (atomically) only after
 * the run directory is complete: a run without one is missing, whatever its directory holds, and is trained
 * again (or resumed from its checkpoint) by the next sweep.
 *
 * @param state done or failed (missing: not written, for a run that has not ended)
 * @param thresholdMet whether the run met its experiment's threshold (false when failed)
 * @param verdict the experiment's verdict, or why the run failed
 * @param seconds wall-clock seconds of data generation and training (of the last session, when resumed)
 */
public record RunStatus(State state, boolean thresholdMet, String verdict, double seconds) {

  /** What became of a run. */
  public enum State {
    DONE, FAILED, MISSING;

    /** {@code done}, {@code failed}, {@code missing}: the {@code status} column of sweep.csv. */
    public String text() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A run that has not ended (yet). */
  public static final RunStatus MISSING = new RunStatus(State.MISSING, false, "", Double.NaN);

  /** The status file of {@code run} in the sweep directory {@code dir}. */
  static Path file(Path dir, SweepRun run) {
    return dir.resolve(Sweep.STATUS).resolve(run.name() + ".properties");
  }

  void write(Path file) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("status", state.text());
    values.put("threshold_met", Boolean.toString(thresholdMet));
    values.put("seconds", Double.toString(seconds));
    values.put("verdict", verdict);
    java.util.Properties p = new java.util.Properties();
    p.putAll(values);
    AtomicFiles.write(file, out -> {
      // Properties escapes line breaks and non-Latin-1 text; the order of the keys does not matter
      p.store(out, null);
    });
  }

  /**
   * The status of {@code run}: {@link #MISSING} when it has no status file.
   *
   * @throws IOException naming the file when it is not a status file
   */
  static RunStatus read(Path dir, SweepRun run) throws IOException {
    Path file = file(dir, run);
    if (!Files.isRegularFile(file)) {
      return MISSING;
    }
    Map<String, String> p = Sweep.readProperties(file);
    String state = p.getOrDefault("status", "");
    if (!state.equals("done") && !state.equals("failed")) {
      throw new IOException(file + ": expected status=done or status=failed, got '" + state + "'");
    }
    double seconds;
    try {
      seconds = Double.parseDouble(p.getOrDefault("seconds", ""));
    } catch (NumberFormatException e) {
      throw new IOException(file + ": expected seconds=<number>, got '" + p.get("seconds") + "'");
    }
    return new RunStatus(state.equals("done") ? State.DONE : State.FAILED,
        Boolean.parseBoolean(p.get("threshold_met")), p.getOrDefault("verdict", ""), seconds);
  }
}
