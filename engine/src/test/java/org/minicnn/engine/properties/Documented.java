package org.minicnn.engine.properties;

import java.util.function.Supplier;

/**
 * Runs one call of the public API and sorts its outcome: a result, or one of the two documented
 * exceptions (IllegalArgumentException, IllegalStateException) with a message that names what was
 * wrong. Anything else — ArrayIndexOutOfBounds, NullPointer, NegativeArraySize, ArithmeticException,
 * OutOfMemoryError, a blank message — fails the property with the original exception as cause.
 */
public final class Documented {

  private Documented() {}

  /** What a call did: its result, or the documented exception it threw. */
  public record Outcome<T>(T result, RuntimeException rejection) {
    public boolean accepted() {
      return rejection == null;
    }
  }

  /**
   * @param mentions the message must contain at least one of these (e.g. the class name, "shape")
   */
  public static <T> Outcome<T> call(Supplier<T> call, String... mentions) {
    try {
      return new Outcome<>(call.get(), null);
    } catch (IllegalArgumentException | IllegalStateException documented) {
      String message = documented.getMessage();
      if (message == null || message.isBlank()) {
        throw new AssertionError("documented exception without a message", documented);
      }
      for (String mention : mentions) {
        if (message.contains(mention)) {
          return new Outcome<>(null, documented);
        }
      }
      throw new AssertionError("message names none of " + String.join(", ", mentions) + ": " + message, documented);
    } catch (RuntimeException | Error undocumented) {
      throw new AssertionError("undocumented " + undocumented.getClass().getSimpleName(), undocumented);
    }
  }

  /** {@link #call} for calls without a result. */
  public static Outcome<Boolean> run(Runnable call, String... mentions) {
    return call(() -> {
      call.run();
      return Boolean.TRUE;
    }, mentions);
  }
}
