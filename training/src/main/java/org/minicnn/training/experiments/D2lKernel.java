package org.minicnn.training.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.training.kernels.KernelComparison;
import org.minicnn.training.kernels.KernelHistory;
import org.minicnn.training.kernels.ReferenceKernel;
import org.minicnn.training.StepEvent;
import org.minicnn.engine.losses.SummedSquaredError;
import org.minicnn.training.Trainer;
import org.minicnn.training.TrainingListener;
import org.minicnn.training.TrainingState;

/**
 * d2l.ai's "Learning a Kernel" (section 7.2.4), deterministically: {@code X} = ones(6, 8) with
 * columns 2–5 zero, {@code K = [1, −1]}, {@code Y = X ⋆ K}; a {@code Conv2D(1, 1, 2)} without bias
 * from a zero kernel learns {@code K} back by plain gradient descent on the summed squared error
 * with learning rate 0.03. d2l prints the loss every second step, before that step's update:
 * 4.9152, 0.8246, 0.1384, 0.0232, 0.0039 at steps 2, 4, …, 10, ending at the kernel
 * (0.98847, −0.98847) — PyTorch float64 gives the same digits. One step is one epoch of the single sample.
 */
public final class D2lKernel implements Experiment {

  @Override
  public String name() {
    return "d2l-kernel";
  }

  @Override
  public String description() {
    return "d2l's 'Learning a Kernel': Conv2D(1,1,2) learns [1,-1] from an edge image in 10 steps";
  }

  @Override
  public RunConfig defaults() {
    Map<Option, String> d = new LinkedHashMap<>();
    d.put(Option.EPOCHS, "10");
    d.put(Option.LR, "0.03");
    d.put(Option.MOMENTUM, "0");
    d.put(Option.INIT, "zeros");
    d.put(Option.SEED, "0");
    return RunConfig.of(name(), List.of("d2l"), d);
  }

  /** X: ones(6, 8) with columns 2–5 zero, shape [1, 6, 8, 1]. */
  public static Tensor image() {
    Tensor x = Tensor.full(1.0, 1, 6, 8, 1);
    for (int r = 0; r < 6; r++) {
      for (int c = 2; c < 6; c++) {
        x.set(0.0, 0, r, c, 0);
      }
    }
    return x;
  }

  @Override
  public List<ReferenceKernel> references(RunConfig config) {
    return List.of(new ReferenceKernel("edge", Tensor.of(new double[] {1, -1}, 1, 2, 1), 0));
  }

  @Override
  public ExperimentRun run(RunConfig config, TrainingListener listener) {
    long start = System.nanoTime();
    Tensor x = image();
    Conv2D teacher = new Conv2D(1, 1, 2).useBias(false);
    teacher.setWeights(references(config).get(0).kernel().reshape(1, 2, 1, 1), null);
    Tensor y = teacher.forward(x);

    Conv2D conv = new Conv2D(1, 1, 2).useBias(false).seed(config.seed());
    Sequential model = new Sequential().add(conv);
    model.build(x.shape());
    if (config.zeroInit()) {
      conv.setWeights(Tensor.zeros(1, 2, 1, 1), null);
    }
    KernelHistory history = new KernelHistory(conv::kernel);
    List<String> notes = new ArrayList<>();
    TrainingListener printer = new TrainingListener() {
      @Override
      public void onStep(StepEvent event) {
        if (event.step() % 2 == 0) {
          notes.add(String.format("step %d, loss %.4f", event.step(), event.loss()));
        }
      }
    };
    Trainer trainer = new Trainer(model, new SummedSquaredError(), Runs.optimizer(config))
        .epochs(config.epochs()).batchSize(1).shuffle(false)
        .measure(KernelComparison.fixed(conv::kernel, references(config)))
        .listener(history).listener(printer).listener(listener);
    TrainingState state = trainer.fit(x, y);
    Tensor k = conv.kernel();
    notes.add(String.format("kernel after %d steps: (%.5f, %.5f)", state.step(), k.get(0, 0, 0, 0), k.get(0, 1, 0, 0)));
    return new ExperimentRun(this, config, model, state, history.snapshots(), x, null, null, notes,
        Runs.secondsSince(start));
  }

  /** Meets d2l's numbers: the kernel (0.98847, −0.98847) after 10 steps, to the five printed digits. */
  @Override
  public Verdict verdict(ExperimentRun run) {
    Tensor k = run.finalKernel();
    boolean met = run.state().step() == 10 && Math.abs(k.get(0, 0, 0, 0) - 0.98847) < 5e-6
        && Math.abs(k.get(0, 1, 0, 0) + 0.98847) < 5e-6;
    return new Verdict(met, String.format("kernel (%.5f, %.5f) after %d steps; d2l: (0.98847, -0.98847) after 10",
        k.get(0, 0, 0, 0), k.get(0, 1, 0, 0), run.state().step()));
  }
}
