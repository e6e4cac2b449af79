package org.minicnn.training.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.minicnn.datasets.DataFile;
import org.minicnn.datasets.DatasetPresets;
import org.minicnn.datasets.csv.DatasetCsv;
import org.minicnn.engine.Shapes;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code minicnn data <preset> [--samples N] [--seed S] [--out FILE]}: generates a {@link DatasetPresets}
 * data set and writes it as CSV ({@link DatasetCsv}) to {@code FILE} (atomically, replacing it) or to
 * standard output; {@code --list} names the presets.
 */
final class DataCommand {

  private static final String SAMPLES = "--samples";
  private static final String SEED = "--seed";
  private static final String OUT = "--out";
  private static final String LIST = "--list";
  static final int DEFAULT_SAMPLES = 100;
  static final long DEFAULT_SEED = 1;

  private DataCommand() {}

  static CommandSpec spec() {
    return new CommandBuilder("data", "write a synthetic data set as CSV ('minicnn data --list')")
        .synopsis("minicnn data <preset> [--samples N] [--seed S] [--out FILE]", "minicnn data --list")
        .description("Generates a ready-made synthetic data set and writes it as CSV (the datasets module's format:"
            + " a declaration record, column names, one sample per row) to FILE, or to standard output without"
            + " --out. The same preset, samples and seed give the same file.")
        .positionals("<preset>", "one of the presets below")
        .option(SAMPLES, "N", "number of samples (default " + DEFAULT_SAMPLES + ")")
        .option(SEED, "S", "seed (default " + DEFAULT_SEED + ")")
        .option(OUT, "FILE", "the CSV file to write (replaced if present)")
        .flag(LIST, "list the presets")
        .footer(("presets:\n" + presetList("  ")).stripTrailing().split("\n"))
        .build();
  }

  private static String presetList(String indent) {
    int width = DatasetPresets.names().stream().mapToInt(String::length).max().orElse(0);
    StringBuilder s = new StringBuilder();
    for (String name : DatasetPresets.names()) {
      s.append(String.format("%s%-" + width + "s  %s%n", indent, name, DatasetPresets.describe(name)));
    }
    return s.toString();
  }

  static int run(Arguments a, PrintStream out) throws UsageException, IOException {
    if (a.flags.containsKey(LIST)) {
      if (!a.positional.isEmpty() || a.flags.size() > 1) {
        throw new UsageException("--list takes nothing else, got " + String.join(" ", a.words), a.usage());
      }
      out.print(presetList(""));
      return 0;
    }
    if (a.positional.size() != 1) {
      throw new UsageException("data needs exactly one preset (one of " + String.join(", ", DatasetPresets.names())
          + "), got " + (a.positional.isEmpty() ? "none" : String.join(" ", a.positional)), a.usage());
    }
    String preset = a.positional.get(0);
    if (!DatasetPresets.names().contains(preset)) {
      throw new UsageException("unknown preset '" + preset + "'; expected one of "
          + String.join(", ", DatasetPresets.names()), a.usage());
    }
    int samples = positiveInt(a.flags.get(SAMPLES), a.usage());
    long seed = seed(a.flags.get(SEED), a.usage());
    DataFile data;
    try {
      data = DatasetPresets.generate(preset, samples, seed);
    } catch (IllegalArgumentException e) {
      throw new UsageException(SAMPLES + ": " + e.getMessage().replaceFirst("^DatasetPresets: ", ""), a.usage());
    }
    if (!a.flags.containsKey(OUT)) {
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      DatasetCsv.write(w, data);
      w.flush();
      return 0;
    }
    Path file = Path.of(a.flags.get(OUT));
    for (Path ancestor = file.toAbsolutePath().getParent(); ancestor != null; ancestor = ancestor.getParent()) {
      if (java.nio.file.Files.exists(ancestor)) {
        if (!java.nio.file.Files.isDirectory(ancestor)) {
          throw new UsageException(OUT + ": " + file + " cannot be created: " + ancestor + " is a file, not a directory",
              a.usage());
        }
        break;
      }
    }
    DatasetCsv.write(file, data);
    out.println("wrote " + data.size() + " samples of " + preset + " (inputs "
        + Shapes.format(java.util.Arrays.copyOfRange(data.inputs().shape(), 1, data.inputs().rank()))
        + (data.targets() == null ? "" : ", targets "
            + Shapes.format(java.util.Arrays.copyOfRange(data.targets().shape(), 1, data.targets().rank())))
        + (data.classNames().isEmpty() ? "" : ", classes " + String.join(", ", data.classNames()))
        + ", seed " + seed + ") to " + file);
    return 0;
  }

  private static int positiveInt(String value, String usage) throws UsageException {
    if (value == null) {
      return DEFAULT_SAMPLES;
    }
    try {
      int n = value.trim().matches("[0-9]{1,10}") ? Integer.parseInt(value.trim()) : 0;
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the value
    }
    throw new UsageException(SAMPLES + ": expected an integer >= 1, got '" + value + "'", usage);
  }

  private static long seed(String value, String usage) throws UsageException {
    if (value == null) {
      return DEFAULT_SEED;
    }
    try {
      if (value.trim().matches("-?[0-9]{1,19}")) {
        return Long.parseLong(value.trim());
      }
    } catch (NumberFormatException beyondLong) {
      // reported below with the value
    }
    throw new UsageException(SEED + ": expected an integer (ASCII digits), got '" + value + "'", usage);
  }
}
