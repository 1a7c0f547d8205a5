package dev.edge.agent.status;

import static dev.edge.agent.jobs.JobsForTests.awaitDone;
import static dev.edge.agent.jobs.JobsForTests.doc;
import static dev.edge.agent.jobs.JobsForTests.messages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.agent.boards.BoardFlashApi;
import dev.edge.agent.boards.BoardFlashing;
import dev.edge.agent.firmware.FirmwareBuilder;
import dev.edge.agent.firmware.FirmwareFlasher;
import dev.edge.agent.firmware.FirmwareJobs;
import dev.edge.agent.jobs.Job;
import dev.edge.agent.jobs.JobEngine;
import dev.edge.agent.jobs.JobState;
import dev.edge.hal.board.BoardDiscovery;
import dev.edge.runtime.api.HostAddress;
import dev.edge.runtime.daemon.Daemon;
import dev.edge.runtime.daemon.DaemonConfig;
import dev.edge.runtime.fs.FileTrees;
import dev.edge.runtime.image.Platform;
import dev.edge.runtime.image.fixtures.OciLayout;
import dev.edge.runtime.image.fixtures.TestImages;
import dev.edge.runtime.registry.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The runtime job types against the real thing: Debian's docker-registry on loopback serving busybox, an
 * in-process daemon with containers (conmon, the OCI runtime, overlayfs), and the handlers as
 * {@link AgentJobs#handlers} wires them. Containers use no network, so no bridge is made.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetJobsIntegrationTest {
  private static Path dir;
  private static LocalRegistry registry;
  private static Daemon daemon;
  private static JobEngine engine;
  private static String image;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("edge-fleet-jobs-it");
    registry = LocalRegistry.start(LocalRegistry.Mode.PLAIN);
    OciLayout layout = new OciLayout(dir.resolve("layout"));
    TestImages.busybox(layout, "busybox", new Platform("linux", "amd64", ""));
    image = registry.host() + "/fixtures/busybox:1";
    TestImages.skopeoPush(layout.dir(), "busybox", image, true);
    daemon = new Daemon(new DaemonConfig(dir.resolve("root"),
        List.of(HostAddress.parse("unix://" + dir.resolve("edge.sock"))), Optional.empty(), List.of()));
    daemon.enableContainers();
    assertTrue(daemon.containers().isPresent(), "conmon is missing: scripts/install-deps --test installs it");
    daemon.start();
    BoardDiscovery discovery = new BoardDiscovery(dir.resolve("sys"), dir.resolve("dev"));
    BoardFlashing flashing = BoardFlashApi.systemFlashing(discovery);
    FirmwareJobs firmware = new FirmwareJobs(new FirmwareBuilder(null, null), new FirmwareFlasher(flashing));
    engine = new JobEngine(dir.resolve("root/jobs"));
    AgentJobs.handlers(daemon, flashing, discovery, firmware, dir.resolve("root/agent")).forEach(engine::register);
  }

  @AfterAll
  static void stop() throws Exception {
    if (engine != null) {
      engine.close();
    }
    if (daemon != null) {
      daemon.containers().ifPresent(cs -> cs.store().all().forEach(c -> {
        try {
          cs.remove(c, true, true);
        } catch (Exception e) {
          // the next step reports what is left
        }
      }));
      daemon.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (dir != null) {
      FileTrees.delete(dir);
    }
  }

  private static Job run(String json) throws InterruptedException {
    return awaitDone(engine.submit(doc(json)), 60_000);
  }

  @Test
  @Order(1)
  void concurrentPullsOfOneImageEndWithTheSameImage() throws Exception {
    Job a = engine.submit(doc("{'type':'image.pull','image':'" + image + "'}"));
    Job b = engine.submit(doc("{'type':'image.pull','image':'" + image + "'}"));
    for (Job j : List.of(a, b)) {
      assertEquals(JobState.SUCCEEDED, awaitDone(j, 60_000).state(), j.error());
      assertEquals(100, j.summary().get("percent"));
    }
    assertEquals(a.result().get("id"), b.result().get("id"));
    // submitted together, so whichever started first was still fetching when the other asked
    assertEquals(1, List.of(a, b).stream().filter(j -> Boolean.TRUE.equals(j.result().get("shared"))).count(),
        "one transfer for both");
    assertEquals(a.result().get("id"), daemon.images().index().resolve(image).id());
  }

  @Test
  @Order(2)
  void aRunThatIsWaitedForReportsItsOutputAndFailsOnANonZeroExit() throws Exception {
    Job ok = run("{'type':'container.run','image':'" + image + "','cmd':['sh','-c','echo hello $WHO'],"
        + "'env':{'WHO':'fleet'},'detach':false,'autoRemove':true,'network':'none'}");
    assertEquals(JobState.SUCCEEDED, ok.state(), ok.error());
    assertEquals(0, ok.result().get("exitCode"));
    assertTrue(messages(ok).contains("hello fleet"), messages(ok).toString());
    Job bad = run("{'type':'container.run','id':'run-3','image':'" + image + "','name':'fails',"
        + "'cmd':['sh','-c','exit 3'],'detach':false,'autoRemove':true,'network':'none'}");
    assertEquals(JobState.FAILED, bad.state());
    assertEquals("container.run run-3: container fails exited with code 3", bad.error());
    assertTrue(daemon.containers().orElseThrow().store().find("fails").isEmpty(), "autoRemove removed it");
  }

  @Test
  @Order(3)
  void aDetachedContainerIsListedStoppedAndRemoved() throws Exception {
    Job started = run("{'type':'container.run','image':'" + image + "','name':'sleeper','cmd':['sleep','60'],"
        + "'network':'none'}");
    assertEquals(JobState.SUCCEEDED, started.state(), started.error());
    Map<String, Object> status = run("{'type':'gateway.status'}").result();
    assertTrue(((List<?>) status.get("images")).contains(image), status.toString());
    assertTrue(((List<?>) status.get("containers")).stream().anyMatch(c -> ((Map<?, ?>) c).get("name")
        .equals("sleeper") && ((Map<?, ?>) c).get("state").equals("running")), status.toString());
    Job stopped = run("{'type':'container.stop','container':'sleeper','stopTimeoutSeconds':1}");
    assertEquals(JobState.SUCCEEDED, stopped.state(), stopped.error());
    assertEquals(true, stopped.result().get("stopped"));
    Job removed = run("{'type':'container.remove','container':'sleeper'}");
    assertEquals(JobState.SUCCEEDED, removed.state(), removed.error());
    assertEquals(List.of(), run("{'type':'gateway.status'}").result().get("containers"));
    Job gone = run("{'type':'container.remove','id':'rm-2','container':'sleeper'}");
    assertEquals("container.remove rm-2: No such container: sleeper", gone.error());
  }

  @Test
  @Order(4)
  void runningAnImageThatIsNotHereSaysToPullIt() throws Exception {
    Job job = run("{'type':'container.run','id':'run-9','image':'" + registry.host() + "/nope:1'}");
    assertEquals(JobState.FAILED, job.state());
    assertTrue(job.error().startsWith("container.run run-9: No such image: "), job.error());
    assertTrue(job.error().endsWith("; pull it first (image.pull)"), job.error());
  }
}
