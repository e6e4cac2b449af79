package org.minicnn.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executes every {@code notebooks-java/*.ipynb} with the built kernel and fails on any cell error;
 * then asserts the key numbers each notebook printed (its cells already throw on a wrong number;
 * these lines make sure the checks ran), that its plots came out as image/png, and that the HTML a
 * browser would show (nbconvert's) holds every one of them. Each notebook has {@link #LIMIT} of wall
 * time (the issue's "runs in under 60 seconds", kernel start included): a run still going then is
 * killed and fails. The times are printed.
 */
class NotebooksIT {
  /** The wall-clock time a notebook may take, from starting the runner to its exit. */
  static final Duration LIMIT = Duration.ofSeconds(60);

  /**
   * Lines each notebook must print, and how many images it must show at least. A line ending in ": " is the
   * start of a check line whose value (a measured double) the notebook's cell has already compared with its
   * bound; the others must be printed exactly.
   */
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
          "ok exercise 1: your cross-correlation vs Conv1D (10 inputs, filter of 4): ",
          "ok exercise 2: [1,0,-1] on the bump: [0.0, -1.0, -1.0, 1.0, 1.0, 0.0]",
          "ok exercise 3: configurations where your output size equals the layer's: 72",
          "ok exercise 4: the horizontal line map's first column, i.e. its row values: [0.0, 0.0, 3.0, 3.0, 0.0, 0.0]")),
      "02-hand-designed-filters.ipynb", new Expectation(10, List.of(
          "ok vertical detector on the vertical line, row 0: [0.0, 0.0, 3.0, 3.0, 0.0, 0.0]",
          "ok vertical detector on the horizontal line, column 0: [0.0, 1.0, 2.0, 2.0, 1.0, 0.0]",
          "ok largest response of the vertical detector on the horizontal line: 2",
          "ok the shifted line's map is the original map moved one column right",
          "ok globally max-pooled response, shifted line: 3",
          "ok thresholded vertical detector on the horizontal line, largest value: 0",
          "ok d2l's edge kernel [1, -1], every row: [0.0, 1.0, 0.0, 0.0, 0.0, -1.0, 0.0]",
          "ok edge kernel on the transposed image: largest |response|: 0",
          "ok derivative on the cross, row 0: [0.0, 3.0, 3.0, -3.0, -3.0, 0.0]",
          "ok Laplacian on the cross, row 0: [0.0, 1.0, -1.0, -1.0, 1.0, 0.0]",
          "ok all lines, row 2: [1.0, 1.0, 2.0, 2.0, 1.0, 1.0]",
          "ok 3-channel map, row 2: [3.0, 3.0, 6.0, 6.0, 3.0, 3.0]",
          "ok 32-filter output: shape [1, 6, 6, 32]",
          "ok parameters of Conv2D(32, 3, 3) on 3 channels: 896",
          "ok crossing detector on the cross: "
              + "[0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0]",
          "ok crossing detector on the vertical line alone: largest value: 0",
          "ok receptive field of two stacked 3×3 layers: pixels: 25",
          "ok exercise 1: your cross-correlation vs Conv2D on a random 7×9 image, 3×2 kernel: all 40 values",
          "ok exercise 2: largest response on the diagonal: 3",
          "ok exercise 3: your kernel's response at the bright pixel: 4",
          "ok exercise 4: receptive field of three stacked 3×3 layers: 7")),
      "03-backpropagation-through-convolution.ipynb", new Expectation(1, List.of(
          "ok dL/db by hand: -0.5",
          "ok dL/dW by hand: [-1.5, -2.0, -2.5]",
          "ok dL/dX by hand: [2.0, -5.0, 4.0, -2.5, 0.5]",
          "ok engine dL/dX: [2.0, -5.0, 4.0, -2.5, 0.5]",
          "ok engine dL/dW: [-1.5, -2.0, -2.5]",
          "ok engine dL/db: [-0.5]",
          "ok central difference for dL/dW[1]: ",
          "ok central difference for dL/dX[2]: ",
          "ok 2D dL/dW: hand vs engine, max |difference|: 0 ≤ 1.0E-12",
          "ok 2D dL/dX: full convolution with the rotated kernel vs engine, max |difference|: ",
          "ok exercise 1: your dL/dW vs the engine (9 inputs, kernel of 4): ",
          "ok exercise 2: your dL/dX vs the engine (5×6 input, 2×3 kernel): all 30 values",
          "ok exercise 3: dL/db: 10")),
      "06-backpropagation-the-general-case.ipynb", new Expectation(1, List.of(
          "ok dbias[f] = Σ_{b,r,s} dY: vs engine, max |difference|: ",
          "ok dW[i,j,c,f] = Σ_{b,r,s} X·dY: vs engine, max |difference|: ",
          "ok dX[b,p,q,c] = Σ_{i,j,f} dY·W: vs engine, max |difference|: ",
          "ok stride 2: dL/dX = full convolution of the dilated dY: [2.0, -1.0, -3.0, 2.0, -1.0, -0.5, 0.5]",
          "ok dilation 2: dL/dX = full convolution of dY with the dilated kernel: ",
          "ok SAME padding: dL/dX = cropped full convolution: [-5.0, 4.0, -0.5, 1.5, 0.0]",
          "ok configurations within tolerance: 8",
          "ok ReLU backward of dY = [1, 1, 1, 1] at X = [-1, 0, 2, 3]: [0.0, 0.0, 1.0, 1.0]",
          "ok max pool backward: each window's dY goes to its first maximum: ",
          "ok im2col: dW = Pᵀ·dY vs loops, max |difference|: ",
          "ok im2col: col2im(dY·Wᵀ) vs loops, max |difference|: ",
          "ok exercise 1: your dL/dX with stride 3 on 10 inputs vs the engine: ",
          "ok exercise 2: your max-pool backward vs the engine on an input with ties: all 48 values",
          "ok exercise 3: Pᵀ·dY vs the engine's dL/dW for the first example (batch 2, 3 channels, 4 filters): all 72 values")),
      "04-learning-a-line-detector.ipynb", new Expectation(6, List.of(
          "ok rank of the line images' patch matrix: 3",
          "ok rank of the noise images' patch matrix: 9",
          "ok d2l losses at steps 2..10 are [4.9152, 0.8246, 0.1384, 0.0232, 0.0039]",
          "ok largest |weight| of the random start: ",
          "ok exercise 1: largest |P·k| on the vertical-line images: 0",
          "ok exercise 2: ∂L/∂w from the patch matrix vs the engine's backward: ",
          "ok exercise 3: rank with vertical and horizontal lines: 5",
          "ok exercise 4: kernel after 20 steps: ")),
      "05-filters-from-a-prediction-task.ipynb", new Expectation(14, List.of(
          "ok training images: 300",
          "ok validation images: 100",
          "ok parameters of the model: 116",
          "ok validation accuracy before training: ",
          "ok validation accuracy after training: ",
          "ok the trainer's validation accuracy, recomputed: ",
          "ok centred cosine of the vertical and the horizontal detector: 0",
          "ok this cell's centred cosine vs KernelMetrics.centredCosine, max |difference|: ",
          "ok horizontal, diagonal \\ and anti-diagonal /: smallest best cosine after training: ",
          "ok horizontal, diagonal \\ and anti-diagonal /: smallest gain through training: ",
          "ok vertical: best cosine after training: ",
          "ok validation accuracy on the vertical images: ",
          "ok the filters whose removal drops vertical accuracy to 0: [3.0, 6.0]",
          "ok without filter 6: the lowest accuracy of the other three classes: ",
          "ok this ablation vs FilterAttribution's, max |difference|: 0",
          "ok filter 6's best match is the vertical detector shifted one column right, inverted: ",
          "ok filter 6 vs the inverted, shifted vertical detector: centred cosine: ",
          "ok filter 6 vs the centred vertical detector: centred cosine: ",
          "ok the two largest weights to vertical are filters 3 and 6: [3, 6]",
          "ok the filter with the most negative weight to none: 3",
          "ok vertical image: the two largest contributions to the vertical logit come from filters 3 and 6",
          "ok padding SAME: validation accuracy: ",
          "ok padding SAME: the worst of the four detectors' best cosines: ",
          "ok exercise 1: pooled values of validation image 3: ",
          "ok exercise 2: your predictions on the 100 validation images vs the model's: ",
          "ok exercise 3: centred cosine of the vertical detector and its inverse: -1",
          "ok exercise 4: the filter the horizontal class needs most: 0")));

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
  Stream<DynamicTest> eachNotebookRunsInTimeAndPrintsItsNumbersAndShowsItsPlots() throws IOException {
    return committedNotebooks().stream().map(notebook -> DynamicTest.dynamicTest(notebook.getFileName().toString(), () -> {
      NotebookRunner.Run run = runner.execute(notebook, true, LIMIT);
      System.out.printf(Locale.ROOT, "NotebooksIT: %s ran in %.1f s (limit %d s)%n", notebook.getFileName(), run.seconds(),
          LIMIT.toSeconds());
      assertFalse(run.timedOut(), () -> notebook + " did not finish within " + LIMIT.toSeconds() + " s:\n" + run.log());
      assertEquals(0, run.exitCode(), () -> notebook + " failed:\n" + run.log());
      String printed = run.printed();
      List<String> printedLines = printed.lines().toList();
      Expectation expected = EXPECTED.get(notebook.getFileName().toString());
      for (String line : expected.lines()) {
        boolean found = line.endsWith(": ")
            ? printedLines.stream().anyMatch(printedLine -> printedLine.startsWith(line))
            : printedLines.contains(line);
        assertTrue(found, () -> "missing output line \"" + line + "\" in\n" + printed);
      }
      long images = run.pngCount();
      assertTrue(images >= expected.minimumImages(),
          () -> "expected at least " + expected.minimumImages() + " images, got " + images);
      String html = Files.readString(run.html());
      assertEquals(images, html.split(Pattern.quote("<img src=\"data:image/png;base64,"), -1).length - 1,
          () -> run.html() + ": expected every image/png output as an inline <img>");
    }));
  }

  /**
   * The student edition (solutions replaced by stubs) of every notebook, run with every cell executed even after
   * one fails: each graded cell (one calling {@code Check.answer}) fails with its exercise's "no answer yet"
   * message and hint and no stack trace, and no other cell fails.
   */
  @TestFactory
  Stream<DynamicTest> theStudentEditionsGradedCellsFailWithTheirHint(@TempDir Path studentDir) throws IOException {
    StudentEdition.write(NotebookRunner.MODULE, studentDir);
    return committedNotebooks().stream().map(notebook -> DynamicTest.dynamicTest(notebook.getFileName().toString(), () -> {
      NotebookRunner.Run run = runner.execute(studentDir.resolve(notebook.getFileName()), false, LIMIT, true,
          NotebookRunner.TARGET.resolve("executed-student-notebooks"));
      assertFalse(run.timedOut(), () -> notebook + " (student edition) did not finish within " + LIMIT.toSeconds() + " s");
      assertEquals(0, run.exitCode(), () -> notebook + " (student edition) did not run:\n" + run.log());
      int graded = 0;
      for (JsonElement element : run.notebook().getAsJsonArray("cells")) {
        JsonObject cell = element.getAsJsonObject();
        if (!cell.get("cell_type").getAsString().equals("code")) {
          continue;
        }
        String source = NotebookRunner.joined(cell.get("source"));
        List<JsonObject> errors = new java.util.ArrayList<>();
        cell.getAsJsonArray("outputs").forEach(output -> {
          if (output.getAsJsonObject().get("output_type").getAsString().equals("error")) {
            errors.add(output.getAsJsonObject());
          }
        });
        if (source.contains("Check.answer(")) {
          graded++;
          assertEquals(1, errors.size(), () -> notebook + ": the graded cell\n" + source + "\npassed in the student edition");
          String message = errors.get(0).get("evalue").getAsString();
          assertTrue(message.startsWith("org.minicnn.notebooks.Check$ExerciseFailure: exercise ")
              && message.contains(": no answer yet. Write your code where the cell above says YOUR CODE HERE") && message.contains("Hint: "),
              () -> notebook + ": expected the exercise's hint, got " + message);
          String traceback = errors.get(0).get("traceback").toString();
          assertFalse(traceback.contains("    at "), () -> notebook + ": a stack trace under the hint: " + traceback);
        } else {
          assertEquals(List.of(), errors, () -> notebook + ": the ungraded cell\n" + source + "\nfailed in the student edition");
        }
      }
      int gradedCells = graded;
      assertTrue(gradedCells >= 2, () -> notebook + ": expected at least 2 graded exercise cells, got " + gradedCells);
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

  /** The kernel runs without -ea (the first cell's assert does not fire); a failed Check throws all the same. */
  @Test
  void aFailedCheckFailsTheRunAndStopsTheNotebookWithoutAssertionsEnabled() throws Exception {
    NotebookRunner.Run run = runner.execute(NotebookRunner.MODULE.resolve("src/test/resources/failing.ipynb"), false, LIMIT);
    assertEquals(1, run.exitCode(), run.log());
    assertTrue(run.log().contains("java.lang.IllegalStateException: y: expected 3.0, got 2.0"), run.log());
    List<JsonObject> outputs = run.outputs();
    assertEquals(2, outputs.size(), outputs.toString());
    assertEquals("the kernel runs without -ea\n", NotebookRunner.joined(outputs.get(0).get("text")));
    assertEquals("error", outputs.get(1).get("output_type").getAsString());
    assertEquals("java.lang.IllegalStateException: y: expected 3.0, got 2.0", outputs.get(1).get("evalue").getAsString());
    assertFalse(run.printed().contains("not reached"), run.printed());
    assertFalse(run.printed().contains("after the failure"), run.printed());
  }

  @Test
  void aCellThatDoesNotCompileFailsTheRunWithTheCompilerMessage() throws Exception {
    NotebookRunner.Run run = runner.execute(NotebookRunner.MODULE.resolve("src/test/resources/compile-error.ipynb"), false, LIMIT);
    assertEquals(1, run.exitCode(), run.log());
    assertTrue(run.log().contains("incompatible types: java.lang.String cannot be converted to int"), run.log());
    // The statements around the error are tried as one block first; that block is rejected before it runs,
    // and the statements then run one by one up to the error, as if never grouped.
    assertEquals("runs before the error\nz 1\n", run.printed());
  }

  @Test
  void expressionsShowTheirValueUnlessEndedWithASemicolonAndImagesAndChartsShowAsPng() throws Exception {
    NotebookRunner.Run run = runner.execute(NotebookRunner.MODULE.resolve("src/test/resources/kernel-features.ipynb"), false, LIMIT);
    assertEquals(0, run.exitCode(), run.log());
    List<String> shown = new java.util.ArrayList<>();
    for (JsonObject output : run.outputs()) {
      JsonObject data = output.getAsJsonObject("data");
      shown.add(output.get("output_type").getAsString() + " "
          + (data == null ? NotebookRunner.joined(output.get("text")).strip()
              : data.has("image/png") ? "png" : NotebookRunner.joined(data.get("text/plain"))));
    }
    assertEquals(List.of("execute_result 7", "stream printed 3", "display_data png", "execute_result png",
        "stream 42", "stream Vector API module: true", "stream total 4, after 40", "execute_result 4",
        "execute_result 44"), shown);
  }
}
