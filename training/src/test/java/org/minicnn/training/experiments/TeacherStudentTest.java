package org.minicnn.training.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.minicnn.training.EpochMetrics;
import org.minicnn.training.TrainingListener;
import org.junit.jupiter.api.Test;

/** Every teacher–student experiment meets its threshold with its default configuration and seed. */
class TeacherStudentTest {

  static ExperimentRun runDefault(Experiment e) {
    return e.run(e.defaults(), new TrainingListener() {});
  }

  static void assertRecovered(ExperimentRun run) {
    EpochMetrics last = run.last();
    assertTrue(last.get("max_abs_diff") <= TeacherStudent.MAX_ABS_DIFF, last.toString());
    assertTrue(last.get("cosine") >= TeacherStudent.MIN_COSINE, last.toString());
    assertTrue(run.verdict().met(), run.verdict().text());
  }

  @Test
  void verticalLineLearnsTheVerticalDetector() {
    ExperimentRun run = runDefault(TeacherStudent.verticalLine());
    assertRecovered(run);
    assertEquals(20, run.state().epoch());
    assertEquals(20 * 1024 / 32, run.state().step());
    assertTrue(run.state().history().get(0).get("max_abs_diff") > 0.1, "starts far from the detector");
    assertEquals(9, run.identifiability().rank(), "the default data determines every weight");
  }

  @Test
  void horizontalLineLearnsTheHorizontalDetector() {
    assertRecovered(runDefault(TeacherStudent.horizontalLine()));
  }

  @Test
  void bump1dLearnsZeroOneZero() {
    ExperimentRun run = runDefault(TeacherStudent.bump1d());
    assertRecovered(run);
    assertEquals(3, run.finalKernel().size());
  }

  @Test
  void twoDetectorsLearnsBothFiltersAtOnce() {
    ExperimentRun run = runDefault(TeacherStudent.twoDetectors());
    assertRecovered(run);
    EpochMetrics last = run.last();
    assertTrue(last.get("max_abs_diff_vertical") <= TeacherStudent.MAX_ABS_DIFF);
    assertTrue(last.get("max_abs_diff_horizontal") <= TeacherStudent.MAX_ABS_DIFF);
    assertEquals(Math.max(last.get("max_abs_diff_vertical"), last.get("max_abs_diff_horizontal")),
        last.get("max_abs_diff"));
  }

  @Test
  void theSameSeedGivesABitIdenticalRun() {
    Experiment e = TeacherStudent.verticalLine();
    RunConfig short1 = e.defaults().with(Option.EPOCHS, "2");
    ExperimentRun a = e.run(short1, new TrainingListener() {});
    ExperimentRun b = e.run(short1, new TrainingListener() {});
    assertEquals(a.finalKernel(), b.finalKernel());
    assertEquals(a.state().history(), b.state().history());
  }
}
