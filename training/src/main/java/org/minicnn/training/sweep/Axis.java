package org.minicnn.training.sweep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.minicnn.training.experiments.Option;
import org.minicnn.training.experiments.RunConfig;

/**
 * One axis of a sweep's grid: a train option and the values it takes, in the order given, each in the
 * option's canonical form (so {@code 0.10} and {@code 0.1} are the same value).
 *
 * @param option the train option the axis varies
 * @param values its values, canonical, distinct, at least one
 */
public record Axis(Option option, List<String> values) {

  /** The syntax of an integer range, e.g. {@code 0..99}. */
  static final String RANGE = "..";
  /** The separator of values that hold commas. */
  static final String BAR = "|";
  /** The longest value kept whole in a run's directory name; longer ones are cut and given a hash. */
  static final int NAME_PART = 40;

  public Axis {
    values = List.copyOf(values);
  }

  /** The axis's name on the command line and in {@code sweep.csv}: the option's flag without its dashes. */
  public String name() {
    return option.flag().substring(2);
  }

  /** The values as given on a command line: {@code 0..99} for three or more consecutive integers, else a comma list. */
  public String spec() {
    if (values.size() >= 3) {
      try {
        long first = Long.parseLong(values.get(0));
        boolean consecutive = true;
        for (int i = 1; i < values.size() && consecutive; i++) {
          consecutive = Long.parseLong(values.get(i)) == first + i;
        }
        if (consecutive) {
          return first + RANGE + (first + values.size() - 1);
        }
      } catch (NumberFormatException notIntegers) {
        // a comma list below
      }
    }
    return joined();
  }

  /** The values joined by commas, or by {@code |} when a value holds a comma ({@link #parse} reads either). */
  String joined() {
    return String.join(values.stream().anyMatch(v -> v.contains(",")) ? BAR : ",", values);
  }

  /**
   * Parses {@code NAME=VALUES}: {@code NAME} is a train option without its dashes ({@code seed},
   * {@code weight-decay}; the config key {@code weight_decay} too), {@code VALUES} a comma list
   * ({@code 0.01,0.03}) or an integer range ({@code 0..99}, both ends included). Values that hold commas
   * themselves (class lists, kernel literals, models) are separated by {@code |} instead:
   * {@code classes=vertical,horizontal|vertical,horizontal,none} is two values.
   *
   * @param base the experiment's configuration: which options it takes and how each is validated
   * @throws IllegalArgumentException naming the axis and what was expected: an unknown option, an option
   *     the experiment does not take, empty or duplicate values, a malformed range, an invalid value
   */
  public static Axis parse(String spec, RunConfig base) {
    int eq = spec.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("--grid: expected NAME=VALUES (e.g. seed=0..9 or lr=0.01,0.03), got '"
          + spec + "'");
    }
    String name = spec.substring(0, eq);
    Option option = Option.byFlag("--" + name);
    if (option == null) {
      option = Option.byKey(name);
    }
    if (option == null || !base.has(option)) {
      List<String> names = new ArrayList<>();
      base.options().forEach(o -> names.add(o.flag().substring(2)));
      throw new IllegalArgumentException("--grid: unknown axis '" + name + "'; " + base.experiment()
          + " takes " + String.join(", ", names));
    }
    String text = spec.substring(eq + 1);
    List<String> raw = text.contains(RANGE) && !text.contains(BAR) ? range(name, text) : list(name, text);
    List<String> values = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Map<String, String> byName = new HashMap<>();
    for (String v : raw) {
      String canonical;
      try {
        canonical = base.with(option, v).get(option);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--grid " + name + ": " + e.getMessage(), e);
      }
      if (!seen.add(canonical)) {
        throw new IllegalArgumentException("--grid " + name + ": the value " + canonical + " is given twice in '"
            + text + "'");
      }
      String earlier = byName.putIfAbsent(inName(canonical), canonical);
      if (earlier != null) {
        throw new IllegalArgumentException("--grid " + name + ": the values " + earlier + " and " + canonical
            + " would share the run directory name " + name + "-" + inName(canonical));
      }
      values.add(canonical);
    }
    return new Axis(option, values);
  }

  private static List<String> list(String name, String text) {
    List<String> values = new ArrayList<>();
    for (String v : text.split(text.contains(BAR) ? "\\|" : ",", -1)) {
      if (v.isBlank()) {
        throw new IllegalArgumentException("--grid " + name + ": expected a comma list of values or a range A..B,"
            + " got an empty value in '" + text + "'");
      }
      values.add(v.trim());
    }
    return values;
  }

  /**
   * A value as part of a run's directory name: characters other than letters, digits and {@code . + -} as
   * {@code _}; a value longer than {@value #NAME_PART} characters (a model, say) cut there and followed by
   * {@code ~} and its {@link String#hashCode} in hex, so names stay short and distinct, the same in every JVM.
   */
  static String inName(String value) {
    String name = value.replaceAll("[^A-Za-z0-9.+-]", "_");
    return name.length() <= NAME_PART ? name
        : name.substring(0, NAME_PART) + "~" + Integer.toHexString(value.hashCode());
  }

  /** {@code A..B}: the integers from A to B, both included; A ≤ B. */
  private static List<String> range(String name, String text) {
    String[] ends = text.split("\\.\\.", -1);
    long from;
    long to;
    try {
      if (ends.length != 2) {
        throw new NumberFormatException();
      }
      from = Long.parseLong(ends[0].trim());
      to = Long.parseLong(ends[1].trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--grid " + name + ": expected an integer range A..B (e.g. 0..99), got '"
          + text + "'");
    }
    if (from > to) {
      throw new IllegalArgumentException("--grid " + name + ": expected a range A..B with A <= B, got '" + text + "'");
    }
    if (to - from >= Sweep.HARD_LIMIT) {
      throw new IllegalArgumentException("--grid " + name + ": the range '" + text + "' has more than "
          + Sweep.HARD_LIMIT + " values");
    }
    List<String> values = new ArrayList<>();
    for (long v = from; v <= to; v++) {
      values.add(Long.toString(v));
    }
    return values;
  }
}
