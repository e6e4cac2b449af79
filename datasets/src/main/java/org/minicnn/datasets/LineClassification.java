package org.minicnn.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.minicnn.engine.Tensor;

/**
 * Balanced, shuffled, labelled line-image sets for classification:
 * <ul>
 *   <li>{@link #verticalHorizontal}: classes {@code ["vertical", "horizontal"]} (labels 0, 1);</li>
 *   <li>{@link #fourClass}: classes {@code ["vertical", "horizontal", "diagonal", "none"]} (labels 0–3),
 *       where "diagonal" draws each line's direction from {@code \} and {@code /}, and "none" has no
 *       line, only the background and noise.</li>
 *   <li>{@link #of}: any list of at least two of {@link #CLASS_NAMES}, labels in list order.</li>
 * </ul>
 *
 * <p>The images of every class come from {@code images}, a {@link LineImages.Builder} used as a
 * template (input, not modified): its size, channels, thickness, position, intensity, background,
 * lines per image (at least 1) and noise apply to all classes; its orientation and seed are replaced
 * per class. Exactly {@code perClass} images per class; the result is shuffled. Seeds: a
 * {@link SplittableRandom} seeded with {@code seed} gives one seed per class, in class order, then the
 * shuffle seed, so the same arguments give a bit-identical set.
 */
public final class LineClassification {

  /** Class names of {@link #verticalHorizontal}. */
  public static final List<String> VERTICAL_HORIZONTAL = List.of("vertical", "horizontal");

  /** Class names of {@link #fourClass}. */
  public static final List<String> FOUR_CLASSES = List.of("vertical", "horizontal", "diagonal", "none");

  /**
   * Every class {@link #of} knows: {@code vertical}, {@code horizontal}, {@code diagonal} (each image's line
   * {@code \} or {@code /}), {@code main-diagonal} ({@code \} only), {@code anti-diagonal} ({@code /} only)
   * and {@code none} (no line).
   */
  public static final List<String> CLASS_NAMES = List.of("vertical", "horizontal", "diagonal", "main-diagonal",
      "anti-diagonal", "none");

  private LineClassification() {}

  /**
   * The classes {@code classes} (input: at least two distinct names of {@link #CLASS_NAMES}), {@code perClass}
   * images each, labels in list order. {@code of(t, n, s, FOUR_CLASSES)} is {@code fourClass(t, n, s)}, bit for bit.
   *
   * @throws IllegalArgumentException naming an unknown or repeated class, or a list of fewer than two
   */
  public static LabelledSet of(LineImages.Builder images, int perClass, long seed, List<String> classes) {
    checkClasses(classes);
    return generate(images, perClass, seed, List.copyOf(classes));
  }

  /**
   * Checks a class list for {@link #of}.
   *
   * @throws IllegalArgumentException naming the unknown or repeated class, or saying there are fewer than two
   */
  public static void checkClasses(List<String> classes) {
    String where = "LineClassification";
    if (classes == null || classes.size() < 2) {
      throw new IllegalArgumentException(where + ": expected at least two classes, got " + classes);
    }
    for (int i = 0; i < classes.size(); i++) {
      String c = classes.get(i);
      if (!CLASS_NAMES.contains(c)) {
        throw new IllegalArgumentException(where + ": unknown class '" + c + "'; expected one of "
            + String.join(", ", CLASS_NAMES));
      }
      if (classes.subList(0, i).contains(c)) {
        throw new IllegalArgumentException(where + ": class '" + c + "' is given twice");
      }
    }
  }

  /** Vertical vs horizontal lines, {@code perClass} images each (inputs {@code [2·perClass, rows, cols, channels]}). */
  public static LabelledSet verticalHorizontal(LineImages.Builder images, int perClass, long seed) {
    return generate(images, perClass, seed, VERTICAL_HORIZONTAL);
  }

  /** {@link #verticalHorizontal} from the default 8×8 template of {@link LineImages#builder()}. */
  public static LabelledSet verticalHorizontal(int perClass, long seed) {
    return verticalHorizontal(LineImages.builder(), perClass, seed);
  }

  /** Vertical, horizontal, diagonal and no line, {@code perClass} images each ({@code 4·perClass} in all). */
  public static LabelledSet fourClass(LineImages.Builder images, int perClass, long seed) {
    return generate(images, perClass, seed, FOUR_CLASSES);
  }

  /** {@link #fourClass} from the default 8×8 template of {@link LineImages#builder()}. */
  public static LabelledSet fourClass(int perClass, long seed) {
    return fourClass(LineImages.builder(), perClass, seed);
  }

  private static LabelledSet generate(LineImages.Builder template, int perClass, long seed, List<String> classes) {
    String where = "LineClassification";
    if (template == null) {
      throw new IllegalArgumentException(where + ": expected a LineImages.Builder template, got null");
    }
    Checks.positive(where, "images per class", perClass);
    if ((long) perClass * classes.size() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(where + ": " + perClass + " images per class × " + classes.size()
          + " classes is too many samples");
    }
    SplittableRandom seeds = new SplittableRandom(seed);
    List<Tensor> parts = new ArrayList<>();
    for (String name : classes) {
      LineImages.Builder b = template.copy().seed(seeds.nextLong());
      switch (name) {
        case "vertical":
          b.orientation(Orientation.VERTICAL);
          break;
        case "horizontal":
          b.orientation(Orientation.HORIZONTAL);
          break;
        case "diagonal":
          b.orientations(Orientation.DIAGONAL, Orientation.ANTI_DIAGONAL);
          break;
        case "main-diagonal":
          b.orientation(Orientation.DIAGONAL);
          break;
        case "anti-diagonal":
          b.orientation(Orientation.ANTI_DIAGONAL);
          break;
        default:
          b.linesPerImage(0);
      }
      LineImages generator = b.build();
      if (!name.equals("none") && generator.linesPerImage() == 0) {
        throw new IllegalArgumentException(where + ": the template has 0 lines per image, so class '" + name
            + "' would hold no line; expected at least 1");
      }
      parts.add(generator.generate(perClass));
    }
    int sampleSize = parts.get(0).size() / perClass;
    int[] shape = parts.get(0).shape();
    shape[0] = perClass * classes.size();
    Checks.batchSize(where, shape[0], sampleSize);
    double[] all = new double[shape[0] * sampleSize];
    int[] labels = new int[shape[0]];
    for (int k = 0; k < parts.size(); k++) {
      System.arraycopy(parts.get(k).data(), 0, all, k * perClass * sampleSize, perClass * sampleSize);
      java.util.Arrays.fill(labels, k * perClass, (k + 1) * perClass, k);
    }
    return new LabelledSet(Tensor.wrap(all, shape), labels, classes).shuffled(seeds.nextLong());
  }
}
