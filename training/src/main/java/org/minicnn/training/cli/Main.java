package org.minicnn.training.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code minicnn} command: {@code train}, {@code experiments}, {@code plot}, {@code examples},
 * {@code data}, {@code bench}. Exit codes: 0 success, 1 the command failed (I/O, training diverged), 2 the command
 * line is wrong (the message and the usage go to standard error).
 */
public final class Main {

  static final String USAGE = String.join("\n",
      "usage: minicnn <command> [options]",
      "",
      "commands:",
      "  train <experiment> [options]  train an experiment and write its run directory",
      "  experiments                   list the experiments with one-line descriptions",
      "  plot <run-dir>                redraw the plots of a run from its files",
      "  examples                      the seed examples: feature maps of hand-designed filters",
      "  data <preset> [options]       write a synthetic data set as CSV ('minicnn data --list')",
      "  bench [options]               time the convolutions and the vertical-line training loop (CSV)",
      "  export <run-dir> [options]    write a run's weights as a NumPy .npz (Keras or PyTorch layout)",
      "  plot-kernels <file> [options] draw a kernel (.npz, weights file or run) as a grid of heatmaps",
      "  kernel install                register the notebooks' Jupyter kernel (handled by the ./minicnn script)",
      "  test                          run every test (handled by the ./minicnn script)",
      "",
      "Run 'minicnn <command> --help' for a command's options.");

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err, System.console() != null);
    System.out.flush();
    System.exit(code);
  }

  /**
   * Runs a command.
   *
   * @param terminal whether output goes to a terminal (progress bar instead of plain lines)
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out, PrintStream err, boolean terminal) {
    if (args.length == 0) {
      err.println(USAGE);
      return 2;
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    try {
      switch (args[0]) {
        case "train":
          return new TrainCommand(out, terminal).run(rest);
        case "experiments":
          return ExperimentsCommand.run(rest, out);
        case "plot":
          return PlotCommand.run(rest, out);
        case "bench":
          return BenchCommand.run(rest, out);
        case "examples":
          return ExamplesCommand.run(rest, out);
        case "data":
          return DataCommand.run(rest, out);
        case "export":
          return ExportCommand.run(rest, out);
        case "plot-kernels":
          return PlotKernelsCommand.run(rest, out);
        case "help":
        case "--help":
        case "-h":
          out.println(USAGE);
          return 0;
        default:
          throw new UsageException("unknown command '" + args[0] + "'", USAGE);
      }
    } catch (UsageException e) {
      err.println("minicnn: " + e.getMessage());
      err.println();
      err.println(e.usage());
      return 2;
    } catch (java.nio.file.NoSuchFileException e) {
      err.println("minicnn: " + e.getFile() + ": no such file");
      return 1;
    } catch (Exception e) {
      err.println("minicnn: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return 1;
    }
  }
}
