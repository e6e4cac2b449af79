package org.minicnn.engine.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.io.NpzFile;

/** docs/library.md's program runs, its loss falls, and it writes a PyTorch-layout .npz. */
class LibraryExampleTest {

  @Test
  void theDocumentedProgramLearnsAndSaves(@TempDir Path dir) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      LibraryExample.main(new String[] {dir.resolve("w.npz").toString()});
    } finally {
      System.setOut(original);
    }
    List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(4, lines.size(), lines.toString());
    double first = Double.parseDouble(lines.get(0).replaceAll(".*loss ", ""));
    double last = Double.parseDouble(lines.get(3).replaceAll(".*loss ", ""));
    assertTrue(last < first / 10, lines.toString());
    java.util.Map<String, Tensor> saved = NpzFile.read(dir.resolve("w.npz"));
    assertEquals(List.of("0.weight", "0.bias"), List.copyOf(saved.keySet()));
    assertTrue(Files.size(dir.resolve("w.npz")) > 0);
  }
}
