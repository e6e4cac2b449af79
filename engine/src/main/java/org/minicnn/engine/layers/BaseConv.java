package org.minicnn.engine.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.minicnn.engine.Initializers;
import org.minicnn.engine.Parameter;
import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.conv.ConvAlgorithm;
import org.minicnn.engine.conv.ConvSpec;

/**
 * A convolution layer of any spatial rank (1 or 2), with Keras semantics; {@link Conv1D} and
 * {@link Conv2D} are thin front ends that fix the rank.
 *
 * <p><b>Shapes</b> (channels-last): input {@code [batch, spatial…, inChannels]}, kernel
 * {@code [kernel…, inChannels, filters]}, bias {@code [filters]}, output
 * {@code [batch, outSpatial…, filters]}, where each output size follows {@link Padding}.
 * A 1D convolution is computed as a 2D one whose rows are 1 (same memory layout).
 *
 * <p><b>Forward</b> (cross-correlation, what deep learning calls convolution):
 * {@code y[n,r,c,f] = b[f] + Σ_{i,j,ch} x[n, r·sr + i·dr − pt, c·sc + j·dc − pl, ch] · w[i,j,ch,f]},
 * zero outside the input. With {@link #flipKernel(boolean) flipKernel(true)} the kernel is rotated
 * by 180° first, which turns it into the true convolution of signal processing,
 * {@code (x * w)[t] = Σ_k x[t − k]·w[k]}; learned filters are the same up to that rotation, which is
 * why libraries skip it.
 *
 * <p><b>Backward</b> for {@code dy = dL/dy}: {@code dL/db[f] = Σ_{n,r,c} dy[n,r,c,f]};
 * {@code dL/dw[i,j,ch,f] = Σ_{n,r,c} x[n, r·sr + i·dr − pt, c·sc + j·dc − pl, ch]·dy[n,r,c,f]}
 * (the input cross-correlated with {@code dy}); {@code dL/dx} gives each input position the sum of
 * {@code dy·w} over every output that read it (the full convolution of {@code dy}, dilated by the
 * stride, with the 180°-rotated kernel). See {@link org.minicnn.engine.conv.ReferenceConvolution}
 * for these formulas as loops.
 *
 * <p>Weights are created on the first forward (Keras "build") with Glorot-uniform from
 * {@link #seed(long)} and a zero bias, unless set with {@code setWeights}.
 *
 * @param <T> the concrete layer, so that the fluent setters return it
 */
public abstract class BaseConv<T extends BaseConv<T>> extends BaseLayer {

  /** The default seed of the Glorot initializer when none is given. */
  public static final long DEFAULT_SEED = 0L;

  private final int rank;
  private final int filters;
  /** Kernel, stride and dilation per spatial dimension, in 2D form {rows, cols}; rows are 1 for rank 1. */
  private final int[] kernelSize;
  private final int[] strides = {1, 1};
  private final int[] dilation = {1, 1};
  private Padding padding = Padding.VALID;
  private boolean useBias = true;
  private boolean flipKernel;
  private long seed = DEFAULT_SEED;
  private ConvAlgorithm algorithm = ConvAlgorithm.DEFAULT;

  private Parameter kernel;
  private Parameter bias;

  private Tensor lastInput;
  private ConvSpec lastSpec;

  /** @param kernelSize one size per spatial dimension */
  protected BaseConv(int rank, int filters, int... kernelSize) {
    this.rank = rank;
    this.filters = Shapes.requirePositive(name(), "filters", filters);
    if (kernelSize.length != rank) {
      throw new IllegalArgumentException(name() + ": expected " + rank + " kernel sizes, got " + kernelSize.length);
    }
    for (int k : kernelSize) {
      Shapes.requirePositive(name(), "kernel size", k);
    }
    this.kernelSize = rank == 1 ? new int[] {1, kernelSize[0]} : kernelSize.clone();
  }

  // ---- configuration -------------------------------------------------------------------------

  /** Strides per spatial dimension (for rank 1, one value). */
  protected T setStrides(int... values) {
    setPerDimension("stride", strides, values);
    return self();
  }

