package org.minicnn.training.kernels;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.minicnn.engine.Tensor;
import org.minicnn.training.EpochMetrics;
import org.minicnn.training.TrainingListener;
import org.minicnn.training.kernels.KernelHistory;
/** Records a copy of a kernel after every epoch (epoch 0, the start, first): the kernel history. */
public final class KernelHistory implements TrainingListener {

  private final Supplier<Tensor> kernel;
  private final List<Tensor> snapshots = new ArrayList<>();

  /** @param kernel gives the live kernel to copy */
  public KernelHistory(Supplier<Tensor> kernel) {
    this.kernel = kernel;
  }

  @Override
  public void onEpoch(EpochMetrics metrics) {
    snapshots.add(kernel.get().copy());
  }

  /** The shape of the kernel now. */
  public int[] shape() {
    return kernel.get().shape();
  }

  /**
   * Replaces the copies with {@code saved} (a resumed run's history, epoch 0 first).
   *
   * @param saved input, copied; each tensor of the kernel's shape
   * @throws IllegalArgumentException naming the epoch whose shape differs
   */
  public void restore(List<Tensor> saved) {
    int[] shape = shape();
    for (int e = 0; e < saved.size(); e++) {
      if (!java.util.Arrays.equals(shape, saved.get(e).shape())) {
        throw new IllegalArgumentException("KernelHistory.restore: epoch " + e + " has shape "
            + org.minicnn.engine.Shapes.format(saved.get(e).shape()) + "; expected the kernel's "
            + org.minicnn.engine.Shapes.format(shape));
      }
    }
    snapshots.clear();
    saved.forEach(t -> snapshots.add(t.copy()));
  }

  /** The copies, one per recorded epoch (unmodifiable view). */
  public List<Tensor> snapshots() {
    return Collections.unmodifiableList(snapshots);
  }
}
