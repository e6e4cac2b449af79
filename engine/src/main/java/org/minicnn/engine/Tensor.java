package org.minicnn.engine;

import java.util.Arrays;

/**
 * A dense, row-major (C order) array of doubles with a shape, like a NumPy {@code ndarray} of
 * {@code float64}.
 *
 * <p>Element {@code [i0, i1, …, ik]} lives at {@code data[((i0·d1 + i1)·d2 + …)·dk + ik]} where
 * {@code d} is the shape. Layers use the Keras channels-last layout: a batch of images is
 * {@code [batch, rows, cols, channels]}.
 *
 * <p>A tensor's shape never changes. Its values may: {@link #data()} hands out the backing array so
 * that layers and optimizers can update values in place without copying; every other accessor
 * copies. Factory methods reject non-finite values, so a NaN or infinity never enters the engine
 * from outside unnoticed.
 */
public final class Tensor {

  private final double[] data;
  private final int[] shape;

  private Tensor(double[] data, int[] shape) {
    this.data = data;
    this.shape = shape;
  }

  /**
   * A tensor holding a copy of {@code data} with the given shape.
   *
   * @param data input, copied; its length must equal the product of {@code shape}, every value finite
   * @param shape input, copied; every dimension positive
   * @throws IllegalArgumentException naming the expected and actual size, or the first non-finite value
   */
  public static Tensor of(double[] data, int... shape) {
    if (data == null) {
      throw new IllegalArgumentException("Tensor.of: data is null; expected an array of " + Shapes.format(shape) + " values");
    }
    int[] checked = checkedShape("Tensor.of", shape);
    long expected = Shapes.product(checked);
    if (data.length != expected) {
      throw new IllegalArgumentException("Tensor.of: shape " + Shapes.format(checked) + " needs " + expected
          + " values, got " + data.length);
    }
    for (int i = 0; i < data.length; i++) {
      if (!Double.isFinite(data[i])) {
        throw new IllegalArgumentException("Tensor.of: data[" + i + "] is " + data[i]
            + "; expected finite values (index " + Shapes.format(Shapes.unravel(i, checked)) + " of shape "
            + Shapes.format(checked) + ")");
      }
    }
    return new Tensor(data.clone(), checked);
  }

  /** A tensor of the given shape filled with zeros. @param shape input, copied; every dimension positive */
  public static Tensor zeros(int... shape) {
    int[] checked = checkedShape("Tensor.zeros", shape);
    return new Tensor(new double[Math.toIntExact(Shapes.product(checked))], checked);
  }

