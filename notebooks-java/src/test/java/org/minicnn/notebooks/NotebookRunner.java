package org.minicnn.notebooks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  /** What one execution gave: the exit status, the runner's output, and the executed notebook. */
  record Run(int exitCode, String log, Path executed) {
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

  /** Executes {@code notebook} into {@code target/executed-notebooks/<name>}; never writes {@code notebook}. */
  Run execute(Path notebook) throws IOException, InterruptedException {
    Path executed = TARGET.resolve("executed-notebooks").resolve(notebook.getFileName());
    Files.deleteIfExists(executed);
    ProcessBuilder builder = new ProcessBuilder(PYTHON, MODULE.resolve("src/test/python/execute_notebook.py").toString(),
        notebook.toString(), executed.toString(), KernelInstaller.KERNEL_NAME)
        .redirectErrorStream(true);
    builder.environment().put("JUPYTER_PATH", jupyterHome.resolve("path").toString());
    builder.environment().put("JUPYTER_DATA_DIR", jupyterHome.resolve("data").toString());
    builder.environment().put("JUPYTER_RUNTIME_DIR", jupyterHome.resolve("runtime").toString());
    builder.environment().put("JUPYTER_CONFIG_DIR", jupyterHome.resolve("config").toString());
    Process process = builder.start();
    String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(process.waitFor(), log, executed);
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
