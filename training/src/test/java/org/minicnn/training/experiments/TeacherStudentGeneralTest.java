package org.minicnn.training.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.minicnn.datasets.Kernels;
import org.minicnn.training.EpochMetrics;
import org.minicnn.training.TrainingListener;

/**
 * {@code teacher-student} learns any hand-designed kernel: every named 2D kernel and a 5×5 literal from
 * noise with the default settings and seed; the four presets are this experiment with their teachers.
 */
class TeacherStudentGeneralTest {

  private static final TeacherStudent GENERAL = TeacherStudent.general();

  static List<String> namedTwoDimensionalKernels() {
    return Kernels.names2d();
  }

  private static ExperimentRun run(RunConfig config) {
    GENERAL.check(config);
    return GENERAL.run(config, new TrainingListener() {});
  }

  /** {@code ./minicnn train teacher-student --teacher NAME --data noise}. */
  @ParameterizedTest
  @MethodSource("namedTwoDimensionalKernels")
  void everyNamedKernelIsLearnedFromNoiseWithTheDefaults(String name) {
    ExperimentRun run = run(GENERAL.defaults().with(Option.TEACHER, name).with(Option.DATA, "noise"));
    TeacherStudentTest.assertRecovered(run);
    assertEquals(Kernels.named(name).size(), run.finalKernel().size(), "the student has the teacher's size");
    assertEquals(Kernels.named(name).size(), run.identifiability().rank(), "noise determines every weight");
  }

  @Test
  void aFiveByFiveLiteralIsLearnedFromNoiseWithTheDefaults() {
    String literal = "1,0,-1,0,1;0,2,0,-2,0;-1,0,4,0,-1;0,-2,0,2,0;1,0,-1,0,1";
    ExperimentRun run = run(GENERAL.defaults().with(Option.TEACHER, literal).with(Option.DATA, "noise"));
    TeacherStudentTest.assertRecovered(run);
    assertEquals(List.of(5, 5, 1, 1), List.of(run.finalKernel().dim(0), run.finalKernel().dim(1),
        run.finalKernel().dim(2), run.finalKernel().dim(3)));
    assertEquals(4.0, run.finalKernel().get(2, 2, 0, 0), TeacherStudent.MAX_ABS_DIFF);
    assertEquals(25, run.identifiability().rank());
    assertEquals("literal", GENERAL.references(run.config()).get(0).name());
  }

  @Test
  void thePresetsAreTeacherStudentWithTheirTeachersBitForBit() {
    assertSameRun(TeacherStudent.verticalLine(), GENERAL.defaults().with(Option.TEACHER, "vertical"));
    assertSameRun(TeacherStudent.horizontalLine(), GENERAL.defaults().with(Option.TEACHER, "horizontal"));
    assertSameRun(TeacherStudent.twoDetectors(), GENERAL.defaults().with(Option.TEACHER, "vertical horizontal"));
    assertSameRun(TeacherStudent.bump1d(), GENERAL.defaults().with(Option.TEACHER, "bump").with(Option.DATA, "bumps")
        .with(Option.SIZE, "32").with(Option.LR, "0.03"));
  }

  private static void assertSameRun(TeacherStudent preset, RunConfig general) {
    ExperimentRun a = preset.run(preset.defaults().with(Option.EPOCHS, "2"), new TrainingListener() {});
    ExperimentRun b = run(general.with(Option.EPOCHS, "2"));
    assertEquals(a.kernelHistory(), b.kernelHistory(), preset.name());
    assertEquals(a.state().history(), b.state().history(), preset.name());
  }

  @Test
  void severalTeachersOfOneSizeAreLearnedByOneFilterEach() {
    ExperimentRun run = run(GENERAL.defaults().with(Option.TEACHER, "sobel-x sobel-y 0,1,0;1,-4,1;0,1,0")
        .with(Option.DATA, "noise"));
    TeacherStudentTest.assertRecovered(run);
    EpochMetrics last = run.last();
    assertTrue(last.get("max_abs_diff_literal") <= TeacherStudent.MAX_ABS_DIFF, last.toString());
    assertEquals(3, run.finalKernel().dim(3));
    assertEquals(List.of("sobel-x", "vertical", "vertical_2"), GENERAL.references(GENERAL.defaults()
        .with(Option.TEACHER, "sobel-x vertical vertical")).stream().map(r -> r.name()).toList());
  }

  @Test
  void aOneDimensionalTeacherLearnsFromSignals() {
    ExperimentRun run = run(GENERAL.defaults().with(Option.TEACHER, "1,-2,1").with(Option.DATA, "noise-1d")
        .with(Option.SIZE, "16").with(Option.SAMPLES, "256").with(Option.VAL_SAMPLES, "32"));
    TeacherStudentTest.assertRecovered(run);
    assertEquals(3, run.finalKernel().rank(), "Conv1D layout [3, 1, 1]");
  }

  @Test
  void teachersThatCannotBeLearnedAreRejectedBeforeTheRun() {
    assertCheck("--teacher: the kernel 7x7 is larger than the images (6x6); raise --size to at least 7",
        GENERAL.defaults().with(Option.TEACHER, "1,1,1,1,1,1,1;1,1,1,1,1,1,1;1,1,1,1,1,1,1;1,1,1,1,1,1,1;1,1,1,1,1,1,1;"
            + "1,1,1,1,1,1,1;1,1,1,1,1,1,1").with(Option.SIZE, "6"));
    assertCheck("--teacher: 'edge' is 1x2 but 'vertical' is 3x3; one student learns every teacher, so all need the"
        + " same size", GENERAL.defaults().with(Option.TEACHER, "vertical edge"));
    assertCheck("--teacher: 'sobel-x' has 3 rows; 1D data (--data bumps) needs a single-row kernel",
        GENERAL.defaults().with(Option.TEACHER, "sobel-x").with(Option.DATA, "bumps"));
    assertCheck("--teacher: the kernel 5 is larger than the signals (length 4); raise --size to at least 5",
        GENERAL.defaults().with(Option.TEACHER, "1,2,3,2,1").with(Option.DATA, "noise-1d").with(Option.SIZE, "4"));
    assertEquals("--teacher: unknown kernel 'sobel'; expected one of vertical, horizontal, diagonal, anti-diagonal,"
        + " sobel-x, sobel-y, prewitt-x, prewitt-y, laplacian, edge, box, bump, or a literal such as 1,0,-1;2,0,-2;1,0,-1"
        + " (in \"sobel\")", assertThrows(IllegalArgumentException.class,
            () -> GENERAL.defaults().with(Option.TEACHER, "vertical sobel")).getMessage());
  }

  private static void assertCheck(String message, RunConfig config) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, () -> GENERAL.check(config)).getMessage());
  }
}
