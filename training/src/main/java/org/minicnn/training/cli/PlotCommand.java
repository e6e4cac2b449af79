package org.minicnn.training.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.minicnn.training.experiments.Experiment;
import org.minicnn.training.experiments.RunConfig;
import org.minicnn.training.plots.RunPlots;
import org.minicnn.training.run.RunFiles;
import org.minicnn.training.run.RunLock;
import org.minicnn.training.run.RunRecord;
import picocli.CommandLine.Model.CommandSpec;

/** {@code minicnn plot <run-dir>}: redraws a run's PNG plots from its config, metrics, kernel history and sample. */
final class PlotCommand {

  private PlotCommand() {}

  static CommandSpec spec() {
    return new CommandBuilder("plot", "redraw the plots of a run from its files")
        .synopsis("minicnn plot <run-dir>")
        .description("Redraws the PNG plots of a run directory from its config.properties, metrics.csv, kernels.csv"
            + " and sample.csv (replacing the PNG files; nothing else is changed).")
        .positionals("<run-dir>", "a run directory that 'minicnn train' wrote")
        .build();
  }

  static int run(Arguments a, PrintStream out) throws UsageException, IOException {
    if (a.positional.size() != 1) {
      throw new UsageException("plot needs exactly one run directory, got " + a.positional.size(), a.usage());
    }
    Path dir = Path.of(a.positional.get(0));
    if (!Files.isDirectory(dir)) {
      throw new UsageException(dir + " is not a directory", a.usage());
    }
    if (!Files.isRegularFile(dir.resolve(RunFiles.CONFIG))) {
      throw new java.nio.file.NoSuchFileException(dir.resolve(RunFiles.CONFIG).toString());
    }
    try (RunLock lock = RunLock.acquire(dir)) {
      RunRecord record = RunRecord.read(dir);
      SavedRun saved = SavedRun.of(dir, record.config());
      Experiment experiment = saved.experiment();
      RunConfig config = saved.config();
      List<String> plots = RunPlots.drawAll(record, experiment.references(config), experiment.matchedComparison(),
          dir);
      out.println("redrew " + String.join(", ", plots) + " in " + dir);
      return 0;
    }
  }
}
