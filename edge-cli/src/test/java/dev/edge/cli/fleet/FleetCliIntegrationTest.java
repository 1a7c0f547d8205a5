package dev.edge.cli.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edge.agent.fleet.FleetKeys;
import dev.edge.agent.mqtt.MosquittoBroker;
import dev.edge.cli.CliRun;
import dev.edge.runtime.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edge fleet job send} and {@code edge fleet ls}, run in this JVM as Main runs them, against Debian's
 * mosquitto and fake gateways that open, check and answer the signed jobs.
 */
class FleetCliIntegrationTest {
  @TempDir Path dir;
  private MosquittoBroker broker;
  private String key;
  private Map<String, PublicKey> trusted;
  private final List<FakeGateway> gateways = new ArrayList<>();

  @BeforeEach
  void brokerAndKey() throws Exception {
    broker = MosquittoBroker.startOpen(dir.resolve("broker"));
    CliRun keygen = CliRun.of("fleet", "keygen", "--out", dir.resolve("fleet").toString());
    assertEquals(0, keygen.exit(), keygen.err());
    key = dir.resolve("fleet.key").toString();
    PublicKey pub = FleetKeys.readPublic(dir.resolve("fleet.pub"));
    trusted = Map.of(FleetKeys.keyId(pub), pub);
  }

  @AfterEach
  void stop() throws Exception {
    for (FakeGateway g : gateways) {
      g.close();
    }
    broker.close();
  }

  private FakeGateway gateway(String id, boolean failAll) throws Exception {
    FakeGateway g = FakeGateway.start(broker.url(), id, dir.resolve("gw").resolve(id), trusted, failAll);
    gateways.add(g);
    return g;
  }

  private String job(String jobId, String type) throws Exception {
    return Files.writeString(dir.resolve(jobId + ".json"), "{\"jobId\":\"" + jobId + "\",\"type\":\"" + type
        + "\",\"board\":\"ttyusb0\"}").toString();
  }

  private CliRun send(String... args) {
    List<String> all = new ArrayList<>(List.of("fleet", "job", "send", "--broker", broker.url(), "--key", key));
    all.addAll(List.of(args));
    return CliRun.of(all.toArray(String[]::new));
  }

