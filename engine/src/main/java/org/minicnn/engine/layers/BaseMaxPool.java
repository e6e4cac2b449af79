package org.minicnn.engine.layers;

import java.util.Arrays;
import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.conv.ConvSpec;

/**
 * Max pooling of any spatial rank (1 or 2), with Keras semantics; {@link MaxPool1D} and
 * {@link MaxPool2D} are thin front ends that fix the rank. A 1D pooling is computed as a 2D one
 * whose rows are 1, as in {@link BaseConv}.
 *
 * <p><b>Shapes</b> (channels-last): input {@code [batch, spatial…, channels]}, output
 * {@code [batch, outSpatial…, channels]}, each output size following {@link Padding} with the pool
 * as the window (VALID: {@code floor((n − p) / s) + 1}; SAME: {@code ceil(n / s)}). Strides default
 * to the pool size, as in Keras. No parameters.
 *
 * <p><b>Forward</b>, for each channel {@code ch} on its own:
 * {@code y[n,r,c,ch] = max_{i,j} x[n, r·sr + i − pt, c·sc + j − pl, ch]} over the window positions
 * inside the input. Padded positions are −∞ (they never win), as in TensorFlow; with Keras's SAME
 * every window holds at least one real position.
 *
 * <p><b>Backward</b>: the whole {@code dy[n,r,c,ch]} goes to the input position that won the
 * window, and gradients of overlapping windows add up:
 * {@code dL/dx[p] = Σ_{windows whose argmax is p} dy}. On a tie the first maximum in scan order
 * (rows, then columns) wins, as in PyTorch's CPU max pooling; TensorFlow's choice on ties is not
 * specified. A NaN wins its window, so the output is NaN and the gradient goes to the window's last
 * NaN in scan order — PyTorch's rule ({@code val > max || isnan(val)}); without it, whether a NaN
 * showed would depend on where in the window it sat.
 *
 * @param <T> the concrete layer, so that the fluent setters return it
 */
public abstract class BaseMaxPool<T extends BaseMaxPool<T>> extends BaseLayer {

  private final int rank;
  /** Pool size and stride per spatial dimension, in 2D form (see {@link Windows}). */
  private final int[] poolSize;
  private int[] strides;
  private Padding padding = Padding.VALID;

  /** For each output element, the flat index of the input element that won its window. */
  private int[] lastArgmax;

  /** @param poolSize one size per spatial dimension */
  protected BaseMaxPool(int rank, int... poolSize) {
    this.rank = rank;
    this.poolSize = Windows.twoD(name(), "pool size", rank, poolSize);
    this.strides = this.poolSize.clone();
  }

  // ---- configuration -------------------------------------------------------------------------

  /** Strides per spatial dimension (for rank 1, one value). */
  protected T setStrides(int... values) {
    strides = Windows.twoD(name(), "stride", rank, values);
    return self();
  }

  /** How the border is padded: VALID (default) or SAME. */
  public T padding(Padding value) {
    if (value == null || value == Padding.CAUSAL) {
      throw new IllegalArgumentException(name() + ": expected padding VALID or SAME, got " + value
          + (value == null ? "" : " (causal padding is defined for Conv1D only)"));
    }
    this.padding = value;
    return self();
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  public Padding padding() {
    return padding;
  }

  // ---- shapes --------------------------------------------------------------------------------

  /**
   * The window geometry for an input shape; validates rank and that the pool fits. A pooling window
   * is a convolution window whose "filters" are the channels, each channel reading only itself.
   */
  private ConvSpec spec(int[] inputShape) {
    Shapes.requireRank(name(), rank + 2, Windows.inputLayout(rank), inputShape);
    ConvSpec spec = Windows.spec(name(), rank, inputShape, poolSize, inputShape[rank + 1], strides,
        new int[] {1, 1}, padding);
    if (spec.outRows() <= 0 || spec.outCols() <= 0) {
      throw new IllegalArgumentException(name() + ": pool " + Shapes.format(Windows.userView(rank, poolSize))
          + " is larger than the input " + Shapes.format(Arrays.copyOfRange(inputShape, 1, rank + 1))
          + " (padding " + padding + "); use a smaller pool or padding SAME");
    }
    return spec;
  }

  private int[] outputShapeOf(ConvSpec s) {
    return Windows.outputShape(rank, s, s.inChannels());
  }

  @Override
  public int[] outputShape(int... inputShape) {
    return outputShapeOf(spec(inputShape));
  }

  // ---- forward -------------------------------------------------------------------------------

  /** {@code y = max over each window}, remembering the winner; see the class comment. */
  @Override
  public Tensor forward(Tensor input) {
    int[] inputShape = requireInput(input).shape();
    ConvSpec s = spec(inputShape);
    double[] x = input.data();
    int channels = s.inChannels();
    double[] y = new double[s.outputSize()];
    int[] argmax = new int[y.length];
    int o = 0;
    for (int n = 0; n < s.batch(); n++) {
      for (int r = 0; r < s.outRows(); r++) {
        for (int c = 0; c < s.outCols(); c++) {
          // The window clipped to the input: padded positions are −∞ and never win. (Long ends: a
          // huge pool must not wrap around.)
          int top = r * s.strideRows() - s.padTop();
          int left = c * s.strideCols() - s.padLeft();
          int bottom = (int) Math.min((long) top + s.kernelRows(), s.inRows());
          int right = (int) Math.min((long) left + s.kernelCols(), s.inCols());
          for (int ch = 0; ch < channels; ch++) {
            double best = Double.NEGATIVE_INFINITY;
            int winner = -1;
            for (int row = Math.max(top, 0); row < bottom; row++) {
              for (int col = Math.max(left, 0); col < right; col++) {
                int index = ((n * s.inRows() + row) * s.inCols() + col) * channels + ch;
                // Strictly greater: on a tie the first maximum in scan order keeps the window.
                if (winner < 0 || x[index] > best || Double.isNaN(x[index])) {
                  best = x[index];
                  winner = index;
                }
              }
            }
            y[o] = best;
            argmax[o] = winner;
            o++;
          }
        }
      }
    }
    lastArgmax = argmax;
    int[] outputShape = outputShapeOf(s);
    rememberShapes(inputShape, outputShape);
    return Tensor.wrap(y, outputShape);
  }

  // ---- backward ------------------------------------------------------------------------------

  /** {@code dL/dx[p] = Σ dy over the windows that p won}; see the class comment. */
  @Override
  public Tensor backward(Tensor gradOutput) {
    checkBackward(gradOutput);
    double[] dy = gradOutput.data();
    double[] dx = new double[Math.toIntExact(Shapes.product(lastInputShape()))];
    for (int o = 0; o < dy.length; o++) {
      dx[lastArgmax[o]] += dy[o];
    }
    return Tensor.wrap(dx, lastInputShape());
  }
}