  /** A tensor of the given shape with every element equal to {@code value} (finite). */
  public static Tensor full(double value, int... shape) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("Tensor.full: value is " + value + "; expected a finite value");
    }
    Tensor t = zeros(shape);
    Arrays.fill(t.data, value);
    return t;
  }

  /**
   * Wraps an array without copying or checking its values; engine code uses this for results it
   * computed itself. The caller must not keep writing to {@code data} unless that is intended.
   */
  public static Tensor wrap(double[] data, int... shape) {
    int[] checked = checkedShape("Tensor.wrap", shape);
    if (data == null) {
      throw new IllegalArgumentException("Tensor.wrap: data is null; expected an array of " + Shapes.product(checked)
          + " values for shape " + Shapes.format(checked));
    }
    if (data.length != Shapes.product(checked)) {
      throw new IllegalArgumentException("Tensor.wrap: shape " + Shapes.format(checked) + " needs "
          + Shapes.product(checked) + " values, got " + data.length);
    }
    return new Tensor(data, checked);
  }

  private static int[] checkedShape(String where, int[] shape) {
    if (shape == null || shape.length == 0) {
      throw new IllegalArgumentException(where + ": expected at least one dimension, got none");
    }
    for (int d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException(where + ": expected positive dimensions, got shape " + Shapes.format(shape));
      }
    }
    if (Shapes.product(shape) > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(where + ": shape " + Shapes.format(shape) + " has "
          + Shapes.product(shape) + " elements; at most " + (Integer.MAX_VALUE - 8) + " fit in one array");
    }
    // Refuse up front what the heap can never hold: a clear message instead of an OutOfMemoryError.
    long bytes = Shapes.product(shape) * Double.BYTES;
    if (bytes > Runtime.getRuntime().maxMemory()) {
      throw new IllegalArgumentException(where + ": shape " + Shapes.format(shape) + " needs " + bytes
          + " bytes, more than the Java heap's maximum of " + Runtime.getRuntime().maxMemory() + " (-Xmx)");
    }
    return shape.clone();
  }

  /** A copy of the shape. */
  public int[] shape() {
    return shape.clone();
  }

  /** The size of dimension {@code axis}; negative axes count from the end as in NumPy. */
  public int dim(int axis) {
    int a = axis < 0 ? axis + shape.length : axis;
    if (a < 0 || a >= shape.length) {
      throw new IllegalArgumentException("axis " + axis + " is out of range for shape " + Shapes.format(shape));
    }
    return shape[a];
  }

  /** The number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** The number of elements, the product of the shape. */
  public int size() {
    return data.length;
  }

  /** The element at {@code index}, which must have one in-range entry per dimension. */
  public double get(int... index) {
    return data[offset(index)];
  }

  /** Sets the element at {@code index} (modified: this tensor). */
  public void set(double value, int... index) {
    data[offset(index)] = value;
  }

  private int offset(int[] index) {
    if (index == null || index.length != shape.length) {
      throw new IllegalArgumentException("expected an index with " + shape.length + " entries for shape "
          + Shapes.format(shape) + ", got " + Shapes.format(index));
    }
    int offset = 0;
    for (int i = 0; i < shape.length; i++) {
      if (index[i] < 0 || index[i] >= shape[i]) {
        throw new IllegalArgumentException("index " + Shapes.format(index) + " is out of bounds for shape "
            + Shapes.format(shape));
      }
      offset = offset * shape[i] + index[i];
    }
    return offset;
  }

  /** A copy of the values in row-major order. */
  public double[] toArray() {
    return data.clone();
  }

  /**
   * The backing array itself (not a copy), row-major. Writes change this tensor; layers and
   * optimizers use it to work in place.
   */
  public double[] data() {
    return data;
  }

  /** A deep copy. */
  public Tensor copy() {
    return new Tensor(data.clone(), shape.clone());
  }

  /**
   * A tensor with the same values (shared, not copied) and another shape of the same size, like
   * NumPy's {@code reshape}. One dimension may be -1 and is then inferred.
   */
  public Tensor reshape(int... newShape) {
    if (newShape == null || newShape.length == 0) {
      throw new IllegalArgumentException("cannot reshape " + Shapes.format(shape) + " (" + data.length
          + " values) to " + Shapes.format(newShape) + "; expected at least one dimension");
    }
    int[] resolved = newShape.clone();
    int inferred = -1;
    long known = 1;
    for (int i = 0; i < resolved.length; i++) {
      if (resolved[i] == -1 && inferred < 0) {
        inferred = i;
      } else {
        known *= resolved[i];
      }
    }
    if (inferred >= 0 && known > 0 && data.length % known == 0) {
      resolved[inferred] = (int) (data.length / known);
    }
    for (int d : resolved) {
      if (d <= 0 || Shapes.product(resolved) != data.length) {
        throw new IllegalArgumentException("cannot reshape " + Shapes.format(shape) + " (" + data.length
            + " values) to " + Shapes.format(newShape));
      }
    }
    return new Tensor(data, resolved);
  }

  /** Copies the values of {@code source} (input, same shape) into this tensor (modified). */
  public void copyFrom(Tensor source) {
    Shapes.requireEqual("Tensor.copyFrom", shape, source == null ? null : source.shape);
    System.arraycopy(source.data, 0, data, 0, data.length);
  }

  /** Sets every element to {@code value} (modified: this tensor). */
  public void fill(double value) {
    Arrays.fill(data, value);
  }

  // NumPy-style views of a tensor for reading results: each returns a new tensor (a copy) or a number.
  // Axes may be negative and then count from the end, as in NumPy.

  /**
   * The sub-tensor at {@code index} along {@code axis}, that axis removed: NumPy's {@code x.take(index, axis)},
   * PyTorch's {@code x.select(axis, index)}. A rank-1 tensor gives a one-element tensor of shape [1].
   * A copy: writing to it leaves this tensor unchanged.
   */
  public Tensor select(int axis, int index) {
    int a = axis("select", axis);
    if (index < 0 || index >= shape[a]) {
      throw new IllegalArgumentException("select: index " + index + " is out of bounds for axis " + axis + " of size "
          + shape[a] + " (shape " + Shapes.format(shape) + ")");
    }
    int outer = (int) Shapes.product(Arrays.copyOfRange(shape, 0, a));
    int inner = (int) Shapes.product(Arrays.copyOfRange(shape, a + 1, shape.length));
    double[] out = new double[outer * inner];
    for (int o = 0; o < outer; o++) {
      System.arraycopy(data, (o * shape[a] + index) * inner, out, o * inner, inner);
    }
    return new Tensor(out, withoutAxis(a));
  }

  /**
   * The tensors (all of one shape) stacked along a new axis at {@code axis}, NumPy's {@code np.stack(tensors, axis)}:
   * {@code stack(-1, red, green, blue)} makes a channels-last image of three [rows, cols] planes,
   * {@code stack(-1, k0, k1)} a [3, 3, 2] kernel of two filters. {@code axis} counts in the result, −1 is last.
   */
  public static Tensor stack(int axis, Tensor... tensors) {
    if (tensors == null || tensors.length == 0) {
      throw new IllegalArgumentException("stack: expected at least one tensor, got none");
    }
    int[] part = tensors[0].shape;
    for (int t = 1; t < tensors.length; t++) {
      if (!Arrays.equals(part, tensors[t].shape)) {
        throw new IllegalArgumentException("stack: expected every tensor of shape " + Shapes.format(part) + ", tensor " + t
            + " has shape " + Shapes.format(tensors[t].shape));
      }
    }
    int a = axis < 0 ? axis + part.length + 1 : axis;
    if (a < 0 || a > part.length) {
      throw new IllegalArgumentException("stack: axis " + axis + " is out of range for stacking tensors of shape "
          + Shapes.format(part));
    }
    int[] shape = new int[part.length + 1];
    for (int i = 0, j = 0; i < shape.length; i++) {
      shape[i] = i == a ? tensors.length : part[j++];
    }
    int outer = (int) Shapes.product(Arrays.copyOfRange(part, 0, a));
    int inner = (int) Shapes.product(Arrays.copyOfRange(part, a, part.length));
    double[] out = new double[outer * tensors.length * inner];
    for (int o = 0; o < outer; o++) {
      for (int t = 0; t < tensors.length; t++) {
        System.arraycopy(tensors[t].data, o * inner, out, (o * tensors.length + t) * inner, inner);
      }
    }
    return new Tensor(out, shape);
  }

  /** Sample {@code n} of a batch: {@code select(0, n)}, NumPy's {@code x[n]}. */
  public Tensor sample(int n) {
    return select(0, n);
  }

  /** Channel {@code c} of a channels-last tensor: {@code select(-1, c)}, NumPy's {@code x[..., c]}. */
  public Tensor channel(int c) {
    return select(-1, c);
  }

  /** The sum of all elements, NumPy's {@code x.sum()}. */
  public double sum() {
    double total = 0;
    for (double v : data) {
      total += v;
    }
    return total;
  }

  /** The mean of all elements, NumPy's {@code x.mean()}. */
  public double mean() {
    return sum() / data.length;
  }

  /** The largest element, NumPy's {@code x.max()}. */
  public double max() {
    return data[argmax()];
  }

  /** The smallest element, NumPy's {@code x.min()}. */
  public double min() {
    return data[argmin()];
  }

  /** Sums along {@code axis}, which is removed (NumPy's {@code x.sum(axis)}); a rank-1 tensor gives shape [1]. */
  public Tensor sum(int axis) {
    int a = axis("sum", axis);
    int outer = (int) Shapes.product(Arrays.copyOfRange(shape, 0, a));
    int inner = (int) Shapes.product(Arrays.copyOfRange(shape, a + 1, shape.length));
    double[] out = new double[outer * inner];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < shape[a]; i++) {
        for (int k = 0; k < inner; k++) {
          out[o * inner + k] += data[(o * shape[a] + i) * inner + k];
        }
      }
    }
    return new Tensor(out, withoutAxis(a));
  }

  /** Means along {@code axis}, which is removed (NumPy's {@code x.mean(axis)}). */
  public Tensor mean(int axis) {
    int n = shape[axis("mean", axis)];
    Tensor sums = sum(axis);
    for (int i = 0; i < sums.data.length; i++) {
      sums.data[i] /= n;
    }
    return sums;
  }

  /** The row-major (flat) index of the largest element, the first one on a tie: NumPy's {@code x.argmax()}. */
  public int argmax() {
    int best = 0;
    for (int i = 1; i < data.length; i++) {
      if (data[i] > data[best]) {
        best = i;
      }
    }
    return best;
  }

  /** The row-major (flat) index of the smallest element, the first one on a tie: NumPy's {@code x.argmin()}. */
  public int argmin() {
    int best = 0;
    for (int i = 1; i < data.length; i++) {
      if (data[i] < data[best]) {
        best = i;
      }
    }
    return best;
  }

  /**
   * The index of the largest element along {@code axis} for every position of the other axes, in row-major
   * order (NumPy's {@code x.argmax(axis)}, the first one on a tie): for logits of shape [batch, classes],
   * {@code argmax(1)} is each sample's predicted class.
   */
  public int[] argmax(int axis) {
    int a = axis("argmax", axis);
    int outer = (int) Shapes.product(Arrays.copyOfRange(shape, 0, a));
    int inner = (int) Shapes.product(Arrays.copyOfRange(shape, a + 1, shape.length));
    int[] out = new int[outer * inner];
    for (int o = 0; o < outer; o++) {
      for (int k = 0; k < inner; k++) {
        int base = o * shape[a] * inner + k;
        for (int i = 1; i < shape[a]; i++) {
          if (data[base + i * inner] > data[base + out[o * inner + k] * inner]) {
            out[o * inner + k] = i;
          }
        }
      }
    }
    return out;
  }

  private int axis(String where, int axis) {
    int a = axis < 0 ? axis + shape.length : axis;
    if (a < 0 || a >= shape.length) {
      throw new IllegalArgumentException(where + ": axis " + axis + " is out of range for shape " + Shapes.format(shape));
    }
    return a;
  }

  private int[] withoutAxis(int a) {
    if (shape.length == 1) {
      return new int[] {1};
    }
    int[] out = new int[shape.length - 1];
    for (int i = 0, j = 0; i < shape.length; i++) {
      if (i != a) {
        out[j++] = shape[i];
      }
    }
    return out;
  }

  /** True when the shapes are equal and every value is identical (bit-for-bit up to -0.0 == 0.0). */
  @Override
  public boolean equals(Object other) {
    return other instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  /**
   * NumPy-like nested rendering for small tensors: a matrix (rank 2) one row per line with its columns aligned
   * and at most 8 decimals (as NumPy prints),
   * <pre>
   * [[0.0, 0.0, 3.0],
   *  [0.0, 1.0, 2.0]]
   * </pre>
   * other ranks on one line, e.g. {@code [0.0, 1.0]} or {@code [[[0.0], [1.0]]]}; a larger tensor only its shape.
   */
  @Override
  public String toString() {
    if (data.length > 4096) {
      return "Tensor" + Shapes.format(shape) + " (" + data.length + " values)";
    }
    StringBuilder out = new StringBuilder();
    if (shape.length == 2) {
      String[] values = new String[data.length];
      int width = 0;
      for (int i = 0; i < data.length; i++) {
        values[i] = readable(data[i]);
        width = Math.max(width, values[i].length());
      }
      for (int r = 0; r < shape[0]; r++) {
        out.append(r == 0 ? "[[" : " [");
        for (int c = 0; c < shape[1]; c++) {
          String value = values[r * shape[1] + c];
          out.append(c > 0 ? ", " : "").append(" ".repeat(width - value.length())).append(value);
        }
        out.append(r == shape[0] - 1 ? "]]" : "],\n");
      }
      return out.toString();
    }
    appendNested(out, 0, 0);
    return out.toString();
  }

  /** At most 8 decimals, as NumPy prints by default, without trailing zeros: 1.0, -0.25, 0.33333333. */
  private static String readable(double v) {
    if (!Double.isFinite(v) || Math.abs(v) >= 1e16 || (v != 0 && Math.abs(v) < 1e-8)) {
      return Double.toString(v);
    }
    String text = String.format(java.util.Locale.ROOT, "%.8f", v).replaceAll("0+$", "");
    text = text.endsWith(".") ? text + "0" : text;
    return text.equals("-0.0") ? "0.0" : text;
  }

  private int appendNested(StringBuilder out, int axis, int offset) {
    out.append('[');
    for (int i = 0; i < shape[axis]; i++) {
      if (i > 0) {
        out.append(", ");
      }
      if (axis == shape.length - 1) {
        out.append(data[offset++]);
      } else {
        offset = appendNested(out, axis + 1, offset);
      }
    }
    out.append(']');
    return offset;
  }
}
