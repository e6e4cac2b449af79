package org.minicnn.training.identifiability;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.minicnn.engine.Shapes;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.conv.ConvSpec;
import org.minicnn.engine.conv.Im2colConvolution;
import org.minicnn.engine.layers.Padding;

/**
 * What a teacher–student data set can teach a convolution without bias: the data decides which
 * kernels are learnable.
 *
 * <p>A VALID, stride-1 convolution is linear in its kernel: stacking every training patch as a row
 * of the <em>patch matrix</em> {@code A} ({@code m = samples·outRows·outCols} rows, one column per
 * kernel weight, {@code k = kernelRows·kernelCols·inChannels}; im2col) and the teacher's outputs as
 * {@code B} ({@code m × filters}), the mean squared error is {@code ‖A·W − B‖² / (m·filters)} for the
 * kernel {@code W} ({@code k × filters}, the Keras layout flattened). With the singular value
 * decomposition {@code A = U·Σ·Vᵀ} (EJML):
 * <ul>
 * <li>the <b>rank</b> {@code r} is the number of singular values above
 *     {@code σ_max·max(m, k)·2⁻⁵²} (NumPy's {@code matrix_rank} tolerance);
 * <li>the <b>minimum-norm least-squares solution</b> is {@code W⁺ = A⁺·B = V_r·Σ_r⁻²·V_rᵀ·(Aᵀ·B)}, and
 *     the <b>least-squares optimum</b> (the lowest reachable loss) is {@code ‖A·W⁺ − B‖² / (m·filters)};
 * <li>every kernel splits into a <b>determined part</b> {@code P·W} with {@code P = V_r·V_rᵀ} (the row
 *     space of {@code A}, which the data fixes) and a <b>null-space part</b> {@code (I − P)·W}, which the
 *     data cannot see: it changes no output, so it gets no gradient and gradient descent never
 *     changes it. A zero start therefore ends at {@code W⁺}; a random start ends at {@code W⁺} plus its
 *     own initial null-space part.
 * </ul>
 */
public final class Identifiability {

  private final int kernelRows;
  private final int kernelCols;
  private final int inChannels;
  private final int filters;
  private final int patches;
  private final double[] singularValues;
  private final int rank;
  /** Columns 0..rank−1 of V: an orthonormal basis of the row space, k × rank. */
  private final DMatrixRMaj rowSpace;
  private final Tensor minimumNorm;
  private final double optimumLoss;

  private Identifiability(int kernelRows, int kernelCols, int inChannels, int filters, int patches,
      double[] singularValues, int rank, DMatrixRMaj rowSpace, Tensor minimumNorm, double optimumLoss) {
    this.kernelRows = kernelRows;
    this.kernelCols = kernelCols;
    this.inChannels = inChannels;
    this.filters = filters;
    this.patches = patches;
    this.singularValues = singularValues;
    this.rank = rank;
    this.rowSpace = rowSpace;
    this.minimumNorm = minimumNorm;
    this.optimumLoss = optimumLoss;
  }

  /**
   * Analyses a 2D teacher–student data set.
   *
   * @param inputs input {@code [n, rows, cols, inChannels]}
   * @param targets input, the teacher's VALID stride-1 outputs {@code [n, rows − kernelRows + 1,
   *     cols − kernelCols + 1, filters]}
   */
  public static Identifiability of2d(Tensor inputs, Tensor targets, int kernelRows, int kernelCols) {
    Shapes.requireRank("Identifiability", 4, "[batch, rows, cols, channels]", inputs.shape());
    return analyse(inputs, inputs.dim(1), inputs.dim(2), targets, kernelRows, kernelCols);
  }

  /**
   * Analyses a 1D teacher–student data set.
   *
   * @param inputs input {@code [n, length, inChannels]}
   * @param targets input {@code [n, length − kernelSize + 1, filters]}
   */
  public static Identifiability of1d(Tensor inputs, Tensor targets, int kernelSize) {
    Shapes.requireRank("Identifiability", 3, "[batch, length, channels]", inputs.shape());
    return analyse(inputs, 1, inputs.dim(1), targets, 1, kernelSize);
  }

