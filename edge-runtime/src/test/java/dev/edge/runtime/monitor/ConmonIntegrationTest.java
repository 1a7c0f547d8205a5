package dev.edge.runtime.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.fs.FileTrees;
import dev.edge.runtime.json.Json;
import dev.edge.runtime.runtime.OciRuntime;
import dev.edge.runtime.system.OciRuntimes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conmon with Debian's runc and a busybox root: create, attach, start, exit, exec. */
class ConmonIntegrationTest {
  @TempDir Path dir;
  private OciRuntime runtime;
  private Conmon conmon;
  private String id;
  private Path bundle;

  @BeforeEach
  void setUp() throws Exception {
    runtime = new OciRuntime("runc", OciRuntimes.which("runc").orElseThrow(),
        dir.resolve("state"));
    conmon = new Conmon(Conmon.find().orElseThrow());
    id = UUID.randomUUID().toString().replace("-", "") + "00000000000000000000000000000000";
    bundle = Files.createDirectories(dir.resolve("b"));
    Path bin = Files.createDirectories(bundle.resolve("rootfs/bin"));
    Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
    for (String tool : List.of("sh", "echo", "sleep", "cat")) {
      Files.createSymbolicLink(bin.resolve(tool), Path.of("busybox"));
    }
    Files.createDirectories(dir.resolve("exits"));
    Files.createDirectories(dir.resolve("sock"));
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      runtime.delete(id, true);
    } catch (java.io.IOException e) {
      // Already gone.
    }
    FileTrees.delete(dir.resolve("b"));
  }

  private void writeSpec(List<String> args) throws Exception {
    Map<String, Object> spec = Map.of(
        "ociVersion", "1.0.2",
        "process", Map.of("args", args, "cwd", "/", "user", Map.of("uid", 0, "gid", 0),
            "env", List.of("PATH=/bin")),
        "root", Map.of("path", "rootfs"),
        "mounts", List.of(Map.of("destination", "/proc", "type", "proc", "source", "proc")),
        "linux", Map.of("namespaces", List.of(Map.of("type", "pid"), Map.of("type", "mount"),
            Map.of("type", "ipc"), Map.of("type", "uts"))));
    Files.write(bundle.resolve("config.json"), Json.mapper().writeValueAsBytes(spec));
  }

  private Conmon.CreateSpec spec() {
    return new Conmon.CreateSpec(id, id.substring(0, 12), "t", bundle, dir.resolve("ctr.log"),
        1 << 20, false, false, dir.resolve("exits"), dir.resolve("sock"), dir.resolve("cm.log"));
  }

  @Test
  void outputReachesTheAttachedClientAndTheLogAndTheExitIsRecorded() throws Exception {
    writeSpec(List.of("sh", "-c", "echo out; echo err >&2; exit 3"));
    Conmon.Created created = conmon.create(runtime, spec());
    assertTrue(created.initPid() > 0);
    // The daemon finds the monitor again after a restart by this pid and its command line.
    String monitorCmdline = Files.readString(Path.of("/proc", Long.toString(created.conmonPid()),
        "cmdline"), StandardCharsets.UTF_8);
    assertTrue(monitorCmdline.contains("conmon") && monitorCmdline.contains(id), monitorCmdline);
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    try (ExitWatcher watcher = new ExitWatcher(dir.resolve("exits"), (cid, status) -> {
      if (cid.equals(id)) {
        exit.complete(status);
      }
    })) {
      watcher.start();
      SeqPacketSocket socket = SeqPacketSocket.connect(dir.resolve("sock")
          .resolve(id.substring(0, 12)).resolve("attach"));
      runtime.start(id);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      AttachPump.output(socket, out, new AttachPump.Options(true, true, false));
      socket.close();
      byte[] bytes = out.toByteArray();
      // Two multiplexed frames: stdout "out\n", stderr "err\n".
      assertEquals(1, bytes[0]);
      assertEquals(4, bytes[7]);
      assertEquals("out\n", new String(bytes, 8, 4, StandardCharsets.UTF_8));
      assertEquals(2, bytes[12]);
      assertEquals("err\n", new String(bytes, 20, 4, StandardCharsets.UTF_8));
      assertEquals(3, exit.get(10, TimeUnit.SECONDS));
    }
    String log = Files.readString(dir.resolve("ctr.log"));
    assertTrue(log.contains(" stdout F out") && log.contains(" stderr F err"), log);
  }

  @Test
  void aMissingCommandIsTheRuntimesErrorNotAHang() throws Exception {
    writeSpec(List.of("/nope"));
    ConmonException e = assertThrows(ConmonException.class, () -> conmon.create(runtime, spec()));
    assertTrue(e.getMessage().contains("/nope"), e.getMessage());
  }

  @Test
  void execRunsInTheContainerAndReportsItsStatus() throws Exception {
    writeSpec(List.of("sleep", "30"));
    conmon.create(runtime, spec());
    runtime.start(id);
    Path execDir = Files.createDirectories(dir.resolve("exec1"));
    Path process = execDir.resolve("process.json");
    Files.write(process, Json.mapper().writeValueAsBytes(Map.of("args", List.of("sh", "-c",
        "echo in-exec; exit 7"), "cwd", "/", "env", List.of("PATH=/bin"),
        "user", Map.of("uid", 0, "gid", 0))));
    ExecSession session = conmon.exec(runtime, new Conmon.ExecSpec(id, "exec00000001", execDir,
        process, false, false, dir.resolve("sock"), execDir.resolve("cm.log")));
    ExecSession.Started started = session.begin();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AttachPump.output(started.socket(), out, new AttachPump.Options(true, true, true));
    assertEquals("in-exec\n", out.toString(StandardCharsets.UTF_8));
    assertEquals(7, session.awaitExit());
    started.socket().close();
    runtime.kill(id, "SIGKILL");
  }
}
