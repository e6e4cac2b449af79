package org.minicnn.training.experiments;

import java.util.ArrayList;
import java.util.List;
import org.minicnn.datasets.KernelSyntaxException;
import org.minicnn.datasets.Kernels;
import org.minicnn.datasets.LineClassification;
import java.util.regex.Pattern;
import org.minicnn.engine.io.TensorBlocks;

/**
 * A parameter of an experiment run: its key in the run's {@code config} file, its command-line flag
 * ({@code --} and the key with dashes) and what values it takes.
 */
public enum Option {
  EPOCHS("epochs", "training epochs", Kind.POSITIVE_INT),
  LR("lr", "learning rate", Kind.POSITIVE_DOUBLE),
  MOMENTUM("momentum", "momentum, in [0, 1)", Kind.FRACTION),
  NESTEROV("nesterov", "Nesterov momentum (true/false)", Kind.BOOLEAN),
  WEIGHT_DECAY("weight_decay", "L2 weight decay, >= 0", Kind.NON_NEGATIVE_DOUBLE),
  OPTIMIZER("optimizer", "sgd or adam", Kind.CHOICE, "sgd", "adam"),
  BATCH("batch", "samples per mini-batch", Kind.POSITIVE_INT),
  SEED("seed", "seed of data, weights and shuffling", Kind.LONG),
  INIT("init", "initial weights: zeros or glorot (Glorot-uniform)", Kind.CHOICE, "zeros", "glorot"),
  DATA("data", "training images or signals (see the experiment)", Kind.DATA),
  SAMPLES("samples", "training samples", Kind.POSITIVE_INT),
  VAL_SAMPLES("val_samples", "validation samples", Kind.POSITIVE_INT),
  SIZE("size", "image side or signal length", Kind.POSITIVE_INT),
  PATIENCE("patience", "stop after this many epochs without a better val_loss (0: never)", Kind.NON_NEGATIVE_INT),
  FILTERS("filters", "convolution filters (classify-lines)", Kind.POSITIVE_INT),
  TEACHER("teacher", "hand-designed kernel(s) to learn: a name (" + String.join(", ", Kernels.names())
      + ") or a literal such as 1,0,-1;2,0,-2;1,0,-1 (rows ';', values ','); repeat the flag or separate by"
      + " blanks for several (teacher-student)", Kind.KERNELS),
  MODEL("model", "the classifier on one line, e.g. 'conv2d(16,3x3,same) relu globalmaxpool2d dense'"
      + " (classify; see docs/experiments.md)", Kind.MODEL),
  CLASSES("classes", "classes, comma-separated, at least two of " + String.join(", ", LineClassification.CLASS_NAMES)
      + "; \\ and / stand for main-diagonal and anti-diagonal (classify)", Kind.CLASSES),
  THICKNESS("thickness", "line thickness in pixels (classify)", Kind.POSITIVE_INT),
  NOISE("noise", "standard deviation of the Gaussian pixel noise (classify)", Kind.NON_NEGATIVE_DOUBLE);

  /** An optional sign and ASCII digits only ({@link Integer#parseInt} also takes other scripts' digits). */
  private static final Pattern ASCII_INTEGER = Pattern.compile("[+-]?[0-9]{1,19}");

  /** What values an option accepts. */
  enum Kind {
    POSITIVE_INT, NON_NEGATIVE_INT, LONG, POSITIVE_DOUBLE, NON_NEGATIVE_DOUBLE, FRACTION, BOOLEAN, CHOICE, DATA,
    KERNELS, MODEL, CLASSES
  }

  private final String key;
  private final String help;
  private final Kind kind;
  private final List<String> choices;

  Option(String key, String help, Kind kind, String... choices) {
    this.key = key;
    this.help = help;
    this.kind = kind;
    this.choices = List.of(choices);
  }

  public String key() {
    return key;
  }

  /** {@code --weight-decay} for {@code weight_decay}. */
  public String flag() {
    return "--" + key.replace('_', '-');
  }

  public String help() {
    return help;
  }

  /** The option whose flag is {@code flag}, or null. */
  public static Option byFlag(String flag) {
    for (Option o : values()) {
      if (o.flag().equals(flag)) {
        return o;
      }
    }
    return null;
  }

  /** The option whose key is {@code key}, or null. */
  public static Option byKey(String key) {
    for (Option o : values()) {
      if (o.key.equals(key)) {
        return o;
      }
    }
    return null;
  }

