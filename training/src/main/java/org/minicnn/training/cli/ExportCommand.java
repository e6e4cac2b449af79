package org.minicnn.training.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.io.Layout;
import org.minicnn.engine.io.NpzFile;
import org.minicnn.engine.io.WeightFile;
import org.minicnn.training.run.RunFiles;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code minicnn export RUN_DIR [--layout keras|torch] [--out FILE.npz]}: a run's final weights as a NumPy
 * {@code .npz} ({@link NpzFile}), for {@code numpy.load} and PyTorch's {@code load_state_dict}.
 */
final class ExportCommand {

  private ExportCommand() {}

  static CommandSpec spec() {
    return new CommandBuilder("export", "write a run's weights as a NumPy .npz (Keras or PyTorch layout)")
        .synopsis("minicnn export RUN_DIR [--layout keras|torch] [--out FILE.npz]")
        .description("Writes the run's final weights (weights.csv) as a NumPy .npz, one float64 array per weight."
            + " With the torch layout, load it with model.load_state_dict({k: torch.from_numpy(v) for k, v in"
            + " numpy.load(f).items()}).")
        .positionals("RUN_DIR", "a run directory that 'minicnn train' wrote")
        .option("--layout", "keras|torch", "keras (default): Keras's names and layouts, conv2d/kernel [kh, kw, in,"
            + " filters], conv2d/bias; torch: the keys and shapes of the equivalent torch.nn.Sequential's"
            + " state_dict, 0.weight [filters, in, kh, kw], 0.bias")
        .option("--out", "FILE.npz", "where to write (default RUN_DIR/weights.npz, or RUN_DIR/weights-torch.npz"
            + " for torch)")
        .footer("exit codes: 0 written; 1 the run's files cannot be read or the file cannot be written; 2 a wrong"
            + " command line (nothing is written).")
        .build();
  }

  /** {@code keras} or {@code torch} (also {@code pytorch}, the weight files' own label). */
  static Layout layout(String text, String usage) throws UsageException {
    return switch (text) {
      case "keras" -> Layout.KERAS;
      case "torch", "pytorch" -> Layout.PYTORCH;
      default -> throw new UsageException("--layout: expected keras or torch, got '" + text + "'", usage);
    };
  }

  static int run(Arguments a, PrintStream out) throws UsageException, IOException {
    if (a.positional.size() != 1) {
      throw new UsageException("export needs exactly one run directory, got " + a.positional.size(), a.usage());
    }
    Path dir = Path.of(a.positional.get(0));
    Layout layout = layout(a.flags.getOrDefault("--layout", "keras"), a.usage());
    if (!Files.isDirectory(dir)) {
      throw new UsageException(dir + " is not a directory", a.usage());
    }
    Path file = a.flags.containsKey("--out") ? Path.of(a.flags.get("--out"))
        : dir.resolve(layout == Layout.KERAS ? "weights.npz" : "weights-torch.npz");
    SavedRun saved = SavedRun.of(dir, RunFiles.readConfig(dir));
    Sequential model = saved.experiment().initialModel(saved.config());
    WeightFile.load(dir.resolve(RunFiles.WEIGHTS), model);
    NpzFile.save(file, model, layout);
    List<String> names = WeightFile.parameterNames(model, layout);
    out.println("wrote " + file + " (" + layout.label() + " layout: " + String.join(", ", names) + ")");
    return 0;
  }
}
