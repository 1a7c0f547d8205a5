package dev.edge.agent.firmware;

import static dev.edge.agent.jobs.JobsForTests.awaitDone;
import static dev.edge.agent.jobs.JobsForTests.doc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.agent.artifacts.ArtifactDownloader;
import dev.edge.agent.artifacts.ArtifactServer;
import dev.edge.agent.boards.BoardFlashing;
import dev.edge.agent.jobs.Job;
import dev.edge.agent.jobs.JobEngine;
import dev.edge.agent.jobs.JobState;
import dev.edge.hal.board.BoardDiscovery;
import dev.edge.hal.gpio.GpioException;
import dev.edge.hal.serial.PosixSerialPort;
import dev.edge.hal.sim.Esp8266Simulator;
import dev.edge.hal.sim.SimulatorConfig;
import dev.edge.hal.sim.Timing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ota and firmware.flash's artifact form: served from a loopback HTTP server, flashed to the board simulator. */
class ArtifactFlashJobTest {
  @TempDir Path dir;
  private Esp8266Simulator sim;
  private Path link;
  private ArtifactServer server;
  private JobEngine engine;
  private final AtomicInteger opened = new AtomicInteger();
  private final byte[] artifact = new byte[40_000];
  private String sha;

  @BeforeEach
  void start() throws Exception {
    link = dir.resolve("ttySIM0");
    sim = Esp8266Simulator.onPty(SimulatorConfig.defaults().withTiming(Timing.FAST).withSeed(1), link, m -> { });
    new Random(5).nextBytes(artifact);
    sha = Hashes.sha256(artifact);
    server = new ArtifactServer().file("/app.bin", artifact);
    BoardFlashing flashing = new BoardFlashing(BoardDiscovery.system(), (path, baud) -> {
      opened.incrementAndGet();
      return PosixSerialPort.open(path, baud);
    }, () -> {
      throw new GpioException("no GPIO in this test");
    });
    ArtifactFlashJob ota = new ArtifactFlashJob(flashing, new ArtifactDownloader(), dir.resolve("downloads"));
    FirmwareJobs firmware = new FirmwareJobs(new FirmwareBuilder(new FirmwareBuilderTest.FakeResolver(),
        new FirmwareBuilderTest.FakeRunner()), new FirmwareFlasher(flashing));
    engine = new JobEngine(dir.resolve("jobs")).register(ota);
    firmware.handlers(new FirmwareJobs.Artifacts(ota, new ProjectTarballs(new ArtifactDownloader(),
        dir.resolve("projects"), dir.resolve("downloads")))).forEach(engine::register);
  }

  @AfterEach
  void stop() throws Exception {
    engine.close();
    server.close();
    sim.close();
  }

  private String fields(String type, String id, String sha256, String address) {
    return "{'type':'" + type + "','id':'" + id + "','url':'" + server.url("/app.bin") + "','sha256':'" + sha256
        + "','size':" + artifact.length + ",'board':'" + link + "'" + (address == null ? "" : ",'address':"
        + address) + ",'jobId':'ignored','issuedAt':'2024-01-01T00:00:00Z','gateway':'gw1'}";
  }

  @Test
  void otaWritesTheArtifactAtItsAddressAndReportsWhatItWrote() throws Exception {
    Job job = awaitDone(engine.submit(doc(fields("ota", "ota-1", sha, "'0x10000'"))));
    assertEquals(JobState.SUCCEEDED, job.state(), job.error());
    assertArrayEquals(artifact, sim.readFlash(0x10000, artifact.length));
    Map<String, Object> r = job.result();
    assertEquals(link.toString(), r.get("port"));
    assertEquals("0x10000", r.get("address"));
    assertEquals(40_000L, ((Number) r.get("size")).longValue());
    assertEquals(sha, r.get("sha256"));
    assertEquals(false, r.get("flashVerified"));
    assertEquals("ESP8266EX", r.get("chip"));
    assertEquals(1, server.hits("/app.bin"));
    try (Stream<Path> left = Files.list(dir.resolve("downloads"))) {
      assertEquals(0, left.count()); // the download is gone once flashed
    }
  }

  @Test
  void aShaMismatchFailsBeforeTheBoardIsTouched() throws Exception {
    String wrong = "0".repeat(64);
    Job job = awaitDone(engine.submit(doc(fields("ota", "ota-2", wrong, null))));
    assertEquals(JobState.FAILED, job.state());
    assertEquals("ota ota-2: artifact sha256 mismatch: expected " + wrong + " got " + sha, job.error());
    assertEquals(0, opened.get());
    assertArrayEquals(new byte[] {-1, -1, -1, -1}, sim.readFlash(0, 4));
  }

  @Test
  void firmwareFlashTakesTheArtifactFormWhenItHasAUrl() throws Exception {
    Job job = awaitDone(engine.submit(doc(fields("firmware.flash", "ff-1", sha, "65536"))));
    assertEquals(JobState.SUCCEEDED, job.state(), job.error());
    assertArrayEquals(artifact, sim.readFlash(0x10000, artifact.length));
    Job bad = awaitDone(engine.submit(doc(fields("firmware.flash", "ff-2", "1".repeat(64), "65536"))));
    assertTrue(bad.error().startsWith("firmware.flash ff-2: artifact sha256 mismatch"), bad.error());
  }

  @Test
  void anInvalidImageAtAddressZeroIsRefusedByTheFlasher() throws Exception {
    Job job = awaitDone(engine.submit(doc(fields("ota", "ota-3", sha, null))));
    assertEquals(JobState.FAILED, job.state());
    assertTrue(job.error().startsWith("ota ota-3: flash " + link + ": refusing to flash app.bin@0x0"), job.error());
  }

  private String refusal(String json) {
    return assertThrows(IllegalArgumentException.class, () -> engine.submit(doc(json))).getMessage();
  }

  @Test
  void badFieldsAreRefusedWhenSubmitted() {
    String ok = "'url':'https://fw.example/a.bin','sha256':'" + sha + "','size':100";
    assertTrue(refusal("{'type':'ota'," + ok + "}").startsWith("board: missing"));
    assertTrue(refusal("{'type':'ota'," + ok + ",'board':'tty USB0'}").startsWith("board:"));
    assertTrue(refusal("{'type':'ota'," + ok + ",'board':'any','address':'0x1001'}")
        .startsWith("address: 0x1001 is not on a 0x1000-byte flash sector"));
    assertTrue(refusal("{'type':'ota'," + ok + ",'board':'any','address':'4096'}").startsWith("address:"));
    assertTrue(refusal("{'type':'ota'," + ok + ",'board':'any','address':'0x1000000'}").contains("past 16 MB"));
    assertTrue(refusal("{'type':'ota','url':'http://fw.example/a','sha256':'" + sha + "','size':1,'board':'any'}")
        .startsWith("url:"));
    assertTrue(refusal("{'type':'ota','url':'https://h/a','sha256':'" + sha + "','board':'any'}")
        .startsWith("size: missing"));
    assertTrue(refusal("{'type':'firmware.flash'," + ok + ",'board':'any','dir':'/tmp'}").startsWith("url, dir:"));
    assertTrue(refusal("{'type':'firmware.deploy'," + ok + ",'board':'any'}").startsWith("url: firmware.deploy"));
  }

  @Test
  void flashJobsGetTenMinutes() {
    assertEquals(Duration.ofMinutes(10), new ArtifactFlashJob(null, null, dir).timeout());
  }
}
