package org.minicnn.training.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named experiments, in the order {@code minicnn experiments} lists them: the built-in ones, then those
 * registered from Java ({@link #register}, e.g. a {@link CustomExperiment}).
 */
public final class Experiments {

  private static final Map<String, Experiment> REGISTERED = new LinkedHashMap<>();

  private Experiments() {}

  /**
   * Makes {@code experiment} known to {@link #byName} and so to {@code minicnn train}, {@code plot} and
   * {@code --resume} in this JVM; a registered experiment of the same name is replaced.
   *
   * @throws IllegalArgumentException when a built-in experiment has that name
   */
  public static synchronized void register(Experiment experiment) {
    for (Experiment e : builtIn()) {
      if (e.name().equals(experiment.name())) {
        throw new IllegalArgumentException("Experiments.register: '" + experiment.name() + "' is a built-in"
            + " experiment; choose another name");
      }
    }
    REGISTERED.put(experiment.name(), experiment);
  }

  /** Every experiment; {@code vertical-line} (the main job) first, registered ones last. */
  public static synchronized List<Experiment> all() {
    List<Experiment> all = new ArrayList<>(builtIn());
    all.addAll(REGISTERED.values());
    return List.copyOf(all);
  }

  private static List<Experiment> builtIn() {
    return List.of(TeacherStudent.verticalLine(), TeacherStudent.horizontalLine(), TeacherStudent.bump1d(),
        TeacherStudent.twoDetectors(), TeacherStudent.general(), ClassifyLines.twoClasses(),
        ClassifyLines.fourClasses(), ClassifyLines.general(), new D2lKernel());
  }

  /** The experiment called {@code name}, or null. */
  public static Experiment byName(String name) {
    for (Experiment e : all()) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    return null;
  }

  /** The names, for messages. */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    all().forEach(e -> names.add(e.name()));
    return names;
  }
}