  @Test
  void resultPrintsWhatTheJobReturned() throws Exception {
    gateway("gw-r", false);

    CliRun r = send("--gateway", "gw-r", "--wait", "--result", "--timeout", "20s", job("status-1",
        "gateway.status"));

    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().endsWith("SUCCEEDED 100%\n{\n    \"echo\": \"status-1\"\n}\n"), r.out());
    CliRun noWait = send("--gateway", "gw-r", "--result", job("status-2", "gateway.status"));
    assertEquals(2, noWait.exit());
    assertTrue(noWait.err().contains("--result prints what --wait waits for"), noWait.err());
  }

  @Test
  void waitPrintsEachTransitionAndExitsZeroWhenTheJobSucceeds() throws Exception {
    FakeGateway gw = gateway("gw-t", false);

    CliRun r = send("--gateway", "gw-t", "--wait", "--timeout", "20s", job("flash-1", "firmware.flash"));

    assertEquals(0, r.exit(), r.err());
    assertEquals("QUEUED\nIN_PROGRESS run 50% halfway\nSUCCEEDED 100%\n", r.out());
    assertEquals("", r.err());
    assertEquals(1, gw.jobs().size());
    ObjectNode doc = gw.jobs().get(0);
    assertEquals("gw-t", doc.get("gateway").asText());
    assertEquals("ttyusb0", doc.get("board").asText());
    assertTrue(doc.get("seq").asLong() > 0);
  }

  @Test
  void waitExitsOneAndSaysWhyWhenTheJobFails() throws Exception {
    gateway("gw-t", false);

    CliRun r = send("--gateway", "gw-t", "--wait", job("bad-1", "fail"));

    assertEquals(1, r.exit(), r.err());
    assertEquals("QUEUED\nIN_PROGRESS run 50% halfway\nFAILED run\n", r.out());
    assertEquals("job bad-1 on gw-t: FAILED: " + FakeGateway.FAIL_ERROR + "\n", r.err());
  }

  @Test
  void withoutWaitItPrintsTheJobIdOnceTheBrokerHasIt() throws Exception {
    FakeGateway gw = gateway("gw-t", false);

    CliRun r = send("--gateway", "gw-t", job("quick-1", "noop"));

    assertEquals(0, r.exit(), r.err());
    assertEquals("quick-1\n", r.out());
    awaitJobs(gw, 1);
  }

  @Test
  void sendingAJobIdAgainGetsItsOutcomeAgainUnderANewSeq() throws Exception {
    FakeGateway gw = gateway("gw-t", false);
    String file = job("again-1", "noop");

    assertEquals(0, send("--gateway", "gw-t", "--wait", file).exit());
    CliRun again = send("--gateway", "gw-t", "--wait", file);

    assertEquals(0, again.exit(), again.err());
    assertEquals("SUCCEEDED 100%\n", again.out(), "the gateway ran it once and reports its end again");
    assertEquals(1, gw.jobs().size());
    long seq = gw.jobs().get(0).get("seq").asLong();
    long next = Long.parseLong(Files.readString(Path.of(key + ".seq")).trim());
    assertTrue(next > seq, "the second document had its own, larger seq: " + next + " after " + seq);
  }

  @Test
  void aGatewayThatNeverAnswersIsATimeoutWithItsOwnExitCode() throws Exception {
    CliRun r = send("--gateway", "gw-gone", "--wait", "--timeout", "1s", job("lost-1", "noop"));

    assertEquals(SendCommand.EXIT_TIMEOUT, r.exit(), r.err());
    assertEquals("", r.out());
    assertEquals("warning: gateway gw-gone has never connected to " + broker.url() + " (no retained state): the"
        + " job waits only if it has a session there; check the gateway id\n"
        + "job lost-1 on gw-gone: no final state within 1s (no status at all: is the gateway online?)\n",
        r.err());
  }

  @Test
  void severalNamedGatewaysAreSummarisedAndOneThatNeverAnswersIsATimeout() throws Exception {
    gateway("gw-a", false);

    CliRun r = send("--gateway", "gw-a", "--gateway", "gw-gone", "--wait", "--timeout", "2s", job("two-1", "noop"));

    assertEquals(SendCommand.EXIT_TIMEOUT, r.exit(), r.out() + r.err());
    assertTrue(r.out().endsWith(""
        + "GATEWAY   STATE       ERROR\n"
        + "gw-a      SUCCEEDED   -\n"
        + "gw-gone   -           no final state within 2s\n"), r.out());
    assertTrue(r.err().endsWith("job two-1: 1 of 2 gateways reported no final state within 2s\n"), r.err());
  }

  @Test
  void allSendsEachOnlineGatewayItsOwnSignedDocumentAndSummarises() throws Exception {
    FakeGateway a = gateway("gw-a", false);
    FakeGateway b = gateway("gw-b", false);

    CliRun r = send("--all", "--wait", "--timeout", "20s", job("all-1", "noop"));

    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("gw-a QUEUED\n") && r.out().contains("gw-b SUCCEEDED 100%\n"), r.out());
    assertTrue(r.out().endsWith(""
        + "GATEWAY   STATE       ERROR\n"
        + "gw-a      SUCCEEDED   -\n"
        + "gw-b      SUCCEEDED   -\n"), r.out());
    assertEquals("sent job all-1 to 2 gateways: gw-a, gw-b\n", r.err());
    JsonNode docA = a.jobs().get(0);
    JsonNode docB = b.jobs().get(0);
    assertEquals("gw-a", docA.get("gateway").asText());
    assertEquals("gw-b", docB.get("gateway").asText());
    assertNotEquals(docA.get("seq").asLong(), docB.get("seq").asLong());
  }

  @Test
  void allExitsOneWhenAnyGatewayFails() throws Exception {
    gateway("gw-a", false);
    gateway("gw-b", true);

    CliRun r = send("--all", "--wait", job("all-2", "noop"));

    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(r.out().endsWith(""
        + "GATEWAY   STATE       ERROR\n"
        + "gw-a      SUCCEEDED   -\n"
        + "gw-b      FAILED      " + FakeGateway.FAIL_ERROR + "\n"), r.out());
    assertTrue(r.err().endsWith("job all-2 did not succeed on 1 of 2 gateways\n"), r.err());
  }

  @Test
  void allWithNoGatewaysSaysSo() throws Exception {
    CliRun r = send("--all", job("none-1", "noop"));

    assertEquals(1, r.exit());
    assertEquals("no gateways on " + broker.url() + ": nothing is retained on edge/v1/+/state\n", r.err());
  }

  @Test
  void lsListsTheGatewaysWithTheirBoards() throws Exception {
    FakeGateway a = gateway("gw-a", false);
    a.attach("ttyUSB0");
    a.attach("ttyUSB1");
    a.detach("ttyUSB1");
    FakeGateway b = gateway("gw-b", false);
    b.attach("ttyACM0");

    CliRun r = CliRun.of("fleet", "ls", "--broker", broker.url());

    assertEquals(0, r.exit(), r.err());
    String[] lines = r.out().split("\n");
    assertEquals(3, lines.length, r.out());
    assertTrue(lines[0].matches("GATEWAY +STATE +BOARDS +VERSION +UPTIME +LAST-SEEN"), lines[0]);
    assertTrue(lines[1].matches("gw-a +online +ttyusb0 +0\\.1\\.0 +2 hours +.*"), lines[1]);
    assertTrue(lines[2].matches("gw-b +online +ttyacm0 +0\\.1\\.0 +2 hours +.*"), lines[2]);

    CliRun json = CliRun.of("fleet", "ls", "--broker", broker.url(), "--format", "json");
    assertEquals(0, json.exit(), json.err());
    JsonNode first = Json.mapper().readTree(json.out().split("\n")[0]);
    assertEquals("gw-a", first.get("Gateway").asText());
    assertEquals("online", first.get("State").asText());
    assertEquals("ESP8266EX", first.path("Boards").path("ttyusb0").path("chip").asText());
    assertEquals(1, first.path("Boards").size());
  }

  @Test
  void allSendsToAnOfflineGatewayTooAndSaysItWaitsAtTheBroker() throws Exception {
    FakeGateway a = gateway("gw-a", false);
    FakeGateway b = gateway("gw-b", false);
    b.goOffline();
    gateways.remove(b);

    CliRun r = send("--all", job("all-3", "noop"));

    assertEquals(0, r.exit(), r.err());
    assertEquals("all-3\n", r.out());
    assertTrue(r.err().startsWith("warning: gw-b is offline; its job waits at the broker until it connects again"),
        r.err());
    awaitJobs(a, 1);
    CliRun ls = CliRun.of("fleet", "ls", "--broker", broker.url(), "--format", "{{.Gateway}} {{.State}}");
    assertEquals("gw-a online\ngw-b offline\n", ls.out(), ls.err());
  }

  private static void awaitJobs(FakeGateway gw, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (gw.jobs().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(count, gw.jobs().size());
  }
}
