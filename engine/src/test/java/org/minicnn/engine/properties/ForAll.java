package org.minicnn.engine.properties;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A small property runner on plain JUnit 5: draws {@link #TRIES} cases from a seeded
 * {@link SplittableRandom} and checks each; a failure names the property's seed, the try and the
 * case (records are printed component by component, arrays in full), so it reproduces exactly.
 *
 * <p>Cases are drawn with {@link Generators}, which mixes the edge values (zero, negative, huge)
 * into mostly valid sizes.
 */
public final class ForAll {

  /** Generated cases per property. */
  public static final int TRIES = 1000;

  private ForAll() {}

  /**
   * @param seed fixed per property, so every run sees the same cases
   * @param generator draws one case from the random source (input, advanced)
   * @param property throws (an AssertionError) when the case breaks the property
   */
  public static <C> void check(long seed, Function<SplittableRandom, C> generator, Consumer<C> property) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < TRIES; i++) {
      C example = generator.apply(random);
      try {
        property.accept(example);
      } catch (AssertionError | RuntimeException failure) {
        throw new AssertionError("property failed at try " + i + " of seed " + seed + " on " + describe(example)
            + ": " + failure.getMessage(), failure);
      }
    }
  }

  private static boolean declaresToString(Class<?> type) {
    try {
      type.getDeclaredMethod("toString");
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /** A readable rendering of a case: record components by name, arrays element by element. */
  static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value.getClass().isArray()) {
      StringBuilder out = new StringBuilder("[");
      int n = Array.getLength(value);
      for (int i = 0; i < n && i < 64; i++) {
        out.append(i > 0 ? ", " : "").append(describe(Array.get(value, i)));
      }
      return out.append(n > 64 ? ", … (" + n + ")]" : "]").toString();
    }
    if (value.getClass().isRecord() && !declaresToString(value.getClass())) {
      StringBuilder out = new StringBuilder(value.getClass().getSimpleName()).append('(');
      RecordComponent[] parts = value.getClass().getRecordComponents();
      for (int i = 0; i < parts.length; i++) {
        try {
          out.append(i > 0 ? ", " : "").append(parts[i].getName()).append('=')
              .append(describe(parts[i].getAccessor().invoke(value)));
        } catch (ReflectiveOperationException e) {
          out.append(parts[i].getName()).append("=?");
        }
      }
      return out.append(')').toString();
    }
    return String.valueOf(value);
  }
}
