package org.minicnn.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executes every {@code notebooks-java/*.ipynb} with the built kernel and fails on any cell error;
 * then asserts the key numbers each notebook printed (its cells already throw on a wrong number;
 * these lines make sure the checks ran) and that its plots came out as image/png.
 */
class NotebooksIT {
  /** Lines each notebook must print, and how many images it must show at least. */
  private static final Map<String, Expectation> EXPECTED = Map.of(
      "01-convolution-from-scratch.ipynb", new Expectation(3, List.of(
          "ok filter · patch: 1",
          "ok Conv1D [0,1,0] on the bump: [0.0, 0.0, 1.0, 1.0, 0.0, 0.0]",
          "ok vertical line map row 0: [0.0, 0.0, 3.0, 3.0, 0.0, 0.0]",
          "ok vertical line map row 5: [0.0, 0.0, 3.0, 3.0, 0.0, 0.0]",
          "ok tensordot(filter, patch at row 0, column 2): 3",
          "ok cross-correlation of the impulse with [1,2,3]: [0.0, 3.0, 2.0, 1.0, 0.0]",
          "ok convolution of the impulse with [1,2,3]: [0.0, 1.0, 2.0, 3.0, 0.0]",
          "ok n=8, k=3, VALID, stride 2, dilation 1: output size: 3",
          "ok n=8, k=3, VALID, stride 1, dilation 2: output size: 4",
          "ok exercise 1: [1,0,-1] on the bump: [0.0, -1.0, -1.0, 1.0, 1.0, 0.0]",
          "ok exercise 2 (c): output size: 20",
          "ok exercise 3: horizontal line map row 2: [3.0, 3.0, 3.0, 3.0, 3.0, 3.0]")),
      "03-backpropagation-through-convolution.ipynb", new Expectation(1, List.of(
          "ok dL/db by hand: -0.5",
          "ok dL/dW by hand: [-1.5, -2.0, -2.5]",
          "ok dL/dX by hand: [2.0, -5.0, 4.0, -2.5, 0.5]",
          "ok engine dL/dX: [2.0, -5.0, 4.0, -2.5, 0.5]",
          "ok engine dL/dW: [-1.5, -2.0, -2.5]",
          "ok engine dL/db: [-0.5]",
          "ok 2D dL/dW: hand vs engine, max |difference|: 0 ≤ 1.0E-12",
          "ok stride 2: dL/dX = full convolution of the dilated dY: [2.0, -1.0, -3.0, 2.0, -1.0, -0.5, 0.5]",
          "ok SAME padding: dL/dX = cropped full convolution: [-5.0, 4.0, -0.5, 1.5, 0.0]",
          "ok configurations within tolerance: 8",
          "ok exercise 1: dL/db: 10",
          "ok exercise 2: dL/dX: [1.0, 2.0, 2.0, 1.0]",
          "ok exercise 3: inputs with zero gradient are [1, 3]")));

  record Expectation(int minimumImages, List<String> lines) {}

  @TempDir
  static Path jupyterHome;
  private static NotebookRunner runner;

  @BeforeAll
  static void installKernel() throws IOException {
    runner = new NotebookRunner(jupyterHome);
  }

  private static List<Path> committedNotebooks() throws IOException {
    try (Stream<Path> files = Files.list(NotebookRunner.MODULE)) {
      return files.filter(file -> file.toString().endsWith(".ipynb")).sorted().toList();
    }
  }

  @Test
  void everyNotebookHasExpectations() throws IOException {
    Map<String, Boolean> found = new TreeMap<>();
    committedNotebooks().forEach(notebook -> found.put(notebook.getFileName().toString(), true));
    assertEquals(new TreeMap<>(EXPECTED).keySet(), found.keySet());
  }

  @TestFactory
  Stream<DynamicTest> eachNotebookRunsAndPrintsItsNumbers() throws IOException {
    return committedNotebooks().stream().map(notebook -> DynamicTest.dynamicTest(notebook.getFileName().toString(), () -> {
      NotebookRunner.Run run = runner.execute(notebook);
      assertEquals(0, run.exitCode(), () -> notebook + " failed:\n" + run.log());
      String printed = run.printed();
      Expectation expected = EXPECTED.get(notebook.getFileName().toString());
      for (String line : expected.lines()) {
        assertTrue(printed.contains(line + "\n"), () -> "missing output line \"" + line + "\" in\n" + printed);
      }
      assertTrue(run.pngCount() >= expected.minimumImages(),
          () -> "expected at least " + expected.minimumImages() + " images, got " + pngCountOf(run));
    }));
  }

  @Test
  void committedNotebooksHaveNoOutputs() throws IOException {
    for (Path notebook : committedNotebooks()) {
      JsonObject json = JsonParser.parseString(Files.readString(notebook)).getAsJsonObject();
      assertEquals("minicnn-java",
          json.getAsJsonObject("metadata").getAsJsonObject("kernelspec").get("name").getAsString(), notebook.toString());
      for (JsonElement cell : json.getAsJsonArray("cells")) {
        JsonObject object = cell.getAsJsonObject();
        if (object.get("cell_type").getAsString().equals("code")) {
          assertEquals(0, object.getAsJsonArray("outputs").size(), () -> notebook + ": outputs in " + object);
          assertTrue(object.get("execution_count").isJsonNull(), () -> notebook + ": execution count in " + object);
        }
      }
    }
  }

  @Test
  void aCellThatThrowsFailsTheRunAndStopsTheNotebook() throws Exception {
    NotebookRunner.Run run = runner.execute(NotebookRunner.MODULE.resolve("src/test/resources/failing.ipynb"));
    assertEquals(1, run.exitCode(), run.log());
    assertTrue(run.log().contains("java.lang.IllegalStateException: expected 3, got 2"), run.log());
    List<JsonObject> outputs = run.outputs();
    assertEquals(1, outputs.size(), outputs.toString());
    assertEquals("error", outputs.get(0).get("output_type").getAsString());
    assertEquals("java.lang.IllegalStateException: expected 3, got 2", outputs.get(0).get("evalue").getAsString());
    assertTrue(!run.printed().contains("after the failure"), run.printed());
  }

  @Test
  void aCellThatDoesNotCompileFailsTheRunWithTheCompilerMessage() throws Exception {
    NotebookRunner.Run run = runner.execute(NotebookRunner.MODULE.resolve("src/test/resources/compile-error.ipynb"));
    assertEquals(1, run.exitCode(), run.log());
    assertTrue(run.log().contains("incompatible types: java.lang.String cannot be converted to int"), run.log());
  }

  @Test
  void expressionsShowTheirValueUnlessEndedWithASemicolonAndImagesAndChartsShowAsPng() throws Exception {
    NotebookRunner.Run run = runner.execute(NotebookRunner.MODULE.resolve("src/test/resources/kernel-features.ipynb"));
    assertEquals(0, run.exitCode(), run.log());
    List<String> shown = new java.util.ArrayList<>();
    for (JsonObject output : run.outputs()) {
      JsonObject data = output.getAsJsonObject("data");
      shown.add(output.get("output_type").getAsString() + " "
          + (data == null ? NotebookRunner.joined(output.get("text")).strip()
              : data.has("image/png") ? "png" : NotebookRunner.joined(data.get("text/plain"))));
    }
    assertEquals(List.of("execute_result 7", "stream printed 3", "display_data png", "execute_result png",
        "stream 42"), shown);
  }

  private static long pngCountOf(NotebookRunner.Run run) {
    try {
      return run.pngCount();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
