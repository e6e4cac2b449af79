package org.minicnn.notebooks;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes the student edition of the notebooks: the same notebooks with every solution replaced by a stub,
 * so that the exercises' graded cells fail with their hint until the student fills them in.
 *
 * <p>Solutions are marked in the notebooks themselves (the solution edition, which is what the repository
 * holds and the tests run):
 * <ul>
 *   <li>in a code cell, the lines from {@code // BEGIN SOLUTION} to {@code // END SOLUTION} (each marker alone
 *       on its line) become {@code // YOUR CODE HERE}, followed by the stub given in the first marker as
 *       {@code // BEGIN SOLUTION (stub: return null;)}; without a stub the region just becomes that line;</li>
 *   <li>in a markdown cell, the text from {@code <!-- BEGIN SOLUTION -->} to {@code <!-- END SOLUTION -->} is
 *       dropped.</li>
 * </ul>
 * Regions do not nest; an unclosed or stray marker is an error naming the notebook, the cell and the line.
 *
 * <p>Usage: {@code StudentEdition OUT_DIR [SOURCE_DIR]} ({@code ./minicnn notebooks student OUT_DIR}): reads
 * every {@code *.ipynb} of SOURCE_DIR (default {@code notebooks-java}) and writes its student edition to
 * OUT_DIR (created when missing) under the same name. Exit status 0 when done, 1 when a notebook cannot be read
 * or has a bad marker (then nothing is written), 2 for a wrong command line.
 */
public final class StudentEdition {
  static final String STUB_LINE = "// YOUR CODE HERE";
  private static final Pattern CODE_BEGIN = Pattern.compile("^(\\s*)// BEGIN SOLUTION(?: \\(stub: (.*)\\))?\\s*$");
  private static final Pattern CODE_END = Pattern.compile("^\\s*// END SOLUTION\\s*$");
  private static final Pattern MARKDOWN_BEGIN = Pattern.compile("^\\s*<!-- BEGIN SOLUTION -->\\s*$");
  private static final Pattern MARKDOWN_END = Pattern.compile("^\\s*<!-- END SOLUTION -->\\s*$");
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();

  private StudentEdition() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** The command: writes the student edition and returns the exit status (0 done, 1 failed, 2 wrong command line). */
  static int run(String[] args, java.io.PrintStream out, java.io.PrintStream err) {
    if (args.length < 1 || args.length > 2 || args[0].startsWith("-")) {
      err.println("usage: ./minicnn notebooks student OUT_DIR [SOURCE_DIR]");
      return 2;
    }
    try {
      List<Path> written = write(Path.of(args.length == 2 ? args[1] : "notebooks-java"), Path.of(args[0]));
      written.forEach(path -> out.println("wrote " + path));
      return 0;
    } catch (IOException | IllegalArgumentException failure) {
      err.println("minicnn notebooks student: " + failure.getMessage());
      return 1;
    }
  }

  /**
   * Converts every notebook of {@code sourceDir} and writes the results to {@code outDir}; returns the written
   * files. Every notebook is converted before anything is written, so a bad marker writes nothing. A file is
   * written beside its target and moved into place; a symbolic link is neither written through nor replaced.
   */
  public static List<Path> write(Path sourceDir, Path outDir) throws IOException {
    if (!Files.isDirectory(sourceDir)) {
      throw new IllegalArgumentException(sourceDir + " is not a directory; expected the notebooks' directory");
    }
    List<Path> notebooks;
    try (Stream<Path> files = Files.list(sourceDir)) {
      notebooks = files.filter(file -> file.getFileName().toString().endsWith(".ipynb")).sorted().toList();
    }
    if (notebooks.isEmpty()) {
      throw new IllegalArgumentException("no *.ipynb notebooks in " + sourceDir);
    }
    List<String> converted = new ArrayList<>();
    for (Path notebook : notebooks) {
      converted.add(convert(notebook.getFileName().toString(), Files.readString(notebook, StandardCharsets.UTF_8)));
    }
    if (Files.isSymbolicLink(outDir)) {
      throw new IllegalArgumentException(outDir + " is a symbolic link; expected a directory to write into");
    }
    Files.createDirectories(outDir);
    List<Path> written = new ArrayList<>();
    for (int i = 0; i < notebooks.size(); i++) {
      Path target = outDir.resolve(notebooks.get(i).getFileName());
      if (Files.isSymbolicLink(target) || (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target))) {
        throw new IllegalArgumentException(target + " exists and is not a regular file; not replaced");
      }
      Path temporary = Files.createTempFile(outDir, ".student-", ".ipynb.tmp");
      Files.writeString(temporary, converted.get(i), StandardCharsets.UTF_8);
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      written.add(target);
    }
    return written;
  }

  /** The student edition of one notebook's JSON text; {@code name} appears in error messages. */
  static String convert(String name, String notebookJson) {
    JsonObject notebook;
    try {
      notebook = JsonParser.parseString(notebookJson).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException notJson) {
      throw new IllegalArgumentException(name + ": not a notebook (expected a JSON object): " + notJson.getMessage());
    }
    JsonArray cells = notebook.getAsJsonArray("cells");
    if (cells == null) {
      throw new IllegalArgumentException(name + ": not a notebook (no \"cells\" array)");
    }
    for (int c = 0; c < cells.size(); c++) {
      JsonObject cell = cells.get(c).getAsJsonObject();
      String where = name + ", cell " + c;
      boolean code = cell.get("cell_type").getAsString().equals("code");
      String source = joined(cell.get("source"));
      String stripped = code ? stripCode(where, source) : stripMarkdown(where, source);
      cell.add("source", lines(stripped));
    }
    return GSON.toJson(notebook) + "\n";
  }

  static String stripCode(String where, String source) {
    return strip(where, source, CODE_BEGIN, CODE_END, "// BEGIN SOLUTION", "// END SOLUTION",
        begin -> begin.group(1) + STUB_LINE + "\n" + (begin.group(2) == null ? "" : begin.group(1) + begin.group(2) + "\n"));
  }

  static String stripMarkdown(String where, String source) {
    return strip(where, source, MARKDOWN_BEGIN, MARKDOWN_END, "<!-- BEGIN SOLUTION -->", "<!-- END SOLUTION -->",
        begin -> "");
  }

  /** {@code source} with every region from a {@code begin} line to an {@code end} line replaced by {@code replacement}. */
  private static String strip(String where, String source, Pattern begin, Pattern end, String beginName, String endName,
      java.util.function.Function<Matcher, String> replacement) {
    StringBuilder out = new StringBuilder();
    String[] lines = source.split("\n", -1);
    int openedAt = -1;
    for (int i = 0; i < lines.length; i++) {
      Matcher opening = begin.matcher(lines[i]);
      if (opening.matches()) {
        if (openedAt >= 0) {
          throw badMarker(where, i, "a second " + beginName + " before the " + endName + " of line " + (openedAt + 1));
        }
        openedAt = i;
        out.append(replacement.apply(opening));
      } else if (end.matcher(lines[i]).matches()) {
        if (openedAt < 0) {
          throw badMarker(where, i, endName + " without a " + beginName + " before it");
        }
        openedAt = -1;
      } else if (openedAt < 0) {
        out.append(lines[i]).append('\n');
      }
    }
    if (openedAt >= 0) {
      throw badMarker(where, openedAt, beginName + " without an " + endName + " after it");
    }
    return out.substring(0, Math.max(out.length() - 1, 0));
  }

  private static IllegalArgumentException badMarker(String where, int line, String problem) {
    return new IllegalArgumentException(where + ", line " + (line + 1) + ": " + problem);
  }

  private static String joined(JsonElement source) {
    if (source == null || source.isJsonNull()) {
      return "";
    }
    if (source.isJsonArray()) {
      StringBuilder text = new StringBuilder();
      source.getAsJsonArray().forEach(line -> text.append(line.getAsString()));
      return text.toString();
    }
    return source.getAsString();
  }

  /** nbformat's multi-line string: the lines, each but the last with its newline. */
  private static JsonArray lines(String text) {
    JsonArray array = new JsonArray();
    int from = 0;
    while (from < text.length()) {
      int newline = text.indexOf('\n', from);
      int to = newline < 0 ? text.length() : newline + 1;
      array.add(text.substring(from, to));
      from = to;
    }
    return array;
  }
}
