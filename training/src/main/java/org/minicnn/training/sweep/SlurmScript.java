package org.minicnn.training.sweep;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.nio.file.attribute.PosixFilePermission;
import org.minicnn.engine.io.AtomicFiles;

/**
 * {@code DIR/sweep.sbatch}: a Slurm job array of {@code N} tasks whose task {@code K} runs shard {@code K/N} of
 * the sweep ({@code --shard $SLURM_ARRAY_TASK_ID/N}) with as many runs at once as it has CPUs. It calls this
 * very Java and minicnn by absolute path (no build, no {@code PATH} on the compute node), so the cluster's
 * nodes must see the same file system; each task writes its log to {@code DIR/slurm/<job>_<task>.out}.
 */
public final class SlurmScript {

  public static final String FILE = "sweep.sbatch";
  public static final String LOGS = "slurm";

  private SlurmScript() {}

  /**
   * Writes the script (executable) and creates the log directory.
   *
   * @param dir the sweep directory (absolute in the script)
   * @param sweepArgs the sweep's arguments after {@code minicnn}: {@code sweep EXPERIMENT [options] --grid …}, without
   *     {@code --out}, {@code --shard} and {@code --parallel}
   * @param partition the partition, or null for the cluster's default
   * @param time the time limit per task (Slurm's syntax, e.g. {@code 1:00:00}), or null for the partition's
   */
  public static Path write(Path dir, List<String> sweepArgs, int tasks, int cpusPerTask, String partition, String time)
      throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    List<String> command = new ArrayList<>(launcher());
    command.addAll(sweepArgs);
    command.add("--out");
    command.add(abs.toString());
    StringBuilder s = new StringBuilder("#!/bin/bash\n");
    s.append("# A minicnn sweep as a Slurm job array: task K runs shard K of ").append(tasks).append(".\n");
    s.append("# Submit with: sbatch ").append(abs.resolve(FILE)).append("\n");
    s.append("# Then, when every task has ended: minicnn sweep collect ").append(abs).append("\n");
    s.append("#SBATCH --job-name=minicnn-sweep\n");
    s.append("#SBATCH --array=0-").append(tasks - 1).append('\n');
    s.append("#SBATCH --ntasks=1\n");
    s.append("#SBATCH --cpus-per-task=").append(cpusPerTask).append('\n');
    s.append("#SBATCH --output=").append(abs.resolve(LOGS)).append("/%A_%a.out\n");
    if (partition != null) {
      s.append("#SBATCH --partition=").append(partition).append('\n');
    }
    if (time != null) {
      s.append("#SBATCH --time=").append(time).append('\n');
    }
    s.append("set -euo pipefail\n");
    s.append("exec");
    for (String part : command) {
      s.append(' ').append(quote(part));
    }
    s.append(" --shard \"$SLURM_ARRAY_TASK_ID/").append(tasks).append("\" --parallel \"${SLURM_CPUS_PER_TASK:-1}\"\n");
    Files.createDirectories(abs.resolve(LOGS));
    Path file = abs.resolve(FILE);
    AtomicFiles.write(file, out -> out.write(s.toString()));
    try {
      Files.setPosixFilePermissions(file, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
    } catch (UnsupportedOperationException notPosix) {
      // sbatch reads the script; it need not be executable
    }
    return file;
  }

  /**
   * This JVM's java and class path, absolute, with the options the {@code minicnn} launcher gives: the Vector API
   * module when this JVM has it, headless plots.
   */
  static List<String> launcher() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toAbsolutePath().toString());
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      command.add("--add-modules");
      command.add("jdk.incubator.vector");
      command.add("-Djdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK=0");
    }
    command.add("-Djava.awt.headless=true");
    List<String> classPath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        classPath.add(Path.of(entry).toAbsolutePath().normalize().toString());
      }
    }
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classPath));
    command.add("org.minicnn.training.cli.Main");
    return command;
  }

  /** {@code text} in single quotes for bash ({@code '} as {@code '\''}). */
  static String quote(String text) {
    return text.matches("[A-Za-z0-9_./=:,+@%-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
  }
}
