package org.minicnn.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.Conv2D;

/**
 * Broken weight files, each refused with its line and what was expected, and none changing the
 * model: truncated, wrong counts, non-numeric, huge numbers, NaN, wrong shapes, BOM in the wrong
 * place, lone CR, binary garbage, endless lines.
 */
class CorruptWeightFilesTest {

  @TempDir
  Path dir;

  /** conv2d/kernel [2,2,1,2], conv2d/bias [2], conv2d_1/kernel [1,1,2,1], conv2d_1/bias [1]. */
  static Sequential model() {
    Sequential model = new Sequential().add(new Conv2D(2, 2, 2).seed(1)).add(new Conv2D(1, 1, 1).seed(2));
    model.build(1, 4, 4, 1);
    return model;
  }

  static final String HEADER = "minicnn-weights,1,keras\n";
  static final String KERNEL = "tensor,conv2d/kernel,2,2,1,2\n0.1,0.2\n0.3,0.4\n0.5,0.6\n0.7,0.8\n";
  static final String BIAS = "tensor,conv2d/bias,2\n0.0,-1.0\n";
  static final String SECOND = "tensor,conv2d_1/kernel,1,1,2,1\n1.5\n-2.5\ntensor,conv2d_1/bias,1\n3.0\n";
  static final String VALID = HEADER + KERNEL + BIAS + SECOND;

  static Arguments text(String name, String content, long line, String problem) {
    return Arguments.of(name, content.getBytes(StandardCharsets.UTF_8), line, problem);
  }

  static Arguments bytes(String name, byte[] content, long line, String problem) {
    return Arguments.of(name, content, line, problem);
  }

