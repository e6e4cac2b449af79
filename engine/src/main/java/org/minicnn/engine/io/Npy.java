package org.minicnn.engine.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;

/**
 * NumPy's {@code .npy} format for one array (format versions 1.0, 2.0 and 3.0, as {@code numpy.lib.format}
 * writes them): the magic {@code \x93NUMPY}, the version, the header's length (2 bytes little-endian in
 * 1.0, 4 bytes after), a Python dict literal such as
 * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (3, 3, 1, 4), }} padded with spaces and a
 * newline to a multiple of 64 bytes, then the values in C (row-major) order.
 *
 * <p>Written: version 1.0, float64 little-endian. Read: float64 and float32 of either byte order
 * (float32 widened exactly to double), C order only; anything else is refused with the reason.
 */
final class Npy {

  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
  private static final Pattern DIMENSION = Pattern.compile("\\d{1,10}");
  private static final Pattern DICT = Pattern.compile("\\{.*}\\s*", Pattern.DOTALL);

  private Npy() {}

  /** The whole {@code .npy} file for {@code t} (input, not modified): float64, little-endian, C order. */
  static byte[] write(Tensor t) {
    StringBuilder header = new StringBuilder("{'descr': '<f8', 'fortran_order': False, 'shape': (");
    int[] shape = t.shape();
    for (int i = 0; i < shape.length; i++) {
      header.append(i > 0 ? ", " : "").append(shape[i]);
    }
    header.append(shape.length == 1 ? ",), }" : "), }");
    int unpadded = MAGIC.length + 2 + 2 + header.length() + 1;
    header.append(" ".repeat((64 - unpadded % 64) % 64)).append('\n');
    byte[] text = header.toString().getBytes(StandardCharsets.US_ASCII);
    double[] values = t.data();
    ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 4 + text.length + 8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
    for (double v : values) {
      out.putDouble(v);
    }
    return out.array();
  }

  /** What a {@code .npy} header declares. */
  record Header(int[] shape, boolean float32, ByteOrder order, int dataOffset) {
    /** How many values the shape holds; {@link Long#MAX_VALUE} when that overflows a long. */
    long values() {
      long n = 1;
      for (int d : shape) {
        try {
          n = Math.multiplyExact(n, d);
        } catch (ArithmeticException tooMany) {
          return Long.MAX_VALUE;
        }
      }
      return n;
    }

    int bytesPerValue() {
      return float32 ? 4 : 8;
    }
  }

  /**
   * Reads the header at the start of {@code bytes}.
   *
   * @param fail makes the exception for a problem (the caller names the file and entry)
   */
  static Header header(byte[] bytes, java.util.function.Function<String, NpzFileException> fail) throws NpzFileException {
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes.length <= i || bytes[i] != MAGIC[i]) {
        throw fail.apply("not a .npy array: expected the magic bytes \\x93NUMPY at the start");
      }
    }
    if (bytes.length < MAGIC.length + 4) {
      throw fail.apply("the .npy header is truncated after " + bytes.length + " bytes");
    }
    int major = bytes[6] & 0xff;
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long length;
    int start;
    if (major == 1) {
      length = b.getShort(8) & 0xffff;
      start = 10;
    } else if (major == 2 || major == 3) {
      if (bytes.length < 12) {
        throw fail.apply("the .npy header is truncated after " + bytes.length + " bytes");
      }
      length = b.getInt(8) & 0xffffffffL;
      start = 12;
    } else {
      throw fail.apply(".npy format version " + major + "." + (bytes[7] & 0xff) + " is not supported; expected 1.0, 2.0 or 3.0");
    }
    if (start + length > bytes.length) {
      throw fail.apply("the .npy header declares " + length + " bytes but only " + (bytes.length - start) + " follow");
    }
    String dict = new String(bytes, start, (int) length, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    if (!DICT.matcher(dict).matches()) {
      throw fail.apply("the .npy header is not a dict literal: '" + TensorBlocks.clip(dict.strip()) + "'");
    }
    Matcher descr = DESCR.matcher(dict);
    Matcher fortran = FORTRAN.matcher(dict);
    Matcher shape = SHAPE.matcher(dict);
    if (!descr.find() || !fortran.find() || !shape.find()) {
      throw fail.apply("the .npy header lacks 'descr', 'fortran_order' or 'shape': '" + TensorBlocks.clip(dict.strip()) + "'");
    }
    String dtype = descr.group(1);
    boolean float32;
    ByteOrder order;
    switch (dtype) {
      case "<f8" -> { float32 = false; order = ByteOrder.LITTLE_ENDIAN; }
      case ">f8" -> { float32 = false; order = ByteOrder.BIG_ENDIAN; }
      case "<f4" -> { float32 = true; order = ByteOrder.LITTLE_ENDIAN; }
      case ">f4" -> { float32 = true; order = ByteOrder.BIG_ENDIAN; }
      default -> throw fail.apply("dtype '" + TensorBlocks.clip(dtype) + "' is not supported; expected float64 ('<f8')"
          + " or float32 ('<f4')");
    }
    if (fortran.group(1).equals("True")) {
      throw fail.apply("the array is in Fortran (column-major) order; expected C order (numpy.ascontiguousarray)");
    }
    int[] dims = dimensions(shape.group(1), fail);
    Header h = new Header(dims, float32, order, start + (int) length);
    long expectedBytes = h.values() > Long.MAX_VALUE / 8 ? Long.MAX_VALUE : h.values() * h.bytesPerValue();
    long actual = bytes.length - h.dataOffset();
    if (actual != expectedBytes) {
      throw fail.apply("shape " + Shapes.format(dims) + " of " + dtype + " needs " + expectedBytes + " bytes of values, got "
          + actual + (actual < expectedBytes ? " (truncated)" : ""));
    }
    return h;
  }

  private static int[] dimensions(String tuple, java.util.function.Function<String, NpzFileException> fail)
      throws NpzFileException {
    List<Integer> dims = new ArrayList<>();
    for (String cell : tuple.split(",", -1)) {
      String d = cell.strip();
      if (d.isEmpty()) {
        continue;
      }
      if (!DIMENSION.matcher(d).matches() || Long.parseLong(d) > Integer.MAX_VALUE) {
        throw fail.apply("shape (" + TensorBlocks.clip(tuple) + ") has dimension '" + TensorBlocks.clip(d)
            + "'; expected non-negative integers");
      }
      dims.add(Integer.parseInt(d));
    }
    if (dims.isEmpty()) {
      throw fail.apply("the array is a scalar (shape ()); expected at least one dimension");
    }
    return dims.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The values after {@code h} as a tensor of its shape; float32 values widened exactly. */
  static Tensor values(byte[] bytes, Header h) {
    ByteBuffer b = ByteBuffer.wrap(bytes, h.dataOffset(), bytes.length - h.dataOffset()).slice().order(h.order());
    double[] values = new double[(int) h.values()];
    for (int i = 0; i < values.length; i++) {
      values[i] = h.float32() ? b.getFloat(4 * i) : b.getDouble(8 * i);
    }
    return Tensor.of(values, h.shape());
  }
}
