package org.minicnn.training.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.minicnn.training.experiments.Experiments;
import org.minicnn.training.experiments.Option;

/** The grid's runs, their names and configurations, and the shards. */
class SweepTest {

  private static final Sweep SWEEP = Sweep.of(Experiments.byName("classify-lines"), Map.of(Option.EPOCHS, "3"),
      List.of("lr=0.01,0.030", "seed=5..9", "filters=8,16,24"), Sweep.DEFAULT_MAX_RUNS);

  @Test
  void theRunsAreTheProductOfTheAxesFirstAxisSlowest() {
    List<SweepRun> runs = SWEEP.runs();
    assertEquals(30, runs.size());
    assertEquals(30, SWEEP.size());
    assertEquals("lr-0.01_seed-5_filters-8", runs.get(0).name());
    assertEquals("lr-0.01_seed-5_filters-16", runs.get(1).name());
    assertEquals("lr-0.01_seed-6_filters-8", runs.get(3).name());
    SweepRun last = runs.get(29);
    assertEquals("lr-0.03_seed-9_filters-24", last.name());
    assertEquals("runs/lr-0.03_seed-9_filters-24", last.relativeDir());
    assertEquals(29, last.index());
    assertEquals(0.03, last.config().lr());
    assertEquals(9, last.config().seed());
    assertEquals(24, last.config().filters());
    assertEquals(3, last.config().epochs(), "the fixed option");
    assertEquals("./minicnn sweep classify-lines --epochs 3 --grid lr=0.01,0.03 --grid seed=5..9 --grid filters=8,16,24",
        SWEEP.commandLine());
  }

  @Test
  void everyRunIsInExactlyOneShardAndShardsDifferByAtMostOne() {
    for (int n = 1; n <= 13; n++) {
      List<String> all = new ArrayList<>();
      int smallest = Integer.MAX_VALUE;
      int largest = 0;
      for (int k = 0; k < n; k++) {
        List<SweepRun> shard = SWEEP.shard(k, n);
        shard.forEach(r -> all.add(r.name()));
        smallest = Math.min(smallest, shard.size());
        largest = Math.max(largest, shard.size());
      }
      assertEquals(SWEEP.runs().stream().map(SweepRun::name).sorted().toList(), all.stream().sorted().toList(),
          "n = " + n);
      assertTrue(largest - smallest <= 1, "n = " + n + ": " + smallest + ".." + largest);
    }
  }

  @Test
  void theManifestRecordsTheSweepAndItsDifferencesAreNamed() {
    Map<String, String> manifest = SWEEP.manifest();
    assertEquals("classify-lines", manifest.get("experiment"));
    assertEquals("lr,seed,filters", manifest.get("grid"));
    assertEquals("5,6,7,8,9", manifest.get("grid.seed"));
    assertEquals("3", manifest.get("option.epochs"));
    assertEquals(List.of(), SWEEP.differences(manifest));
    Sweep other = Sweep.of(Experiments.byName("classify-lines"), Map.of(), List.of("lr=0.01,0.03", "seed=5..30",
        "filters=8,16,24"), Sweep.DEFAULT_MAX_RUNS);
    assertEquals(List.of("grid seed: 5,6,7,8,9 there, 5,6,7,8,… (26 values),30 here", "option epochs: 3 there, 10 here"),
        other.differences(manifest));
  }

  @Test
  void valuesHoldingCommasAreSeparatedByBarsAndLongOnesGetShortDistinctNames() {
    Axis data = Axis.parse("data=lines|clean-lines", SWEEP.base());
    assertEquals(List.of("lines", "clean-lines"), data.values());
    assertEquals("lines,clean-lines", data.joined());
    Axis commas = new Axis(Option.DATA, List.of("a,b", "c"));
    assertEquals("a,b|c", commas.joined());
    assertEquals("a_b", Axis.inName("a,b"));
    String model = "conv2d(16,3x3,same) relu globalmaxpool2d dense(2) with a long tail";
    String name = Axis.inName(model);
    assertEquals("conv2d_16_3x3_same__relu_globalmaxpool2d~" + Integer.toHexString(model.hashCode()), name);
    assertTrue(!name.equals(Axis.inName(model + "!")), "a hash keeps cut names apart");
  }
}