  static byte[] garbage(long seed, int n) {
    byte[] b = new byte[n];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      b[i] = (byte) r.nextInt(256);
    }
    return b;
  }

  static Stream<Arguments> corruptFiles() {
    String row3 = "row 3 of 4 of conv2d/kernel";
    return Stream.of(
        text("empty", "", 0, "the file is empty; expected the header 'minicnn-weights,1,keras' (or pytorch)"),
        text("blank line", "\n", 1, "expected the header 'minicnn-weights,1,keras' (or pytorch), got ''"),
        text("wrong magic", "weights,1,keras\n" + KERNEL, 1,
            "expected the header 'minicnn-weights,1,keras' (or pytorch), got 'weights,1,keras'"),
        text("future version", "minicnn-weights,2,keras\n", 1, "format version 2 is not supported; expected 1"),
        text("unknown layout", "minicnn-weights,1,tensorflow\n", 1,
            "unknown layout 'tensorflow'; expected keras or pytorch"),
        text("header without layout", "minicnn-weights,1\n", 1,
            "expected the header 'minicnn-weights,1,keras' (or pytorch), got 'minicnn-weights,1'"),
        text("truncated after header", HEADER, 2,
            "the file ends early; expected 'tensor,conv2d/kernel,2,2,1,2' (parameter 1 of 4)"),
        text("truncated between rows", HEADER + "tensor,conv2d/kernel,2,2,1,2\n0.1,0.2\n0.3,0.4\n", 5,
            "the file ends early; expected " + row3 + " (2 values)"),
        text("truncated inside a row", HEADER + "tensor,conv2d/kernel,2,2,1,2\n0.1,0.2\n0.3,0.4\n0.5", 5,
            "conv2d/kernel: expected 2 values in " + row3 + ", got 1"),
        text("truncated before the last tensor", HEADER + KERNEL + BIAS + "tensor,conv2d_1/kernel,1,1,2,1\n1.5\n-2.5\n",
            12, "the file ends early; expected 'tensor,conv2d_1/bias,1' (parameter 4 of 4)"),
        text("wrong tensor name", HEADER + "tensor,dense/kernel,2,2,1,2\n", 2,
            "expected tensor 'conv2d/kernel' (parameter 1 of 4), got 'dense/kernel'"),
        text("shape claiming 10^12 values", HEADER + "tensor,conv2d/kernel,1000000,1000000,1,1\n", 2,
            "conv2d/kernel: declared shape [1000000, 1000000, 1, 1] (1000000000000 values) does not fit the model,"
                + " which expects [2, 2, 1, 2]"),
        text("dimension beyond int", HEADER + "tensor,conv2d/kernel,99999999999,1,1,2\n", 2,
            "conv2d/kernel: dimension 1 is '99999999999'; expected a positive integer (the model's shape is [2, 2, 1, 2])"),
        text("zero dimension", HEADER + "tensor,conv2d/kernel,2,0,1,2\n", 2,
            "conv2d/kernel: dimension 2 is '0'; expected a positive integer (the model's shape is [2, 2, 1, 2])"),
        text("negative dimension", HEADER + "tensor,conv2d/kernel,2,2,-1,2\n", 2,
            "conv2d/kernel: dimension 3 is '-1'; expected a positive integer (the model's shape is [2, 2, 1, 2])"),
        text("word for a dimension", HEADER + "tensor,conv2d/kernel,two,2,1,2\n", 2,
            "conv2d/kernel: dimension 1 is 'two'; expected a positive integer (the model's shape is [2, 2, 1, 2])"),
        text("trailing comma in the shape", HEADER + "tensor,conv2d/kernel,2,2,1,2,\n", 2,
            "conv2d/kernel: dimension 5 is ''; expected a positive integer (the model's shape is [2, 2, 1, 2])"),
        text("wrong rank", HEADER + "tensor,conv2d/kernel,4,2\n", 2,
            "conv2d/kernel: declared shape [4, 2] (8 values) does not fit the model, which expects [2, 2, 1, 2]"),
        text("missing shape", HEADER + "tensor,conv2d/kernel\n", 2,
            "expected 'tensor,conv2d/kernel,2,2,1,2' (parameter 1 of 4), got 'tensor,conv2d/kernel'"),
        text("too many values in a row", HEADER + "tensor,conv2d/kernel,2,2,1,2\n0.1,0.2,0.3\n", 3,
            "conv2d/kernel: expected 2 values in row 1 of 4 of conv2d/kernel, got 3"),
        text("too few values in a row", HEADER + "tensor,conv2d/kernel,2,2,1,2\n0.1\n", 3,
            "conv2d/kernel: expected 2 values in row 1 of 4 of conv2d/kernel, got 1"),
        text("non-numeric cell", HEADER + "tensor,conv2d/kernel,2,2,1,2\n0.1,abc\n", 3,
            "conv2d/kernel: column 2 is 'abc'; expected a decimal number"),
        text("NaN cell", HEADER + "tensor,conv2d/kernel,2,2,1,2\nNaN,0.2\n", 3,
            "conv2d/kernel: column 1 is 'NaN'; expected a decimal number (NaN and infinities are not weights)"),
        text("infinite cell", HEADER + "tensor,conv2d/kernel,2,2,1,2\n0.1,-Infinity\n", 3,
            "conv2d/kernel: column 2 is '-Infinity'; expected a decimal number (NaN and infinities are not weights)"),
        text("number beyond double", HEADER + "tensor,conv2d/kernel,2,2,1,2\n1e999,0.2\n", 3,
            "conv2d/kernel: column 1 is '1e999', beyond the range of a double"),
        text("hexadecimal float", HEADER + "tensor,conv2d/kernel,2,2,1,2\n0x1p3,0.2\n", 3,
            "conv2d/kernel: column 1 is '0x1p3'; expected a decimal number"),
        text("Java type suffix", HEADER + "tensor,conv2d/kernel,2,2,1,2\n1.0d,0.2\n", 3,
            "conv2d/kernel: column 1 is '1.0d'; expected a decimal number"),
        text("empty cell", HEADER + "tensor,conv2d/kernel,2,2,1,2\n0.1,\n", 3,
            "conv2d/kernel: column 2 is ''; expected a decimal number"),
        text("decimal comma", HEADER + "tensor,conv2d/kernel,2,2,1,2\n\"0,1\",0.2\n", 3,
            "conv2d/kernel: expected 2 values in row 1 of 4 of conv2d/kernel, got 3"),
        text("a tensor too many", VALID + "tensor,dense/kernel,1,1\n0.5\n", 14,
            "expected the end of the file after 4 tensors (the model has no more parameters), got 'tensor,dense/kernel,1,1'"),
        text("text after the last tensor", VALID + "\n\nthe end\n", 16,
            "expected the end of the file after 4 tensors (the model has no more parameters), got 'the end'"),
        text("byte-order mark inside", HEADER + "\uFEFF" + KERNEL, 2,
            "expected 'tensor,conv2d/kernel,2,2,1,2' (parameter 1 of 4), got '\uFEFFtensor,conv2d/kernel,2,2,1,2'"),
        text("lone carriage returns", VALID.replace('\n', '\r'), 1,
            "a carriage return not followed by a line feed; expected the header 'minicnn-weights,1,keras' (or pytorch)"),
        text("NUL inside a row", HEADER + "tensor,conv2d/kernel,2,2,1,2\n0.1,\u00000.2\n", 3,
            "a NUL character (a binary file?); expected row 1 of 4 of conv2d/kernel (2 values)"),
        text("endless line", HEADER + "tensor,conv2d/kernel,2,2,1,2\n" + "1".repeat(100_000), 3,
            "the line is longer than 144 characters; expected row 1 of 4 of conv2d/kernel (2 values)"),
        text("endless header", "minicnn-weights" + ",".repeat(5000), 1,
            "the line is longer than 1024 characters; expected the header 'minicnn-weights,1,keras' (or pytorch)"),
        bytes("binary garbage", garbage(31, 4096), 1,
            "not UTF-8 text (a binary file?); expected the header 'minicnn-weights,1,keras' (or pytorch)"),
        bytes("Latin-1 name", (HEADER + "tensor,conv2d/k\u00e9rnel,2,2,1,2\n").getBytes(StandardCharsets.ISO_8859_1), 2,
            "not UTF-8 text (a binary file?); expected 'tensor,conv2d/kernel,2,2,1,2' (parameter 1 of 4)"),
        text("PyTorch names in a Keras file", HEADER + "tensor,0.weight,2,1,2,2\n", 2,
            "expected tensor 'conv2d/kernel' (parameter 1 of 4), got '0.weight'"),
        text("Keras shape in a PyTorch file", "minicnn-weights,1,pytorch\ntensor,0.weight,2,2,1,2\n", 2,
            "0.weight: declared shape [2, 2, 1, 2] (8 values) does not fit the model, which expects [2, 1, 2, 2]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corruptFiles")
  void isRefusedWithItsLineAndLoadsNothing(String name, byte[] content, long line, String problem) throws IOException {
    Path file = dir.resolve("weights.csv");
    Files.write(file, content);
    Sequential model = model();
    List<Tensor> before = model.getWeights();
    WeightFileException e = assertThrows(WeightFileException.class, () -> WeightFile.load(file, model));
    assertEquals(file + (line > 0 ? " line " + line : "") + ": " + problem, e.getMessage());
    assertEquals(line, e.line());
    assertEquals(before, model.getWeights(), "nothing loaded");
  }
}
