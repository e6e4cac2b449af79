package org.minicnn.notebooks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.minicnn.notebooks.kernel.KernelInstaller;

/**
 * Executes notebooks headlessly with the built kernel: installs its kernelspec into a private
 * JUPYTER_PATH (the user's Jupyter setup is neither read nor changed) and runs
 * {@code src/test/python/execute_notebook.py} (nbclient) with Debian's {@code /usr/bin/python3}.
 * Runs after {@code package}: the kernel's class path is {@code target/minicnn-notebooks.jar} and
 * {@code target/lib/*.jar}, as for an installed kernel.
 */
final class NotebookRunner {
  static final String PYTHON = "/usr/bin/python3";
  static final Path MODULE = Path.of("").toAbsolutePath();
  static final Path TARGET = MODULE.resolve("target");

  private final Path jupyterHome;

  NotebookRunner(Path jupyterHome) throws IOException {
    this.jupyterHome = jupyterHome;
    List<Path> classpath = new ArrayList<>();
    classpath.add(TARGET.resolve("minicnn-notebooks.jar"));
    try (Stream<Path> jars = Files.list(TARGET.resolve("lib"))) {
      jars.filter(jar -> jar.toString().endsWith(".jar")).sorted().forEach(classpath::add);
    }
    KernelInstaller.writeSpec(jupyterHome.resolve("path/kernels").resolve(KernelInstaller.KERNEL_NAME), classpath);
  }

  /**
   * What one execution gave: the exit status (meaningless when {@code timedOut}), the runner's output, the
   * executed notebook, its HTML rendering (null when none was asked for), the wall-clock seconds from start to
   * exit, and whether the run was stopped at its time limit.
   */
  record Run(int exitCode, String log, Path executed, Path html, double seconds, boolean timedOut) {
    JsonObject notebook() throws IOException {
      return JsonParser.parseString(Files.readString(executed)).getAsJsonObject();
    }

    /** All text the cells printed (stdout and stderr streams), in order. */
    String printed() throws IOException {
      StringBuilder text = new StringBuilder();
      for (JsonObject output : outputs()) {
        if (output.get("output_type").getAsString().equals("stream")) {
          text.append(joined(output.get("text")));
        }
      }
      return text.toString();
    }

    /** How many outputs carry an image/png. */
    long pngCount() throws IOException {
      return outputs().stream()
          .filter(output -> output.has("data") && output.getAsJsonObject("data").has("image/png"))
          .count();
    }

    List<JsonObject> outputs() throws IOException {
      List<JsonObject> outputs = new ArrayList<>();
      for (JsonElement cell : notebook().getAsJsonArray("cells")) {
        JsonArray cellOutputs = cell.getAsJsonObject().getAsJsonArray("outputs");
        if (cellOutputs != null) {
          cellOutputs.forEach(output -> outputs.add(output.getAsJsonObject()));
        }
      }
      return outputs;
    }
  }

  /**
   * Executes {@code notebook} into {@code target/executed-notebooks/<name>} (and, when {@code html}, renders it
   * to {@code <name>.html} beside it); never writes {@code notebook}. A run still going after {@code limit}
   * is stopped — the runner and the kernel it started are killed — and comes back {@code timedOut}.
   */
  Run execute(Path notebook, boolean html, Duration limit) throws IOException, InterruptedException {
    return execute(notebook, html, limit, false, TARGET.resolve("executed-notebooks"));
  }

  /**
   * As {@link #execute(Path, boolean, Duration)}, into {@code directory}; with {@code allowErrors} every cell runs
   * even after one failed, its error kept as the cell's output.
   */
  Run execute(Path notebook, boolean html, Duration limit, boolean allowErrors, Path directory)
      throws IOException, InterruptedException {
    Files.createDirectories(directory);
    String name = notebook.getFileName().toString();
    Path executed = directory.resolve(name);
    Path rendered = html ? directory.resolve(name.replaceFirst("\\.ipynb$", "") + ".html") : null;
    Path log = directory.resolve(name + ".log");
    Files.deleteIfExists(executed);
    if (rendered != null) {
      Files.deleteIfExists(rendered);
    }
    List<String> command = new ArrayList<>(List.of(PYTHON, MODULE.resolve("src/test/python/execute_notebook.py").toString()));
    if (allowErrors) {
      command.add("--allow-errors");
    }
    command.addAll(List.of(notebook.toString(), executed.toString(), KernelInstaller.KERNEL_NAME));
    if (rendered != null) {
      command.add(rendered.toString());
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("JUPYTER_PATH", jupyterHome.resolve("path").toString());
    builder.environment().put("JUPYTER_DATA_DIR", jupyterHome.resolve("data").toString());
    builder.environment().put("JUPYTER_RUNTIME_DIR", jupyterHome.resolve("runtime").toString());
    builder.environment().put("JUPYTER_CONFIG_DIR", jupyterHome.resolve("config").toString());
    long started = System.nanoTime();
    Process process = builder.start();
    boolean finished = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    double seconds = (System.nanoTime() - started) / 1e9;
    if (!finished) {
      // The kernel JVM is a child of the runner: kill it first, or it would outlive the test.
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor();
    }
    return new Run(finished ? process.exitValue() : -1, Files.readString(log, StandardCharsets.UTF_8), executed,
        rendered, seconds, !finished);
  }

  static String joined(JsonElement text) {
    if (text.isJsonArray()) {
      StringBuilder joined = new StringBuilder();
      text.getAsJsonArray().forEach(line -> joined.append(line.getAsString()));
      return joined.toString();
    }
    return text.getAsString();
  }
}
