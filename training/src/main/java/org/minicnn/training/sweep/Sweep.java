package org.minicnn.training.sweep;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.minicnn.engine.io.AtomicFiles;
import org.minicnn.training.experiments.Experiment;
import org.minicnn.training.experiments.Experiments;
import org.minicnn.training.experiments.Option;
import org.minicnn.training.experiments.RunConfig;

/**
 * A sweep: an experiment, its configuration with the fixed options set, and the grid axes whose product
 * gives the runs. Its identity is kept in {@code DIR/sweep.properties} ({@link #MANIFEST}): the experiment,
 * every option's value and every axis's values, so that rerunning, sharding and collecting all see the same
 * runs, and a directory made by another sweep is refused with what differs ({@link #differences}).
 *
 * <p>Layout of a sweep directory: {@code sweep.properties}; {@code runs/<name>/}, each an ordinary run
 * directory; {@code status/<name>.properties}, written when a run has ended ({@link RunStatus});
 * {@code sweep.csv} and {@code summary.md} with its plots ({@link SweepTable}, {@link SweepSummary}).
 */
public final class Sweep {

  /** Runs a grid may have without {@code --max-runs}. */
  public static final int DEFAULT_MAX_RUNS = 10_000;
  /** Runs no grid may exceed, whatever {@code --max-runs} says: run indices and names stay small. */
  public static final int HARD_LIMIT = 100_000_000;
  public static final String MANIFEST = "sweep.properties";
  public static final String RUNS = "runs";
  public static final String STATUS = "status";

  private static final String EXPERIMENT = "experiment";
  private static final String GRID = "grid";
  private static final String GRID_PREFIX = "grid.";
  private static final String OPTION_PREFIX = "option.";

  private final Experiment experiment;
  private final RunConfig base;
  private final List<Axis> axes;
  private final long size;

  private Sweep(Experiment experiment, RunConfig base, List<Axis> axes) {
    this.experiment = experiment;
    this.base = base;
    this.axes = List.copyOf(axes);
    long n = 1;
    for (Axis a : axes) {
      n = Math.min((long) HARD_LIMIT + 1, n * a.values().size());
    }
    this.size = n;
  }

