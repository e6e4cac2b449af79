package org.minicnn.training.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.minicnn.engine.Tensor;

/** Checkpoint files: exact round trips (NaN metrics included) and broken files refused with their line. */
class CheckpointFileTest {

  @TempDir
  Path dir;

  static final CheckpointFile.Schema SCHEMA = new CheckpointFile.Schema() {
    @Override
    public Set<String> counters() {
      return Set.of("epoch", "step");
    }

    @Override
    public int[] shapeOf(String name) {
      return switch (name) {
        case "weights/w", "optimizer/w/momentum_buffer" -> new int[] {2, 2};
        case "optimizer/w/step" -> new int[] {1};
        default -> null;
      };
    }

    @Override
    public Set<String> requiredTensors() {
      return Set.of("weights/w");
    }

    @Override
    public int maxRows() {
      return 100;
    }

    @Override
    public int maxColumns() {
      return 4;
    }
  };

  static CheckpointFile.Contents contents() {
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("epoch", 2L);
    counters.put("step", 6L);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("weights/w", Tensor.of(new double[] {0.1, -0.0, 1e-300, 3}, 2, 2));
    tensors.put("optimizer/w/step", Tensor.of(new double[] {6}, 1));
    return new CheckpointFile.Contents(counters, List.of("epoch", "loss", "val_loss"),
        List.of(new double[] {0, 0.5, Double.NaN}, new double[] {1, 0.25, Double.NaN}, new double[] {2, 0.125, 0.2}),
        tensors);
  }

  static final String VALID = "minicnn-checkpoint,1\ncounter,epoch,2\ncounter,step,6\nmetrics,3,3\nepoch,loss,val_loss\n"
      + "0.0,0.5,NaN\n1.0,0.25,NaN\n2.0,0.125,0.2\ntensor,weights/w,2,2\n0.1,-0.0\n1.0E-300,3.0\n"
      + "tensor,optimizer/w/step,1\n6.0\nend\n";

