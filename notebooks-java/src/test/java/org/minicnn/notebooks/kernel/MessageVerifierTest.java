package org.minicnn.notebooks.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.junit.jupiter.api.Test;

class MessageVerifierTest {
  private static final String KEY = "a0b1c2d3-secret";
  private static final String HEADER = "{\"msg_id\": \"m1\", \"username\": \"u\", \"session\": \"s\", "
      + "\"date\": \"2024-01-01T00:00:00.000000Z\", \"msg_type\": \"execute_request\", \"version\": \"5.3\"}";
  private static final String CONTENT = "{\"code\": \"1 + 1\", \"silent\": false}";

  private final MessageVerifier verifier;

  MessageVerifierTest() throws Exception {
    verifier = new MessageVerifier(new HMACGenerator("hmac-sha256", KEY));
  }

  /** HMAC-SHA256 in lower-case hex, computed here with the JDK rather than with the library's generator. */
  private static byte[] sign(String key, String... parts) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
    for (String part : parts) {
      mac.update(part.getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(mac.doFinal()).getBytes(StandardCharsets.US_ASCII);
  }

  private static List<byte[]> frames(byte[] signature, String header, String parent, String metadata, String content,
      byte[]... buffers) {
    List<byte[]> frames = new ArrayList<>(List.of(new byte[] {7, 0, -1}, "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII),
        signature));
    for (String json : List.of(header, parent, metadata, content)) {
      frames.add(json.getBytes(StandardCharsets.UTF_8));
    }
    frames.addAll(List.of(buffers));
    return frames;
  }

  private static List<byte[]> signed(String header, String content) throws Exception {
    return frames(sign(KEY, header, "{}", "{}", content), header, "{}", "{}", content);
  }

  private String refusal(List<byte[]> frames) {
    return assertThrows(MessageVerifier.RejectedMessage.class, () -> verifier.decode(frames)).getMessage();
  }

  @Test
  void aCorrectlySignedRequestIsDecodedWithItsIdentityAndBuffers() throws Exception {
    byte[] buffer = {1, 2, 3};
    Message<?> message = verifier.decode(frames(sign(KEY, HEADER, "{}", "{\"k\": 1}", CONTENT), HEADER, "{}",
        "{\"k\": 1}", CONTENT, buffer));
    assertEquals(1, message.getIdentities().size());
    assertArrayEquals(new byte[] {7, 0, -1}, message.getIdentities().get(0));
    assertEquals(MessageType.EXECUTE_REQUEST, message.getHeader().getType());
    assertEquals("m1", message.getHeader().getId());
    assertEquals("s", message.getHeader().getSessionId());
    assertFalse(message.hasParentHeader());
    assertEquals(1.0, message.getMetadata().get("k"));
    assertEquals("1 + 1", ((ExecuteRequest) message.getContent()).getCode());
    assertEquals(1, message.getBlobs().size());
    assertArrayEquals(buffer, message.getBlobs().get(0));
  }

  @Test
  void unsignedAndWronglySignedMessagesAreRefusedBeforeTheirJsonIsRead() throws Exception {
    assertEquals("unsigned (empty signature)", refusal(frames(new byte[0], HEADER, "{}", "{}", CONTENT)));
    assertEquals("wrong signature", refusal(frames(sign("another key", HEADER, "{}", "{}", CONTENT), HEADER, "{}", "{}",
        CONTENT)));
    byte[] flipped = sign(KEY, HEADER, "{}", "{}", CONTENT);
    flipped[flipped.length - 1] = (byte) (flipped[flipped.length - 1] == '0' ? '1' : '0');
    assertEquals("wrong signature", refusal(frames(flipped, HEADER, "{}", "{}", CONTENT)));
    byte[] upperCase = new String(sign(KEY, HEADER, "{}", "{}", CONTENT), StandardCharsets.US_ASCII).toUpperCase()
        .getBytes(StandardCharsets.US_ASCII);
    assertEquals("wrong signature", refusal(frames(upperCase, HEADER, "{}", "{}", CONTENT)));
    byte[] truncated = new String(sign(KEY, HEADER, "{}", "{}", CONTENT), StandardCharsets.US_ASCII).substring(1)
        .getBytes(StandardCharsets.US_ASCII);
    assertEquals("wrong signature", refusal(frames(truncated, HEADER, "{}", "{}", CONTENT)));
    // Signed over other content: the content was changed in transit.
    assertEquals("wrong signature", refusal(frames(sign(KEY, HEADER, "{}", "{}", CONTENT), HEADER, "{}", "{}",
        "{\"code\": \"System.exit(0)\"}")));
    // Not JSON, but the signature is checked first: the reason names the signature.
    assertEquals("wrong signature", refusal(frames(sign("another key", "{", "{}", "{}", "{}"), "{", "{}", "{}", "{}")));
  }

  @Test
  void messagesWithoutTheWireFormatsFramesAreRefused() {
    assertEquals("no <IDS|MSG> delimiter among its 2 frame(s)",
        refusal(List.of(new byte[] {1}, "garbage".getBytes(StandardCharsets.UTF_8))));
    assertEquals("expected signature, header, parent_header, metadata and content after <IDS|MSG>, got 4 frame(s)",
        refusal(frames(new byte[0], HEADER, "{}", "{}", CONTENT).subList(0, 6)));
  }

  @Test
  void signedMessagesThatAreNotJupyterRequestsAreRefused() throws Exception {
    assertEquals("its header is not JSON", refusal(signed("{\"msg_id\": ", CONTENT)));
    assertEquals("its header is not a JSON object", refusal(signed("[1, 2]", CONTENT)));
    assertEquals("its content is not a JSON object", refusal(signed(HEADER, "\"code\"")));
    assertEquals("the header has no string \"msg_type\"", refusal(signed(HEADER.replace("\"msg_type\"", "\"type\""),
        CONTENT)));
    assertEquals("the header has no string \"version\"", refusal(signed(HEADER.replace("\"5.3\"", "5.3"), CONTENT)));
    assertEquals("its JSON does not have the fields of a Jupyter request: JsonSyntaxException",
        refusal(signed(HEADER, "{\"code\": {\"not\": \"a string\"}}")));
    byte[] latin1 = "{\"msg_id\": \"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
    List<byte[]> notUtf8 = signed(HEADER, CONTENT);
    notUtf8.set(3, latin1);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
    for (byte[] part : notUtf8.subList(3, 7)) {
      mac.update(part);
    }
    notUtf8.set(2, HexFormat.of().formatHex(mac.doFinal()).getBytes(StandardCharsets.US_ASCII));
    assertEquals("its header is not UTF-8", refusal(notUtf8));
  }

  @Test
  void anUnknownMessageTypeDecodesAsTheLibrarysUnknownType() throws Exception {
    Message<?> message = verifier.decode(signed(HEADER.replace("execute_request", "no_such_request"), "{}"));
    assertEquals(MessageType.UNKNOWN, message.getHeader().getType());
  }

  @Test
  void withoutAKeyTheSignatureIsNotChecked() throws Exception {
    MessageVerifier open = new MessageVerifier(HMACGenerator.NO_AUTH_INSTANCE);
    Message<?> message = open.decode(frames("anything".getBytes(StandardCharsets.US_ASCII), HEADER, "{}", "{}", CONTENT));
    assertEquals("1 + 1", ((ExecuteRequest) message.getContent()).getCode());
    assertNull(message.getParentHeader());
  }
}
