package org.minicnn.training.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.minicnn.engine.Layer;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.Shapes;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.engine.layers.Dense;
import org.minicnn.engine.layers.Flatten;
import org.minicnn.engine.layers.GlobalAveragePool2D;
import org.minicnn.engine.layers.GlobalMaxPool2D;
import org.minicnn.engine.layers.MaxPool2D;
import org.minicnn.engine.layers.Padding;
import org.minicnn.engine.layers.ReLU;
import org.minicnn.engine.layers.Sigmoid;
import org.minicnn.engine.layers.Tanh;

/**
 * A classifier written on one line, e.g.
 * {@code conv2d(16,3x3,same) relu maxpool2d(2) conv2d(16,3x3) relu globalmaxpool2d dense}: layers
 * separated by blanks, each a name with its arguments in parentheses, separated by commas:
 * <ul>
 *   <li>{@code conv2d(F,KxK)} or {@code conv2d(F,RxC,same|valid)}: {@code Conv2D(F, R, C)}, padding VALID
 *       unless {@code same} ({@code K} alone means {@code KxK});</li>
 *   <li>{@code maxpool2d(P)} or {@code maxpool2d(RxC)}: {@code MaxPool2D}, stride = pool;</li>
 *   <li>{@code relu}, {@code tanh}, {@code sigmoid}, {@code globalmaxpool2d}, {@code globalavgpool2d},
 *       {@code flatten}: the layer of that name, no arguments;</li>
 *   <li>{@code dense(U)}: {@code Dense(U)}; the last layer is {@code dense} with no argument, whose width is
 *       the number of classes (or {@code dense(U)} with {@code U} equal to it).</li>
 * </ul>
 * The first layer is a {@code conv2d} (the layer whose filters the run watches and attributes). Names are
 * case-insensitive. Layers that have weights ({@code conv2d}, {@code dense}) take their seeds one after
 * another, in spec order, from the run's seed sequence.
 *
 * @param text the spec in canonical form: lower case, one blank between layers, no blanks inside a layer
 * @param layers the parsed layers, in order
 */
public record ModelSpec(String text, List<LayerSpec> layers) {

  /**
   * One layer of a spec.
   *
   * @param name the layer's name, lower case
   * @param args its integer arguments: {@code conv2d}: filters, rows, cols; {@code maxpool2d}: rows, cols;
   *     {@code dense}: units, or none when inferred
   * @param same for {@code conv2d}: padding SAME
   * @param column where it starts in the text it was parsed from, 1-based
   */
  public record LayerSpec(String name, int[] args, boolean same, int column) {

    /** The layer in canonical form, e.g. {@code conv2d(16,3x3,same)}. */
    public String text() {
      switch (name) {
        case "conv2d":
          return "conv2d(" + args[0] + "," + args[1] + "x" + args[2] + (same ? ",same" : "") + ")";
        case "maxpool2d":
          return "maxpool2d(" + (args[0] == args[1] ? "" + args[0] : args[0] + "x" + args[1]) + ")";
        case "dense":
          return args.length == 0 ? "dense" : "dense(" + args[0] + ")";
        default:
          return name;
      }
    }
  }

  private static final List<String> NO_ARGUMENTS = List.of("relu", "tanh", "sigmoid", "globalmaxpool2d",
      "globalavgpool2d", "flatten");
  /** Every layer name, for messages. */
  public static final List<String> LAYERS = List.of("conv2d", "maxpool2d", "dense", "relu", "tanh", "sigmoid",
      "globalmaxpool2d", "globalavgpool2d", "flatten");

  /** The spec of {@code conv2d(filters,3x3,same) relu globalmaxpool2d dense}, the classify-lines model. */
  public static ModelSpec classifyLines(int filters) {
    return parse("conv2d(" + filters + ",3x3,same) relu globalmaxpool2d dense");
  }

