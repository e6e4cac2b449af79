package org.minicnn.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.minicnn.engine.Tensor;

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

  /** The copies, one per recorded epoch (unmodifiable view). */
  public List<Tensor> snapshots() {
    return Collections.unmodifiableList(snapshots);
  }
}
