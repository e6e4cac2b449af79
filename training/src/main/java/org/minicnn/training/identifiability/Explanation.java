package org.minicnn.training.identifiability;

import java.util.List;
import org.minicnn.engine.Tensor;
import org.minicnn.training.kernels.KernelMetrics;
import org.minicnn.training.kernels.ReferenceKernel;

/** Two or three plain sentences on what the data determined in a teacher–student run, with its numbers. */
public final class Explanation {

  private Explanation() {}

  /**
   * @param id the analysis of the run's training data
   * @param initial input, the kernel before training (Keras layout)
   * @param learned input, the kernel after training
   * @param references the hand-designed kernels, each of filter {@code filter()}
   */
  public static String of(Identifiability id, Tensor initial, Tensor learned, List<ReferenceKernel> references) {
    Tensor hand = handKernel(learned, references);
    double learnedToHand = KernelMetrics.maxAbsDiff(learned.data(), hand.data());
    double learnedToSolution = KernelMetrics.maxAbsDiff(learned.data(), id.minimumNormSolution().data());
    double handNull = id.split(hand).nullSpaceMax();
    double startNull = id.split(initial).nullSpaceMax();
    double learnedNull = id.split(learned).nullSpaceMax();
    int k = id.unknowns();
    int r = id.rank();
    double[] sigma = id.singularValues();
    if (r == k) {
      return String.format("The training patches span all %d weight directions (rank %d of %d, smallest singular"
          + " value %.3g), so the data pins down exactly one kernel, the least-squares solution; the hand-designed"
          + " kernel differs from it by at most %.3g. Gradient descent from any start converges to it: the learned"
          + " kernel is within %.3g of it and within %.3g of the hand-designed kernel.",
          k, r, k, sigma[k - 1], KernelMetrics.maxAbsDiff(hand.data(), id.minimumNormSolution().data()),
          learnedToSolution, learnedToHand);
    }
    String start = startNull < 1e-12
        ? String.format("The start has no null-space part (a zero start), so training ends at the minimum-norm"
            + " solution, %.3g from the hand-designed kernel (max |difference|)", learnedToHand)
        : String.format("The start's null-space part (max |·| = %.3g) is untouched by training (still %.3g), so"
            + " the learned kernel fits the data as well as the hand-designed one yet differs from it by %.3g",
            startNull, learnedNull, learnedToHand);
    String hands = handNull < 1e-9
        ? "The hand-designed kernel lies entirely in the determined part, so a zero start, or data that spans every"
            + " direction such as noise images, recovers it exactly"
        : String.format("The hand-designed kernel has a null-space part (max |·| = %.3g) that this data cannot"
            + " reveal, so no training on it can recover that kernel", handNull);
    return String.format("The training patches span only %d of the %d weight directions (rank %d): the other %d"
        + " form the null space, which changes no output, gets no gradient and keeps whatever the start put"
        + " there. %s. %s.", r, k, r, k - r, start, hands);
  }

  /** The hand-designed kernels assembled into the learned kernel's shape (zeros for filters without one). */
  static Tensor handKernel(Tensor learned, List<ReferenceKernel> references) {
    Tensor hand = Tensor.zeros(learned.shape());
    int filters = learned.dim(-1);
    for (ReferenceKernel ref : references) {
      double[] w = ref.kernel().data();
      for (int i = 0; i < w.length; i++) {
        hand.data()[i * filters + ref.filter()] = w[i];
      }
    }
    return hand;
  }
}
