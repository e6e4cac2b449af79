package org.minicnn.engine.conv;

import org.minicnn.engine.EngineTestBase;

/** {@link EngineTestBase#assertClose} with the case named in the failure, for tests that loop over cases. */
public final class ConvAssert {

  private ConvAssert() {}

  public static void assertClose(double[] expected, double[] actual, double tolerance, String where) {
    try {
      EngineTestBase.assertClose(expected, actual, tolerance);
    } catch (AssertionError e) {
      throw new AssertionError(where + ": " + e.getMessage(), e);
    }
  }
}
