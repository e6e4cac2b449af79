package org.minicnn.engine.layers;

import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;

/**
 * Global max or average pooling over every spatial position, as Keras's {@code GlobalMaxPooling1D/2D}
 * and {@code GlobalAveragePooling1D/2D}; the four layers are thin front ends that fix the rank and
 * the kind.
 *
 * <p><b>Shapes</b> (channels-last): input {@code [batch, spatial…, channels]} (rank 3 for 1D, 4 for
 * 2D), output {@code [batch, channels]}. Below, {@code p} runs over the {@code P} spatial positions
 * (length, or rows·cols). No parameters.
 *
 * <p><b>Forward</b>: max: {@code y[n,ch] = max_p x[n,p,ch]}; average:
 * {@code y[n,ch] = (1/P)·Σ_p x[n,p,ch]}.
 *
 * <p><b>Backward</b>: max: {@code dL/dx[n,p,ch] = dy[n,ch]} at the position that won (the first
 * maximum in scan order on a tie; the last NaN if there is one, whose NaN is then the output — as
 * {@link BaseMaxPool} and PyTorch), 0 elsewhere; average: {@code dL/dx[n,p,ch] = dy[n,ch] / P} at every
 * position.
 */
public abstract class BaseGlobalPool extends BaseLayer {

  /** Which statistic of the spatial positions the layer keeps. */
  protected enum Kind { MAX, AVERAGE }

  private final int rank;
  private final Kind kind;

  /** For max pooling, the flat input index that won each output element. */
  private int[] lastArgmax;

  protected BaseGlobalPool(int rank, Kind kind) {
    this.rank = rank;
    this.kind = kind;
  }

  // ---- shapes --------------------------------------------------------------------------------

  @Override
  public int[] outputShape(int... inputShape) {
    Shapes.requireRank(name(), rank + 2, rank == 1 ? "[batch, steps, channels]" : "[batch, rows, cols, channels]",
        inputShape);
    return new int[] {inputShape[0], inputShape[inputShape.length - 1]};
  }

  // ---- forward -------------------------------------------------------------------------------

  /** {@code y[n,ch] = max_p or mean_p of x[n,p,ch]}; see the class comment. */
  @Override
  public Tensor forward(Tensor input) {
    int[] inputShape = requireInput(input).shape();
    int[] outputShape = outputShape(inputShape);
    int batch = outputShape[0];
    int channels = outputShape[1];
    int positions = input.size() / (batch * channels);
    double[] x = input.data();
    double[] y = new double[batch * channels];
    int[] argmax = new int[y.length];
    for (int n = 0; n < batch; n++) {
      for (int ch = 0; ch < channels; ch++) {
        int o = n * channels + ch;
        int first = n * positions * channels + ch;
        double sum = 0.0;
        argmax[o] = first;
        for (int p = 0; p < positions; p++) {
          int index = first + p * channels;
          sum += x[index];
          // Strictly greater: on a tie the first maximum in scan order keeps the gradient.
          if (x[index] > x[argmax[o]] || Double.isNaN(x[index])) {
            argmax[o] = index;
          }
        }
        y[o] = kind == Kind.MAX ? x[argmax[o]] : sum / positions;
      }
    }
    lastArgmax = argmax;
    rememberShapes(inputShape, outputShape);
    return Tensor.wrap(y, outputShape);
  }

  // ---- backward ------------------------------------------------------------------------------

  /** Max: {@code dy} to the winner; average: {@code dy / P} to every position. */
  @Override
  public Tensor backward(Tensor gradOutput) {
    checkBackward(gradOutput);
    int[] inputShape = lastInputShape();
    double[] dy = gradOutput.data();
    double[] dx = new double[Math.toIntExact(Shapes.product(inputShape))];
    int channels = inputShape[inputShape.length - 1];
    int positions = dx.length / dy.length;
    for (int o = 0; o < dy.length; o++) {
      if (kind == Kind.MAX) {
        dx[lastArgmax[o]] = dy[o];
      } else {
        int first = (o / channels) * positions * channels + o % channels;
        for (int p = 0; p < positions; p++) {
          dx[first + p * channels] = dy[o] / positions;
        }
      }
    }
    return Tensor.wrap(dx, inputShape);
  }
}
