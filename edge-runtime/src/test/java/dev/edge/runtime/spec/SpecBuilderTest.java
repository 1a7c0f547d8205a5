package dev.edge.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.container.HostConfig;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated config.json's key fields, checked against Docker's defaults. */
class SpecBuilderTest {
  @TempDir Path dir;
  private Path rootfs;
  private Path containerDir;
  private HostSupport host;

  @BeforeEach
  void fixtures() throws IOException {
    rootfs = SpecFixtures.rootfs(dir);
    containerDir = Files.createDirectories(dir.resolve("container"));
    host = SpecFixtures.host(dir, 1);
  }

  private ContainerSpec build(HostConfig hc, String user, boolean tty, NetworkSetup net,
      List<ContainerMount> mounts) {
    EffectiveConfig cfg = EffectiveConfig.merge(SpecFixtures.request(user, tty,
        List.of("make", "all")), null, "c0ffee00c0ff");
    return new SpecBuilder(host).build(new SpecInput(SpecFixtures.ID, cfg, hc, rootfs, net,
        containerDir, mounts));
  }

  private ContainerSpec plain() {
    return build(SpecFixtures.host(false, false, null, null, null, 0, null, 0), "builder",
        false, NetworkSetup.namespace("/run/netns/edge-1", "10.88.0.5", "10.88.0.1"),
        List.of());
  }

  private static List<String> destinations(OciSpec spec) {
    return spec.mounts().stream().map(OciSpec.Mount::destination).toList();
  }

  @Test
  void theProcessRunsTheMergedCommandAsTheResolvedUser() {
    OciSpec.Process p = plain().spec().process();
    assertEquals(List.of("make", "all"), p.args());
    assertEquals(new OciSpec.User(1000, 1000, List.of(20L, 46L)), p.user());
    assertEquals(List.of("PATH=" + EffectiveConfig.DEFAULT_PATH, "HOSTNAME=c0ffee00c0ff",
        "GREETING=hi", "HOME=/home/builder"), p.env());
    assertEquals("/work", p.cwd());
    assertEquals(false, p.terminal());
    assertEquals(true, p.noNewPrivileges());
    assertEquals(List.of(new OciSpec.Rlimit("RLIMIT_NOFILE", 1_048_576, 1_048_576)),
        p.rlimits());
    assertTrue(Files.isDirectory(rootfs.resolve("work")), "the working directory is created");
  }

  @Test
  void capabilitiesAreDockersInThreeSetsAndNotInheritable() {
    OciSpec.Capabilities c = plain().spec().process().capabilities();
    assertEquals(Capabilities.DOCKER_DEFAULT, c.bounding());
    assertEquals(Capabilities.DOCKER_DEFAULT, c.effective());
    assertEquals(Capabilities.DOCKER_DEFAULT, c.permitted());
    assertNull(c.inheritable());
    assertNull(c.ambient());
  }

  @Test
  void namespacesJoinTheNetworkPathAndLeaveCgroupToTheHostOnV1() {
    OciSpec.Linux l = plain().spec().linux();
    assertEquals(List.of(new OciSpec.Namespace("mount", null),
        new OciSpec.Namespace("network", "/run/netns/edge-1"),
        new OciSpec.Namespace("uts", null), new OciSpec.Namespace("pid", null),
        new OciSpec.Namespace("ipc", null)), l.namespaces());
    assertEquals("/edge/" + SpecFixtures.ID, l.cgroupsPath());
    assertEquals(SpecBuilder.NETWORK_SYSCTLS, l.sysctl());
  }

  @Test
  void cgroupV2GetsAPrivateCgroupNamespace() throws IOException {
    host = SpecFixtures.host(dir, 2);
    assertTrue(plain().spec().linux().namespaces().contains(
        new OciSpec.Namespace("cgroup", null)));
  }

  @Test
  void hostNetworkHasNoNetworkNamespaceNorNetworkSysctls() {
    OciSpec spec = build(SpecFixtures.host(false, false, null, null, null, 0, null, 0), "",
        false, NetworkSetup.host(), List.of()).spec();
    assertTrue(spec.linux().namespaces().stream().noneMatch(n -> n.type().equals("network")));
    assertEquals(Map.of(), spec.linux().sysctl());
  }

