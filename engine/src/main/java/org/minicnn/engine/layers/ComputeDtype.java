package org.minicnn.engine.layers;

import java.util.Locale;

/**
 * The precision a layer computes in, apart from the precision of its variables, as Keras's mixed-precision
 * {@code DTypePolicy} separates {@code compute_dtype} from {@code variable_dtype}. minicnn's variables and tensors
 * are always double; a convolution layer set to {@link #FLOAT32} rounds its input, kernel, bias and upstream
 * gradient to float, computes in float, and hands back double tensors holding the float results (see
 * {@link org.minicnn.engine.conv.fast.FloatConvolution} for what is rounded where). The names are
 * PyTorch's and NumPy's dtype names.
 */
public enum ComputeDtype {
  /** Double precision throughout: the engine's type, the default, checked by central differences at 1e-7. */
  FLOAT64,
  /**
   * Single precision compute, as PyTorch's default {@code float32} and Keras's {@code float32} policy compute,
   * with twice as many lanes per vector: results differ from {@link #FLOAT64} by float rounding
   * (about 1e-7 relative per operation), so gradient checks at 1e-7 do not apply.
   */
  FLOAT32;

  /** The dtype's name as PyTorch and NumPy spell it: {@code float64} or {@code float32}. */
  public String dtypeName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The dtype named {@code name}: {@code float64} or {@code float32}, or their C names {@code double} and
   * {@code float} (case-insensitive).
   *
   * @throws IllegalArgumentException for any other name, naming what came
   */
  public static ComputeDtype parse(String name) {
    return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
      case "float64", "double" -> FLOAT64;
      case "float32", "float" -> FLOAT32;
      default -> throw new IllegalArgumentException("expected a compute dtype float64 (double) or float32 (float), got '"
          + name + "'");
    };
  }
}
