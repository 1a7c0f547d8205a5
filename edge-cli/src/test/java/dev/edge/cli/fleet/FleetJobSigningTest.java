package dev.edge.cli.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edge.agent.fleet.FleetKeys;
import dev.edge.agent.fleet.JobDocuments;
import dev.edge.agent.fleet.JobRejectedException;
import dev.edge.agent.fleet.SignedJobs;
import dev.edge.cli.UserException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job file completed for a gateway and signed, as a gateway opens and checks it. */
class FleetJobSigningTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir Path dir;

  private SigningKey newKey(String prefix) throws Exception {
    FleetKeys.write(FleetKeys.generate(), dir.resolve(prefix));
    return SigningKey.load(dir.resolve(prefix + ".key"));
  }

  private static ObjectNode job(String json) {
    return JobFile.parse("job.json", json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theSignedDocumentOpensWithThePublicKeyAndPassesTheGatewaysChecks() throws Exception {
    SigningKey key = newKey("fleet");
    ObjectNode job = job("{\"jobId\":\"flash-42\",\"type\":\"firmware.flash\",\"board\":\"ttyusb0\"}");

    byte[] envelope = key.envelope(job, "gw-1", NOW, Duration.ofMinutes(30), 1234);

    ObjectNode doc = SignedJobs.open(envelope, Map.of(key.keyId(), FleetKeys.readPublic(dir.resolve("fleet.pub"))));
    assertEquals("flash-42", doc.get("jobId").asText());
    assertEquals("firmware.flash", doc.get("type").asText());
    assertEquals("ttyusb0", doc.get("board").asText());
    assertEquals("gw-1", doc.get("gateway").asText());
    assertEquals(NOW.toString(), doc.get("issuedAt").asText());
    assertEquals(NOW.plus(Duration.ofMinutes(30)).toString(), doc.get("expiresAt").asText());
    assertEquals(1234, doc.get("seq").asLong());
    JobDocuments.Header header = JobDocuments.check(doc, "gw-1", NOW.plusSeconds(60));
    assertEquals(1234, header.seq());
    assertTrue(job.get("gateway") == null, "the operator's document is left as it was");
  }

  @Test
  void anotherGatewayAndAnotherKeyRefuseIt() throws Exception {
    SigningKey key = newKey("fleet");
    SigningKey other = newKey("other");
    byte[] envelope = key.envelope(job("{\"jobId\":\"j1\",\"type\":\"noop\"}"), "gw-1", NOW, Duration.ofHours(1), 7);

    ObjectNode doc = SignedJobs.open(envelope, Map.of(key.keyId(), key.publicKey()));
    assertThrows(JobRejectedException.class, () -> JobDocuments.check(doc, "gw-2", NOW));
    assertThrows(JobRejectedException.class, () -> SignedJobs.open(envelope,
        Map.of(key.keyId(), other.publicKey())));
  }

  @Test
  void theKeyIsFoundByItsPrefixToo() throws Exception {
    SigningKey key = newKey("fleet");
    assertEquals(key.keyId(), SigningKey.load(dir.resolve("fleet")).keyId());
    assertEquals(dir.resolve("fleet.key"), SigningKey.load(dir.resolve("fleet")).file());
  }

  @Test
  void aMissingOrForeignPublicKeyIsNamed() throws Exception {
    newKey("fleet");
    newKey("other");
    Files.copy(dir.resolve("other.pub"), dir.resolve("fleet.pub"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    UserException foreign = assertThrows(UserException.class, () -> SigningKey.load(dir.resolve("fleet.key")));
    assertTrue(foreign.getMessage().contains("is not its public key"), foreign.getMessage());

    Files.delete(dir.resolve("fleet.pub"));
    UserException missing = assertThrows(UserException.class, () -> SigningKey.load(dir.resolve("fleet.key")));
    assertTrue(missing.getMessage().contains(dir.resolve("fleet.pub") + " is not beside it"), missing.getMessage());

    UserException none = assertThrows(UserException.class, () -> SigningKey.load(dir.resolve("nope.key")));
    assertTrue(none.getMessage().contains("no such file"), none.getMessage());
  }

  @Test
  void aDocumentTooLargeForGatewaysIsRefusedBeforeItIsSent() throws Exception {
    SigningKey key = newKey("fleet");
    String big = "x".repeat(SignedJobs.MAX_BYTES);
    UserException e = assertThrows(UserException.class, () -> key.envelope(
        job("{\"jobId\":\"j1\",\"type\":\"noop\",\"blob\":\"" + big + "\"}"), "gw-1", NOW, Duration.ofHours(1), 1));
    assertTrue(e.getMessage().contains("gateways refuse more than " + SignedJobs.MAX_BYTES), e.getMessage());
  }

  @Test
  void theJobFileNeedsAJobIdAndAType() {
    assertUsage("{\"type\":\"noop\"}", "no \"jobId\"");
    assertUsage("{\"jobId\":\"\",\"type\":\"noop\"}", "jobId \"\"");
    assertUsage("{\"jobId\":\"a/b\",\"type\":\"noop\"}", "jobId \"a/b\"");
    assertUsage("{\"jobId\":7,\"type\":\"noop\"}", "jobId 7");
    assertUsage("{\"jobId\":\"j1\"}", "no \"type\"");
    assertUsage("{\"jobId\":\"j1\",\"type\":\"noop\",\"seq\":3}", "\"seq\" is set by `edge fleet job send`");
    assertUsage("[1]", "a job is a JSON object");
    assertUsage("{\"jobId\":", "not JSON");
  }

  @Test
  void theJobCanComeFromStdin() {
    ObjectNode job = JobFile.read("-", new ByteArrayInputStream("{\"jobId\":\"j1\",\"type\":\"noop\"}".getBytes(
        StandardCharsets.UTF_8)));
    assertEquals("j1", job.get("jobId").asText());
    UserException e = assertThrows(UserException.class, () -> JobFile.read("-",
        new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8))));
    assertTrue(e.getMessage().startsWith("the job on stdin: no \"jobId\""), e.getMessage());
  }

  private static void assertUsage(String json, String expected) {
    UserException e = assertThrows(UserException.class, () -> job(json));
    assertEquals(SendCommand.EXIT_USAGE, e.exitCode());
    assertTrue(e.getMessage().startsWith("job.json: ") && e.getMessage().contains(expected), e.getMessage());
  }
}
