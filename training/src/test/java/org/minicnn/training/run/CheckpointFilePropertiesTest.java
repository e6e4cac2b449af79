package org.minicnn.training.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minicnn.engine.properties.Generators.chance;
import static org.minicnn.engine.properties.WeightFilePropertiesTest.CRLF_AND_BOM;
import static org.minicnn.engine.properties.WeightFilePropertiesTest.mutate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minicnn.engine.GradientCheck;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.properties.ForAll;
import org.minicnn.engine.properties.WeightFilePropertiesTest;

/**
 * Checkpoint files over random contents: a written file reads back bit-exactly, and one with a random byte
 * or line mutation (the weight-file property test's mutations) either reads or throws
 * {@link CheckpointFileException} naming the file and line — never another exception.
 */
class CheckpointFilePropertiesTest {

  @TempDir
  Path dir;

  /** Checkpoints of two counters, a metrics table and two tensors, as the schema below allows. */
  static final CheckpointFile.Schema SCHEMA = new CheckpointFile.Schema() {
    @Override
    public Set<String> counters() {
      return Set.of("epoch", "step");
    }

    @Override
    public int[] shapeOf(String name) {
      return switch (name) {
        case "weights/w" -> new int[] {2, 3};
        case "optimizer/w/step" -> new int[] {1};
        default -> null;
      };
    }

    @Override
    public Set<String> requiredTensors() {
      return Set.of("weights/w", "optimizer/w/step");
    }

    @Override
    public int maxRows() {
      return 8;
    }

    @Override
    public int maxColumns() {
      return 3;
    }
  };

  @Test
  void checkpointsReadBackBitExactlyAndMutatedOnesReadOrNameFileAndLine() {
    ForAll.check(9402, WeightFilePropertiesTest::draw, c -> {
      try {
        SplittableRandom r = new SplittableRandom(c.seed());
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("epoch", r.nextLong(-5, 1L << 40));
        counters.put("step", chance(r, 10) ? Long.MIN_VALUE : r.nextLong());
        List<double[]> rows = new ArrayList<>();
        for (int i = r.nextInt(0, 9); i > 0; i--) {
          rows.add(new double[] {r.nextDouble(), chance(r, 20) ? Double.NaN : r.nextDouble(-1e9, 1e9), -0.0});
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("weights/w", GradientCheck.randomTensor(r, 2, 3));
        tensors.put("optimizer/w/step", Tensor.of(new double[] {chance(r, 50) ? Double.MIN_VALUE : 7}, 1));
        CheckpointFile.Contents written = new CheckpointFile.Contents(counters, List.of("epoch", "loss", "val_loss"),
            rows, tensors);
        Path file = dir.resolve("c.csv");
        CheckpointFile.write(file, written);
        Files.write(file, mutate(c, Files.readAllBytes(file)));
        CheckpointFile.Contents read;
        try {
          read = CheckpointFile.read(file, SCHEMA);
        } catch (CheckpointFileException e) {
          assertTrue(c.mutation() > CRLF_AND_BOM, "a valid checkpoint was refused: " + e.getMessage());
          assertEquals(file, e.file());
          assertTrue(e.getMessage().startsWith(file + (e.line() > 0 ? " line " + e.line() + ": " : ": ")),
              e.getMessage());
          return;
        }
        assertEquals(SCHEMA.counters(), read.counters().keySet());
        assertEquals(SCHEMA.requiredTensors(), read.tensors().keySet());
        if (c.mutation() <= CRLF_AND_BOM) {
          assertEquals(counters, read.counters());
          assertEquals(written.columns(), read.columns());
          assertEquals(rows.size(), read.rows().size());
          for (int i = 0; i < rows.size(); i++) {
            assertArrayEquals(rows.get(i), read.rows().get(i), "metrics row " + i);
          }
          for (String name : tensors.keySet()) {
            assertArrayEquals(tensors.get(name).data(), read.tensors().get(name).data(), name);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