  /** Dilation rates per spatial dimension (for rank 1, one value). */
  protected T setDilation(int... values) {
    setPerDimension("dilation", dilation, values);
    return self();
  }

  private void setPerDimension(String what, int[] target, int[] values) {
    if (values.length != rank) {
      throw new IllegalArgumentException(name() + ": expected " + rank + " " + what + " values, got " + values.length);
    }
    for (int v : values) {
      Shapes.requirePositive(name(), what, v);
    }
    if (rank == 1) {
      target[1] = values[0];
    } else {
      System.arraycopy(values, 0, target, 0, 2);
    }
  }

  /** How the border is padded; CAUSAL only for {@link Conv1D}. */
  public T padding(Padding value) {
    if (value == null) {
      throw new IllegalArgumentException(name() + ": expected a padding (VALID, SAME or CAUSAL), got null");
    }
    if (value == Padding.CAUSAL && rank != 1) {
      throw new IllegalArgumentException(name() + ": padding CAUSAL is only defined for Conv1D (temporal data);"
          + " use VALID or SAME");
    }
    this.padding = value;
    return self();
  }

  /** Whether the layer adds a bias (default true). Must be set before the weights exist. */
  public T useBias(boolean value) {
    requireNotBuilt("useBias");
    this.useBias = value;
    return self();
  }

  /** The seed of the Glorot-uniform initializer (default {@link #DEFAULT_SEED}). Must be set before the weights exist. */
  public T seed(long value) {
    requireNotBuilt("seed");
    this.seed = value;
    return self();
  }

  /**
   * true: compute a true convolution (kernel rotated by 180°, as in signal processing); false (the
   * default, as in Keras and PyTorch): cross-correlation. A teaching switch: the stored kernel and its
   * gradient stay in the unflipped layout either way.
   */
  public T flipKernel(boolean value) {
    this.flipKernel = value;
    return self();
  }

  /** Which implementation computes the convolution; all give the same numbers. */
  public T algorithm(ConvAlgorithm value) {
    if (value == null) {
      throw new IllegalArgumentException(name() + ": expected an algorithm, got null");
    }
    this.algorithm = value;
    return self();
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  private void requireNotBuilt(String what) {
    if (kernel != null) {
      throw new IllegalStateException(name() + "." + what + ": the weights already exist; set it before the first forward");
    }
  }

  public int filters() {
    return filters;
  }

  public Padding padding() {
    return padding;
  }

  public boolean usesBias() {
    return useBias;
  }

  // ---- shapes --------------------------------------------------------------------------------

  private String inputLayout() {
    return rank == 1 ? "[batch, length, channels]" : "[batch, rows, cols, channels]";
  }

  private String kernelLayout() {
    return rank == 1 ? "[kernelSize, inChannels, filters]" : "[kernelRows, kernelCols, inChannels, filters]";
  }

  /** The kernel shape in Keras layout for {@code inChannels}. */
  private int[] kernelShape(int inChannels) {
    return rank == 1
        ? new int[] {kernelSize[1], inChannels, filters}
        : new int[] {kernelSize[0], kernelSize[1], inChannels, filters};
  }

  /** The kernel shape with the input channels still open, e.g. {@code [3, 3, inChannels, 1]}. */
  private String kernelShapeText() {
    String spatial = rank == 1 ? kernelSize[1] + "" : kernelSize[0] + ", " + kernelSize[1];
    return "[" + spatial + ", inChannels, " + filters + "]";
  }

  /** The geometry for an input shape; validates rank, channels and that the kernel fits. */
  private ConvSpec spec(int[] inputShape) {
    Shapes.requireRank(name(), rank + 2, inputLayout(), inputShape);
    int inChannels = inputShape[inputShape.length - 1];
    if (kernel != null && kernel.value().dim(-2) != inChannels) {
      throw new IllegalArgumentException(name() + ": expected input with " + kernel.value().dim(-2)
          + " channels (kernel " + Shapes.format(kernel.value().shape()) + "), got input shape "
          + Shapes.format(inputShape));
    }
    int rows = rank == 1 ? 1 : inputShape[1];
    int cols = inputShape[rank];
    requireAddressable(rows, 0, inputShape);
    requireAddressable(cols, 1, inputShape);
    Padding rowPadding = rank == 1 ? Padding.VALID : padding;
    ConvSpec spec = ConvSpec.of(inputShape[0], rows, cols, inChannels, kernelSize[0], kernelSize[1], filters,
        strides[0], strides[1], dilation[0], dilation[1], rowPadding, padding);
    if (spec.outRows() <= 0 || spec.outCols() <= 0) {
      int[] spatial = Arrays.copyOfRange(inputShape, 1, rank + 1);
      throw new IllegalArgumentException(name() + ": kernel " + Shapes.format(userView(kernelSize))
          + " with dilation " + Shapes.format(userView(dilation)) + " spans "
          + Shapes.format(userView(new int[] {Padding.dilatedExtent(kernelSize[0], dilation[0]),
              Padding.dilatedExtent(kernelSize[1], dilation[1])}))
          + ", larger than the input " + Shapes.format(spatial) + " (padding " + padding
          + "); use a smaller kernel or padding SAME");
    }
    return spec;
  }

  /**
   * Index arithmetic runs in int: an input position plus a dilated window must stay below
   * {@code Integer.MAX_VALUE}, which only an absurd dilation or kernel size breaks.
   */
  private void requireAddressable(int inputSize, int axis, int[] inputShape) {
    long extent = (kernelSize[axis] - 1L) * dilation[axis] + 1;
    if (extent + inputSize > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name() + ": kernel " + Shapes.format(userView(kernelSize))
          + " with dilation " + Shapes.format(userView(dilation)) + " spans " + extent
          + " positions, too many to index together with the input " + Shapes.format(inputShape));
    }
  }

