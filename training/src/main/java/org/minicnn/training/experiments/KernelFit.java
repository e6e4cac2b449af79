package org.minicnn.training.experiments;

import java.util.Arrays;

/**
 * The check that a run's kernel fits its inputs. The teachers' targets and the feature-map plot convolve
 * kernels over the samples without padding, so a kernel larger than the images or signals is a wrong
 * command line, refused before anything is written.
 */
final class KernelFit {

  private KernelFit() {}

  /**
   * @param kernel the kernel's size: {@code {rows, cols}}, or {@code {k}} for signals
   * @param size the image side ({@code rows = cols = size}) or the signal length
   * @param prefix put before the message (the flag that chose the kernel), or empty
   * @throws IllegalArgumentException naming the kernel, the inputs and the smallest {@code --size} that fits
   */
  static void require(int[] kernel, int size, boolean signals, String prefix) {
    if (Arrays.stream(kernel).allMatch(k -> k <= size)) {
      return;
    }
    throw new IllegalArgumentException(prefix + "the kernel "
        + String.join("x", Arrays.stream(kernel).mapToObj(Integer::toString).toArray(String[]::new))
        + " is larger than the " + (signals ? "signals (length " + size + ")" : "images (" + size + "x" + size + ")")
        + "; raise " + Option.SIZE.flag() + " to at least " + Arrays.stream(kernel).max().getAsInt());
  }
}