  /**
   * Returns {@code value} in canonical form when valid.
   *
   * @param dataKinds the data an experiment accepts (for {@link #DATA})
   * @throws IllegalArgumentException "--lr: expected a number > 0, got 'abc'"
   */
  String validate(String value, List<String> dataKinds) {
    String v = value == null ? "" : value.trim();
    boolean integer = kind == Kind.LONG || kind == Kind.POSITIVE_INT || kind == Kind.NON_NEGATIVE_INT;
    boolean number = kind == Kind.POSITIVE_DOUBLE || kind == Kind.NON_NEGATIVE_DOUBLE || kind == Kind.FRACTION;
    // Java's parsers also take full-width digits, hexadecimal, 'd'/'f' suffixes, NaN and Infinity:
    // a run's configuration is plain ASCII decimals, so that every tool reads it the same way.
    if (integer && !ASCII_INTEGER.matcher(v).matches() || number && !TensorBlocks.NUMBER.matcher(v).matches()) {
      throw invalid(v, integer ? "an integer (ASCII digits)" : "a decimal number (ASCII digits, e.g. 0.01 or 1e-3)");
    }
    try {
      switch (kind) {
        case POSITIVE_INT:
          return String.valueOf(require(Integer.parseInt(v) >= 1, v, "an integer >= 1", Integer.parseInt(v)));
        case NON_NEGATIVE_INT:
          return String.valueOf(require(Integer.parseInt(v) >= 0, v, "an integer >= 0", Integer.parseInt(v)));
        case LONG:
          return String.valueOf(Long.parseLong(v));
        case POSITIVE_DOUBLE: {
          double d = Double.parseDouble(v);
          return String.valueOf(require(d > 0 && Double.isFinite(d), v, "a number > 0", d));
        }
        case NON_NEGATIVE_DOUBLE: {
          double d = Double.parseDouble(v);
          return String.valueOf(require(d >= 0 && Double.isFinite(d), v, "a number >= 0", d));
        }
        case FRACTION: {
          double d = Double.parseDouble(v);
          return String.valueOf(require(d >= 0 && d < 1, v, "a number in [0, 1)", d));
        }
        case BOOLEAN:
          if (v.equals("true") || v.equals("false")) {
            return v;
          }
          throw invalid(v, "true or false");
        case CHOICE:
          return oneOf(v, choices);
        case DATA:
          return oneOf(v, dataKinds);
        case KERNELS:
          return kernels(v);
        case MODEL:
          try {
            return ModelSpec.parse(v).text();
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag() + ": " + e.getMessage(), e);
          }
        case CLASSES:
          return classes(v);
        default:
          throw new IllegalStateException("unhandled option kind " + kind);
      }
    } catch (NumberFormatException e) {
      throw invalid(v, kind == Kind.LONG || kind == Kind.POSITIVE_INT || kind == Kind.NON_NEGATIVE_INT
          ? "an integer" : "a number");
    }
  }

  /**
   * Teachers separated by blanks, each a library name or a literal (blanks inside a literal are not
   * allowed, so that blanks separate teachers), checked and written back without change.
   */
  private String kernels(String v) {
    if (v.isEmpty()) {
      throw invalid(v, "a kernel name or literal");
    }
    List<String> teachers = new ArrayList<>();
    for (String t : v.split("\\s+")) {
      try {
        Kernels.nameOrLiteral(t);
      } catch (KernelSyntaxException e) {
        throw new IllegalArgumentException(flag() + ": " + e.getMessage(), e);
      }
      teachers.add(t);
    }
    return String.join(" ", teachers);
  }

  /** The class names of a comma-separated list, {@code \} and {@code /} read as main- and anti-diagonal. */
  private String classes(String v) {
    List<String> names = new ArrayList<>();
    for (String c : v.split(",", -1)) {
      String name = c.strip();
      names.add(name.equals("\\") ? "main-diagonal" : name.equals("/") ? "anti-diagonal" : name);
    }
    try {
      LineClassification.checkClasses(names);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(flag() + ": " + e.getMessage().replace("LineClassification: ", "")
          + " (in '" + v + "')", e);
    }
    return String.join(",", names);
  }

  private String oneOf(String v, List<String> allowed) {
    if (allowed.contains(v)) {
      return v;
    }
    throw invalid(v, "one of " + String.join(", ", allowed));
  }

  private <T> T require(boolean ok, String v, String expected, T parsed) {
    if (!ok) {
      throw invalid(v, expected);
    }
    return parsed;
  }

  private IllegalArgumentException invalid(String v, String expected) {
    return new IllegalArgumentException(flag() + ": expected " + expected + ", got '" + v + "'");
  }
}