  /** The per-dimension values as the user gave them (one value for rank 1). */
  private int[] userView(int[] twoD) {
    return rank == 1 ? new int[] {twoD[1]} : twoD.clone();
  }

  private int[] outputShapeOf(ConvSpec s) {
    return rank == 1
        ? new int[] {s.batch(), s.outCols(), filters}
        : new int[] {s.batch(), s.outRows(), s.outCols(), filters};
  }

  @Override
  public int[] outputShape(int... inputShape) {
    return outputShapeOf(spec(inputShape));
  }

  @Override
  public void build(int... inputShape) {
    spec(inputShape);
    if (kernel == null) {
      int inChannels = inputShape[inputShape.length - 1];
      int[] shape = kernelShape(inChannels);
      long weights = Shapes.product(shape);
      if (weights > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(name() + ": kernel " + Shapes.format(shape) + " " + kernelLayout()
            + " would have " + weights + " weights; at most " + (Integer.MAX_VALUE - 8) + " fit in one array");
      }
      int receptiveField = kernelSize[0] * kernelSize[1];
      kernel = new Parameter("kernel", Initializers.glorotUniform(seed, receptiveField * inChannels,
          receptiveField * filters, shape));
      bias = useBias ? new Parameter("bias", Tensor.zeros(filters)) : null;
    }
  }

  // ---- forward -------------------------------------------------------------------------------

  /** {@code y = x ⋆ w + b}; see the class comment. */
  @Override
  public Tensor forward(Tensor input) {
    int[] inputShape = requireInput(input).shape();
    build(inputShape);
    ConvSpec s = spec(inputShape);
    double[] y = new double[s.outputSize()];
    algorithm.forward(s, input.data(), effectiveKernel(), useBias ? bias.value().data() : null, y);
    int[] outputShape = outputShapeOf(s);
    lastInput = input;
    lastSpec = s;
    rememberShapes(inputShape, outputShape);
    return Tensor.wrap(y, outputShape);
  }

  private double[] effectiveKernel() {
    return flipKernel ? rotate180(kernel.value().data()) : kernel.value().data();
  }

  /** The kernel with its spatial axes reversed; its own inverse. */
  private double[] rotate180(double[] w) {
    int kr = kernelSize[0];
    int kc = kernelSize[1];
    int block = w.length / (kr * kc);
    double[] rotated = new double[w.length];
    for (int i = 0; i < kr; i++) {
      for (int j = 0; j < kc; j++) {
        System.arraycopy(w, (i * kc + j) * block, rotated, ((kr - 1 - i) * kc + (kc - 1 - j)) * block, block);
      }
    }
    return rotated;
  }

