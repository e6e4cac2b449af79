package org.minicnn.training.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code --checkpoint-every} values and when a checkpoint is due. */
class CheckpointIntervalTest {

  @Test
  void epochsAreTheDefaultUnitAndStepsAreNamed() {
    assertEquals(new CheckpointInterval(5, false), CheckpointInterval.parse("5"));
    assertEquals(new CheckpointInterval(5, false), CheckpointInterval.parse(" 5epochs "));
    assertEquals(new CheckpointInterval(200, true), CheckpointInterval.parse("200steps"));
    assertEquals("200steps", CheckpointInterval.parse("200steps").toString());
    assertEquals("5epochs", CheckpointInterval.parse("5").toString());
  }

  @Test
  void anythingElseIsRefusedNamingTheForms() {
    for (String bad : new String[] {"0", "-1", "0steps", "steps", "5 steps", "5s", "1e3", "", "99999999999999999999"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CheckpointInterval.parse(bad));
      assertEquals("expected N (epochs), Nepochs or Nsteps with N >= 1, got '" + bad + "'", e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> CheckpointInterval.parse(null));
  }

  @Test
  void dueAtEpochZeroTheLastEpochAndEveryNth() {
    CheckpointInterval epochs = new CheckpointInterval(3, false);
    assertTrue(epochs.due(0, 0, true, 10));
    assertFalse(epochs.due(1, 4, true, 10));
    assertTrue(epochs.due(3, 12, true, 10));
    assertFalse(epochs.due(3, 13, false, 10));      // between two steps: never in epoch mode
    assertTrue(epochs.due(10, 40, true, 10));       // the last epoch, though 10 is no multiple of 3

    CheckpointInterval steps = new CheckpointInterval(6, true);
    assertTrue(steps.due(0, 0, true, 10));
    assertTrue(steps.due(1, 6, false, 10));         // inside epoch 2
    assertFalse(steps.due(1, 7, false, 10));
    assertTrue(steps.due(3, 12, true, 10));         // an epoch end that is also the 12th step
    assertFalse(steps.due(2, 8, true, 10));
    assertTrue(steps.due(10, 40, true, 10));
  }
}