  static String sha256(String text) throws java.security.NoSuchAlgorithmException {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void aValueChangedAfterWritingFailsTheChecksumNamingItsLine() throws Exception {
    Path file = dir.resolve("checkpoint.csv");
    CheckpointFile.write(file, contents());
    String written = Files.readString(file);
    Files.writeString(file, written.replace("1.0E-300,3.0\n", "3.0,1.0E-300\n"));   // two values swapped
    CheckpointFile.read(file, SCHEMA);   // still a well-formed checkpoint
    CheckpointFileException e = assertThrows(CheckpointFileException.class, () -> CheckpointFile.verifyChecksum(file));
    assertEquals(14, e.line());
    assertTrue(e.getMessage().endsWith(": the checkpoint was changed after it was written"), e.getMessage());
    Files.writeString(file, VALID);
    e = assertThrows(CheckpointFileException.class, () -> CheckpointFile.verifyChecksum(file));
    assertTrue(e.getMessage().contains("the checkpoint has no 'sha256,…' line before 'end'"), e.getMessage());
  }

  @Test
  void writesTheDocumentedTextAndReadsItBackExactly() throws Exception {
    Path file = dir.resolve("checkpoint.csv");
    CheckpointFile.write(file, contents());
    String body = VALID.substring(0, VALID.length() - "end\n".length());
    assertEquals(body + "sha256," + sha256(body) + "\nend\n", Files.readString(file));
    CheckpointFile.verifyChecksum(file);
    CheckpointFile.Contents read = CheckpointFile.read(file, SCHEMA);
    assertEquals(contents().counters(), read.counters());
    assertEquals(contents().columns(), read.columns());
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(contents().rows().get(i), read.rows().get(i));
    }
    assertEquals(contents().tensors(), read.tensors());
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(read.tensors().get("weights/w").get(0, 1)));
  }

  @Test
  void nonFiniteStateIsNotWritten() {
    Map<String, Tensor> tensors = new LinkedHashMap<>(contents().tensors());
    tensors.get("weights/w").data()[0] = Double.POSITIVE_INFINITY;
    CheckpointFile.Contents bad = new CheckpointFile.Contents(contents().counters(), contents().columns(),
        contents().rows(), tensors);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CheckpointFile.write(dir.resolve("c.csv"), bad));
    assertEquals("CheckpointFile.write: tensor weights/w holds Infinity; a checkpoint keeps only finite values",
        e.getMessage());
  }

  static Arguments broken(String name, String content, long line, String problem) {
    return Arguments.of(name, content, line, problem);
  }

  static Stream<Arguments> brokenCheckpoints() {
    return Stream.of(
        broken("empty", "", 1, "the file is empty; expected the header 'minicnn-checkpoint,1'"),
        broken("weight file instead", "minicnn-weights,1,keras\n", 1,
            "expected the header 'minicnn-checkpoint,1', got 'minicnn-weights,1,keras'"),
        broken("truncated before end", VALID.replace("end\n", ""), 14,
            "the file ends early (no 'end' line); expected 'counter,…', 'metrics,…', 'tensor,…' or 'end'"),
        broken("truncated in the metrics", VALID.substring(0, VALID.indexOf("1.0,0.25")), 7,
            "the file ends early; expected metrics row 2 of 3 (3 values)"),
        broken("unknown counter", VALID.replace("counter,step,6", "counter,steps,6"), 3,
            "unknown counter 'steps'; expected " + SCHEMA.counters()),
        broken("counter twice", VALID.replace("counter,step,6", "counter,epoch,6"), 3,
            "counter 'epoch' appears twice"),
        broken("counter beyond long", VALID.replace("counter,step,6", "counter,step,99999999999999999999"), 3,
            "expected 'counter,<name>,<integer>', got 'counter,step,99999999999999999999'"),
        broken("missing counter", VALID.replace("counter,step,6\n", ""), 13,
            "the checkpoint ends without counter(s) [step]"),
        broken("a billion metrics rows", VALID.replace("metrics,3,3", "metrics,1000000000,3"), 4,
            "metrics of 1000000000 rows and 3 columns; expected at most 100 rows and 4 columns"),
        broken("metrics row too short", VALID.replace("1.0,0.25,NaN", "1.0,0.25"), 7,
            "expected 3 values in metrics row 2 of 3, got 2"),
        broken("infinite metric", VALID.replace("1.0,0.25,NaN", "1.0,Infinity,NaN"), 7,
            "metrics: column 2 is 'Infinity'; expected a decimal number or NaN (infinities are not stored)"),
        broken("unexpected tensor", VALID.replace("optimizer/w/step", "optimizer/v/step"), 12,
            "unexpected tensor 'optimizer/v/step'; the model and optimiser have no such state"),
        broken("tensor of the wrong shape", VALID.replace("tensor,weights/w,2,2", "tensor,weights/w,4"), 9,
            "weights/w: declared shape [4] (4 values) does not fit the model, which expects [2, 2]"),
        broken("missing weights", VALID.replace("tensor,weights/w,2,2\n0.1,-0.0\n1.0E-300,3.0\n", ""), 11,
            "the checkpoint ends without tensor(s) [weights/w]"),
        broken("NaN weight", VALID.replace("0.1,-0.0", "NaN,-0.0"), 10,
            "weights/w: column 1 is 'NaN'; expected a decimal number (NaN and infinities are not weights)"),
        broken("text after end", VALID + "tensor,weights/w,2,2\n", 15,
            "expected the end of the file after 'end', got 'tensor,weights/w,2,2'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenCheckpoints")
  void brokenCheckpointsAreRefusedWithTheirLine(String name, String content, long line, String problem)
      throws IOException {
    Path file = dir.resolve("checkpoint.csv");
    Files.write(file, content.getBytes(StandardCharsets.UTF_8));
    CheckpointFileException e = assertThrows(CheckpointFileException.class, () -> CheckpointFile.read(file, SCHEMA));
    assertEquals(file + " line " + line + ": " + problem, e.getMessage());
  }
}
