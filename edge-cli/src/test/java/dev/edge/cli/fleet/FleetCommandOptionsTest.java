package dev.edge.cli.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.agent.fleet.FleetKeys;
import dev.edge.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.TypeConversionException;

/** What {@code edge fleet} refuses before it connects anywhere, and {@code keygen}. */
class FleetCommandOptionsTest {
  /** Nothing listens there; every case here fails before connecting. */
  private static final String BROKER = "mqtt://127.0.0.1:1";

  @TempDir Path dir;
  private String key;
  private String job;

  @BeforeEach
  void keyAndJob() throws Exception {
    FleetKeys.write(FleetKeys.generate(), dir.resolve("fleet"));
    key = dir.resolve("fleet.key").toString();
    job = Files.writeString(dir.resolve("job.json"), "{\"jobId\":\"j1\",\"type\":\"noop\"}").toString();
  }

  private static CliRun send(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "fleet";
    all[1] = "job";
    all[2] = "send";
    System.arraycopy(args, 0, all, 3, args.length);
    return CliRun.of(all);
  }

  @Test
  void aGatewayOrAllIsRequired() {
    CliRun r = send("--broker", BROKER, "--key", key, job);
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("Missing required argument") && r.err().contains("--gateway=ID")
        && r.err().contains("--all"), r.err());
  }

  @Test
  void aGatewayAndAllTogetherAreRefused() {
    CliRun r = send("--broker", BROKER, "--key", key, "--gateway", "gw-1", "--all", job);
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("mutually exclusive"), r.err());
  }

  @Test
  void aBrokerThatIsNotMqttIsNamed() {
    CliRun r = send("--broker", "http://broker:1883", "--key", key, "--gateway", "gw-1", job);
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("--broker http://broker:1883: use mqtt://HOST:PORT or mqtts://HOST:PORT"), r.err());
    CliRun noHost = send("--broker", "mqtt://", "--key", key, "--gateway", "gw-1", job);
    assertEquals(2, noHost.exit());
    assertTrue(noHost.err().contains("--broker mqtt://"), noHost.err());
  }

  @Test
  void tlsFilesNeedAnMqttsBroker() {
    CliRun r = send("--broker", BROKER, "--mqtt-ca", job, "--key", key, "--gateway", "gw-1", job);
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("are for mqtts:// brokers"), r.err());
    CliRun missing = send("--broker", "mqtts://broker", "--mqtt-ca", dir.resolve("ca.pem").toString(), "--key", key,
        "--gateway", "gw-1", job);
    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains("--mqtt-ca " + dir.resolve("ca.pem") + ": no such file"), missing.err());
  }

  @Test
  void aJobWithoutJobIdIsRefusedNamingTheField() throws Exception {
    Path noId = Files.writeString(dir.resolve("noid.json"), "{\"type\":\"noop\"}");
    CliRun r = send("--broker", BROKER, "--key", key, "--gateway", "gw-1", noId.toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().startsWith(noId + ": no \"jobId\""), r.err());
  }

  @Test
  void aMissingJobFileOrKeyIsNamed() {
    CliRun r = send("--broker", BROKER, "--key", key, "--gateway", "gw-1", dir.resolve("nope.json").toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("nope.json: no such file"), r.err());
    CliRun k = send("--broker", BROKER, "--key", dir.resolve("nope.key").toString(), "--gateway", "gw-1", job);
    assertEquals(2, k.exit());
    assertTrue(k.err().contains("nope.key: no such file"), k.err());
  }

  @Test
  void timeoutNeedsWaitAndTtlIsBounded() {
    CliRun t = send("--broker", BROKER, "--key", key, "--gateway", "gw-1", "--timeout", "5s", job);
    assertEquals(2, t.exit());
    assertTrue(t.err().contains("--timeout is how long --wait waits"), t.err());
    CliRun longTtl = send("--broker", BROKER, "--key", key, "--gateway", "gw-1", "--ttl", "8d", job);
    assertEquals(2, longTtl.exit());
    assertTrue(longTtl.err().contains("--ttl 8d: gateways refuse jobs valid for longer than 7d"), longTtl.err());
    CliRun badTtl = send("--broker", BROKER, "--key", key, "--gateway", "gw-1", "--ttl", "soon", job);
    assertEquals(2, badTtl.exit());
    assertTrue(badTtl.err().contains("'soon' is not a duration"), badTtl.err());
  }

  @Test
  void anEmptyGatewayIdIsRefused() {
    CliRun r = send("--broker", BROKER, "--key", key, "--gateway", " ", job);
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("--gateway ' ': empty"), r.err());
  }

  @Test
  void lsNeedsABroker() {
    CliRun r = CliRun.of("fleet", "ls");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("--broker"), r.err());
  }

  @Test
  void durationsReadAsTheDockerCliWritesThem() {
    assertEquals(Duration.ofSeconds(90), DurationConverter.parse("90s"));
    assertEquals(Duration.ofMinutes(90), DurationConverter.parse("1h30m"));
    assertEquals(Duration.ofDays(2), DurationConverter.parse("2d"));
    assertEquals(Duration.ofMillis(1500), DurationConverter.parse("1500ms"));
    assertEquals(Duration.ofMinutes(5), DurationConverter.parse("PT5M"));
    assertThrows(TypeConversionException.class, () -> DurationConverter.parse("0s"));
    assertEquals("1h30m", DurationConverter.format(Duration.ofMinutes(90)));
    assertEquals("1500ms", DurationConverter.format(Duration.ofMillis(1500)));
  }

  @Test
  void keygenWritesAPrivateKeyOnlyItsOwnerReadsAndPrintsItsId() throws Exception {
    Path prefix = dir.resolve("ops");
    CliRun r = CliRun.of("fleet", "keygen", "--out", prefix.toString());
    assertEquals(0, r.exit(), r.err());
    Path priv = dir.resolve("ops.key");
    Path pub = dir.resolve("ops.pub");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)));
    String id = FleetKeys.keyId(FleetKeys.readPublic(pub));
    assertTrue(r.out().contains("key id:      " + id + "\n"), r.out());
    assertTrue(r.out().contains(priv.toString()) && r.out().contains(pub.toString()), r.out());
    assertTrue(Pattern.compile("[0-9a-f]{16}").matcher(id).matches());
  }

  @Test
  void keygenNeverReplacesAKey() throws Exception {
    byte[] before = Files.readAllBytes(dir.resolve("fleet.key"));
    CliRun r = CliRun.of("fleet", "keygen", "--out", dir.resolve("fleet").toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains(dir.resolve("fleet.key") + " exists"), r.err());
    assertEquals(new String(before), Files.readString(dir.resolve("fleet.key")));

    Files.delete(dir.resolve("fleet.key"));
    CliRun pubOnly = CliRun.of("fleet", "keygen", "--out", dir.resolve("fleet").toString());
    assertEquals(1, pubOnly.exit());
    assertTrue(pubOnly.err().contains(dir.resolve("fleet.pub") + " exists"), pubOnly.err());
    assertFalse(Files.exists(dir.resolve("fleet.key")));
  }

  @Test
  void keygenNamesAMissingDirectory() {
    CliRun r = CliRun.of("fleet", "keygen", "--out", dir.resolve("no/such/ops").toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains(dir.resolve("no/such") + ": no such directory"), r.err());
  }
}
