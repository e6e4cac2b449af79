package org.minicnn.engine.layers;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.GradientCheck;
import org.minicnn.engine.Parameter;
import org.minicnn.engine.Tensor;
import org.minicnn.engine.conv.ConvAlgorithm;

/** Every gradient of Conv1D and Conv2D against central differences, over random configurations. */
class ConvGradientTest extends EngineTestBase {

  private Padding anyPadding(boolean allowCausal) {
    Padding[] values = allowCausal ? Padding.values() : new Padding[] {Padding.VALID, Padding.SAME};
    return values[random.nextInt(values.length)];
  }

  @RepeatedTest(60)
  void conv2dGradientsMatchCentralDifferences() {
    int kr = between(1, 3);
    int kc = between(1, 3);
    int dr = between(1, 2);
    int dc = between(1, 2);
    Conv2D layer = new Conv2D(between(1, 3), kr, kc)
        .strides(between(1, 3), between(1, 3)).dilation(dr, dc).padding(anyPadding(false))
        .useBias(random.nextBoolean()).flipKernel(random.nextInt(4) == 0)
        .algorithm(random.nextBoolean() ? ConvAlgorithm.IM2COL : ConvAlgorithm.REFERENCE)
        .seed(random.nextLong());
    Tensor input = randomTensor(between(1, 3), (kr - 1) * dr + between(1, 4), (kc - 1) * dc + between(1, 4), between(1, 3));
    GradientCheck.check(layer, input, random.nextLong()).assertWithin(GRADIENT_TOLERANCE);
  }

  @RepeatedTest(60)
  void conv1dGradientsMatchCentralDifferences() {
    int k = between(1, 5);
    int d = between(1, 3);
    Conv1D layer = new Conv1D(between(1, 4), k).strides(between(1, 3)).dilation(d).padding(anyPadding(true))
        .useBias(random.nextBoolean()).flipKernel(random.nextInt(4) == 0)
        .algorithm(random.nextBoolean() ? ConvAlgorithm.IM2COL : ConvAlgorithm.REFERENCE)
        .seed(random.nextLong());
    Tensor input = randomTensor(between(1, 3), (k - 1) * d + between(1, 6), between(1, 3));
    GradientCheck.check(layer, input, random.nextLong()).assertWithin(GRADIENT_TOLERANCE);
  }

  @Test
  void checkReportsInputKernelAndBias() {
    Conv2D layer = new Conv2D(2, 3, 3).seed(1);
    GradientCheck.Report report = GradientCheck.check(layer, randomTensor(2, 5, 5, 2), 3);
    assertTrue(report.maxRelativeErrors().keySet().containsAll(List.of("input", "kernel", "bias")));
    // Convolution is linear in each argument, so central differences are exact up to rounding.
    assertTrue(report.worst() < 1e-8, "worst " + report.worst());
  }

  /** A layer whose backward forgets the kernel gradient's factor for the second filter, as a typo would. */
  private static final class WrongKernelGradient extends BaseLayer {
    private final Conv2D inner = new Conv2D(2, 2, 2).seed(4);

    @Override
    public Tensor forward(Tensor input) {
      return inner.forward(input);
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
      Tensor dx = inner.backward(gradOutput);
      double[] g = inner.kernelGrad().data();
      for (int i = 1; i < g.length; i += 2) {
        g[i] *= 0.5;
      }
      return dx;
    }

    @Override
    public List<Parameter> parameters() {
      return inner.parameters();
    }

    @Override
    public int[] outputShape(int... inputShape) {
      return inner.outputShape(inputShape);
    }
  }

  @Test
  void aWrongGradientFailsTheCheck() {
    GradientCheck.Report report = GradientCheck.check(new WrongKernelGradient(), randomTensor(1, 4, 4, 1), 9);
    assertTrue(report.maxRelativeErrors().get("kernel") > 0.1, report.toString());
    assertTrue(report.maxRelativeErrors().get("input") < GRADIENT_TOLERANCE, report.toString());
    AssertionError error = assertThrows(AssertionError.class, () -> report.assertWithin(GRADIENT_TOLERANCE));
    assertTrue(error.getMessage().startsWith("gradient check of WrongKernelGradient failed: kernel max relative error "),
        error.getMessage());
  }

  @Test
  void backwardAddsIntoParameterGradients() {
    Conv2D layer = new Conv2D(1, 2, 2).seed(2);
    Tensor x = randomTensor(1, 3, 3, 1);
    Tensor g = randomTensor(1, 2, 2, 1);
    layer.forward(x);
    layer.backward(g);
    double[] once = layer.kernelGrad().toArray();
    layer.forward(x);
    layer.backward(g);
    double[] twice = layer.kernelGrad().toArray();
    for (int i = 0; i < once.length; i++) {
      once[i] *= 2;
    }
    assertClose(once, twice, 1e-15);
  }
}
