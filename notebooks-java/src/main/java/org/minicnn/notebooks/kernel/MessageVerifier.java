package org.minicnn.notebooks.kernel;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import java.lang.reflect.Type;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.KernelTimestamp;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.adapters.HeaderAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HistoryRequestAdapter;
import org.dflib.jjava.jupyter.messages.adapters.KernelTimestampAdapter;
import org.dflib.jjava.jupyter.messages.adapters.MessageTypeAdapter;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;

/**
 * Checks and decodes the frames of one request of the Jupyter wire protocol, as they came in on a ROUTER socket:
 *
 * <pre>
 *   identity… | "&lt;IDS|MSG&gt;" | signature | header | parent_header | metadata | content | buffer…
 * </pre>
 *
 * <p>The signature is the lower-case hex HMAC, under the connection file's key and scheme, of the four JSON frames
 * header to content; it is compared with {@link MessageDigest#isEqual} (constant time, so its bytes cannot be
 * guessed one at a time from how long a refusal takes). Only then is any JSON parsed. With an empty key (the
 * connection file asks for no authentication) the signature is not checked, as in jupyter_client.
 *
 * <p>A message is refused, with what was wrong, when: no delimiter is among its frames; fewer than the five frames
 * follow it; it is unsigned or wrongly signed; a JSON frame is not UTF-8 JSON, the header or content is not an
 * object or the header lacks one of {@code msg_id}, {@code session}, {@code username}, {@code msg_type} and
 * {@code version}. The library's own reader threw on the first of these in the channel's only thread, and never
 * read again; see {@link VerifyingShellChannel}.
 */
final class MessageVerifier {
  private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
  private static final List<String> HEADER_FIELDS = List.of("msg_id", "session", "username", "msg_type", "version");
  private static final Type JSON_OBJECT_AS_MAP = new TypeToken<Map<String, Object>>() {}.getType();

  /** Decodes requests as the library's {@code JupyterSocket} does, with the adapters of its request types. */
  private static final Gson GSON = new GsonBuilder()
      .registerTypeAdapter(KernelTimestamp.class, KernelTimestampAdapter.INSTANCE)
      .registerTypeAdapter(Header.class, HeaderAdapter.INSTANCE)
      .registerTypeAdapter(MessageType.class, MessageTypeAdapter.INSTANCE)
      .registerTypeAdapter(HistoryRequest.class, HistoryRequestAdapter.INSTANCE)
      .create();

  /** A message that is dropped; the message says why, without echoing what the sender wrote. */
  static final class RejectedMessage extends Exception {
    private static final long serialVersionUID = 1L;

    RejectedMessage(String reason) {
      super(reason, null, false, false);
    }
  }

  private final HMACGenerator signer;

  /** {@code signer}: the connection's, {@link HMACGenerator#NO_AUTH_INSTANCE} when its key is empty. */
  MessageVerifier(HMACGenerator signer) {
    this.signer = signer;
  }

  /** The request the frames hold, or a {@link RejectedMessage} saying why they are not one. */
  Message<?> decode(List<byte[]> frames) throws RejectedMessage {
    int delimiter = 0;
    while (delimiter < frames.size() && !Arrays.equals(DELIMITER, frames.get(delimiter))) {
      delimiter++;
    }
    if (delimiter == frames.size()) {
      throw new RejectedMessage("no <IDS|MSG> delimiter among its " + frames.size() + " frame(s)");
    }
    int parts = frames.size() - delimiter - 1;
    if (parts < 5) {
      throw new RejectedMessage("expected signature, header, parent_header, metadata and content after <IDS|MSG>, got "
          + parts + " frame(s)");
    }
    byte[] signature = frames.get(delimiter + 1);
    byte[] header = frames.get(delimiter + 2);
    byte[] parentHeader = frames.get(delimiter + 3);
    byte[] metadata = frames.get(delimiter + 4);
    byte[] content = frames.get(delimiter + 5);
    verifySignature(signature, header, parentHeader, metadata, content);

    JsonObject headerJson = object("header", header);
    for (String field : HEADER_FIELDS) {
      JsonElement value = headerJson.get(field);
      if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
        throw new RejectedMessage("the header has no string \"" + field + "\"");
      }
    }
    JsonObject parentJson = object("parent_header", parentHeader);
    JsonObject metadataJson = object("metadata", metadata);
    JsonObject contentJson = object("content", content);
    try {
      Header<?> decodedHeader = GSON.fromJson(headerJson, Header.class);
      Header<?> decodedParent = parentJson.isEmpty() ? null : GSON.fromJson(parentJson, Header.class);
      Map<String, Object> decodedMetadata = GSON.fromJson(metadataJson, JSON_OBJECT_AS_MAP);
      Object decodedContent = GSON.fromJson(contentJson, decodedHeader.getType().getContentType());
      List<byte[]> identities = List.copyOf(frames.subList(0, delimiter));
      List<byte[]> buffers = List.copyOf(frames.subList(delimiter + 6, frames.size()));
      @SuppressWarnings({"rawtypes", "unchecked"})
      Message<?> message = new Message(identities, decodedHeader, decodedParent, decodedMetadata, decodedContent,
          buffers);
      return message;
    } catch (RuntimeException wrongShape) {
      // Gson throws JsonParseException for a field of the wrong type, but the library's adapters read fields with
      // JsonElement's getters, which throw IllegalStateException, ClassCastException and others.
      throw new RejectedMessage("its JSON does not have the fields of a Jupyter request: "
          + wrongShape.getClass().getSimpleName());
    }
  }

  private void verifySignature(byte[] signature, byte[]... signed) throws RejectedMessage {
    if (signer == HMACGenerator.NO_AUTH_INSTANCE) {
      return;
    }
    if (signature.length == 0) {
      throw new RejectedMessage("unsigned (empty signature)");
    }
    byte[] expected = signer.calculateSignature(signed).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, signature)) {
      throw new RejectedMessage("wrong signature");
    }
  }

  private static JsonObject object(String frame, byte[] bytes) throws RejectedMessage {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException notUtf8) {
      throw new RejectedMessage("its " + frame + " is not UTF-8");
    }
    JsonElement json;
    try {
      json = JsonParser.parseString(text);
    } catch (JsonParseException notJson) {
      throw new RejectedMessage("its " + frame + " is not JSON");
    }
    if (!json.isJsonObject()) {
      throw new RejectedMessage("its " + frame + " is not a JSON object");
    }
    return json.getAsJsonObject();
  }
}
