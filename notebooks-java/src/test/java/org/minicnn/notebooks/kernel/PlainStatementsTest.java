package org.minicnn.notebooks.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlainStatementsTest {
  @Test
  void statementsThatDeclareNothingArePlain() {
    for (String statement : List.of("Check.equal(\"x\", 3, x);", "System.out.println(x);", "x += 1;", "x++;",
        "a[0] = 1;", "display(Pictures.row(a, b));", "for (int i = 0; i < 3; i++) {\n  x += i;\n}",
        "if (x > 1) throw new IllegalStateException();", "{ int local = 1; x += local; }",
        "list.forEach(v -> System.out.println(v));", "Map.of(1, 2).forEach((k, v) -> x += k);")) {
      assertTrue(PlainStatements.isPlainStatement(statement), statement);
    }
  }

  @Test
  void declarationsImportsAndShownExpressionsAreNot() {
    for (String snippet : List.of("int y = 2;", "int[] a = {1};", "var q = 3;", "final Tensor V = Kernels.vertical();",
        "Map<String, double[]> m = new HashMap<>();", "Map.Entry<String, Integer> e = null;", "Tensor t;",
        "double f(int a) { return a; }", "Tensor teacher(Tensor images) {\n  return images;\n}",
        "record History(double[] loss) {}", "class A {}", "interface I {}", "enum E { A }",
        "import java.util.*;", "x + 5;", "x + 5", "display(image)", "// a comment\nx += 1;",
        "x += 1; } void other() {", "")) {
      assertFalse(PlainStatements.isPlainStatement(snippet), snippet);
    }
  }
}
