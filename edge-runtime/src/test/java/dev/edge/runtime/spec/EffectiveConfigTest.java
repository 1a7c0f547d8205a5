package dev.edge.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.edge.runtime.container.ContainerConfig;
import dev.edge.runtime.image.ImageConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Docker's merge of image defaults and the create request, rule by rule. */
class EffectiveConfigTest {
  static ContainerConfig request(List<String> env, List<String> entrypoint, List<String> cmd) {
    return new ContainerConfig(null, null, null, false, true, true, null, false, false, false,
        env, cmd, entrypoint, "busybox", null, null, null, null, null, false);
  }

  static ImageConfig.RunConfig image(List<String> env, List<String> entrypoint,
      List<String> cmd) {
    return new ImageConfig.RunConfig("", env, entrypoint, cmd, "/srv",
        Map.of("/data", Map.of()), Map.of("80/tcp", Map.of()), Map.of("a", "image", "b", "image"),
        "SIGQUIT", null, null);
  }

  private static EffectiveConfig merge(ContainerConfig req, ImageConfig.RunConfig img) {
    return EffectiveConfig.merge(req, img, "0123456789ab");
  }

  @Test
  void requestEnvOverridesImageEnvByNameAndKeepsTheRest() {
    EffectiveConfig c = merge(request(List.of("B=req", "C=req"), null, List.of("sh")),
        image(List.of("A=img", "B=img"), null, null));
    assertEquals(List.of("B=req", "C=req", "A=img"), c.env());
  }

  @Test
  void processEnvGetsDockersPathAndHostnameWhenNeitherSetsThem() {
    EffectiveConfig c = merge(request(List.of("X=1"), null, List.of("sh")),
        image(null, null, null));
    assertEquals(List.of("PATH=" + EffectiveConfig.DEFAULT_PATH, "HOSTNAME=0123456789ab", "X=1"),
        c.processEnv());
  }

  @Test
  void imagePathWinsOverTheDefaultAndTtyAddsTerm() {
    ContainerConfig tty = new ContainerConfig(null, null, null, false, true, true, null, true,
        false, false, List.of(), List.of("sh"), null, "busybox", null, null, null, null, null,
        false);
    EffectiveConfig c = merge(tty, image(List.of("PATH=/opt/bin"), null, null));
    assertEquals(List.of("PATH=/opt/bin", "HOSTNAME=0123456789ab", "TERM=xterm"),
        c.processEnv());
  }

  @Test
  void anEntryWithoutValueRemovesTheVariable() {
    assertEquals(List.of("HOSTNAME=h"), EnvList.replaceOrAppend(
        List.of("PATH=/bin", "HOSTNAME=h"), List.of("PATH")));
  }

  @Test
  void requestEntrypointReplacesTheImagesAndDropsTheImageCmd() {
    EffectiveConfig c = merge(request(List.of(), List.of("/bin/echo"), null),
        image(null, List.of("/entry.sh"), List.of("serve", "--port", "80")));
    assertEquals(List.of("/bin/echo"), c.command());
    assertEquals("/bin/echo", c.path());
    assertEquals(List.of(), c.args());
  }

  @Test
  void requestEntrypointWithItsOwnCmdKeepsBoth() {
    EffectiveConfig c = merge(request(List.of(), List.of("/bin/echo"), List.of("hi")),
        image(null, List.of("/entry.sh"), List.of("serve")));
    assertEquals(List.of("/bin/echo", "hi"), c.command());
  }

  @Test
  void requestCmdKeepsTheImageEntrypoint() {
    EffectiveConfig c = merge(request(List.of(), null, List.of("ls", "/")),
        image(null, List.of("/entry.sh"), List.of("serve")));
    assertEquals("/entry.sh", c.path());
    assertEquals(List.of("ls", "/"), c.args());
  }

  @Test
  void noRequestCommandTakesTheImagesEntrypointAndCmd() {
    EffectiveConfig c = merge(request(List.of(), null, null),
        image(null, List.of("/entry.sh"), List.of("serve")));
    assertEquals(List.of("/entry.sh", "serve"), c.command());
  }

  @Test
  void emptyStringEntrypointResetsItAndTheImageCmd() {
    EffectiveConfig withCmd = merge(request(List.of(), List.of(""), List.of("echo", "hi")),
        image(null, List.of("/entry.sh"), List.of("serve")));
    assertEquals(List.of("echo", "hi"), withCmd.command());
    assertEquals(List.of(), withCmd.entrypoint());
    ContainerSpecException e = assertThrows(ContainerSpecException.class, () -> merge(
        request(List.of(), List.of(""), null), image(null, List.of("/entry.sh"),
            List.of("serve"))));
    assertEquals("no command specified", e.getMessage());
  }

