package dev.edge.cli.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The create body {@code edge run} sends, from docker-style command lines. */
class CreateOptionsTest {
  private static RunCommand parse(String... args) {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs(args);
    return run;
  }

  private static JsonNode body(String... args) {
    RunCommand run = parse(args);
    return run.options.body(run.image, run.command, run.detach, Map.of("FROM_CLIENT", "yes")::get);
  }

  @Test
  void theCommandKeepsItsOwnOptions() {
    RunCommand run = parse("--rm", "-e", "A=1", "busybox", "ls", "-l", "-e", "--rm");
    assertEquals("busybox", run.image);
    assertEquals(List.of("ls", "-l", "-e", "--rm"), run.command);
    assertEquals("[\"ls\",\"-l\",\"-e\",\"--rm\"]", body("busybox", "ls", "-l", "-e", "--rm")
        .get("Cmd").toString());
  }

  @Test
  void withoutACommandTheImageDecides() {
    JsonNode b = body("busybox");
    assertFalse(b.has("Cmd"));
    assertFalse(b.has("Entrypoint"));
    assertEquals("default", b.path("HostConfig").path("NetworkMode").asText());
  }

  @Test
  void interactiveTtyAttachesStdinOnce() {
    JsonNode b = body("-it", "busybox", "sh");
    assertTrue(b.get("Tty").asBoolean());
    assertTrue(b.get("OpenStdin").asBoolean());
    assertTrue(b.get("AttachStdin").asBoolean());
    assertTrue(b.get("StdinOnce").asBoolean());
    assertTrue(b.get("AttachStdout").asBoolean());
    JsonNode detached = body("-d", "-i", "busybox");
    assertFalse(detached.get("AttachStdin").asBoolean());
    assertFalse(detached.get("AttachStdout").asBoolean());
    assertFalse(detached.get("StdinOnce").asBoolean());
    assertTrue(detached.get("OpenStdin").asBoolean());
  }

  @Test
  void everyFlagLandsWhereDockerPutsIt() {
    JsonNode b = body("--name", "web", "-e", "FROM_CLIENT", "-e", "X=1", "-w", "/srv", "-u",
        "nobody", "-v", "/data:/data:ro", "-v", "/anon", "--mount",
        "type=tmpfs,target=/run,tmpfs-size=1m", "-p", "127.0.0.1:18080:80", "--network",
        "none", "--device", "/dev/null:/dev/sink:rw", "--memory", "64m", "--cpus", "0.5",
        "--pids-limit", "100", "--restart", "on-failure:3", "--entrypoint", "/bin/sh",
        "--group-add", "dialout", "--label", "role=fw", "--runtime", "runc", "-h", "gw",
        "busybox", "-c", "true");
    JsonNode h = b.get("HostConfig");
    assertEquals("[\"FROM_CLIENT=yes\",\"X=1\"]", b.get("Env").toString());
    assertEquals("/srv", b.get("WorkingDir").asText());
    assertEquals("nobody", b.get("User").asText());
    assertEquals("gw", b.get("Hostname").asText());
    assertEquals("[\"/bin/sh\"]", b.get("Entrypoint").toString());
    assertEquals("[\"-c\",\"true\"]", b.get("Cmd").toString());
    assertEquals("{\"/anon\":{}}", b.get("Volumes").toString());
    assertEquals("{\"80/tcp\":{}}", b.get("ExposedPorts").toString());
    assertEquals("{\"role\":\"fw\"}", b.get("Labels").toString());
    assertEquals("[\"/data:/data:ro\"]", h.get("Binds").toString());
    assertEquals("[{\"Type\":\"tmpfs\",\"Target\":\"/run\",\"ReadOnly\":false,"
        + "\"TmpfsOptions\":{\"SizeBytes\":1048576}}]", h.get("Mounts").toString());
    assertEquals("{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"18080\"}]}",
        h.get("PortBindings").toString());
    assertEquals("none", h.get("NetworkMode").asText());
    assertEquals("[{\"PathOnHost\":\"/dev/null\",\"PathInContainer\":\"/dev/sink\","
        + "\"CgroupPermissions\":\"rw\"}]", h.get("Devices").toString());
    assertEquals(64L << 20, h.get("Memory").asLong());
    assertEquals(500_000_000L, h.get("NanoCpus").asLong());
    assertEquals(100, h.get("PidsLimit").asLong());
    assertEquals("{\"Name\":\"on-failure\",\"MaximumRetryCount\":3}",
        h.get("RestartPolicy").toString());
    assertEquals("[\"dialout\"]", h.get("GroupAdd").toString());
    assertEquals("runc", h.get("Runtime").asText());
    assertFalse(h.get("AutoRemove").asBoolean());
  }

  @Test
  void anEmptyEntrypointResetsTheImages() {
    assertEquals("[\"\"]", body("--entrypoint", "", "busybox").get("Entrypoint").toString());
  }

  @Test
  void removeWithARestartPolicyConflictsAsInDocker() {
    BadFlagException e = assertThrows(BadFlagException.class,
        () -> body("--rm", "--restart", "always", "busybox"));
    assertEquals("Conflicting options: --restart and --rm", e.getMessage());
    assertTrue(body("--rm", "--restart", "no", "busybox").path("HostConfig")
        .path("AutoRemove").asBoolean());
  }

  @Test
  void detachConflictsWithAttach() {
    assertThrows(BadFlagException.class, () -> body("-d", "-a", "stdout", "busybox"));
    assertThrows(BadFlagException.class, () -> body("-a", "stdweird", "busybox"));
  }

  @Test
  void badWorkdirsAndNamesAreRefused() {
    assertTrue(assertThrows(BadFlagException.class, () -> body("-w", "rel", "busybox"))
        .getMessage().contains("-w, --workdir"));
    RunCommand run = parse("--name", "a b", "busybox");
    assertTrue(assertThrows(BadFlagException.class, run.options::name).getMessage()
        .contains("--name"));
  }
}
