package org.minicnn.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudentEditionTest {
  @TempDir
  Path dir;

  @Test
  void aCodeSolutionBecomesTheTodoLineAndItsStubWithTheMarkersIndentation() {
    String source = String.join("\n", "double[] dW(double[] x) {", "  // BEGIN SOLUTION (stub: return null;)",
        "  double[] out = x.clone();", "  return out;", "  // END SOLUTION", "}");
    assertEquals(String.join("\n", "double[] dW(double[] x) {", "  " + StudentEdition.STUB_LINE, "  return null;", "}"),
        StudentEdition.stripCode("n, cell 1", source));
    assertEquals(StudentEdition.STUB_LINE + "\nafter", StudentEdition.stripCode("n, cell 1",
        "// BEGIN SOLUTION\nint x = 1;\n// END SOLUTION\nafter"));
    assertEquals("no markers\n", StudentEdition.stripCode("n, cell 1", "no markers\n"));
  }

  @Test
  void aMarkdownSolutionIsDropped() {
    assertEquals("Question?\nMore.", StudentEdition.stripMarkdown("n, cell 2",
        "Question?\n<!-- BEGIN SOLUTION -->\nThe answer is 3.\n<!-- END SOLUTION -->\nMore."));
  }

  @Test
  void badMarkersNameTheNotebookCellAndLine() {
    assertEquals("a.ipynb, cell 3, line 2: // BEGIN SOLUTION without an // END SOLUTION after it",
        assertThrows(IllegalArgumentException.class,
            () -> StudentEdition.stripCode("a.ipynb, cell 3", "x\n// BEGIN SOLUTION\ny")).getMessage());
    assertEquals("a.ipynb, cell 3, line 1: // END SOLUTION without a // BEGIN SOLUTION before it",
        assertThrows(IllegalArgumentException.class,
            () -> StudentEdition.stripCode("a.ipynb, cell 3", "// END SOLUTION")).getMessage());
    assertEquals("a.ipynb, cell 3, line 2: a second // BEGIN SOLUTION before the // END SOLUTION of line 1",
        assertThrows(IllegalArgumentException.class,
            () -> StudentEdition.stripCode("a.ipynb, cell 3", "// BEGIN SOLUTION\n// BEGIN SOLUTION")).getMessage());
    assertEquals("b.ipynb, cell 0, line 1: <!-- BEGIN SOLUTION --> without an <!-- END SOLUTION --> after it",
        assertThrows(IllegalArgumentException.class,
            () -> StudentEdition.stripMarkdown("b.ipynb, cell 0", "<!-- BEGIN SOLUTION -->\nx")).getMessage());
  }

  private static String notebook(String codeSource) {
    JsonObject code = new JsonObject();
    code.addProperty("cell_type", "code");
    code.addProperty("source", codeSource);
    code.add("outputs", new com.google.gson.JsonArray());
    code.add("metadata", new JsonObject());
    code.add("execution_count", com.google.gson.JsonNull.INSTANCE);
    com.google.gson.JsonArray cells = new com.google.gson.JsonArray();
    cells.add(code);
    JsonObject notebook = new JsonObject();
    notebook.add("cells", cells);
    notebook.addProperty("nbformat", 4);
    return notebook.toString();
  }

  @Test
  void writesEveryNotebookConvertedAndKeepsEverythingElse() throws IOException {
    Path source = Files.createDirectories(dir.resolve("source"));
    Files.writeString(source.resolve("01-a.ipynb"), notebook("int a = 1;\n// BEGIN SOLUTION (stub: int b = 0;)\nint b = 2;\n// END SOLUTION"));
    Files.writeString(source.resolve("02-b.ipynb"), notebook("int c = 3;"));
    Files.writeString(source.resolve("notes.txt"), "not a notebook");
    Path out = dir.resolve("out/student");
    List<Path> written = StudentEdition.write(source, out);
    assertEquals(List.of(out.resolve("01-a.ipynb"), out.resolve("02-b.ipynb")), written);
    JsonObject first = JsonParser.parseString(Files.readString(out.resolve("01-a.ipynb"))).getAsJsonObject();
    JsonObject cell = first.getAsJsonArray("cells").get(0).getAsJsonObject();
    assertEquals("[\"int a = 1;\\n\",\"" + StudentEdition.STUB_LINE + "\\n\",\"int b = 0;\"]", cell.get("source").toString());
    assertEquals(4, first.get("nbformat").getAsInt());
    assertEquals(0, cell.getAsJsonArray("outputs").size());
    assertTrue(cell.has("execution_count") && cell.get("execution_count").isJsonNull(),
        "nbformat requires execution_count, null when not run: " + cell);
    assertFalse(Files.exists(out.resolve("notes.txt")));
  }

  @Test
  void aBadMarkerWritesNothingAndASymlinkIsNotWrittenThrough() throws IOException {
    Path source = Files.createDirectories(dir.resolve("source"));
    Files.writeString(source.resolve("01-good.ipynb"), notebook("int a = 1;"));
    Files.writeString(source.resolve("02-bad.ipynb"), notebook("// BEGIN SOLUTION\nint b = 2;"));
    Path out = dir.resolve("out");
    assertEquals("02-bad.ipynb, cell 0, line 1: // BEGIN SOLUTION without an // END SOLUTION after it",
        assertThrows(IllegalArgumentException.class, () -> StudentEdition.write(source, out)).getMessage());
    assertFalse(Files.exists(out));

    Files.delete(source.resolve("02-bad.ipynb"));
    Files.createDirectories(out);
    Path elsewhere = Files.writeString(dir.resolve("elsewhere.txt"), "keep");
    Files.createSymbolicLink(out.resolve("01-good.ipynb"), elsewhere);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> StudentEdition.write(source, out)).getMessage()
        .endsWith("01-good.ipynb exists and is not a regular file; not replaced"));
    assertEquals("keep", Files.readString(elsewhere));
  }

  @Test
  void theCommandExitsWith0DoneAnd1FailedAnd2WrongCommandLineWritingNothingThen() throws IOException {
    Path source = Files.createDirectories(dir.resolve("source"));
    Files.writeString(source.resolve("01-a.ipynb"), notebook("int a = 1;"));
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream outStream = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
    java.io.PrintStream errStream = new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8);

    assertEquals(2, StudentEdition.run(new String[] {}, outStream, errStream));
    assertEquals(2, StudentEdition.run(new String[] {"--help"}, outStream, errStream));
    assertEquals("usage: ./minicnn notebooks student OUT_DIR [SOURCE_DIR]\n".repeat(2), err.toString(java.nio.charset.StandardCharsets.UTF_8));

    err.reset();
    assertEquals(1, StudentEdition.run(new String[] {dir.resolve("out").toString(), dir.resolve("missing").toString()},
        outStream, errStream));
    assertEquals("minicnn notebooks student: " + dir.resolve("missing") + " is not a directory; expected the notebooks' "
        + "directory\n", err.toString(java.nio.charset.StandardCharsets.UTF_8));
    assertFalse(Files.exists(dir.resolve("out")));

    assertEquals(0, StudentEdition.run(new String[] {dir.resolve("out").toString(), source.toString()}, outStream, errStream));
    assertEquals("wrote " + dir.resolve("out/01-a.ipynb") + "\n", out.toString(java.nio.charset.StandardCharsets.UTF_8));
  }
}