  @Test
  void anEmptyEntrypointListStillTakesTheImageCmd() {
    EffectiveConfig c = merge(request(List.of(), List.of(), null),
        image(null, List.of("/entry.sh"), List.of("serve")));
    assertEquals(List.of("serve"), c.command());
  }

  @Test
  void aContainerWithNoCommandAtAllIsRefused() {
    ContainerSpecException e = assertThrows(ContainerSpecException.class,
        () -> merge(request(List.of(), null, null), image(null, null, null)));
    assertEquals("no command specified", e.getMessage());
    assertThrows(ContainerSpecException.class,
        () -> EffectiveConfig.merge(request(List.of(), null, List.of()), null, "h"));
  }

  @Test
  void workingDirUserLabelsPortsVolumesAndStopSignalFollowDocker() {
    ContainerConfig req = new ContainerConfig("box", "lan", "", false, true, true,
        Map.of("53/udp", Map.of()), false, false, false, List.of(), List.of("sh"), null,
        "busybox", Map.of("/cache", Map.of()), "", Map.of("b", "request"), null, 7, false);
    ImageConfig.RunConfig img = new ImageConfig.RunConfig("nobody", null, null, null, "/srv",
        Map.of("/data", Map.of()), Map.of("80/tcp", Map.of()), Map.of("a", "image", "b", "image"),
        "SIGQUIT", null, null);
    EffectiveConfig c = EffectiveConfig.merge(req, img, "unused");
    assertEquals("box", c.hostname());
    assertEquals("lan", c.domainname());
    assertEquals("nobody", c.user());
    assertEquals("/srv", c.workingDir());
    assertEquals(Map.of("a", "image", "b", "request"), c.labels());
    assertEquals(List.of("53/udp", "80/tcp"), List.copyOf(c.exposedPorts().keySet()));
    assertEquals(List.of("/cache", "/data"), List.copyOf(c.volumes().keySet()));
    assertEquals("SIGQUIT", c.stopSignal());
    assertEquals(7, c.stopTimeout());
  }

  @Test
  void requestUserAndWorkingDirWinAndCwdDefaultsToRoot() {
    ContainerConfig req = new ContainerConfig(null, null, "1000:1000", false, true, true, null,
        false, false, false, List.of(), List.of("sh"), null, "busybox", null, "/work", null,
        null, null, false);
    EffectiveConfig c = EffectiveConfig.merge(req, image(null, null, null), "h");
    assertEquals("1000:1000", c.user());
    assertEquals("/work", c.cwd());
    assertEquals("/", EffectiveConfig.merge(request(List.of(), null, List.of("sh")), null, "h")
        .cwd());
  }

  @Test
  void aRelativeWorkingDirIsRefusedInDockersWords() {
    ContainerConfig req = new ContainerConfig(null, null, null, false, true, true, null, false,
        false, false, List.of(), List.of("sh"), null, "busybox", null, "work", null, null, null,
        false);
    ContainerSpecException e = assertThrows(ContainerSpecException.class,
        () -> EffectiveConfig.merge(req, null, "h"));
    assertEquals("the working directory 'work' is invalid, it needs to be an absolute path",
        e.getMessage());
  }

  @Test
  void anEnvEntryWithoutANameIsRefused() {
    ContainerSpecException e = assertThrows(ContainerSpecException.class,
        () -> merge(request(List.of("=oops"), null, List.of("sh")), null));
    assertEquals("invalid environment variable: =oops", e.getMessage());
  }

  @Test
  void theDefaultHostnameIsTheShortIdOrTheHostsName() {
    String id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    assertEquals("0123456789ab", EffectiveConfig.defaultHostname(id, false, "gateway"));
    assertEquals("gateway", EffectiveConfig.defaultHostname(id, true, "gateway"));
  }

  @Test
  void inspectSeesTheMergedConfigInTheRequestsShape() {
    EffectiveConfig c = merge(request(List.of("B=1"), null, null),
        image(List.of("A=2"), List.of("/entry.sh"), List.of("serve")));
    ContainerConfig shown = c.toContainerConfig();
    assertEquals(List.of("B=1", "A=2"), shown.env());
    assertEquals(List.of("/entry.sh"), shown.entrypoint());
    assertEquals(List.of("serve"), shown.cmd());
    assertEquals("0123456789ab", shown.hostname());
    assertEquals("/srv", shown.workingDir());
    // Merging the shown config again (a restart of the daemon) changes nothing.
    assertEquals(c.command(), EffectiveConfig.merge(shown, null, "x").command());
  }
}
