package org.minicnn.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep on a real, single-node Slurm cluster (Debian's {@code slurmctld}, {@code slurmd}, {@code slurm-client}
 * and {@code munge}, installed by {@code scripts/install-system-deps.sh}): the test starts {@code munged} with a
 * key of its own, {@code slurmctld} and {@code slurmd -N localhost}, all configured, logging and keeping their
 * state under a temporary directory ({@code SLURM_CONF} set for every Slurm command); waits until the node is
 * idle; writes the job array with {@code minicnn sweep slurm} (the packaged jar), submits it with
 * {@code sbatch}, waits for it and checks every task's final state with {@code scontrol show job}; collects the
 * results; and stops the daemons by their pid files, so the fixed ports are free for the next run. The
 * collected {@code sweep.csv} must equal that of the same sweep run locally in one piece, but for
 * {@code seconds}. When Slurm cannot run here, the test fails and says why.
 */
class SlurmSweepIT {

  private static final int TASKS = 3;
  private static final List<String> SWEEP = List.of("vertical-line", "--epochs", "2", "--samples", "64",
      "--val-samples", "32", "--batch", "16", "--grid", "seed=0..4", "--grid", "init=zeros,glorot", "--plots", "none");
  /** The runnable jar (classifier "all"), which failsafe names. */
  private static final Path JAR = Path.of(System.getProperty("minicnn.allJar", "target/training-all.jar")).toAbsolutePath();

  @TempDir
  Path temp;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aShardedSweepOnSlurmGivesTheTableOfALocalRun() throws Exception {
    assertTrue(Files.isRegularFile(JAR), JAR + ": the packaged minicnn jar is missing (the test runs after package)");
    for (String tool : List.of("munged", "slurmctld", "slurmd", "sbatch", "sinfo", "scontrol")) {
      if (which(tool) == null) {
        fail(tool + " is not installed: Slurm cannot run here; install it with scripts/install-system-deps.sh");
      }
    }
    Path conf = writeConfig();
    List<Path> pidFiles = new ArrayList<>();
    try {
      long coldStart = System.nanoTime();
      Path munge = temp.resolve("munge");
      pidFiles.add(munge.resolve("munged.pid"));
      exec(List.of(which("munged"), "--force", "--key-file=" + munge.resolve("munge.key"),
          "--socket=" + munge.resolve("munge.socket"), "--pid-file=" + munge.resolve("munged.pid"),
          "--log-file=" + munge.resolve("munged.log"), "--seed-file=" + munge.resolve("munged.seed")), conf, 30);
      pidFiles.add(0, temp.resolve("slurmctld.pid"));
      exec(List.of(which("slurmctld")), conf, 30);
      pidFiles.add(0, temp.resolve("slurmd.pid"));
      exec(List.of(which("slurmd"), "-N", "localhost"), conf, 30);
      awaitIdleNode(conf);
      double idle = (System.nanoTime() - coldStart) / 1e9;

      Path dir = temp.resolve("sweep");
      List<String> slurm = new ArrayList<>(List.of("sweep", "slurm"));
      slurm.addAll(SWEEP);
      slurm.addAll(List.of("--out", dir.toString(), "--tasks", Integer.toString(TASKS)));
      String wrote = minicnn(slurm);
      assertTrue(wrote.contains("a job array of " + TASKS + " tasks for the 10 runs of vertical-line. Submit it with:\n"
          + "  sbatch " + dir.resolve("sweep.sbatch")), wrote);
      String script = Files.readString(dir.resolve("sweep.sbatch"));
      assertTrue(script.contains("#SBATCH --array=0-" + (TASKS - 1) + "\n"), script);
      assertTrue(script.contains(" -cp " + JAR + " org.minicnn.training.cli.Main sweep vertical-line "), script);

      long submitted = System.nanoTime();
      String jobId = exec(List.of(which("sbatch"), "--parsable", dir.resolve("sweep.sbatch").toString()), conf, 30)
          .trim();
      assertTrue(jobId.matches("\\d+"), "sbatch --parsable: " + jobId);
      List<String> states = awaitJob(conf, jobId);
      System.out.printf("SlurmSweepIT: node idle %.1f s after starting munged; the array of %d tasks (10 runs)"
          + " ended %.1f s after sbatch%n", idle, TASKS, (System.nanoTime() - submitted) / 1e9);
      assertEquals(List.of("COMPLETED", "COMPLETED", "COMPLETED"), states, "the array's tasks (scontrol show job "
          + jobId + "); task logs: " + logs(dir));

      String collected = minicnn(List.of("sweep", "collect", dir.toString(), "--plots", "none"));
      assertTrue(collected.contains("10 runs: 10 done, 0 failed, 0 missing;"), collected);
      Path local = temp.resolve("local");
      List<String> localSweep = new ArrayList<>(List.of("sweep"));
      localSweep.addAll(SWEEP);
      localSweep.addAll(List.of("--out", local.toString()));
      minicnn(localSweep);
      List<String> expected = SweepCommandTest.withoutSeconds(local.resolve("sweep.csv"));
      assertEquals(11, expected.size());
      assertEquals(expected, SweepCommandTest.withoutSeconds(dir.resolve("sweep.csv")));
    } finally {
      stop(pidFiles);
    }
  }

