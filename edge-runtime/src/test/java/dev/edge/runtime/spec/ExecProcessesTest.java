package dev.edge.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.edge.runtime.container.HostConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code docker exec}'s process: the container's security, the exec's own command and user. */
class ExecProcessesTest {
  @TempDir Path dir;
  private Path rootfs;
  private EffectiveConfig config;
  private HostConfig hc;
  private OciSpec.Process container;

  @BeforeEach
  void container() throws IOException {
    rootfs = SpecFixtures.rootfs(dir);
    hc = SpecFixtures.host(false, false, null, null, null, 0, null, 0);
    config = EffectiveConfig.merge(SpecFixtures.request("builder", false, List.of("sleep",
        "1d")), null, "c0ffee00c0ff");
    container = new SpecBuilder(SpecFixtures.host(dir, 1)).build(new SpecInput(SpecFixtures.ID,
        config, hc, rootfs, NetworkSetup.none(), Files.createDirectories(dir.resolve("c")),
        List.of())).spec().process();
  }

  @Test
  void anExecInheritsTheContainersUserSecurityAndEnvironment() {
    OciSpec.Process p = ExecProcesses.build(container, config, hc, rootfs,
        new ExecRequest(List.of("ls", "/"), List.of("EXTRA=1", "GREETING=bye"), "", "", false,
            false), 40);
    assertEquals(List.of("ls", "/"), p.args());
    assertEquals(container.user(), p.user());
    assertEquals(container.capabilities(), p.capabilities());
    assertEquals(true, p.noNewPrivileges());
    assertEquals(container.rlimits(), p.rlimits());
    assertEquals("/work", p.cwd());
    assertEquals(List.of("PATH=" + EffectiveConfig.DEFAULT_PATH, "HOSTNAME=c0ffee00c0ff",
        "GREETING=bye", "EXTRA=1", "HOME=/home/builder"), p.env());
  }

  @Test
  void anExecUserTtyAndDirectoryAreItsOwn() {
    OciSpec.Process p = ExecProcesses.build(container, config, hc, rootfs,
        new ExecRequest(List.of("sh"), List.of(), "/tmp", "root", true, false), 40);
    assertEquals(new OciSpec.User(0, 0, List.of(20L)), p.user()); // GroupAdd still applies
    assertEquals(true, p.terminal());
    assertEquals("/tmp", p.cwd());
    assertEquals("HOME=/root", p.env().get(p.env().size() - 1));
    assertEquals("TERM=xterm", p.env().get(2));
  }

  @Test
  void aPrivilegedExecGetsEveryCapability() {
    OciSpec.Process p = ExecProcesses.build(container, config, hc, rootfs,
        new ExecRequest(List.of("sh"), List.of(), "", "", false, true), 40);
    assertEquals(41, p.capabilities().effective().size());
  }

  @Test
  void badExecRequestsAreRefused() {
    assertEquals("No exec command specified", assertThrows(ContainerSpecException.class,
        () -> ExecProcesses.build(container, config, hc, rootfs, new ExecRequest(List.of(),
            List.of(), "", "", false, false), 40)).getMessage());
    assertThrows(ContainerSpecException.class, () -> ExecProcesses.build(container, config, hc,
        rootfs, new ExecRequest(List.of("sh"), List.of("=x"), "", "", false, false), 40));
    assertThrows(ContainerSpecException.class, () -> ExecProcesses.build(container, config, hc,
        rootfs, new ExecRequest(List.of("sh"), List.of(), "tmp", "", false, false), 40));
    assertThrows(ContainerSpecException.class, () -> ExecProcesses.build(container, config, hc,
        rootfs, new ExecRequest(List.of("sh"), List.of(), "", "ghost", false, false), 40));
  }
}