  // ---- backward ------------------------------------------------------------------------------

  /** Adds dL/dw and dL/db into the gradients and returns dL/dx; see the class comment. */
  @Override
  public Tensor backward(Tensor gradOutput) {
    checkBackward(gradOutput);
    double[] dx = new double[lastSpec.inputSize()];
    double[] db = useBias ? bias.grad().data() : null;
    double[] w = effectiveKernel();
    if (flipKernel) {
      double[] dwFlipped = new double[w.length];
      algorithm.backward(lastSpec, lastInput.data(), w, gradOutput.data(), dx, dwFlipped, db);
      double[] dw = rotate180(dwFlipped);
      double[] grad = kernel.grad().data();
      for (int i = 0; i < grad.length; i++) {
        grad[i] += dw[i];
      }
    } else {
      algorithm.backward(lastSpec, lastInput.data(), w, gradOutput.data(), dx, kernel.grad().data(), db);
    }
    return Tensor.wrap(dx, lastInputShape());
  }

  // ---- weights -------------------------------------------------------------------------------

  /**
   * Replaces the weights (copied), creating them if the layer has none yet.
   *
   * @param kernel input, Keras layout {@code [kernel…, inChannels, filters]}
   * @param bias input, {@code [filters]}; null exactly when the layer was made with {@code useBias(false)}
   */
  public void setWeights(Tensor kernel, Tensor bias) {
    String where = name() + ".setWeights";
    if (kernel == null) {
      throw new IllegalArgumentException(where + ": expected a kernel of shape " + kernelLayout() + ", got null");
    }
    int[] shape = kernel.shape();
    int inChannels = shape.length == rank + 2 ? shape[rank] : -1;
    int[] expected = this.kernel != null ? this.kernel.value().shape() : kernelShape(inChannels);
    if (inChannels <= 0 || !Arrays.equals(shape, expected)) {
      String want = this.kernel != null ? Shapes.format(expected) : kernelShapeText();
      throw new IllegalArgumentException(where + ": expected kernel of shape " + want + " " + kernelLayout()
          + ", got " + Shapes.format(shape));
    }
    if (useBias && bias == null) {
      throw new IllegalArgumentException(where + ": expected bias of shape [" + filters
          + "], got null (the layer uses a bias; build it with useBias(false) to have none)");
    }
    if (!useBias && bias != null) {
      throw new IllegalArgumentException(where + ": expected no bias (useBias is false), got bias of shape "
          + Shapes.format(bias.shape()));
    }
    if (useBias) {
      Shapes.requireEqual(where + " bias", new int[] {filters}, bias.shape());
    }
    if (this.kernel == null) {
      this.kernel = new Parameter("kernel", kernel.copy());
      this.bias = useBias ? new Parameter("bias", bias.copy()) : null;
    } else {
      this.kernel.value().copyFrom(kernel);
      if (useBias) {
        this.bias.value().copyFrom(bias);
      }
    }
  }

  /** The live kernel, Keras layout. @throws IllegalStateException before the weights exist */
  public Tensor kernel() {
    return built("kernel").value();
  }

  /** The live bias {@code [filters]}, or null for a layer without bias. */
  public Tensor bias() {
    built("bias");
    return bias == null ? null : bias.value();
  }

  /** The accumulated dL/dkernel, same shape as the kernel. */
  public Tensor kernelGrad() {
    return built("kernelGrad").grad();
  }

  /** The accumulated dL/dbias, or null for a layer without bias. */
  public Tensor biasGrad() {
    built("biasGrad");
    return bias == null ? null : bias.grad();
  }

  private Parameter built(String what) {
    if (kernel == null) {
      throw new IllegalStateException(name() + "." + what
          + ": the weights are created on the first forward (or by setWeights); there are none yet");
    }
    return kernel;
  }

  /** Kernel then bias (if any), Keras order; empty before the weights exist. */
  @Override
  public List<Parameter> parameters() {
    List<Parameter> list = new ArrayList<>(2);
    if (kernel != null) {
      list.add(kernel);
      if (bias != null) {
        list.add(bias);
      }
    }
    return list;
  }
}
