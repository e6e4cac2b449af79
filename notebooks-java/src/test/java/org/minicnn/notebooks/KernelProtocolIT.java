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
}
