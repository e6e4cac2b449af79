package org.minicnn.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed tables of {@code docs/sweeps.md} come from {@code minicnn sweep}: the two-class sweep over seeds
 * 0–9 and, to keep the test near half a minute, the four-class one over seeds 7 and 8 give exactly the
 * documented rows (every cell but {@code seconds}).
 */
class SweepSeedTableTest extends CliTestBase {

  private static final Path DOC = Path.of("..", "docs", "sweeps.md");

  @TempDir
  Path temp;

  @Test
  void twoClassesOverSeedsZeroToNineGiveTheDocumentedTable() throws IOException {
    List<String> documented = documented("classify-lines");
    assertEquals(12, documented.size(), "header, separator and ten seeds: " + documented);
    assertEquals(documented, swept("classify-lines", "seed=0..9"));
  }

  @Test
  void fourClassesOverSeedsSevenAndEightGiveTheirDocumentedRows() throws IOException {
    List<String> documented = documented("classify-lines-4");
    assertEquals(12, documented.size(), documented.toString());
    List<String> rows = new ArrayList<>(documented.subList(0, 2));
    rows.addAll(documented.subList(9, 11));
    assertTrue(rows.get(2).startsWith("| seed-7 | 7 | done | "), rows.toString());
    assertEquals(rows, swept("classify-lines-4", "seed=7,8"));
  }

  /** The "Every run" table of the sweep's summary.md, without the seconds column. */
  private List<String> swept(String experiment, String grid) throws IOException {
    Path dir = temp.resolve(experiment);
    assertEquals(0, run("sweep", experiment, "--grid", grid, "--out", dir.toString(), "--parallel", "2", "--plots",
        "none"), err);
    String summary = Files.readString(dir.resolve("summary.md"));
    return withoutSeconds(summary.substring(summary.indexOf("## Every run")).lines()
        .filter(l -> l.startsWith("|")).toList());
  }

  /** The table of docs/sweeps.md marked {@code <!-- sweep-table NAME -->}, without the seconds column. */
  private static List<String> documented(String name) throws IOException {
    String doc = Files.readString(DOC);
    String start = "<!-- sweep-table " + name + " -->\n";
    int from = doc.indexOf(start);
    assertTrue(from >= 0, DOC + " has no table " + start);
    String table = doc.substring(from + start.length(), doc.indexOf("<!-- end sweep-table -->", from));
    return withoutSeconds(table.lines().filter(l -> l.startsWith("|")).toList());
  }

  /** Each row without its last cell (| seconds |). */
  private static List<String> withoutSeconds(List<String> rows) {
    List<String> out = new ArrayList<>();
    for (String row : rows) {
      String trimmed = row.substring(0, row.length() - 1);
      out.add(trimmed.substring(0, trimmed.lastIndexOf('|') + 1));
    }
    return out;
  }
}