  /** slurm.conf for one node of this machine's cores and half its memory, everything under the temporary directory. */
  private Path writeConfig() throws IOException {
    Path munge = Files.createDirectories(temp.resolve("munge"));
    Files.setPosixFilePermissions(munge, PosixFilePermissions.fromString("rwx--x--x"));
    byte[] key = new byte[1024];
    new SecureRandom().nextBytes(key);
    Path keyFile = munge.resolve("munge.key");
    Files.write(keyFile, key);
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    Files.createDirectories(temp.resolve("state"));
    Files.createDirectories(temp.resolve("spool"));
    long memoryMb = 1024;
    for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        memoryMb = Long.parseLong(line.replaceAll("\\D", "")) / 1024 / 2;
      }
    }
    String conf = String.join("\n",
        "ClusterName=minicnn",
        "SlurmctldHost=localhost(127.0.0.1)",
        "SlurmUser=" + System.getProperty("user.name"),
        "SlurmdUser=" + System.getProperty("user.name"),
        "AuthType=auth/munge",
        "AuthInfo=socket=" + munge.resolve("munge.socket"),
        "CredType=cred/munge",
        "ProctrackType=proctrack/linuxproc",
        "TaskPlugin=task/none",
        "ReturnToService=2",
        "SlurmdParameters=config_overrides",
        "SchedulerParameters=batch_sched_delay=0,sched_min_interval=0",
        "AccountingStorageType=accounting_storage/none",
        "JobAcctGatherType=jobacct_gather/none",
        "StateSaveLocation=" + temp.resolve("state"),
        "SlurmdSpoolDir=" + temp.resolve("spool"),
        "SlurmctldPidFile=" + temp.resolve("slurmctld.pid"),
        "SlurmdPidFile=" + temp.resolve("slurmd.pid"),
        "SlurmctldLogFile=" + temp.resolve("slurmctld.log"),
        "SlurmdLogFile=" + temp.resolve("slurmd.log"),
        "SlurmctldPort=6817",
        "SlurmdPort=6818",
        "NodeName=localhost NodeAddr=127.0.0.1 CPUs=" + Runtime.getRuntime().availableProcessors()
            + " RealMemory=" + memoryMb + " State=UNKNOWN",
        "PartitionName=minicnn Nodes=localhost Default=YES MaxTime=INFINITE State=UP",
        "");
    Path file = temp.resolve("slurm.conf");
    Files.writeString(file, conf);
    return file;
  }

  private void awaitIdleNode(Path conf) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String state = "";
    while (System.nanoTime() < deadline) {
      state = exec(List.of(which("sinfo"), "-h", "-o", "%T"), conf, 30, true).trim();
      if (state.equals("idle")) {
        return;
      }
      Thread.sleep(200);
    }
    fail("the Slurm node is not idle after 60 s (sinfo: '" + state + "'); slurmctld.log: "
        + tail(temp.resolve("slurmctld.log")) + "; slurmd.log: " + tail(temp.resolve("slurmd.log")));
  }

  /** Waits until no task of the array is pending or running, and returns the tasks' final states. */
  private List<String> awaitJob(Path conf, String jobId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      String show = exec(List.of(which("scontrol"), "show", "job", jobId), conf, 30);
      List<String> states = new ArrayList<>();
      Matcher m = Pattern.compile("JobState=(\\S+)").matcher(show);
      while (m.find()) {
        states.add(m.group(1));
      }
      if (!states.isEmpty() && states.stream().noneMatch(s -> s.equals("PENDING") || s.equals("RUNNING")
          || s.equals("CONFIGURING") || s.equals("COMPLETING"))) {
        return states;
      }
      Thread.sleep(250);
    }
    return fail("the job array " + jobId + " did not end within 3 minutes; slurmctld.log: "
        + tail(temp.resolve("slurmctld.log")));
  }

  /** Runs {@code java -jar minicnn.jar args} and returns its output; fails unless it exits 0. */
  private String minicnn(List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true", "-jar", JAR.toString()));
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "minicnn " + args + ": " + out);
    return out;
  }

  private String exec(List<String> command, Path conf, int seconds) throws Exception {
    return exec(command, conf, seconds, false);
  }

  /** Runs a command with {@code SLURM_CONF} set; fails (unless {@code mayFail}) when it does not exit 0. */
  private String exec(List<String> command, Path conf, int seconds, boolean mayFail) throws Exception {
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = b.environment();
    env.put("SLURM_CONF", conf.toString());
    Process p = b.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(command + " did not end within " + seconds + " s: " + out);
    }
    if (p.exitValue() != 0 && !mayFail) {
      fail(command + " exited " + p.exitValue() + ": " + out + "; slurmctld.log: " + tail(temp.resolve("slurmctld.log"))
          + "; munged.log: " + tail(temp.resolve("munge/munged.log")));
    }
    return out;
  }

  /** Stops the daemons by their pid files (SIGTERM) and waits for each to exit, so the ports are free again. */
  private static void stop(List<Path> pidFiles) throws Exception {
    for (Path pidFile : pidFiles) {
      if (!Files.isRegularFile(pidFile)) {
        continue;
      }
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      var handle = ProcessHandle.of(pid);
      if (handle.isPresent()) {
        handle.get().destroy();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (handle.get().isAlive() && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        if (handle.get().isAlive()) {
          handle.get().destroyForcibly();
        }
      }
    }
  }

  private static String which(String tool) {
    for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/bin", "/usr/local/sbin")) {
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(no " + log.getFileName() + ")";
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
  }

  private static String logs(Path dir) throws IOException {
    StringBuilder s = new StringBuilder();
    try (var files = Files.list(dir.resolve("slurm"))) {
      for (Path f : files.sorted().toList()) {
        s.append("\n== ").append(f.getFileName()).append('\n').append(tail(f));
      }
    }
    return s.toString();
  }
}
