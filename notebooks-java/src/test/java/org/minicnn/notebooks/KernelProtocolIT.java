package org.minicnn.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Talks to the built kernel as Jupyter does, with Debian's jupyter_client and pyzmq
 * ({@code src/test/python/kernel_client.py}), and asserts what came back and what the kernel logged.
 */
class KernelProtocolIT {
  private static final Duration LIMIT = Duration.ofSeconds(180);

  @TempDir
  static Path jupyterHome;
  private static NotebookRunner runner;

  @BeforeAll
  static void installKernel() throws IOException {
    runner = new NotebookRunner(jupyterHome);
  }

  private static JsonObject talk(String scenario) throws Exception {
    NotebookRunner.Conversation conversation = runner.converse(scenario, LIMIT);
    String transcript = "client output:\n" + conversation.output() + "\nkernel log:\n" + conversation.kernelLog();
    assertFalse(conversation.timedOut(), () -> scenario + " did not finish within " + LIMIT.toSeconds() + " s\n"
        + transcript);
    assertEquals(0, conversation.exitCode(), transcript);
    assertNotNull(conversation.observations(), transcript);
    assertFalse(conversation.kernelLog().contains("Exception in thread"), transcript);
    JsonObject observations = conversation.observations();
    observations.addProperty("kernel log", conversation.kernelLog());
    return observations;
  }

  /**
   * Malformed, unsigned and wrongly signed messages on the shell and control ports are dropped, each with a line
   * in the kernel's log saying why; none is answered or run; then a signed request is served as usual, and the
   * kernel ends on a shutdown request.
   */
  @Test
  void hostileMessagesAreDroppedAndLoggedAndTheKernelKeepsServing() throws Exception {
    JsonObject seen = talk("hostile");
    String log = seen.get("kernel log").getAsString();
    for (String channel : List.of("shell", "control")) {
      String dropped = "minicnn kernel: dropped a message on the " + channel + " channel: ";
      for (String reason : List.of(
          "no <IDS|MSG> delimiter among its 2 frame(s)",
          "expected signature, header, parent_header, metadata and content after <IDS|MSG>, got 0 frame(s)",
          "expected signature, header, parent_header, metadata and content after <IDS|MSG>, got 2 frame(s)",
          "unsigned (empty signature)",
          "wrong signature",
          "the header has no string \"session\"",
          "its content is not a JSON object",
          "its header is not JSON")) {
        assertTrue(log.lines().anyMatch((dropped + reason)::equals), () -> "no log line \"" + dropped + reason
            + "\" in\n" + log);
      }
      String ignored = "minicnn kernel: ignored a message on the " + channel
          + " channel: no handler for its msg_type (none)";
      assertTrue(log.lines().anyMatch(ignored::equals), () -> "no log line \"" + ignored + "\" in\n" + log);
    }
    assertEquals(18, seen.getAsJsonArray("sent").size(), seen.toString());
    assertEquals(0, seen.getAsJsonArray("answers_to_intruders").size(), seen.toString());
    assertEquals(0, seen.getAsJsonArray("streams_before_signed_cell").size(), seen.toString());
    assertTrue(seen.get("heartbeat").getAsBoolean(), seen.toString());
    assertEquals("Java", seen.get("kernel_info").getAsString(), seen.toString());
    JsonObject cell = seen.getAsJsonObject("signed_cell");
    assertEquals("ok", cell.get("status").getAsString(), seen.toString());
    assertEquals(JsonParser.parseString("[{\"type\": \"stream\", \"text\": \"signed code ran\\n\"},"
        + " {\"type\": \"result\", \"text\": \"42\"}]"), cell.getAsJsonArray("outputs"));
    assertTrue(seen.get("exited_after_shutdown_request").getAsBoolean(), seen.toString());
  }

  /**
   * Jupyter's interrupt (interrupt_request on the control channel, as the kernelspec's interrupt_mode says) ends
   * a cell that loops, sleeps, swallows interrupts, or blocks in native code, each within a few seconds and with
   * an error that says so; the cells after it run, with the variables defined before it.
   */
  @Test
  void anInterruptEndsTheRunningCellAndKeepsTheKernelsState() throws Exception {
    JsonObject seen = talk("interrupt");
    assertEquals(JsonParser.parseString("[{\"type\": \"result\", \"text\": \"42\"}]"),
        seen.getAsJsonObject("before").getAsJsonArray("outputs"), seen.toString());
    // How long each took to end after the interrupt, at most: the loop and the stubborn sleep need Thread.stop
    // after a second; the native accept() is left running after two.
    Map<String, Double> limits = Map.of("loop", 5.0, "sleep", 3.0, "stubborn", 5.0, "accept", 6.0);
    Map<String, String> messages = Map.of(
        "loop", "Interrupted: stopped while running: for (long i = 0; i < 50_000_000_000L; i++) { sum += i % 7; } \u2026",
        "sleep", "Interrupted: stopped while running: Thread.sleep(600_000); \u2026",
        "stubborn", "Interrupted: stopped while running: while (true) { \u2026",
        "accept", "Interrupted, but the code did not stop: it is blocked outside Java code (in a socket's accept or "
            + "read, for example), where no interrupt reaches it. Its thread minicnn-cell-");
    for (String cell : List.of("loop", "sleep", "stubborn", "accept")) {
      JsonObject interrupted = seen.getAsJsonObject(cell);
      String what = cell + ": " + interrupted;
      assertTrue(interrupted.get("started").getAsBoolean(), what);
      assertEquals("error", interrupted.get("status").getAsString(), what);
      assertEquals("CellFailure", interrupted.get("ename").getAsString(), what);
      assertTrue(interrupted.get("evalue").getAsString().startsWith(messages.get(cell)), what);
      assertTrue(interrupted.get("seconds_after_interrupt").getAsDouble() <= limits.get(cell), what);
      // Nothing after the interrupted snippet ran.
      assertFalse(interrupted.toString().contains("finished") || interrupted.toString().contains("returned"), what);
      if (!cell.equals("loop")) {
        // The loop was interrupted through jupyter_client's KernelManager, which does not read the reply.
        assertEquals("interrupt_reply", interrupted.get("interrupt_reply").getAsString(), what);
      }
    }
    assertTrue(seen.getAsJsonObject("accept").get("evalue").getAsString()
        .endsWith(" is left running in the background; what it prints later may appear under other cells. Restart the "
            + "kernel to end it. The code was: new java.net.ServerSocket(0).accept();"), seen.toString());
    JsonObject after = seen.getAsJsonObject("after");
    assertEquals("ok", after.get("status").getAsString(), seen.toString());
    assertEquals(JsonParser.parseString("[{\"type\": \"stream\", \"text\": \"next cell runs; sum is defined: true\\n\"},"
        + " {\"type\": \"result\", \"text\": \"43\"}]"), after.getAsJsonArray("outputs"), seen.toString());
    // An interrupt while no cell runs stops nothing, now or later.
    assertEquals("ok", seen.getAsJsonObject("idle_interrupt").get("status").getAsString(), seen.toString());
    assertEquals(JsonParser.parseString("[{\"type\": \"result\", \"text\": \"44\"}]"),
        seen.getAsJsonObject("after_idle_interrupt").getAsJsonArray("outputs"), seen.toString());
    assertTrue(seen.get("exited_after_shutdown_request").getAsBoolean(), seen.toString());
  }
}
