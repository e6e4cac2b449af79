package org.minicnn.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.minicnn.datasets.csv.DatasetCsv;

/**
 * Named, ready-made data sets for the command line ({@code minicnn data …}) and notebooks: each name is a
 * fixed generator configuration; the caller picks the number of samples and the seed.
 *
 * <pre>{@code
 * DatasetPresets.writeCsv("classify-2", 200, 7, Path.of("lines.csv"));
 * }</pre>
 */
public final class DatasetPresets {

  private record Preset(String description, BiFunction<Integer, Long, DataFile> make) {}

  private static final Map<String, Preset> PRESETS = new LinkedHashMap<>();

  static {
    add("lines-vertical", "8x8 images, one vertical line of thickness 1 at a random column",
        (n, seed) -> DataFile.of(lines(seed, Orientation.VERTICAL).generate(n)));
    add("lines-horizontal", "8x8 images, one horizontal line at a random row",
        (n, seed) -> DataFile.of(lines(seed, Orientation.HORIZONTAL).generate(n)));
    add("lines-diagonal", "8x8 images, one diagonal line (\\ or /) at a random offset",
        (n, seed) -> DataFile.of(lines(seed, Orientation.DIAGONAL, Orientation.ANTI_DIAGONAL).generate(n)));
    add("lines-mixed", "8x8 images, one line of any of the four orientations",
        (n, seed) -> DataFile.of(lines(seed, Orientation.values()).generate(n)));
    add("noise-uniform", "8x8 images of values uniform in [0, 1)",
        (n, seed) -> DataFile.of(Noise.builder().sampleShape(8, 8, 1).uniform(0, 1).seed(seed).build().generate(n)));
    add("noise-gaussian", "8x8 images of values N(0, 1)",
        (n, seed) -> DataFile.of(Noise.builder().sampleShape(8, 8, 1).gaussian(1).seed(seed).build().generate(n)));
    add("bumps", "1D signals of length 16 with one box bump of width 2",
        (n, seed) -> DataFile.of(bumps(seed).generate(n)));
    add("teacher-vertical", "8x8 images of any line orientation, targets: the 3x3 vertical detector's 6x6 feature maps",
        (n, seed) -> DataFile.of(TeacherTargets.conv2d(lines(seed, Orientation.values()).generate(n), Kernels.vertical())));
    add("teacher-two-detectors", "8x8 images of any line orientation, targets: vertical and horizontal detectors (6x6x2)",
        (n, seed) -> DataFile.of(TeacherTargets.conv2d(lines(seed, Orientation.values()).generate(n), Kernels.vertical(),
            Kernels.horizontal())));
    add("teacher-bump", "1D bump signals of length 16, targets: the [0, 1, 0] kernel's feature maps (length 14)",
        (n, seed) -> DataFile.of(TeacherTargets.conv1d(bumps(seed).generate(n), Kernels.bump1d())));
    add("classify-2", "8x8 images labelled vertical/horizontal, balanced (samples must be even)",
        (n, seed) -> DataFile.of(LineClassification.verticalHorizontal(perClass("classify-2", n, 2), seed)));
    add("classify-4", "8x8 images labelled vertical/horizontal/diagonal/none, balanced (samples divisible by 4)",
        (n, seed) -> DataFile.of(LineClassification.fourClass(perClass("classify-4", n, 4), seed)));
  }

  private DatasetPresets() {}

  private static void add(String name, String description, BiFunction<Integer, Long, DataFile> make) {
    PRESETS.put(name, new Preset(description, make));
  }

  private static LineImages lines(long seed, Orientation... orientations) {
    return LineImages.builder().size(8, 8).orientations(orientations).seed(seed).build();
  }

  private static BumpSignals bumps(long seed) {
    return BumpSignals.builder().length(16).width(2).seed(seed).build();
  }

  private static int perClass(String name, int n, int classes) {
    if (n <= 0 || n % classes != 0) {
      throw new IllegalArgumentException("DatasetPresets: " + name + " has " + classes
          + " balanced classes; the number of samples must be a positive multiple of " + classes + ", got " + n);
    }
    return n / classes;
  }

  /** The preset names, in a fixed order. */
  public static List<String> names() {
    return List.copyOf(PRESETS.keySet());
  }

  /** One line describing preset {@code name}. */
  public static String describe(String name) {
    return preset(name).description();
  }

  /**
   * {@code samples} samples of preset {@code name}, drawn with {@code seed}: same arguments →
   * bit-identical data.
   *
   * @throws IllegalArgumentException for an unknown name (listing the known ones) or a bad count
   */
  public static DataFile generate(String name, int samples, long seed) {
    return preset(name).make().apply(samples, seed);
  }

  /** {@link #generate} written to {@code file} with {@link DatasetCsv#write(Path, DataFile)} (atomically). */
  public static void writeCsv(String name, int samples, long seed, Path file) throws IOException {
    DatasetCsv.write(file, generate(name, samples, seed));
  }

  private static Preset preset(String name) {
    Preset p = PRESETS.get(name);
    if (p == null) {
      throw new IllegalArgumentException("DatasetPresets: unknown data set '" + name + "'; expected one of " + names());
    }
    return p;
  }
}
