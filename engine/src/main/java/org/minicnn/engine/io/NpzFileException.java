package org.minicnn.engine.io;

import java.nio.file.Path;

/**
 * A NumPy {@code .npz} file that cannot be read or does not fit a model: not a zip, truncated, a bad
 * {@code .npy} header, a dtype other than float64 or float32, or a missing, extra or wrongly shaped
 * array. The message names the file, the entry and what was expected and what came.
 */
public class NpzFileException extends FileFormatException {

  private static final long serialVersionUID = 1L;

  /** @param entry the array's entry in the zip ({@code conv2d/kernel.npy}), or null for the whole file */
  public NpzFileException(Path file, String entry, String problem) {
    super(file, 0, (entry == null ? "" : entry + ": ") + problem);
  }
}
