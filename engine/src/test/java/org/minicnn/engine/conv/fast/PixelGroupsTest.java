package org.minicnn.engine.conv.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minicnn.engine.conv.ConvSpec;
import org.minicnn.engine.conv.Geometry;
import org.minicnn.engine.layers.Padding;

/**
 * Which output pixels have their whole window inside the input, and how rows are cut into groups of six of them:
 * choices that send pixels down routes giving the same bits, so only these tests see a wrong one.
 */
class PixelGroupsTest {

  @Test
  void interiorMeansTheWholeWindowIsInsideTheInput() {
    ConvSpec valid = Geometry.input(1, 5, 7, 1).kernel(3, 2, 1).dilation(1, 2).spec();  // out 3 × 5
    assertTrue(Patches.interior(valid, 0, 0));
    assertTrue(Patches.interior(valid, 2, 4), "the last pixel");
    ConvSpec same = Geometry.input(1, 5, 7, 1).kernel(3, 3, 1).padding(Padding.SAME).spec();
    assertFalse(Patches.interior(same, 0, 3), "the first row reads padding");
    assertFalse(Patches.interior(same, 2, 0), "the first column reads padding");
    assertTrue(Patches.interior(same, 1, 1));
    assertTrue(Patches.interior(same, 3, 5));
    assertFalse(Patches.interior(same, 4, 3), "the last row reads padding");
    assertFalse(Patches.interior(same, 2, 6), "the last column reads padding");
  }

  /**
   * A row of exactly six interior pixels is one group; the pixels between groups come as runs, in order, one run
   * across a row end.
   */
  @Test
  void rowsAreCutIntoGroupsOfSixInteriorPixels() {
    assertEquals(List.of("others 0..0", "six 0,0", "others 6..6", "six 1,0", "others 12..12"),
        runs(Geometry.input(1, 3, 8, 1).kernel(2, 3, 1).spec()));  // out 2 × 6: one group per row
    // SAME, out 3 × 9: the first and last rows padded; the middle row's pixels 1..6 inside, its first and last not
    assertEquals(List.of("others 0..10", "six 1,1", "others 16..27"),
        runs(Geometry.input(1, 3, 9, 1).kernel(3, 3, 1).padding(Padding.SAME).spec()));
    // VALID, out 3 × 8: two pixels after each row's group, the next row's group right after them
    assertEquals(List.of("others 0..0", "six 0,0", "others 6..8", "six 1,0", "others 14..16", "six 2,0",
        "others 22..24"), runs(Geometry.input(1, 5, 10, 1).kernel(3, 3, 1).spec()));
    assertEquals(List.of("others 0..5"), runs(Geometry.input(1, 1, 5, 1).kernel(1, 1, 1).spec()), "five pixels");
  }

  @Test
  void runsContiguousChecksEveryGroup() {
    assertTrue(PixelGroups.runsContiguous(new int[] {0, 1, 2, 10, 11, 12}, 3));
    assertFalse(PixelGroups.runsContiguous(new int[] {0, 1, 2, 10, 11, 13}, 3), "the second group has a gap");
    assertFalse(PixelGroups.runsContiguous(new int[] {0, 1, 2, 3, 4}, 3), "not whole groups");
    assertTrue(PixelGroups.runsContiguous(new int[] {5, 6, 0, 1}, 2), "groups in any order");
  }

  private static List<String> runs(ConvSpec s) {
    List<String> runs = new ArrayList<>();
    PixelGroups.forEachInteriorSix(s, new PixelGroups.PixelRuns() {
      @Override
      public void others(int p0, int p1) {
        runs.add("others " + p0 + ".." + p1);
      }

      @Override
      public void six(int r, int c) {
        runs.add("six " + r + "," + c);
      }
    });
    return runs;
  }
}
