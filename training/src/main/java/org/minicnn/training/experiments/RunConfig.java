package org.minicnn.training.experiments;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The complete, validated parameters of one experiment run: the experiment's defaults with any
 * overrides. Immutable; {@link #with} returns a changed copy. Written to the run's {@code config}
 * file so the run can be repeated exactly.
 */
public final class RunConfig {

  private final String experiment;
  private final List<String> dataKinds;
  private final Map<Option, String> values;

  private RunConfig(String experiment, List<String> dataKinds, Map<Option, String> values) {
    this.experiment = experiment;
    this.dataKinds = dataKinds;
    this.values = values;
  }

  /**
   * A configuration of the options an experiment takes, each set to its default.
   *
   * @param dataKinds the values {@link Option#DATA} may take
   * @param defaults input: a value for each option the experiment takes, validated here
   */
  static RunConfig of(String experiment, List<String> dataKinds, Map<Option, String> defaults) {
    Map<Option, String> values = new LinkedHashMap<>();
    for (Option o : Option.values()) {
      if (defaults.containsKey(o)) {
        values.put(o, o.validate(defaults.get(o), dataKinds));
      }
    }
    return new RunConfig(experiment, List.copyOf(dataKinds), values);
  }

  /** The options this experiment takes, in {@link Option} order. */
  public List<Option> options() {
    return List.copyOf(values.keySet());
  }

  /**
   * A copy with {@code option} set to {@code value}.
   *
   * @throws IllegalArgumentException naming the flag and the value, or the options the experiment takes
   */
  public RunConfig with(Option option, String value) {
    if (!values.containsKey(option)) {
      List<String> flags = new ArrayList<>();
      values.keySet().forEach(o -> flags.add(o.flag()));
      throw new IllegalArgumentException(option.flag() + ": " + experiment + " has no such option; it takes "
          + String.join(" ", flags));
    }
    Map<Option, String> changed = new LinkedHashMap<>(values);
    changed.put(option, option.validate(value, dataKinds));
    return new RunConfig(experiment, dataKinds, changed);
  }

  /** A copy with every option in {@code overrides} (input) set. */
  public RunConfig with(Map<Option, String> overrides) {
    RunConfig c = this;
    for (Map.Entry<Option, String> e : overrides.entrySet()) {
      c = c.with(e.getKey(), e.getValue());
    }
    return c;
  }

  public String experiment() {
    return experiment;
  }

  public List<String> dataKinds() {
    return dataKinds;
  }

  /** The value of {@code option}. @throws IllegalStateException when the experiment does not take it */
  public String get(Option option) {
    String v = values.get(option);
    if (v == null) {
      throw new IllegalStateException(experiment + " has no option " + option.key());
    }
    return v;
  }

  /** Whether the experiment takes {@code option}. */
  public boolean has(Option option) {
    return values.containsKey(option);
  }

  public int epochs() {
    return Integer.parseInt(get(Option.EPOCHS));
  }

  public double lr() {
    return Double.parseDouble(get(Option.LR));
  }

  public double momentum() {
    return Double.parseDouble(get(Option.MOMENTUM));
  }

  public boolean nesterov() {
    return Boolean.parseBoolean(get(Option.NESTEROV));
  }

  public double weightDecay() {
    return Double.parseDouble(get(Option.WEIGHT_DECAY));
  }

  public String optimizer() {
    return get(Option.OPTIMIZER);
  }

  public int batch() {
    return Integer.parseInt(get(Option.BATCH));
  }

  public long seed() {
    return Long.parseLong(get(Option.SEED));
  }

  public boolean zeroInit() {
    return get(Option.INIT).equals("zeros");
  }

  public String data() {
    return get(Option.DATA);
  }

  public int samples() {
    return Integer.parseInt(get(Option.SAMPLES));
  }

  public int valSamples() {
    return Integer.parseInt(get(Option.VAL_SAMPLES));
  }

  public int size() {
    return Integer.parseInt(get(Option.SIZE));
  }

  public int patience() {
    return Integer.parseInt(get(Option.PATIENCE));
  }

  public int filters() {
    return Integer.parseInt(get(Option.FILTERS));
  }

  /** The teachers of {@link Option#TEACHER}: each a library name or a literal kernel. */
  public List<String> teachers() {
    return List.of(get(Option.TEACHER).split(" "));
  }

  /** The classifier of {@link Option#MODEL}. */
  public ModelSpec model() {
    return ModelSpec.parse(get(Option.MODEL));
  }

  /** The class names of {@link Option#CLASSES}, label order. */
  public List<String> classes() {
    return List.of(get(Option.CLASSES).split(","));
  }

  public int thickness() {
    return Integer.parseInt(get(Option.THICKNESS));
  }

  public double noise() {
    return Double.parseDouble(get(Option.NOISE));
  }

  /** Every option as key → value, in {@link Option} order. */
  public Map<String, String> asMap() {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((o, v) -> out.put(o.key(), v));
    return Collections.unmodifiableMap(out);
  }

  /**
   * A digest of the experiment and every option's value (the first 63 bits of their SHA-256, never 0):
   * stored in a run's checkpoints, so that a resume can tell whether {@code config.properties} still
   * describes the run the checkpoint belongs to.
   */
  public long digest() {
    StringBuilder text = new StringBuilder("experiment=").append(experiment).append('\n');
    values.forEach((o, v) -> text.append(o.key()).append('=').append(v).append('\n'));
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      long d = java.nio.ByteBuffer.wrap(hash).getLong() & Long.MAX_VALUE;
      return d == 0 ? 1 : d;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * The command line that repeats this run, e.g. {@code ./minicnn train vertical-line --epochs 20 …}; a
   * value the shell would split or interpret (a blank, {@code ;}, {@code (}, {@code \}) is single-quoted.
   */
  public String commandLine() {
    List<String> parts = new ArrayList<>(List.of("./minicnn", "train", experiment));
    values.forEach((o, v) -> {
      parts.add(o.flag());
      parts.add(v.matches("[A-Za-z0-9_.,+/=:-]+") ? v : "'" + v.replace("'", "'\\''") + "'");
    });
    return String.join(" ", parts);
  }
}
