package dev.edge.agent.status;

import static dev.edge.agent.jobs.JobsForTests.awaitDone;
import static dev.edge.agent.jobs.JobsForTests.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.agent.boards.BoardFlashing;
import dev.edge.agent.firmware.FirmwareBuilder;
import dev.edge.agent.firmware.FirmwareFlasher;
import dev.edge.agent.firmware.FirmwareJobs;
import dev.edge.agent.images.SharedPulls;
import dev.edge.agent.jobs.Job;
import dev.edge.agent.jobs.JobEngine;
import dev.edge.agent.jobs.JobHandler;
import dev.edge.agent.jobs.JobState;
import dev.edge.hal.board.BoardDiscovery;
import dev.edge.runtime.system.HostFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayFactsTest {
  @TempDir Path dir;

  private static GatewayFacts facts(GatewayFacts.Source<List<GatewayFacts.BoardFact>> boards) {
    return new GatewayFacts(HostFacts::read, () -> List.of("alpine:3.19", "edge/blink:1"),
        () -> List.of(new GatewayFacts.ContainerFact("web", "0123456789ab", "nginx:1", "running")), boards);
  }

  @Test
  void aSnapshotHoldsVersionMachineImagesContainersAndBoards() {
    Map<String, Object> s = facts(() -> List.of(new GatewayFacts.BoardFact("/dev/ttyUSB0", "ttyUSB0", "CP210x",
        "/dev/serial/by-id/usb-x"))).snapshot();
    assertTrue(s.get("version") instanceof String);
    assertTrue(s.get("os") instanceof String);
    assertEquals(HostFacts.read().goArch(), s.get("arch"));
    assertTrue(((Number) s.get("uptimeSeconds")).longValue() > 0);
    assertTrue(s.containsKey("daemonUptimeSeconds"));
    assertEquals(List.of("alpine:3.19", "edge/blink:1"), s.get("images"));
    assertEquals(List.of(Map.of("name", "web", "id", "0123456789ab", "image", "nginx:1", "state", "running")),
        s.get("containers"));
    assertEquals(List.of(Map.of("port", "/dev/ttyUSB0", "id", "ttyUSB0", "bridge", "CP210x", "byId",
        "/dev/serial/by-id/usb-x")), s.get("boards"));
    assertFalse(s.containsKey("errors"));
  }

  @Test
  void aSnapshotSaysHowBusyAndHowFullTheGatewayIsAndWhichRuntimeItUses() {
    Map<String, Object> s = new GatewayFacts(HostFacts::read, List::of, List::of, List::of, dir, () -> "crun")
        .snapshot();
    Map<?, ?> cpu = (Map<?, ?>) s.get("cpu");
    assertEquals(Runtime.getRuntime().availableProcessors(), ((Number) cpu.get("count")).intValue(), cpu.toString());
    assertTrue(((Number) cpu.get("load1")).doubleValue() >= 0, cpu.toString());
    Map<?, ?> memory = (Map<?, ?>) s.get("memory");
    long total = ((Number) memory.get("totalBytes")).longValue();
    long available = ((Number) memory.get("availableBytes")).longValue();
    assertTrue(total > 0 && available > 0 && available <= total, memory.toString());
    Map<?, ?> disk = (Map<?, ?>) s.get("disk");
    assertEquals(dir.toString(), disk.get("path"));
    assertTrue(((Number) disk.get("freeBytes")).longValue() <= ((Number) disk.get("totalBytes")).longValue());
    assertEquals("crun", s.get("runtime"));
    assertFalse(facts(List::of).snapshot().containsKey("runtime"), "no runtime when containers cannot run");
  }

  @Test
  void aFailingSourceLeavesTheRestOfTheSnapshot() {
    Map<String, Object> s = facts(() -> {
      throw new IOException("/sys/class/tty: permission denied");
    }).snapshot();
    assertEquals(List.of(), s.get("boards"));
    assertEquals(Map.of("boards", "/sys/class/tty: permission denied"), s.get("errors"));
    assertEquals(List.of("alpine:3.19", "edge/blink:1"), s.get("images"));
  }

  @Test
  void gatewayStatusAndNoOpAreJobs() throws Exception {
    try (JobEngine engine = new JobEngine(dir)) {
      GatewayJobs.handlers(facts(List::of)).forEach(engine::register);
      Job status = awaitDone(engine.submit(doc("{'type':'gateway.status','jobId':'j','gateway':'gw'}")));
      assertEquals(JobState.SUCCEEDED, status.state());
      assertEquals(List.of("alpine:3.19", "edge/blink:1"), status.result().get("images"));
      Job noOp = awaitDone(engine.submit(doc("{'type':'no-op'}")));
      assertEquals(Map.of(), noOp.result());
      assertEquals(30, GatewayJobs.handlers(facts(List::of)).get(0).timeout().toSeconds());
    }
  }

  @Test
  void agentJobsRegistersEveryTypeOnce() throws Exception {
    Files.createDirectories(dir.resolve("state/downloads"));
    Path stale = Files.createFile(dir.resolve("state/downloads/artifact-1.part"));
    BoardFlashing flashing = new BoardFlashing(new BoardDiscovery(dir.resolve("sys"), dir.resolve("dev")),
        (path, baud) -> null, () -> null);
    FirmwareJobs firmware = new FirmwareJobs(new FirmwareBuilder(null, null), new FirmwareFlasher(flashing));
    SharedPulls pulls = new SharedPulls((ref, platform, tally) -> null);
    List<JobHandler> handlers = AgentJobs.handlers(pulls, Optional.empty(), flashing, firmware, facts(List::of),
        dir.resolve("state"));
    List<String> types = handlers.stream().map(JobHandler::type).toList();
    assertEquals(types.size(), new TreeSet<>(types).size(), types.toString());
    assertEquals(new TreeSet<>(List.of("image.pull", "container.run", "container.stop", "container.remove",
        "board.reset", "ota", "firmware.build", "firmware.flash", "firmware.deploy", "gateway.status", "no-op")),
        new TreeSet<>(types));
    assertFalse(Files.exists(stale), "a crash's partial download is removed");
    Map<String, Long> minutes = new java.util.HashMap<>();
    handlers.forEach(h -> minutes.put(h.type(), h.timeout().toMinutes()));
    assertEquals(60, minutes.get("image.pull"));
    assertEquals(10, minutes.get("ota"));
    assertEquals(10, minutes.get("firmware.flash"));
    assertEquals(60, minutes.get("firmware.build"));
    pulls.close();
  }
}
