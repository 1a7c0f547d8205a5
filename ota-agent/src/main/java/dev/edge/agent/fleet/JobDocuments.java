package dev.edge.agent.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The fields every fleet job document carries besides its type's: {@code jobId}, {@code type}, {@code gateway}
 * (the one gateway it is for, so a document cannot be replayed to another), {@code issuedAt}, {@code expiresAt}
 * and {@code seq} (unique per fleet key; the gateway remembers each until it expires, so a replay is either
 * remembered or expired). The operator side {@link #complete}s a document; the gateway {@link #check}s it.
 */
public final class JobDocuments {
  /** How far ahead of the gateway's clock {@code issuedAt} may be. */
  public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
  /** The longest a document may be valid, which bounds what the replay window must remember. */
  public static final Duration MAX_LIFETIME = Duration.ofDays(7);
  public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

  private JobDocuments() {}

  /** What {@link #check} found: the fields the agent needs. */
  public record Header(String jobId, String type, Instant issuedAt, Instant expiresAt, long seq) {}

  /** Adds the envelope fields to {@code job} (which holds at least jobId and type) for {@code gateway}. */
  public static ObjectNode complete(ObjectNode job, String gateway, Instant now, Duration lifetime, long seq) {
    ObjectNode doc = job.deepCopy();
    doc.put("gateway", gateway);
    doc.put("issuedAt", now.toString());
    doc.put("expiresAt", now.plus(lifetime).toString());
    doc.put("seq", seq);
    return doc;
  }

  /**
   * Checks the common fields of a verified document for gateway {@code gateway} at {@code now}.
   *
   * @throws JobRejectedException naming the field and what is wrong with it, or that the document expired
   */
  public static Header check(JsonNode doc, String gateway, Instant now) throws JobRejectedException {
    String jobId = text(doc, "jobId");
    if (!FleetTopics.isJobId(jobId)) {
      throw new JobRejectedException("invalid: jobId '" + jobId + "': use 1-64 letters, digits, '.', '_' or '-'");
    }
    String type = text(doc, "type");
    String target = text(doc, "gateway");
    if (!target.equals(gateway)) {
      throw new JobRejectedException("invalid: the document is for gateway '" + target + "', this is '" + gateway
          + "'");
    }
    Instant issued = instant(doc, "issuedAt");
    Instant expires = instant(doc, "expiresAt");
    JsonNode seq = doc.get("seq");
    if (seq == null || !seq.isIntegralNumber() || !seq.canConvertToLong() || seq.asLong() <= 0) {
      throw new JobRejectedException("invalid: seq " + seq + " is not a positive integer");
    }
    if (!expires.isAfter(issued) || Duration.between(issued, expires).compareTo(MAX_LIFETIME) > 0) {
      throw new JobRejectedException("invalid: expiresAt must be after issuedAt and at most " + MAX_LIFETIME.toDays()
          + " days later");
    }
    if (issued.isAfter(now.plus(CLOCK_SKEW))) {
      throw new JobRejectedException("invalid: issuedAt " + issued + " is in the future (gateway time " + now + ")");
    }
    if (!now.isBefore(expires)) {
      throw new JobRejectedException("expired at " + expires + " (gateway time " + now + ")");
    }
    return new Header(jobId, type, issued, expires, seq.asLong());
  }

  private static String text(JsonNode doc, String field) throws JobRejectedException {
    JsonNode n = doc.get(field);
    if (n == null || !n.isTextual() || n.asText().isEmpty()) {
      throw new JobRejectedException("invalid: " + field + " is missing or not a string");
    }
    return n.asText();
  }

  private static Instant instant(JsonNode doc, String field) throws JobRejectedException {
    String t = text(doc, field);
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      throw new JobRejectedException("invalid: " + field + " '" + t + "' is not an ISO-8601 instant");
    }
  }
}