  private static Identifiability analyse(Tensor inputs, int rows, int cols, Tensor targets, int kr, int kc) {
    int n = inputs.dim(0);
    int ch = inputs.dim(-1);
    int filters = targets.dim(-1);
    ConvSpec spec = ConvSpec.of(n, rows, cols, ch, kr, kc, filters, 1, 1, 1, 1, Padding.VALID, Padding.VALID);
    int pixels = spec.outRows() * spec.outCols();
    int m = n * pixels;
    int k = spec.patchSize();
    if (targets.size() != (long) m * filters) {
      throw new IllegalArgumentException("Identifiability: expected targets with " + m * (long) filters
          + " values (" + n + " samples × " + pixels + " outputs × " + filters + " filters), got shape "
          + Shapes.format(targets.shape()));
    }
    DMatrixRMaj a = new DMatrixRMaj(m, k);
    double[] cols1 = new double[pixels * k];
    for (int i = 0; i < n; i++) {
      Im2colConvolution.im2col(spec, inputs.data(), i, cols1);
      System.arraycopy(cols1, 0, a.data, i * pixels * k, pixels * k);
    }
    DMatrixRMaj b = DMatrixRMaj.wrap(m, filters, targets.toArray());
    DMatrixRMaj atb = new DMatrixRMaj(k, filters);
    CommonOps_DDRM.multTransA(a, b, atb);

    SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m, k, false, true, true);
    if (!svd.decompose(a.copy())) {
      throw new IllegalStateException("Identifiability: the SVD of the " + m + "×" + k + " patch matrix did not converge");
    }
    DMatrixRMaj w = svd.getW(null);
    DMatrixRMaj v = svd.getV(null, false);
    SingularOps_DDRM.descendingOrder(null, false, w, v, false);
    double[] sigma = new double[k];
    for (int i = 0; i < k; i++) {
      sigma[i] = i < Math.min(m, k) ? w.get(i, i) : 0.0;
    }
    double tolerance = sigma[0] * Math.max(m, k) * Math.ulp(1.0);
    int rank = 0;
    while (rank < k && sigma[rank] > tolerance) {
      rank++;
    }
    DMatrixRMaj vr = CommonOps_DDRM.extract(v, 0, k, 0, rank);

    // W⁺ = V_r · Σ_r⁻² · V_rᵀ · AᵀB
    DMatrixRMaj projected = new DMatrixRMaj(rank, filters);
    CommonOps_DDRM.multTransA(vr, atb, projected);
    for (int i = 0; i < rank; i++) {
      for (int f = 0; f < filters; f++) {
        projected.set(i, f, projected.get(i, f) / (sigma[i] * sigma[i]));
      }
    }
    DMatrixRMaj solution = new DMatrixRMaj(k, filters);
    CommonOps_DDRM.mult(vr, projected, solution);

    DMatrixRMaj residual = new DMatrixRMaj(m, filters);
    CommonOps_DDRM.mult(a, solution, residual);
    CommonOps_DDRM.subtractEquals(residual, b);
    double optimum = CommonOps_DDRM.elementSumAbs(elementSquare(residual)) / ((double) m * filters);

    int[] kernelShape = kr == 1 && rows == 1 ? new int[] {kc, ch, filters} : new int[] {kr, kc, ch, filters};
    return new Identifiability(kr, kc, ch, filters, m, sigma, rank, vr, Tensor.wrap(solution.data, kernelShape),
        optimum);
  }

  private static DMatrixRMaj elementSquare(DMatrixRMaj x) {
    DMatrixRMaj out = x.copy();
    CommonOps_DDRM.elementMult(out, x);
    return out;
  }

  /** Rows of the patch matrix: every training patch. */
  public int patches() {
    return patches;
  }

  /** Columns of the patch matrix: weights per filter, {@code kernelRows·kernelCols·inChannels}. */
  public int unknowns() {
    return kernelRows * kernelCols * inChannels;
  }

  /** The dimension of the kernel space the data determines. */
  public int rank() {
    return rank;
  }

  /** The patch matrix's singular values, largest first (a copy). */
  public double[] singularValues() {
    return singularValues.clone();
  }

  /** The minimum-norm least-squares kernel {@code W⁺}, in the layer's Keras layout (a copy). */
  public Tensor minimumNormSolution() {
    return minimumNorm.copy();
  }

  /** The lowest mean squared error any kernel reaches on this data: the loss at {@code W⁺}. */
  public double optimumLoss() {
    return optimumLoss;
  }

  /**
   * Splits {@code kernel} (input, the layer's Keras layout) into the part the data determines and the
   * part in the null space; the two add up to {@code kernel}.
   */
  public Split split(Tensor kernel) {
    if (kernel.size() != unknowns() * filters) {
      throw new IllegalArgumentException("Identifiability.split: expected a kernel of shape "
          + Shapes.format(minimumNorm.shape()) + ", got " + Shapes.format(kernel.shape()));
    }
    DMatrixRMaj w = DMatrixRMaj.wrap(unknowns(), filters, kernel.toArray());
    DMatrixRMaj coordinates = new DMatrixRMaj(rank, filters);
    CommonOps_DDRM.multTransA(rowSpace, w, coordinates);
    DMatrixRMaj determined = new DMatrixRMaj(unknowns(), filters);
    CommonOps_DDRM.mult(rowSpace, coordinates, determined);
    DMatrixRMaj nullPart = new DMatrixRMaj(unknowns(), filters);
    CommonOps_DDRM.subtract(w, determined, nullPart);
    int[] shape = kernel.shape();
    return new Split(Tensor.wrap(determined.data, shape), Tensor.wrap(nullPart.data, shape));
  }

  /**
   * A kernel as determined part plus null-space part.
   *
   * @param determined the projection onto the row space of the patch matrix
   * @param nullSpace the rest, invisible to the data
   */
  public record Split(Tensor determined, Tensor nullSpace) {

    /** {@code max |nullSpace|}. */
    public double nullSpaceMax() {
      return Arrays.stream(nullSpace.data()).map(Math::abs).max().orElse(0);
    }
  }
}
