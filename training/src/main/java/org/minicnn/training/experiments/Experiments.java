package org.minicnn.training.experiments;

import java.util.ArrayList;
import java.util.List;

/** The named experiments, in the order {@code minicnn experiments} lists them. */
public final class Experiments {

  private Experiments() {}

  /** Every experiment; {@code vertical-line} (the main job) first. */
  public static List<Experiment> all() {
    return List.of(TeacherStudent.verticalLine(), TeacherStudent.horizontalLine(), TeacherStudent.bump1d(),
        TeacherStudent.twoDetectors(), TeacherStudent.general(), ClassifyLines.twoClasses(), ClassifyLines.fourClasses(),
        ClassifyLines.general(), new D2lKernel());
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
