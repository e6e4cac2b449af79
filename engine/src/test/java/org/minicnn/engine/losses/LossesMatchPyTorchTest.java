package org.minicnn.engine.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.minicnn.engine.EngineTestBase;
import org.minicnn.engine.TorchCases;

/**
 * BinaryCrossEntropy and SoftmaxCrossEntropy give the loss and dL/dz of PyTorch's
 * binary_cross_entropy_with_logits and cross_entropy (loss_cases.txt, made by
 * engine/src/test/python/layer_fixtures.py in float64), including logits of ±800 where a naive
 * formula overflows.
 */
class LossesMatchPyTorchTest extends EngineTestBase {

  static Stream<TorchCases.Case> cases() {
    List<TorchCases.Case> cases = TorchCases.load("loss_cases.txt");
    assertEquals(16, cases.size());
    return cases.stream();
  }

  @ParameterizedTest(name = "case {0}")
  @MethodSource("cases")
  void sameNumbersAsPyTorch(TorchCases.Case c) {
    Loss loss = c.setting("loss").equals("BinaryCrossEntropy") ? new BinaryCrossEntropy() : new SoftmaxCrossEntropy();
    double value = loss.forward(c.tensor("z"), c.tensor("t"));
    assertClose(c.tensor("loss").data(), new double[] {value}, FAST_PATH_TOLERANCE);
    assertClose(c.tensor("dz").data(), loss.backward().data(), FAST_PATH_TOLERANCE);
  }
}
