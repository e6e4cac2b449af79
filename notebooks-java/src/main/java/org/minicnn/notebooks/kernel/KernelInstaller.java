package org.minicnn.notebooks.kernel;

import com.google.gson.GsonBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers the kernel with Jupyter by writing a kernelspec directory {@code <kernels>/minicnn-java/}
 * holding {@code kernel.json}, whose command starts {@link KernelMain} with this JVM's class path.
 *
 * <p>Usage: {@code KernelInstaller [--user | --prefix DIR | --kernels-dir DIR]}. {@code --user} (the
 * default) installs for the current user under {@code $JUPYTER_DATA_DIR/kernels}, or
 * {@code ~/.local/share/jupyter/kernels} when that variable is unset (Jupyter's user data directory on
 * Linux); {@code --prefix DIR} under {@code DIR/share/jupyter/kernels} (e.g. {@code /usr/local} for every
 * user). An existing spec of the same name is replaced.
 */
public final class KernelInstaller {
  /** The kernelspec name notebooks refer to in their metadata. */
  public static final String KERNEL_NAME = "minicnn-java";

  /**
   * The kernel JVM's options: headless AWT (charts render to images without a display), and the Vector API
   * module with its per-load bounds checks off, as the {@code minicnn} launcher runs the engine — so notebooks
   * train with the same fast convolution kernel (see {@code org.minicnn.engine.conv.fast.VectorApi}).
   */
  static final List<String> JVM_OPTIONS = List.of("-Djava.awt.headless=true", "--add-modules", "jdk.incubator.vector",
      "-Djdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK=0");

  private KernelInstaller() {}

  public static void main(String[] args) throws IOException {
    Path kernels;
    try {
      kernels = kernelsDirectory(args);
    } catch (IllegalArgumentException wrongArguments) {
      System.err.println("minicnn kernel install: " + wrongArguments.getMessage());
      System.exit(2);
      return;
    }
    List<Path> classpath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classpath.add(Path.of(entry));
    }
    Path spec = writeSpec(kernels.resolve(KERNEL_NAME), classpath);
    System.out.println("Installed kernelspec " + KERNEL_NAME + " in " + spec);
  }

  static Path kernelsDirectory(String... args) {
    if (args.length == 0 || (args.length == 1 && args[0].equals("--user"))) {
      String dataDir = System.getenv("JUPYTER_DATA_DIR");
      Path base = dataDir != null && !dataDir.isEmpty()
          ? Path.of(dataDir)
          : Path.of(System.getProperty("user.home"), ".local", "share", "jupyter");
      return base.resolve("kernels");
    }
    if (args.length == 2 && args[0].equals("--prefix")) {
      return Path.of(args[1], "share", "jupyter", "kernels");
    }
    if (args.length == 2 && args[0].equals("--kernels-dir")) {
      return Path.of(args[1]);
    }
    throw new IllegalArgumentException(
        "expected [--user | --prefix DIR | --kernels-dir DIR], got " + String.join(" ", args));
  }

  /**
   * Writes {@code specDir/kernel.json} for a kernel running on {@code classpath} (made absolute), with
   * the JVM that runs this method. Creates {@code specDir} when missing; returns it.
   */
  public static Path writeSpec(Path specDir, List<Path> classpath) throws IOException {
    List<String> entries = new ArrayList<>();
    for (Path entry : classpath) {
      if (!Files.exists(entry)) {
        throw new IllegalArgumentException("kernel class path entry does not exist: " + entry.toAbsolutePath());
      }
      entries.add(entry.toAbsolutePath().normalize().toString());
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.addAll(JVM_OPTIONS);
    argv.addAll(List.of("-cp", String.join(File.pathSeparator, entries), KernelMain.class.getName(), "{connection_file}"));
    spec.put("argv", argv);
    spec.put("display_name", "Java (minicnn)");
    spec.put("language", "java");
    spec.put("interrupt_mode", "message");
    Files.createDirectories(specDir);
    Files.writeString(specDir.resolve("kernel.json"),
        new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(spec) + "\n");
    return specDir;
  }
}
