package org.minicnn.training.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.minicnn.engine.Tensor;
import org.minicnn.training.TrainingListener;
import org.junit.jupiter.api.Test;

/** d2l's "Learning a Kernel" numbers; PyTorch float64 with a zero start prints the same. */
public class D2lKernelTest {

  /** d2l prints four decimals of the loss and we compare the kernel to PyTorch's float64 result. */
  private static final double TOLERANCE = 1e-12;

  @Test
  void lossesAtEvenStepsAndTheFinalKernelAreD2lsNumbers() {
    D2lKernel experiment = new D2lKernel();
    ExperimentRun run = experiment.run(experiment.defaults(), new TrainingListener() {});
    assertEquals(List.of("step 2, loss 4.9152", "step 4, loss 0.8246", "step 6, loss 0.1384", "step 8, loss 0.0232",
        "step 10, loss 0.0039", "kernel after 10 steps: (0.98847, -0.98847)"), run.notes());
    Tensor kernel = run.finalKernel();
    // PyTorch 1.13, float64, Conv2d(1, 1, (1, 2), bias=False) zeroed, lr 0.03, summed loss, 10 steps
    assertEquals(0.9884707849539316, kernel.get(0, 0, 0, 0), TOLERANCE);
    assertEquals(-0.9884707849539316, kernel.get(0, 1, 0, 0), TOLERANCE);
    // PyTorch's summed losses at steps 2 and 10, before each step's update
    assertEquals(4.9152000000000005, run.state().history().get(2).loss(), TOLERANCE);
    assertEquals(0.0038942226439011036, run.state().history().get(10).loss(), TOLERANCE);
    assertTrue(run.verdict().met(), run.verdict().text());
  }

  /** d2l's X, for other tests. */
  public static Tensor image() {
    return D2lKernel.image();
  }

  @Test
  void theImageHasAZeroBandInColumnsTwoToFive() {
    Tensor x = D2lKernel.image();
    assertEquals(1.0, x.get(0, 3, 1, 0));
    assertEquals(0.0, x.get(0, 3, 2, 0));
    assertEquals(0.0, x.get(0, 3, 5, 0));
    assertEquals(1.0, x.get(0, 3, 6, 0));
  }
}
