package org.minicnn.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.Tensor;

/** The named hand-designed kernels and the literal syntax of {@link Kernels}. */
class KernelLibraryTest {

  @Test
  void everyNamedKernelHasItsDocumentedValues() {
    assertEquals(List.of("vertical", "horizontal", "diagonal", "anti-diagonal", "sobel-x", "sobel-y", "prewitt-x",
        "prewitt-y", "laplacian", "edge", "box", "bump"), Kernels.names());
    assertKernel(new int[] {3, 3, 1, 1}, new double[] {0, 1, 0, 0, 1, 0, 0, 1, 0}, Kernels.named("vertical"));
    assertKernel(new int[] {3, 3, 1, 1}, new double[] {0, 0, 0, 1, 1, 1, 0, 0, 0}, Kernels.named("horizontal"));
    assertKernel(new int[] {3, 3, 1, 1}, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, Kernels.named("diagonal"));
    assertKernel(new int[] {3, 3, 1, 1}, new double[] {0, 0, 1, 0, 1, 0, 1, 0, 0}, Kernels.named("anti-diagonal"));
    assertKernel(new int[] {3, 3, 1, 1}, new double[] {-1, 0, 1, -2, 0, 2, -1, 0, 1}, Kernels.named("sobel-x"));
    assertKernel(new int[] {3, 3, 1, 1}, new double[] {-1, -2, -1, 0, 0, 0, 1, 2, 1}, Kernels.named("sobel-y"));
    assertKernel(new int[] {3, 3, 1, 1}, new double[] {-1, 0, 1, -1, 0, 1, -1, 0, 1}, Kernels.named("prewitt-x"));
    assertKernel(new int[] {3, 3, 1, 1}, new double[] {-1, -1, -1, 0, 0, 0, 1, 1, 1}, Kernels.named("prewitt-y"));
    assertKernel(new int[] {3, 3, 1, 1}, new double[] {0, 1, 0, 1, -4, 1, 0, 1, 0}, Kernels.named("laplacian"));
    assertKernel(new int[] {1, 2, 1, 1}, new double[] {1, -1}, Kernels.named("edge"));
    double n = 1.0 / 9;
    assertKernel(new int[] {3, 3, 1, 1}, new double[] {n, n, n, n, n, n, n, n, n}, Kernels.named("box"));
    assertKernel(new int[] {3, 1, 1}, new double[] {0, 1, 0}, Kernels.named("bump"));
    assertEquals(Kernels.vertical(), Kernels.named("vertical"), "the same as the line detector");
    assertEquals(Kernels.line(Orientation.ANTI_DIAGONAL, 3), Kernels.named("anti-diagonal"));
    assertEquals(Kernels.names().subList(0, 11), Kernels.names2d());
  }

  @Test
  void aSobelDerivativeRespondsToIntensityRisingRightOrDown() {
    // a ramp rising to the right, then downwards: cross-correlation with sobel-x (sobel-y) gives +8 per step
    Tensor right = Tensor.of(new double[] {0, 1, 2, 0, 1, 2, 0, 1, 2}, 1, 3, 3, 1);
    Tensor down = Tensor.of(new double[] {0, 0, 0, 1, 1, 1, 2, 2, 2}, 1, 3, 3, 1);
    assertEquals(8.0, TeacherTargets.conv2d(right, Kernels.named("sobel-x")).targets().data()[0]);
    assertEquals(8.0, TeacherTargets.conv2d(down, Kernels.named("sobel-y")).targets().data()[0]);
    assertEquals(0.0, TeacherTargets.conv2d(down, Kernels.named("sobel-x")).targets().data()[0]);
  }

  @Test
  void aLiteralReadsRowsBySemicolonAndValuesByComma() {
    assertKernel(new int[] {3, 3, 1, 1}, new double[] {1, 0, -1, 2, 0, -2, 1, 0, -1},
        Kernels.parse("1,0,-1;2,0,-2;1,0,-1"));
    assertKernel(new int[] {1, 3, 1, 1}, new double[] {0.5, 1e-3, -2}, Kernels.parse(" 0.5 , 1e-3,-2 "));
    assertKernel(new int[] {1, 1, 1, 1}, new double[] {7}, Kernels.parse("7"));
    assertArrayEquals(new int[] {7, 7, 1, 1}, Kernels.parse(square(7)).shape());
    assertEquals(Kernels.named("laplacian"), Kernels.nameOrLiteral("0,1,0;1,-4,1;0,1,0"));
    assertEquals(Kernels.named("sobel-y"), Kernels.nameOrLiteral(" sobel-y "));
  }

