package org.minicnn.engine.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.minicnn.engine.Parameter;
import org.minicnn.engine.Sequential;
import org.minicnn.engine.conv.ConvAlgorithm;

/** The settings layers report back (read by the training code and the notebooks), and a parameter's text. */
class LayerSettingsTest {

  @Test
  void layersReportTheirSettings() {
    Conv2D conv = new Conv2D(4, 3, 3).padding(Padding.SAME);
    assertEquals(4, conv.filters());
    assertEquals(Padding.SAME, conv.padding());
    assertEquals(Padding.VALID, new Conv2D(1, 3, 3).padding());
    assertEquals(Padding.SAME, new MaxPool2D(2, 2).padding(Padding.SAME).padding());
    assertEquals(Padding.VALID, new MaxPool2D(2, 2).padding());
  }

  @Test
  void aParameterReadsAsItsNameAndShape() {
    Sequential model = new Sequential().add(new Conv2D(4, 3, 3));
    model.build(1, 8, 8, 2);
    Parameter kernel = model.parameters().get(0);
    assertEquals(kernel.name() + "[3, 3, 2, 4]", kernel.toString());
  }

  @Test
  void theTestsRunTheVectorKernels() {
    assertTrue(ConvAlgorithm.vectorKernels(), "surefire and PIT start the tests with jdk.incubator.vector");
  }
}