  /**
   * Parses a spec.
   *
   * @throws IllegalArgumentException naming the bad token and its column: an unknown layer, a missing,
   *     extra or malformed argument, unbalanced parentheses, a first layer that is not {@code conv2d}, a last
   *     one that is not {@code dense}, a {@code dense} without width before the last layer
   */
  public static ModelSpec parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("expected a model such as 'conv2d(16,3x3,same) relu globalmaxpool2d dense',"
          + " got nothing");
    }
    List<LayerSpec> layers = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      if (Character.isWhitespace(text.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
        i++;
      }
      String name = text.substring(start, i).toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        throw error(text, start, String.valueOf(text.charAt(start)), "expected a layer name");
      }
      String args = null;
      int argsColumn = i + 1;
      if (i < text.length() && text.charAt(i) == '(') {
        int close = text.indexOf(')', i);
        if (close < 0) {
          throw error(text, i, "(", "the '(' of " + name + " is never closed");
        }
        args = text.substring(i + 1, close);
        argsColumn = i + 2;
        i = close + 1;
      }
      if (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
        throw error(text, i, String.valueOf(text.charAt(i)), "expected a blank between layers");
      }
      layers.add(layer(text, name, args, start, argsColumn));
    }
    if (!layers.get(0).name().equals("conv2d")) {
      throw error(text, layers.get(0).column() - 1, layers.get(0).text(), "the first layer must be conv2d (its"
          + " filters are the ones compared with hand-designed kernels)");
    }
    LayerSpec last = layers.get(layers.size() - 1);
    if (!last.name().equals("dense")) {
      throw error(text, last.column() - 1, last.text(), "the last layer must be dense (one logit per class)");
    }
    for (LayerSpec l : layers.subList(0, layers.size() - 1)) {
      if (l.name().equals("dense") && l.args().length == 0) {
        throw error(text, l.column() - 1, "dense", "only the last dense may leave out its width; write dense(U)");
      }
    }
    List<String> parts = new ArrayList<>();
    layers.forEach(l -> parts.add(l.text()));
    return new ModelSpec(String.join(" ", parts), List.copyOf(layers));
  }

  private static LayerSpec layer(String text, String name, String args, int start, int argsColumn) {
    int column = start + 1;
    if (!LAYERS.contains(name)) {
      throw error(text, start, name, "unknown layer; expected one of " + String.join(", ", LAYERS));
    }
    List<String> values = new ArrayList<>();
    if (args != null) {
      for (String a : args.split(",", -1)) {
        values.add(a.strip().toLowerCase(Locale.ROOT));
      }
    }
    if (NO_ARGUMENTS.contains(name)) {
      if (args != null) {
        throw error(text, start, name + "(" + args + ")", name + " takes no arguments");
      }
      return new LayerSpec(name, new int[0], false, column);
    }
    switch (name) {
      case "conv2d": {
        if (values.size() < 2 || values.size() > 3) {
          throw error(text, start, name + (args == null ? "" : "(" + args + ")"), "conv2d needs (filters, KxK) or"
              + " (filters, KxK, same|valid), got " + (args == null ? "no arguments" : values.size() + " argument(s)"));
        }
        int filters = positive(text, argsColumn, args, values.get(0), "the number of filters");
        int[] size = size(text, argsColumn, args, values.get(1), "the kernel size");
        boolean same = false;
        if (values.size() == 3) {
          if (!values.get(2).equals("same") && !values.get(2).equals("valid")) {
            throw error(text, argsColumn - 1 + args.indexOf(values.get(2)), values.get(2), "expected same or valid");
          }
          same = values.get(2).equals("same");
        }
        return new LayerSpec(name, new int[] {filters, size[0], size[1]}, same, column);
      }
      case "maxpool2d": {
        if (values.size() != 1) {
          throw error(text, start, name + (args == null ? "" : "(" + args + ")"), "maxpool2d needs (P) or (RxC), got "
              + (args == null ? "no argument" : values.size() + " arguments"));
        }
        return new LayerSpec(name, size(text, argsColumn, args, values.get(0), "the pool size"), false, column);
      }
      default: {  // dense
        if (args == null) {
          return new LayerSpec(name, new int[0], false, column);
        }
        if (values.size() != 1) {
          throw error(text, start, name + "(" + args + ")", "dense needs (units) or nothing (the last layer), got "
              + values.size() + " arguments");
        }
        return new LayerSpec(name, new int[] {positive(text, argsColumn, args, values.get(0), "the units")}, false,
            column);
      }
    }
  }

  private static int positive(String text, int argsColumn, String args, String value, String what) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= 4096) {
        return n;
      }
    } catch (NumberFormatException notAnInteger) {
      // reported below with its column
    }
    throw error(text, argsColumn - 1 + Math.max(0, args.indexOf(value)), value.isEmpty() ? "(nothing)" : value,
        "expected " + what + ", an integer in [1, 4096]");
  }

  private static int[] size(String text, int argsColumn, String args, String value, String what) {
    String[] parts = value.split("x", -1);
    if (parts.length > 2) {
      throw error(text, argsColumn - 1 + Math.max(0, args.indexOf(value)), value, "expected " + what + " as K or RxC");
    }
    int rows = positive(text, argsColumn, args, parts[0], what);
    int cols = parts.length == 2 ? positive(text, argsColumn, args, parts[1], what) : rows;
    return new int[] {rows, cols};
  }

  private static IllegalArgumentException error(String text, int index, String token, String problem) {
    return new IllegalArgumentException("'" + token + "' at column " + (index + 1) + ": " + problem + " (in \""
        + text.strip() + "\")");
  }

  /** The first layer's number of filters. */
  public int filters() {
    return layers.get(0).args()[0];
  }

  /** The first layer's kernel size, {@code {rows, cols}}. */
  public int[] kernelSize() {
    return new int[] {layers.get(0).args()[1], layers.get(0).args()[2]};
  }

  /**
   * The model, not yet built.
   *
   * @param classes the width of the last dense
   * @param seeds gives each layer with weights its seed, in spec order (modified)
   * @throws IllegalArgumentException when the last dense's width is given and differs from {@code classes}
   */
  public Sequential model(int classes, SplittableRandom seeds) {
    Sequential model = new Sequential();
    for (int i = 0; i < layers.size(); i++) {
      LayerSpec l = layers.get(i);
      int[] a = l.args();
      Layer layer;
      switch (l.name()) {
        case "conv2d": {
          Conv2D conv = new Conv2D(a[0], a[1], a[2]).padding(l.same() ? Padding.SAME : Padding.VALID)
              .seed(seeds.nextLong());
          if (i == 0) {
            // the first layer, whose dL/dinput nobody reads; the trainer reads each output before the next step
            conv.needsInputGradient(false).reuseOutputs(true);
          }
          layer = conv;
          break;
        }
        case "maxpool2d":
          layer = new MaxPool2D(a[0], a[1]);
          break;
        case "dense": {
          boolean last = i == layers.size() - 1;
          if (last && a.length == 1 && a[0] != classes) {
            throw new IllegalArgumentException("'" + l.text() + "' at column " + l.column() + ": the last dense has "
                + a[0] + " units but there are " + classes + " classes; write dense to infer it");
          }
          layer = new Dense(a.length == 0 ? classes : a[0]).seed(seeds.nextLong());
          break;
        }
        case "relu":
          layer = new ReLU();
          break;
        case "tanh":
          layer = new Tanh();
          break;
        case "sigmoid":
          layer = new Sigmoid();
          break;
        case "globalmaxpool2d":
          layer = new GlobalMaxPool2D();
          break;
        case "globalavgpool2d":
          layer = new GlobalAveragePool2D();
          break;
        default:
          layer = new Flatten();
      }
      model.add(layer);
    }
    return model;
  }

  /**
   * Checks that the model fits images {@code [rows, cols, 1]} and gives {@code [batch, classes]} logits.
   *
   * @throws IllegalArgumentException naming the spec, the image size and what went wrong
   */
  public void check(int rows, int cols, int classes) {
    int[] out;
    try {
      out = model(classes, new SplittableRandom(0)).outputShape(1, rows, cols, 1);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException("the model '" + text + "' does not fit " + rows + "x" + cols + " images: "
          + e.getMessage(), e);
    }
    if (out.length != 2) {
      throw new IllegalArgumentException("the model '" + text + "' gives " + Shapes.format(out) + " for one " + rows
          + "x" + cols + " image; a classifier needs [1, " + classes + "]: add globalmaxpool2d, globalavgpool2d or"
          + " flatten before the last dense");
    }
  }
}