  @Test
  void aBadLiteralNamesItsToken() {
    assertError("row 2 '2,0' has 2 values but row 1 has 3; every row needs the same number of values (a ragged kernel)"
        + " (in \"1,0,-1;2,0;1,0,-1\")", "2,0", 8, "1,0,-1;2,0;1,0,-1");
    assertError("'x' at column 3 is not a number (in \"1,x,3\")", "x", 3, "1,x,3");
    assertError("expected a number at column 3, got nothing (in \"1,,3\")", "", 3, "1,,3");
    assertError("expected a number at column 7, got nothing (in \"1,2,3;\")", "", 7, "1,2,3;");
    assertError("'NaN' at column 1 is not a number (in \"NaN,1\")", "NaN", 1, "NaN,1");
    assertError("value 8 of row 1 is one too many; a kernel has at most 7 columns (in \"1,1,1,1,1,1,1,9\")", "9", 15,
        "1,1,1,1,1,1,1,9");
    String eight = square(7) + ";1,1,1,1,1,1,1";
    assertEquals("row 8 is one too many; a kernel has at most 7 rows (in \"" + eight + "\")",
        assertThrows(KernelSyntaxException.class, () -> Kernels.parse(eight)).getMessage());
    KernelSyntaxException unknown = assertThrows(KernelSyntaxException.class, () -> Kernels.nameOrLiteral("sobel"));
    assertEquals("unknown kernel 'sobel'; expected one of vertical, horizontal, diagonal, anti-diagonal, sobel-x,"
        + " sobel-y, prewitt-x, prewitt-y, laplacian, edge, box, bump, or a literal such as 1,0,-1;2,0,-2;1,0,-1"
        + " (in \"sobel\")", unknown.getMessage());
    assertEquals("sobel", unknown.token());
  }

  private static void assertError(String message, String token, int column, String literal) {
    KernelSyntaxException e = assertThrows(KernelSyntaxException.class, () -> Kernels.nameOrLiteral(literal));
    assertEquals(message, e.getMessage());
    assertEquals(token, e.token());
    assertEquals(column, e.column());
    assertEquals(literal, e.text());
  }

  private static String square(int n) {
    StringBuilder s = new StringBuilder();
    for (int r = 0; r < n; r++) {
      s.append(r == 0 ? "" : ";").append("1,".repeat(n - 1)).append('1');
    }
    return s.toString();
  }

  private static void assertKernel(int[] shape, double[] values, Tensor k) {
    assertArrayEquals(shape, k.shape());
    assertArrayEquals(values, k.data());
  }

  @Test
  void anyListOfLineClassesIsBalancedAndKeepsTheFourClassBits() {
    LineImages.Builder t = LineImages.builder().size(6, 6).randomPosition().gaussianNoise(0.1);
    assertEquals(LineClassification.fourClass(t, 5, 3),
        LineClassification.of(t, 5, 3, LineClassification.FOUR_CLASSES));
    LabelledSet slashes = LineClassification.of(LineImages.builder().size(5, 5).position(0), 2, 1,
        List.of("main-diagonal", "anti-diagonal"));
    assertArrayEquals(new int[] {2, 2}, slashes.countPerClass());
    for (int i = 0; i < slashes.size(); i++) {
      // position 0: "\" covers (0,0), "/" covers (0,4)
      double topLeft = slashes.inputs().get(i, 0, 0, 0);
      assertEquals(slashes.label(i) == 0 ? 1.0 : 0.0, topLeft, "sample " + i);
    }
    assertEquals("LineClassification: expected at least two classes, got [vertical]",
        assertThrows(IllegalArgumentException.class, () -> LineClassification.checkClasses(List.of("vertical")))
            .getMessage());
    assertEquals("LineClassification: unknown class 'round'; expected one of vertical, horizontal, diagonal,"
        + " main-diagonal, anti-diagonal, none", assertThrows(IllegalArgumentException.class,
            () -> LineClassification.checkClasses(List.of("vertical", "round"))).getMessage());
    assertEquals("LineClassification: class 'none' is given twice", assertThrows(IllegalArgumentException.class,
        () -> LineClassification.checkClasses(List.of("none", "vertical", "none"))).getMessage());
  }
}
