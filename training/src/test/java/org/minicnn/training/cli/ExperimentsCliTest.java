package org.minicnn.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minicnn.training.run.RunFiles;

/**
 * {@code minicnn train teacher-student} and {@code classify} from the command line: repeatable
 * {@code --teacher}, a two-layer {@code --model} with its attribution, and bad input (exit 2, the token
 * named, nothing written).
 */
class ExperimentsCliTest extends CliTestBase {

  @TempDir
  Path temp;

  private static final String SEVEN_BY_SEVEN = "1,1,1,1,1,1,1;1,1,1,1,1,1,1;1,1,1,1,1,1,1;1,1,1,1,1,1,1;"
      + "1,1,1,1,1,1,1;1,1,1,1,1,1,1;1,1,1,1,1,1,1";

  @Test
  void badInputExitsTwoNamingTheTokenAndWritesNothing() {
    assertRejected("--teacher: unknown kernel 'sobel'; expected one of vertical,", "teacher-student", "--teacher",
        "sobel");
    assertRejected("--teacher: row 2 '2,0' has 2 values but row 1 has 3;", "teacher-student", "--teacher",
        "1,0,-1;2,0;1,0,-1");
    assertRejected("--teacher: 'x' at column 3 is not a number", "teacher-student", "--teacher", "1,x,3");
    assertRejected("--teacher: the kernel 7x7 is larger than the images (6x6); raise --size to at least 7",
        "teacher-student", "--teacher", SEVEN_BY_SEVEN, "--size", "6");
    assertRejected("--model: 'conv3d' at column 20: unknown layer; expected one of conv2d,", "classify", "--model",
        "conv2d(8,3x3) relu conv3d(4,3) globalmaxpool2d dense");
    assertRejected("--model: 'conv2d(8)' at column 1: conv2d needs (filters, KxK) or (filters, KxK, same|valid), got"
        + " 1 argument(s)", "classify", "--model", "conv2d(8) relu globalmaxpool2d dense");
    assertRejected("--model: 'maxpool2d' at column 20: maxpool2d needs (P) or (RxC), got no argument", "classify",
        "--model", "conv2d(8,3x3) relu maxpool2d globalmaxpool2d dense");
    assertRejected("--model: the model 'conv2d(8,3x3) relu dense' gives [1, 6, 6, 4] for one 8x8 image; a classifier"
        + " needs [1, 4]", "classify", "--model", "conv2d(8,3x3) relu dense");
    assertRejected("--classes: expected at least two classes, got [vertical] (in 'vertical')", "classify",
        "--classes", "vertical");
    assertRejected("--classes: unknown class 'round'; expected one of vertical, horizontal, diagonal, main-diagonal,"
        + " anti-diagonal, none (in 'vertical,round')", "classify", "--classes", "vertical,round");
    assertRejected("--teacher: teacher-student has no such option", "classify", "--teacher", "vertical");
  }

  private void assertRejected(String message, String... args) {
    Path runs = temp.resolve("runs");
    List<String> all = new java.util.ArrayList<>(List.of("train"));
    all.addAll(List.of(args));
    all.addAll(List.of("--runs", runs.toString()));
    assertEquals(2, run(all.toArray(new String[0])), err);
    assertTrue(err.startsWith("minicnn: " + message.replace("teacher-student has", "classify has")), err);
    assertFalse(Files.exists(runs), "nothing written for " + all);
  }

  @Test
  void teacherIsRepeatableAndTheRunRepeatsFromItsCommandLine() throws IOException {
    Path dir = temp.resolve("two");
    assertEquals(0, run("train", "teacher-student", "--teacher", "sobel-x", "--teacher", "-1,-2,-1;0,0,0;1,2,1",
        "--data", "noise", "--epochs", "2", "--samples", "64", "--val-samples", "16", "--quiet", "--out",
        dir.toString()), err);
    assertEquals("sobel-x -1,-2,-1;0,0,0;1,2,1", RunFiles.readConfig(dir).get("teacher"));
    String summary = Files.readString(dir.resolve("summary.md"));
    assertTrue(summary.contains("--teacher 'sobel-x -1,-2,-1;0,0,0;1,2,1'"), summary);
    assertTrue(summary.contains("vs hand-designed `sobel-x`") && summary.contains("vs hand-designed `literal`"),
        summary);
    assertTrue(Files.readAllLines(dir.resolve(RunFiles.METRICS)).get(0).contains("cosine_literal"));
  }

  @Test
  void aTwoLayerModelTrainsAndReportsAttribution() throws IOException {
    Path dir = temp.resolve("deep");
    String model = "conv2d(8,3x3,same) relu maxpool2d(2) conv2d(8,3x3,same) relu globalmaxpool2d dense";
    assertEquals(0, run("train", "classify", "--model", model, "--classes", "vertical,horizontal,\\,/", "--epochs",
        "3", "--samples", "128", "--val-samples", "64", "--quiet", "--out", dir.toString()), err);
    assertEquals("vertical,horizontal,main-diagonal,anti-diagonal", RunFiles.readConfig(dir).get("classes"));
    assertEquals(model, RunFiles.readConfig(dir).get("model"));
    String summary = Files.readString(dir.resolve("summary.md"));
    assertTrue(summary.contains("## Which filter the network relies on for each class"), summary);
    assertTrue(summary.contains("| filter | vertical | horizontal | main-diagonal | anti-diagonal | closest (centred) |"
        + " closest (shift ≤ 1) |"), "no dense weights: the last dense reads the second conv's filters: " + summary);
    assertTrue(summary.contains("![attribution](attribution.png)"), summary);
    assertTrue(Files.size(dir.resolve("attribution.png")) > 1000);
    assertTrue(out.contains("run directory: " + dir), out);
  }
}
