package org.minicnn.training.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.io.Layout;
import org.minicnn.engine.io.NpzFile;
import org.minicnn.engine.io.WeightFile;
import org.minicnn.training.run.RunFiles;

/**
 * {@code minicnn export RUN_DIR [--layout keras|torch] [--out FILE.npz]}: a run's final weights as a NumPy
 * {@code .npz} ({@link NpzFile}), for {@code numpy.load} and PyTorch's {@code load_state_dict}.
 */
final class ExportCommand {

  static final String USAGE = String.join("\n",
      "usage: minicnn export RUN_DIR [--layout keras|torch] [--out FILE.npz]",
      "",
      "Writes the run's final weights (weights.csv) as a NumPy .npz, one float64 array per weight:",
      "  --layout keras   (default) Keras's names and layouts: conv2d/kernel [kh, kw, in, filters], conv2d/bias",
      "  --layout torch   the keys and shapes of the equivalent torch.nn.Sequential's state_dict:",
      "                   0.weight [filters, in, kh, kw], 0.bias; load with",
      "                   model.load_state_dict({k: torch.from_numpy(v) for k, v in numpy.load(f).items()})",
      "  --out FILE.npz   where to write (default RUN_DIR/weights.npz, or RUN_DIR/weights-torch.npz for torch)",
      "",
      "exit codes: 0 written; 1 the run's files cannot be read or the file cannot be written;",
      "2 a wrong command line (nothing is written).");

  private ExportCommand() {}

  /** {@code keras} or {@code torch} (also {@code pytorch}, the weight files' own label). */
  static Layout layout(String text, String usage) throws UsageException {
    return switch (text) {
      case "keras" -> Layout.KERAS;
      case "torch", "pytorch" -> Layout.PYTORCH;
      default -> throw new UsageException("--layout: expected keras or torch, got '" + text + "'", usage);
    };
  }

  static int run(List<String> args, PrintStream out) throws UsageException, IOException {
    Arguments a = Arguments.parse(args, Set.of("--layout", "--out"), Set.of(), USAGE);
    if (a.help) {
      out.println(USAGE);
      return 0;
    }
    if (a.positional.size() != 1) {
      throw new UsageException("export needs exactly one run directory, got " + a.positional.size(), USAGE);
    }
    Path dir = Path.of(a.positional.get(0));
    Layout layout = layout(a.flags.getOrDefault("--layout", "keras"), USAGE);
    if (!Files.isDirectory(dir)) {
      throw new UsageException(dir + " is not a directory", USAGE);
    }
    Path file = a.flags.containsKey("--out") ? Path.of(a.flags.get("--out"))
        : dir.resolve(layout == Layout.KERAS ? "weights.npz" : "weights-torch.npz");
    SavedRun saved = SavedRun.of(dir, RunFiles.readConfig(dir));
    Sequential model = saved.experiment().model(saved.config());
    WeightFile.load(dir.resolve(RunFiles.WEIGHTS), model);
    NpzFile.save(file, model, layout);
    List<String> names = WeightFile.parameterNames(model, layout);
    out.println("wrote " + file + " (" + layout.label() + " layout: " + String.join(", ", names) + ")");
    return 0;
  }
}