  /**
   * A sweep of {@code experiment} with the {@code fixed} options (input) set and the grid {@code specs}
   * ({@code NAME=VALUES} each, see {@link Axis#parse}).
   *
   * @param maxRuns the most runs the grid may have
   * @throws IllegalArgumentException saying what is wrong: no axis, an invalid axis, an axis given twice or
   *     also as a fixed option, more runs than {@code maxRuns}, or a run whose options do not go together
   *     ({@link Experiment#check})
   */
  public static Sweep of(Experiment experiment, Map<Option, String> fixed, List<String> specs, long maxRuns) {
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("a sweep needs at least one --grid NAME=VALUES (e.g. --grid seed=0..9)");
    }
    RunConfig base = experiment.defaults().with(fixed);
    List<Axis> axes = new ArrayList<>();
    Set<Option> seen = new LinkedHashSet<>();
    for (String spec : specs) {
      Axis axis = Axis.parse(spec, base);
      if (fixed.containsKey(axis.option())) {
        throw new IllegalArgumentException("--grid " + axis.name() + ": " + axis.option().flag() + " is also given as"
            + " a fixed option (" + axis.option().flag() + " " + fixed.get(axis.option()) + "); give it either way,"
            + " not both");
      }
      if (!seen.add(axis.option())) {
        throw new IllegalArgumentException("--grid " + axis.name() + ": the axis is given twice; put all its values"
            + " in one --grid");
      }
      axes.add(axis);
    }
    Sweep sweep = new Sweep(experiment, base, axes);
    if (sweep.size > maxRuns) {
      throw new IllegalArgumentException("the grid has " + (sweep.size > HARD_LIMIT ? "more than " + HARD_LIMIT
          : sweep.size) + " runs, more than " + maxRuns + (maxRuns == DEFAULT_MAX_RUNS
          ? "; give --max-runs N to allow more" : " (--max-runs)"));
    }
    for (SweepRun r : sweep.runs()) {
      try {
        experiment.check(r.config());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("run " + r.name() + ": " + e.getMessage(), e);
      }
    }
    return sweep;
  }

  public Experiment experiment() {
    return experiment;
  }

  /** The configuration every run starts from: the experiment's defaults with the fixed options. */
  public RunConfig base() {
    return base;
  }

  public List<Axis> axes() {
    return axes;
  }

  /** The number of runs: the product of the axes' sizes. */
  public int size() {
    return (int) size;
  }

  /** Every run, in product order: the first axis varies slowest. */
  public List<SweepRun> runs() {
    List<SweepRun> runs = new ArrayList<>(size());
    int[] at = new int[axes.size()];
    for (int index = 0; index < size; index++) {
      Map<Option, String> values = new LinkedHashMap<>();
      List<String> parts = new ArrayList<>();
      RunConfig config = base;
      for (int a = 0; a < axes.size(); a++) {
        Axis axis = axes.get(a);
        String value = axis.values().get(at[a]);
        values.put(axis.option(), value);
        parts.add(axis.name() + "-" + Axis.inName(value));
        config = config.with(axis.option(), value);
      }
      runs.add(new SweepRun(index, String.join("_", parts), values, config));
      for (int a = axes.size() - 1; a >= 0; a--) {
        if (++at[a] < axes.get(a).values().size()) {
          break;
        }
        at[a] = 0;
      }
    }
    return runs;
  }

  /**
   * The runs of shard {@code k} of {@code n}: those whose index is {@code k} modulo {@code n}. Every run is in
   * exactly one shard and shard sizes differ by at most one; neighbours in the grid go to different shards,
   * so runs that cost more along an axis are spread over all of them.
   */
  public List<SweepRun> shard(int k, int n) {
    if (n < 1 || k < 0 || k >= n) {
      throw new IllegalArgumentException("--shard: expected K/N with 0 <= K < N, got " + k + "/" + n);
    }
    List<SweepRun> mine = new ArrayList<>();
    for (SweepRun r : runs()) {
      if (r.index() % n == k) {
        mine.add(r);
      }
    }
    return mine;
  }

  // ---- the manifest --------------------------------------------------------------------------

  /** What {@code sweep.properties} holds: the experiment, the axes in order, each axis's values, every option. */
  Map<String, String> manifest() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(EXPERIMENT, experiment.name());
    List<String> names = new ArrayList<>();
    axes.forEach(a -> names.add(a.name()));
    m.put(GRID, String.join(",", names));
    for (Axis a : axes) {
      m.put(GRID_PREFIX + a.name(), a.joined());
    }
    base.asMap().forEach((key, value) -> m.put(OPTION_PREFIX + key, value));
    return m;
  }

  /** The command that starts this sweep, for the manifest's comment and the docs. */
  public String commandLine() {
    List<String> parts = new ArrayList<>(List.of("./minicnn", "sweep", experiment.name()));
    base.asMap().forEach((key, value) -> {
      Option o = Option.byKey(key);
      if (axes.stream().noneMatch(a -> a.option() == o) && !value.equals(experiment.defaults().get(o))) {
        parts.add(o.flag());
        parts.add(value);
      }
    });
    for (Axis a : axes) {
      parts.add("--grid");
      parts.add(a.name() + "=" + a.spec());
    }
    return String.join(" ", parts);
  }

  /**
   * How the sweep recorded in {@code existing} (a manifest) differs from this one, one line per key, e.g.
   * {@code "grid seed: 0,1,2 there, 0,1,2,3 here"}; empty when they are the same sweep.
   */
  List<String> differences(Map<String, String> existing) {
    Map<String, String> mine = manifest();
    Set<String> keys = new LinkedHashSet<>(mine.keySet());
    keys.addAll(existing.keySet());
    List<String> out = new ArrayList<>();
    for (String key : keys) {
      String here = mine.get(key);
      String there = existing.get(key);
      if (here == null ? there != null : !here.equals(there)) {
        String what = key.equals(GRID) ? "grid axes" : key.startsWith(GRID_PREFIX) ? "grid "
            + key.substring(GRID_PREFIX.length()) : key.startsWith(OPTION_PREFIX) ? "option "
            + key.substring(OPTION_PREFIX.length()) : key;
        out.add(what + ": " + shorten(there) + " there, " + shorten(here) + " here");
      }
    }
    return out;
  }

  private static String shorten(String values) {
    if (values == null) {
      return "(none)";
    }
    String[] parts = values.split(",");
    return parts.length <= 8 ? values
        : String.join(",", List.of(parts).subList(0, 4)) + ",… (" + parts.length + " values)," + parts[parts.length - 1];
  }

  /**
   * Makes {@code dir} this sweep's directory: creates it with {@link #MANIFEST} when it does not exist or is
   * empty, or accepts it when its manifest records this same sweep. The manifest appears complete or not at
   * all, also when several shards start at once (written aside, then linked in place, which fails if one
   * exists).
   *
   * @throws SweepMismatchException when {@code dir} holds another sweep (the message lists what differs) or
   *     something that is not a sweep
   */
  public void open(Path dir) throws IOException {
    Path manifest = dir.resolve(MANIFEST);
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new SweepMismatchException(dir + " exists and is not a directory; choose another --out");
    }
    if (!Files.exists(manifest)) {
      if (Files.isDirectory(dir)) {
        try (var entries = Files.list(dir)) {
          if (entries.findAny().isPresent()) {
            throw new SweepMismatchException(dir + " is not empty and is not a sweep directory (it has no " + MANIFEST
                + "); choose another --out");
          }
        }
      }
      Files.createDirectories(dir);
      Path aside = dir.resolve("." + MANIFEST + "." + ProcessHandle.current().pid() + "-"
          + Thread.currentThread().getId() + ".new");
      AtomicFiles.write(aside, out -> {
        out.write("# minicnn sweep. Run, resume or complete it with:\n#   " + commandLine() + " --out " + dir + "\n");
        for (Map.Entry<String, String> e : manifest().entrySet()) {
          out.write(e.getKey() + "=" + e.getValue() + "\n");
        }
      });
      try {
        Files.createLink(manifest, aside);
      } catch (FileAlreadyExistsException anotherShardWasFirst) {
        // compared below like any existing manifest
      } finally {
        Files.deleteIfExists(aside);
      }
    }
    List<String> differences = differences(readProperties(manifest));
    if (!differences.isEmpty()) {
      throw new SweepMismatchException(dir + " holds another sweep (" + manifest + "); what differs: "
          + String.join("; ", differences) + ". Choose another --out, or repeat that sweep's command");
    }
  }

  /**
   * The sweep recorded in {@code dir}.
   *
   * @throws SweepMismatchException when {@code dir} is not a sweep directory
   * @throws IOException naming the manifest when it cannot be read or its contents are invalid
   */
  public static Sweep read(Path dir) throws IOException {
    Path file = dir.resolve(MANIFEST);
    if (!Files.isDirectory(dir)) {
      throw new SweepMismatchException(dir + " is not a directory");
    }
    Map<String, String> m;
    try {
      m = readProperties(file);
    } catch (NoSuchFileException e) {
      throw new SweepMismatchException(dir + " is not a sweep directory: it has no " + MANIFEST);
    }
    Experiment experiment = Experiments.byName(m.getOrDefault(EXPERIMENT, ""));
    if (experiment == null) {
      throw new IOException(file + ": expected an experiment (one of " + String.join(", ", Experiments.names())
          + "), got '" + m.get(EXPERIMENT) + "'");
    }
    try {
      Map<Option, String> options = new LinkedHashMap<>();
      m.forEach((key, value) -> {
        if (key.startsWith(OPTION_PREFIX)) {
          Option o = Option.byKey(key.substring(OPTION_PREFIX.length()));
          if (o == null) {
            throw new IllegalArgumentException("unknown option '" + key + "'");
          }
          options.put(o, value);
        }
      });
      RunConfig base = experiment.defaults().with(options);
      List<Axis> axes = new ArrayList<>();
      for (String name : m.getOrDefault(GRID, "").split(",")) {
        axes.add(Axis.parse(name + "=" + m.getOrDefault(GRID_PREFIX + name, ""), base));
      }
      Sweep sweep = new Sweep(experiment, base, axes);
      if (!sweep.differences(m).isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", sweep.differences(m)));
      }
      return sweep;
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /** The key/value pairs of a properties file (the manifest, a run's status). */
  static Map<String, String> readProperties(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : p.stringPropertyNames()) {
      out.put(key, p.getProperty(key));
    }
    return out;
  }
}
