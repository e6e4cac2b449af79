package org.minicnn.training.identifiability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.minicnn.engine.Tensor;
import org.minicnn.training.kernels.KernelMetrics;
import org.minicnn.training.TrainingListener;
import org.minicnn.training.experiments.Experiment;
import org.minicnn.training.experiments.ExperimentRun;
import org.minicnn.training.experiments.Option;
import org.minicnn.training.experiments.RunConfig;
import org.minicnn.training.experiments.TeacherStudent;
import org.junit.jupiter.api.Test;

/** The data decides what can be learned: the telling cases, and the algebra on data small enough to do by hand. */
class IdentifiabilityTest {

  /** Double rounding through an SVD and a few hundred SGD steps. */
  private static final double TOLERANCE = 1e-9;

  private static final double[] VERTICAL = {0, 1, 0, 0, 1, 0, 0, 1, 0};

  private static ExperimentRun vertical(String data, String init) {
    Experiment e = TeacherStudent.verticalLine();
    RunConfig c = e.defaults().with(Option.DATA, data).with(Option.INIT, init);
    return e.run(c, new TrainingListener() {});
  }

  @Test
  void verticalLinesFromARandomStartReachZeroLossYetStayAwayFromTheDetector() {
    ExperimentRun run = vertical("vertical-lines", "glorot");
    Identifiability id = run.identifiability();
    assertEquals(3, id.rank(), "vertical lines only show column patterns: 3 of 9 directions");
    assertTrue(run.last().loss() < 1e-20, "the data is fitted exactly: loss " + run.last().loss());
    assertTrue(run.last().get("max_abs_diff") > 0.1, "yet the kernel is not the detector: " + run.last());
    // the part the data determines is the detector; the null-space part is the start's, untouched
    Identifiability.Split learned = id.split(run.finalKernel());
    Identifiability.Split start = id.split(run.kernelHistory().get(0));
    assertArrayEquals(VERTICAL, learned.determined().data(), TOLERANCE);
    assertArrayEquals(start.nullSpace().data(), learned.nullSpace().data(), TOLERANCE);
    assertArrayEquals(VERTICAL, id.minimumNormSolution().data(), TOLERANCE);
  }

  @Test
  void theSameDataFromAZeroStartRecoversTheDetectorExactly() {
    ExperimentRun run = vertical("vertical-lines", "zeros");
    assertEquals(3, run.identifiability().rank());
    assertTrue(run.last().get("max_abs_diff") < TOLERANCE, run.last().toString());
    assertTrue(run.identifiability().split(run.finalKernel()).nullSpaceMax() < TOLERANCE);
  }

  @Test
  void noiseImagesFromARandomStartRecoverTheDetectorExactly() {
    ExperimentRun run = vertical("noise", "glorot");
    assertEquals(9, run.identifiability().rank());
    assertTrue(run.last().get("max_abs_diff") < TOLERANCE, run.last().toString());
    assertTrue(run.verdict().met());
  }

  @Test
  void aConstantImageDeterminesOnlyTheSumOfAOneByTwoKernel() {
    // 6×8 ones: every 1×2 patch is [1, 1]; 42 patches; A = 42×2 ones, σ = (√84, 0); target of K = [1, −1] is 0
    Tensor x = Tensor.full(1.0, 1, 6, 8, 1);
    Tensor y = Tensor.zeros(1, 6, 7, 1);
    Identifiability id = Identifiability.of2d(x, y, 1, 2);
    assertEquals(42, id.patches());
    assertEquals(1, id.rank());
    assertArrayEquals(new double[] {Math.sqrt(84), 0}, id.singularValues(), TOLERANCE);
    assertArrayEquals(new double[] {0, 0}, id.minimumNormSolution().data(), TOLERANCE);
    assertEquals(0.0, id.optimumLoss(), TOLERANCE);
    Identifiability.Split split = id.split(Tensor.of(new double[] {3, 1}, 1, 2, 1, 1));
    assertArrayEquals(new double[] {2, 2}, split.determined().data(), TOLERANCE);   // the mean direction
    assertArrayEquals(new double[] {1, -1}, split.nullSpace().data(), TOLERANCE);   // invisible to this data
  }

  @Test
  void d2lsEdgeImageDeterminesBothWeightsAndTheLeastSquaresSolutionIsK() {
    // patches [1,1], [1,0], [0,0], [0,1]: rank 2, so Y = X ⋆ [1, −1] has the unique solution [1, −1]
    Tensor x = org.minicnn.training.experiments.D2lKernelTest.image();
    Tensor y = Tensor.zeros(1, 6, 7, 1);
    for (int r = 0; r < 6; r++) {
      y.set(1.0, 0, r, 1, 0);
      y.set(-1.0, 0, r, 5, 0);
    }
    Identifiability id = Identifiability.of2d(x, y, 1, 2);
    assertEquals(2, id.rank());
    assertArrayEquals(new double[] {1, -1}, id.minimumNormSolution().data(), TOLERANCE);
    assertEquals(0.0, id.optimumLoss(), TOLERANCE);
    assertEquals(0.0, KernelMetrics.maxAbsDiff(new double[] {0, 0}, id.split(Tensor.of(new double[] {5, 7}, 1, 2, 1, 1))
        .nullSpace().data()), TOLERANCE);
  }

  @Test
  void targetsThatDoNotFitTheInputsAreRefused() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Identifiability.of2d(Tensor.zeros(2, 8, 8, 1), Tensor.zeros(2, 5, 5, 1), 3, 3));
    assertEquals("Identifiability: expected targets with 72 values (2 samples × 36 outputs × 1 filters), got shape"
        + " [2, 5, 5, 1]", e.getMessage());
  }
}
