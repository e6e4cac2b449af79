package org.minicnn.training.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SummaryWeightTest {

  @Test
  void aWeightThatRoundsToZeroHasNoSign() {
    assertEquals("0.0000", Summary.weight(-3e-8));
    assertEquals("0.0000", Summary.weight(-0.0));
    assertEquals("-0.0001", Summary.weight(-0.00005));
    assertEquals("-0.5000", Summary.weight(-0.5));
    assertEquals("1.0000", Summary.weight(0.99999999));
  }
}
