package org.minicnn.engine.layers;

import java.util.Arrays;
import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.conv.ConvAlgorithm;
import org.minicnn.engine.conv.ConvSpec;
import org.minicnn.engine.conv.fast.FloatConvolution;

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
 * <p><b>Compute dtype</b> ({@link #computeDtype(ComputeDtype)}): variables, inputs and outputs are always
 * double. By default ({@link ComputeDtype#FLOAT64}) the layer also computes in double. With
 * {@link ComputeDtype#FLOAT32} it computes as PyTorch's and Keras's float32 layers do: {@code x}, {@code w},
 * {@code b} and {@code dy} are rounded to float, the products are accumulated in float (small first layers: in
 * double, rounded once), and the float results
 * are widened into the double output and gradients (the kernel and bias gradients are added into the double
 * gradients, as Keras's mixed precision casts gradients to the variable dtype). The {@link #algorithm} then
 * does not apply: the float kernels are {@link FloatConvolution}, whose Javadoc says exactly what is
 * rounded where. Results differ from float64 by float rounding (about 1e-7 relative per operation, tested
 * within {@code 2⁻²⁴·(terms + 4)} of the sum of the terms' magnitudes), so the gradient checks at 1e-7
 * apply to float64 only.
 *
 * <pre>{@code
 * Conv2D conv = new Conv2D(32, 3, 3).computeDtype(ComputeDtype.FLOAT32);
 * }</pre>
 *
 * <p>Weights are created on the first forward (Keras "build") with Glorot-uniform from
 * {@link #seed(long)} and a zero bias, unless set with {@code setWeights}.
 *
 * @param <T> the concrete layer, so that the fluent setters return it
 */
public abstract class BaseConv<T extends BaseConv<T>> extends KernelLayer<T> {

  private final int rank;
  private final int filters;
  /** Kernel, stride and dilation per spatial dimension, in 2D form (see {@link Windows}). */
  private final int[] kernelSize;
  private int[] strides = {1, 1};
  private int[] dilation = {1, 1};
  private Padding padding = Padding.VALID;
  private boolean flipKernel;
  private ConvAlgorithm algorithm = ConvAlgorithm.DEFAULT;
  private ComputeDtype computeDtype = ComputeDtype.FLOAT64;
  private boolean needsInputGradient = true;
  private boolean reuseOutputs;

  private Tensor lastInput;
  private ConvSpec lastSpec;
  /** The arrays handed out by the last forward and backward when {@link #reuseOutputs(boolean) reuseOutputs(true)}. */
  private double[] outputBuffer = new double[0];
  private double[] inputGradientBuffer = new double[0];

  /** @param kernelSize one size per spatial dimension */
  protected BaseConv(int rank, int filters, int... kernelSize) {
    this.rank = rank;
    this.filters = Shapes.requirePositive(name(), "filters", filters);
    this.kernelSize = Windows.twoD(name(), "kernel size", rank, kernelSize);
    kernelTemplate(kernelLayout(), "inChannels", rank == 1
        ? new int[] {kernelSize[0], -1, filters}
        : new int[] {kernelSize[0], kernelSize[1], -1, filters});
  }

  // ---- configuration -------------------------------------------------------------------------

  /** Strides per spatial dimension (for rank 1, one value). */
  protected T setStrides(int... values) {
    strides = Windows.twoD(name(), "stride", rank, values);
    return self();
  }

  /** Dilation rates per spatial dimension (for rank 1, one value). */
  protected T setDilation(int... values) {
    dilation = Windows.twoD(name(), "dilation", rank, values);
    return self();
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

  /**
   * The precision the layer computes in (default {@link ComputeDtype#FLOAT64}); variables and tensors stay
   * double either way. See the class comment for what {@link ComputeDtype#FLOAT32} rounds.
   */
  public T computeDtype(ComputeDtype value) {
    if (value == null) {
      throw new IllegalArgumentException(name() + ": expected a compute dtype (FLOAT64 or FLOAT32), got null");
    }
    this.computeDtype = value;
    return self();
  }

  public ComputeDtype computeDtype() {
    return computeDtype;
  }

  /**
   * false: {@link #backward} computes only the weight and bias gradients and returns null instead of
   * dL/dx (default true). For the first layer of a model, whose input gradient nobody reads, as
   * PyTorch skips it for inputs without {@code requires_grad}; saves about a third of the backward work.
   */
  public T needsInputGradient(boolean value) {
    this.needsInputGradient = value;
    return self();
  }

  public boolean needsInputGradient() {
    return needsInputGradient;
  }

  /**
   * true: {@link #forward} and {@link #backward} write into two arrays this layer keeps instead of
   * new ones, so the returned output is valid only until the layer's next forward, and dL/dx until
   * its next backward (copy one to keep it). For training loops, which read both before the next
   * step: a fresh array costs the JVM's zeroing and a cold cache, a large share of a call on small
   * layers. Default false: every call returns new tensors, as in Keras and PyTorch.
   * Results are the same either way.
   */
  public T reuseOutputs(boolean value) {
    this.reuseOutputs = value;
    return self();
  }

  public boolean reuseOutputs() {
    return reuseOutputs;
  }

  public int filters() {
    return filters;
  }

  public Padding padding() {
    return padding;
  }

  // ---- shapes --------------------------------------------------------------------------------

  private String kernelLayout() {
    return rank == 1 ? "[kernelSize, inChannels, filters]" : "[kernelRows, kernelCols, inChannels, filters]";
  }

  /** The geometry for an input shape; validates rank, channels and that the kernel fits. */
  private ConvSpec spec(int[] inputShape) {
    ConvSpec spec = Windows.spec(name(), rank, inputShape, kernelSize, filters, strides, dilation, padding);
    if (weightsExist() && kernelInputSize() != spec.inChannels()) {
      throw new IllegalArgumentException(name() + ": expected input with " + kernelInputSize()
          + " channels (kernel " + Shapes.format(kernel().shape()) + "), got input shape "
          + Shapes.format(inputShape));
    }
    requireAddressable(spec.inRows(), 0, inputShape);
    requireAddressable(spec.inCols(), 1, inputShape);
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

  private int[] userView(int[] twoD) {
    return Windows.userView(rank, twoD);
  }

  private int[] outputShapeOf(ConvSpec s) {
    return Windows.outputShape(rank, s, filters);
  }

  @Override
  public int[] outputShape(int... inputShape) {
    return outputShapeOf(spec(inputShape));
  }

  @Override
  public void build(int... inputShape) {
    spec(inputShape);
    int inChannels = inputShape[inputShape.length - 1];
    int receptiveField = kernelSize[0] * kernelSize[1];
    createWeights(inChannels, receptiveField * inChannels, receptiveField * filters);
  }

  // ---- forward -------------------------------------------------------------------------------

  /** {@code y = x ⋆ w + b}; see the class comment. */
  @Override
  public Tensor forward(Tensor input) {
    int[] inputShape = requireInput(input).shape();
    build(inputShape);
    ConvSpec s = spec(inputShape);
    if (reuseOutputs) {
      outputBuffer = reusable(outputBuffer, s.outputSize());
    }
    double[] y = reuseOutputs ? outputBuffer : new double[s.outputSize()];
    double[] b = usesBias() ? bias().data() : null;
    if (computeDtype == ComputeDtype.FLOAT32) {
      FloatConvolution.forward(s, input.data(), effectiveKernel(), b, y);
    } else {
      algorithm.forward(s, input.data(), effectiveKernel(), b, y);
    }
    int[] outputShape = outputShapeOf(s);
    lastInput = input;
    lastSpec = s;
    rememberShapes(inputShape, outputShape);
    return Tensor.wrap(y, outputShape);
  }

  /** {@code buffer} when it has {@code size} elements, else a new array of that size; contents undefined. */
  private static double[] reusable(double[] buffer, int size) {
    return buffer.length == size ? buffer : new double[size];
  }

  private double[] effectiveKernel() {
    return flipKernel ? rotate180(kernel().data()) : kernel().data();
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

  /**
   * Adds dL/dw and dL/db into the gradients and returns dL/dx, or null when
   * {@link #needsInputGradient(boolean) needsInputGradient(false)}; see the class comment.
   */
  @Override
  public Tensor backward(Tensor gradOutput) {
    checkBackward(gradOutput);
    double[] dx = null;
    if (needsInputGradient && reuseOutputs) {
      dx = inputGradientBuffer = reusable(inputGradientBuffer, lastSpec.inputSize());
    } else if (needsInputGradient) {
      dx = new double[lastSpec.inputSize()];
    }
    double[] db = usesBias() ? biasGrad().data() : null;
    double[] w = effectiveKernel();
    if (flipKernel) {
      double[] dwFlipped = new double[w.length];
      backwardKernel(w, gradOutput.data(), dx, dwFlipped, db);
      double[] dw = rotate180(dwFlipped);
      double[] grad = kernelGrad().data();
      for (int i = 0; i < grad.length; i++) {
        grad[i] += dw[i];
      }
    } else {
      backwardKernel(w, gradOutput.data(), dx, kernelGrad().data(), db);
    }
    return dx == null ? null : Tensor.wrap(dx, lastInputShape());
  }

  /**
   * The backward of the last forward's geometry and input, in the {@link #computeDtype(ComputeDtype) compute
   * dtype}: dL/dw and dL/db are added into {@code dw} and {@code db}, and dL/dx overwrites {@code dx} (which may
   * hold the last backward's).
   */
  private void backwardKernel(double[] w, double[] dy, double[] dx, double[] dw, double[] db) {
    // the fast kernels write dx image by image inside their tasks, so it is never cleared in a pass of its own
    if (computeDtype == ComputeDtype.FLOAT32) {
      FloatConvolution.backwardOverwritingDx(lastSpec, lastInput.data(), w, dy, dx, dw, db);
    } else {
      algorithm.backwardOverwritingDx(lastSpec, lastInput.data(), w, dy, dx, dw, db);
    }
  }
}
