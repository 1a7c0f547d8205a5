package dev.edge.agent.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;

/**
 * The signed envelope a job travels in: {@code {"v":1,"key":KEY_ID,"payload":B64URL,"sig":B64URL}}, where the
 * payload is the job document's exact JSON bytes and the signature is Ed25519 over those bytes. Signing bytes,
 * not parsed JSON, spares both sides a canonical form: what was signed is what is parsed.
 */
public final class SignedJobs {
  /** Larger messages are rejected before they are parsed. */
  public static final int MAX_BYTES = 64 * 1024;
  static final int VERSION = 1;

  private SignedJobs() {}

  /** The envelope around {@code document}, signed with {@code key}. */
  public static byte[] sign(JsonNode document, PrivateKey key, String keyId) {
    try {
      byte[] payload = Json.mapper().writeValueAsBytes(document);
      Signature s = Signature.getInstance(FleetKeys.ALGORITHM);
      s.initSign(key);
      s.update(payload);
      ObjectNode envelope = Json.mapper().createObjectNode();
      envelope.put("v", VERSION);
      envelope.put("key", keyId);
      envelope.put("payload", Base64.getUrlEncoder().withoutPadding().encodeToString(payload));
      envelope.put("sig", Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign()));
      return Json.mapper().writeValueAsBytes(envelope);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("signing a job document: " + e.getMessage(), e);
    }
  }

  /**
   * The document inside {@code message}, once its signature checks against the key it names.
   *
   * @param keys the fleet's public keys by {@link FleetKeys#keyId}
   * @throws JobRejectedException naming what is wrong: too large, not an envelope, unsigned, unknown key,
   *     bad signature, payload not a JSON object
   */
  public static ObjectNode open(byte[] message, Map<String, PublicKey> keys) throws JobRejectedException {
    return verify(message, keys).document();
  }

  /** A verified document and the id of the key that signed it. */
  public record Opened(String keyId, ObjectNode document) {}

  /** As {@link #open}, also naming the key (the replay window is per key). */
  public static Opened verify(byte[] message, Map<String, PublicKey> keys) throws JobRejectedException {
    if (message.length > MAX_BYTES) {
      throw new JobRejectedException("oversized: " + message.length + " bytes (the limit is " + MAX_BYTES + ")");
    }
    JsonNode envelope;
    try {
      envelope = Json.mapper().readTree(message);
    } catch (IOException e) {
      throw new JobRejectedException("malformed: not JSON (" + firstLine(e.getMessage()) + ")");
    }
    if (envelope == null || !envelope.isObject()) {
      throw new JobRejectedException("malformed: a job message is a JSON object");
    }
    if (!envelope.hasNonNull("sig") || !envelope.hasNonNull("payload")) {
      throw new JobRejectedException("unsigned: the message has no payload and sig (send jobs with"
          + " `edge fleet job send`)");
    }
    if (envelope.path("v").asInt(-1) != VERSION) {
      throw new JobRejectedException("malformed: envelope version " + envelope.path("v") + " (this gateway reads "
          + VERSION + ")");
    }
    String keyId = envelope.path("key").asText("");
    PublicKey key = keys.get(keyId);
    if (key == null) {
      throw new JobRejectedException("signed by an unknown key '" + keyId + "' (this gateway trusts "
          + String.join(", ", keys.keySet()) + ")");
    }
    byte[] payload;
    byte[] sig;
    try {
      payload = Base64.getUrlDecoder().decode(envelope.get("payload").asText());
      sig = Base64.getUrlDecoder().decode(envelope.get("sig").asText());
    } catch (IllegalArgumentException e) {
      throw new JobRejectedException("malformed: payload or sig is not base64url");
    }
    try {
      Signature s = Signature.getInstance(FleetKeys.ALGORITHM);
      s.initVerify(key);
      s.update(payload);
      if (!s.verify(sig)) {
        throw new JobRejectedException("bad signature: the document was not signed by key " + keyId);
      }
    } catch (GeneralSecurityException e) {
      throw new JobRejectedException("bad signature: " + e.getMessage());
    }
    try {
      JsonNode doc = Json.mapper().readTree(payload);
      if (doc == null || !doc.isObject()) {
        throw new JobRejectedException("malformed: the signed payload is not a JSON object");
      }
      return new Opened(keyId, (ObjectNode) doc);
    } catch (IOException e) {
      throw new JobRejectedException("malformed: the signed payload is not JSON (" + firstLine(e.getMessage())
          + ")");
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