  @Test
  void noneNetworkIsAFreshNamespace() {
    OciSpec spec = build(SpecFixtures.host(false, false, null, null, null, 0, null, 0), "",
        false, NetworkSetup.none(), List.of()).spec();
    assertTrue(spec.linux().namespaces().contains(new OciSpec.Namespace("network", null)));
  }

  @Test
  void theDefaultMountsComeFirstThenUserMountsParentsBeforeChildren() {
    ContainerMount deep = new ContainerMount(ContainerMount.Type.TMPFS, "tmpfs", "/a/b/c",
        false, null, "", "", TmpfsOptions.withDefaults(""), false);
    ContainerMount shallow = new ContainerMount(ContainerMount.Type.BIND, "/srv", "/a", false,
        null, "", "rprivate", List.of("rbind", "rprivate"), false);
    OciSpec spec = build(SpecFixtures.host(false, false, null, null, null, 0, null, 0), "",
        false, NetworkSetup.none(), List.of(deep, shallow)).spec();
    assertEquals(List.of("/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue",
        "/dev/shm", "/a", "/etc/resolv.conf", "/etc/hostname", "/etc/hosts", "/a/b/c"),
        destinations(spec));
    OciSpec.Mount shm = spec.mounts().get(6);
    assertEquals(List.of("nosuid", "noexec", "nodev", "mode=1777", "size=67108864"),
        shm.options());
    assertEquals(List.of("nosuid", "noexec", "nodev", "ro"), spec.mounts().get(3).options());
    assertEquals(List.of("ro", "nosuid", "noexec", "nodev"), spec.mounts().get(4).options());
    assertEquals(List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620",
        "gid=5"), spec.mounts().get(2).options());
  }

  @Test
  void userMountsReplaceDefaultAndEtcMountsAtTheSameDestination() {
    ContainerMount dev = new ContainerMount(ContainerMount.Type.BIND, "/dev", "/dev", false,
        null, "", "rprivate", List.of("rbind", "rprivate"), false);
    ContainerMount hosts = new ContainerMount(ContainerMount.Type.BIND, "/etc/hosts",
        "/etc/hosts", true, null, "ro", "rprivate", List.of("rbind", "ro", "rprivate"), false);
    OciSpec spec = build(SpecFixtures.host(false, false, null, null, null, 0, null, 0), "",
        false, NetworkSetup.none(), List.of(dev, hosts)).spec();
    assertEquals(List.of("/proc", "/sys", "/sys/fs/cgroup", "/dev", "/etc/hosts",
        "/etc/resolv.conf", "/etc/hostname"), destinations(spec));
  }

  @Test
  void theEtcFilesAreGeneratedReadableInTheContainersDirectory() throws IOException {
    plain();
    assertEquals(HostsFile.DEFAULT_CONTENT + "10.0.0.9\tregistry\n10.88.0.5\tc0ffee00c0ff\n",
        Files.readString(containerDir.resolve("hosts")));
    assertEquals("c0ffee00c0ff\n", Files.readString(containerDir.resolve("hostname")));
    assertEquals("nameserver 192.168.1.1\n",
        Files.readString(containerDir.resolve("resolv.conf")));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(containerDir.resolve("hosts"))));
  }

  @Test
  void hardeningIsDockers() {
    OciSpec.Linux l = plain().spec().linux();
    assertTrue(l.maskedPaths().contains("/proc/kcore"));
    assertEquals(DefaultMounts.READONLY_PATHS, l.readonlyPaths());
    assertEquals(SpecBuilder.DEFAULT_DEVICE_RULES, l.resources().devices());
    assertEquals("SCMP_ACT_ALLOW", l.seccomp().defaultAction());
    assertEquals(List.of(), l.devices());
  }

  @Test
  void privilegedDropsTheHardeningAndGivesEveryDevice() {
    OciSpec spec = build(SpecFixtures.host(true, false, null, null, null, 0, null, 0), "",
        false, NetworkSetup.none(), List.of()).spec();
    OciSpec.Linux l = spec.linux();
    assertEquals(List.of(), l.maskedPaths());
    assertEquals(List.of(), l.readonlyPaths());
    assertNull(l.seccomp());
    assertEquals(List.of(new OciSpec.DeviceRule(true, null, null, null, "rwm")),
        l.resources().devices());
    assertTrue(l.devices().stream().anyMatch(d -> d.path().equals("/dev/null")));
    assertEquals(41, spec.process().capabilities().bounding().size());
    assertEquals(List.of("nosuid", "noexec", "nodev", "rw"), spec.mounts().get(3).options());
  }

  @Test
  void devicesLimitsAndOptionsReachTheSpec() {
    OciSpec spec = build(SpecFixtures.host(false, true, List.of("SYS_ADMIN"),
        List.of("seccomp=unconfined", "no-new-privileges=false"),
        List.of(new HostConfig.DeviceMapping("/dev/zero", "/dev/board", "rw")), 64 << 20, 32L,
        16 << 20), "", true, NetworkSetup.none(), List.of()).spec();
    assertEquals(List.of(new OciSpec.Device("/dev/board", "c", 1, 5, 0666, 0L, 0L)),
        spec.linux().devices());
    assertEquals(new OciSpec.DeviceRule(true, "c", 1L, 5L, "rw"),
        spec.linux().resources().devices().get(SpecBuilder.DEFAULT_DEVICE_RULES.size()));
    assertEquals(new OciSpec.Memory(64L << 20, 128L << 20), spec.linux().resources().memory());
    assertEquals(new OciSpec.Pids(32), spec.linux().resources().pids());
    assertNull(spec.linux().seccomp());
    assertEquals(false, spec.process().noNewPrivileges());
    assertEquals(true, spec.process().terminal());
    assertTrue(spec.process().env().contains("TERM=xterm"));
    assertTrue(spec.process().capabilities().bounding().contains("CAP_SYS_ADMIN"));
    assertEquals(new OciSpec.Root(rootfs.toString(), true), spec.root());
    assertTrue(spec.mounts().stream().filter(m -> m.destination().startsWith("/etc/"))
        .allMatch(m -> m.options().contains("ro")));
    assertTrue(spec.mounts().stream().anyMatch(m -> m.options().contains("size=16777216")));
  }

  @Test
  void anUnknownUserStopsTheBuildWithItsName() {
    ContainerSpecException e = assertThrows(ContainerSpecException.class, () -> build(
        SpecFixtures.host(false, false, null, null, null, 0, null, 0), "ghost", false,
        NetworkSetup.none(), List.of()));
    assertTrue(e.getMessage().contains("unable to find user ghost"), e.getMessage());
  }

  @Test
  void theJsonUsesTheRuntimeSpecsNames() throws IOException {
    OciSpec spec = plain().spec();
    Path file = spec.write(dir);
    JsonNode json = Json.mapper().readTree(file.toFile());
    assertEquals("1.0.2", json.path("ociVersion").asText());
    assertEquals(1000, json.path("process").path("user").path("uid").asInt());
    assertEquals(20, json.path("process").path("user").path("additionalGids").get(0).asInt());
    assertTrue(json.path("process").path("noNewPrivileges").asBoolean());
    assertEquals("/edge/" + SpecFixtures.ID, json.path("linux").path("cgroupsPath").asText());
    assertEquals("SCMP_CMP_MASKED_EQ", json.path("linux").path("seccomp").path("syscalls")
        .get(1).path("args").get(0).path("op").asText());
    assertFalse(json.path("linux").path("resources").get("devices").get(0).has("major"));
    assertFalse(json.path("process").path("capabilities").has("inheritable"));
    assertEquals(spec, OciSpec.read(file));
  }

  @Test
  void validateReportsWarningsAndCatchesErrorsBeforeAnythingExists() throws IOException {
    host = new HostSupport(new CgroupSupport(1, false, false, true, true, true), 40, 1 << 20,
        2, "amd64", false, "gw", dir.resolve("h"), dir.resolve("r"));
    SpecBuilder builder = new SpecBuilder(host);
    assertEquals(List.of(ResourceLimits.NO_MEMORY), builder.validate(
        SpecFixtures.host(false, false, null, null, null, 64 << 20, null, 0)));
    assertThrows(ContainerSpecException.class, () -> builder.validate(SpecFixtures.host(false,
        false, List.of("FLY"), null, null, 0, null, 0)));
    assertThrows(ContainerSpecException.class, () -> builder.validate(SpecFixtures.host(false,
        false, null, null, List.of(new HostConfig.DeviceMapping("/dev/nope", "", "")), 0, null,
        0)));
    assertThrows(ContainerSpecException.class, () -> builder.validate(SpecFixtures.host(false,
        false, null, List.of("bogus"), null, 0, null, 0)));
    assertThrows(ContainerSpecException.class, () -> builder.validate(SpecFixtures.host(false,
        false, null, null, null, 0, null, -1)));
  }
}
