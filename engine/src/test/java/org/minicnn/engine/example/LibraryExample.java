package org.minicnn.engine.example;

import java.nio.file.Path;
import org.minicnn.engine.Parameter;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.io.Layout;
import org.minicnn.engine.io.NpzFile;
import org.minicnn.engine.layers.Conv2D;
import org.minicnn.engine.losses.MeanSquaredError;

/** The minimal program of docs/library.md, kept compiling and running by {@link LibraryExampleTest}. */
public class LibraryExample {
  public static void main(String[] args) throws Exception {
    Tensor x = Tensor.zeros(1, 5, 5, 1);                     // one 5x5 image with a vertical line
    for (int row = 0; row < 5; row++) {
      x.set(1.0, 0, row, 2, 0);
    }
    Tensor target = Tensor.full(0.5, 1, 3, 3, 1);            // what the 3x3 filter should answer
    Sequential model = new Sequential().add(new Conv2D(1, 3, 3).seed(42));
    MeanSquaredError loss = new MeanSquaredError();
    for (int step = 0; step < 100; step++) {                 // plain gradient descent
      model.zeroGrad();
      double l = loss.forward(model.forward(x), target);
      model.backward(loss.backward());
      for (Parameter p : model.parameters()) {
        double[] w = p.value().data();
        double[] g = p.grad().data();
        for (int i = 0; i < w.length; i++) {
          w[i] -= 0.1 * g[i];
        }
      }
      if (step % 25 == 0) {
        System.out.printf("step %d  loss %.6f%n", step, l);
      }
    }
    NpzFile.save(Path.of(args.length > 0 ? args[0] : "weights.npz"), model, Layout.PYTORCH);  // for numpy / torch
  }
}
