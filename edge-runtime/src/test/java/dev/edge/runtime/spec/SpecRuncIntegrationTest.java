package dev.edge.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edge.runtime.container.ContainerConfig;
import dev.edge.runtime.container.HostConfig;
import dev.edge.runtime.volume.VolumeStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real containers from bundles the spec builder wrote, run by {@code runc run} in the
 * foreground on a busybox root file system: what the process sees inside is what the spec
 * promised. Each test removes its runtime state and checks its cgroup is gone.
 */
class SpecRuncIntegrationTest {
  static final Path RUNC = Path.of("/usr/sbin/runc");
  static final Path CRUN = Path.of("/usr/bin/crun");
  static final Path BUSYBOX = Path.of("/bin/busybox");
  static final long RUN_TIMEOUT_SECONDS = 30;
  static final long PTY_READ_MILLIS = 2_000;
  /** Docker's default capability set as /proc/self/status prints it. */
  static final String DOCKER_CAPS_HEX = "00000000a80425fb";
  static final List<String> APPLETS = List.of("sh", "cat", "echo", "id", "pwd", "touch", "grep",
      "stat", "head", "wc", "mknod", "unshare", "true", "ls", "sleep", "test", "tr");

  @TempDir Path dir;
  private final HostSupport host = HostSupport.detect();
  private final List<String[]> started = new ArrayList<>();
  private Path rootfs;
  private Path runcState;
  private VolumeStore volumes;

  /** What a container run left behind: its exit code and both output streams. */
  record Run(int exitCode, String out, String err) {}

  @BeforeEach
  void image() throws IOException {
    assumeTrue(Files.isExecutable(RUNC), "runc is not installed at " + RUNC);
    assumeTrue(Files.isExecutable(BUSYBOX), "busybox-static is not installed");
    rootfs = Files.createDirectories(dir.resolve("rootfs"));
    Files.createDirectories(rootfs.resolve("bin"));
    Files.copy(BUSYBOX, rootfs.resolve("bin/busybox"));
    for (String applet : APPLETS) {
      Files.createSymbolicLink(rootfs.resolve("bin/" + applet), Path.of("busybox"));
    }
    for (String d : List.of("proc", "sys", "dev", "etc", "tmp", "data")) {
      Files.createDirectories(rootfs.resolve(d));
    }
    Files.writeString(rootfs.resolve("etc/passwd"),
        "root:x:0:0:root:/root:/bin/sh\nbuilder:x:1000:1000::/home/builder:/bin/sh\n");
    Files.writeString(rootfs.resolve("etc/group"),
        "root:x:0:\ndialout:x:20:builder\nbuilder:x:1000:\n");
    Files.writeString(rootfs.resolve("data/seed"), "from the image\n");
    runcState = Files.createDirectories(dir.resolve("runc-state"));
    volumes = new VolumeStore(dir.resolve("volumes"));
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (String[] runtimeAndId : started) {
      run(List.of(runtimeAndId[0], "--root", runcState.toString(), "delete", "-f",
          runtimeAndId[1]));
      for (String controller : List.of("memory", "pids", "cpu")) {
        Path v1 = Path.of("/sys/fs/cgroup", controller, "edge", runtimeAndId[1]);
        assertFalse(Files.exists(v1), "cgroup left behind: " + v1);
      }
      assertFalse(Files.exists(Path.of("/sys/fs/cgroup/edge", runtimeAndId[1])));
    }
  }

  static HostConfig hostConfig(List<String> binds, Map<String, String> tmpfs,
      List<HostConfig.DeviceMapping> devices, long memory, Long pids, List<String> securityOpt,
      boolean readonlyRootfs) {
    return new HostConfig(binds, null, tmpfs, "none", null, false, null, false, devices, null,
        memory, 0, 0, 0, 0, 0, pids, false, null, null, securityOpt, readonlyRootfs, null, null,
        null, 0, null, null, null);
  }

  static HostConfig plain() {
    return hostConfig(null, null, null, 0, null, null, false);
  }

  private Run container(HostConfig hc, String user, String script) throws Exception {
    return container(RUNC, hc, user, script);
  }

  private Run container(Path runtime, HostConfig hc, String user, String script)
      throws Exception {
    Prepared c = prepare(hc, user, script, NetworkSetup.none());
    started.add(new String[] {runtime.toString(), c.id()});
    return run(List.of(runtime.toString(), "--root", runcState.toString(), "run", "--bundle",
        c.bundle().toString(), c.id()));
  }

  /** A bundle ready to run, with what an exec into it needs. */
  record Prepared(String id, Path bundle, EffectiveConfig config, HostConfig hostConfig,
      ContainerSpec spec) {}

  private Prepared prepare(HostConfig hc, String user, String script, NetworkSetup network)
      throws Exception {
    String id = "edge-spec-it-" + HexFormat.of().formatHex(
        longBytes(ThreadLocalRandom.current().nextLong()));
    ContainerConfig request = new ContainerConfig(null, null, user, false, true, true, null,
        false, false, false, List.of("GREETING=hello from edge"), List.of("sh", "-c", script),
        null, "busybox", null, "/work", null, null, null, false);
    EffectiveConfig cfg = EffectiveConfig.merge(request, null,
        EffectiveConfig.defaultHostname(id, false, host.hostname()));
    List<ContainerMount> mounts = new MountPlanner(volumes).plan(hc, cfg.volumes());
    VolumeCopyUp.populate(mounts, rootfs);
    Path bundle = Files.createDirectories(dir.resolve("bundle-" + id));
    ContainerSpec spec = new SpecBuilder(host).build(new SpecInput(id, cfg, hc, rootfs,
        network, bundle, mounts));
    spec.spec().write(bundle);
    return new Prepared(id, bundle, cfg, hc, spec);
  }

  private static byte[] longBytes(long v) {
    byte[] b = new byte[6];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (v >>> (8 * i));
    }
    return b;
  }

  private Run run(List<String> command) throws Exception {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
        Path.of("/dev/null").toFile())).redirectOutput(out.toFile()).redirectError(err.toFile())
        .start();
    if (!p.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("timed out after " + RUN_TIMEOUT_SECONDS + " s: " + command);
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static String ok(Run r) {
    assertEquals(0, r.exitCode(), "exit code; stdout: " + r.out() + " stderr: " + r.err());
    return r.out();
  }

  @Test
  void envWorkdirAndAUserByNameAreWhatTheProcessSees() throws Exception {
    String out = ok(container(plain(), "builder",
        "echo \"$GREETING\"; pwd; id -u; id -g; id -G; echo \"$HOME\"; echo \"$PATH\";"
            + " cat /etc/hostname; grep NoNewPrivs /proc/self/status"));
    List<String> lines = out.lines().toList();
    assertEquals("hello from edge", lines.get(0));
    assertEquals("/work", lines.get(1));
    assertEquals("1000", lines.get(2));
    assertEquals("1000", lines.get(3));
    assertEquals("1000 20", lines.get(4));
    assertEquals("/home/builder", lines.get(5));
    assertEquals(EffectiveConfig.DEFAULT_PATH, lines.get(6));
    assertEquals(12, lines.get(7).length(), "hostname is the short id: " + lines.get(7));
    assertTrue(lines.get(8).matches("NoNewPrivs:\\s+1"), lines.get(8));
  }

  @Test
  void exitCodesPropagateThroughRuncRun() throws Exception {
    assertEquals(3, container(plain(), "", "exit 3").exitCode());
    assertEquals(0, container(plain(), "", "true").exitCode());
  }

  @Test
  void rootGetsDockersCapabilitiesAndOthersOnlyTheBoundingSet() throws Exception {
    String root = ok(container(plain(), "", "grep -E '^Cap(Eff|Bnd|Inh)' /proc/self/status"));
    assertTrue(root.contains("CapEff:\t" + DOCKER_CAPS_HEX), root);
    assertTrue(root.contains("CapBnd:\t" + DOCKER_CAPS_HEX), root);
    assertTrue(root.contains("CapInh:\t0000000000000000"), root);
    String builder = ok(container(plain(), "builder", "grep -E '^Cap(Eff|Bnd)' /proc/self/status"));
    assertTrue(builder.contains("CapEff:\t0000000000000000"), builder);
    assertTrue(builder.contains("CapBnd:\t" + DOCKER_CAPS_HEX), builder);
  }

  @Test
  void maskedPathsAreHiddenProcSysIsReadOnlyAndTheNetworkSysctlsApply() throws Exception {
    // Masked files show as /dev/null (1:3), masked directories as an empty read-only tmpfs;
    // which of Docker's paths exist depends on the kernel (this one may lack /proc/kcore).
    List<String> files = DefaultMounts.MASKED_PATHS.stream()
        .filter(p -> Files.isRegularFile(Path.of(p))).toList();
    List<String> dirs = DefaultMounts.MASKED_PATHS.stream()
        .filter(p -> Files.isDirectory(Path.of(p))).toList();
    assumeTrue(!files.isEmpty() && !dirs.isEmpty(), "no masked path exists on this kernel");
    String out = ok(container(plain(), "", "stat -c '%t:%T' " + String.join(" ", files)
        + "; ls -A " + dirs.get(0) + " | wc -l;"
        + " echo 1 > /proc/sys/kernel/domainname 2>/dev/null && echo writable || echo refused;"
        + " cat /proc/sys/net/ipv4/ip_unprivileged_port_start; grep -c . /etc/hosts;"
        + " grep nameserver /etc/resolv.conf | head -1"));
    List<String> lines = out.lines().toList();
    for (int i = 0; i < files.size(); i++) {
      assertEquals("1:3", lines.get(i), files.get(i) + " is masked behind /dev/null");
    }
    List<String> rest = lines.subList(files.size(), lines.size());
    assertEquals("0", rest.get(0).strip(), dirs.get(0) + " is empty");
    assertEquals("refused", rest.get(1));
    assertEquals("0", rest.get(2));
    assertEquals("6", rest.get(3).strip(), "the default hosts lines");
    assertTrue(rest.get(4).startsWith("nameserver "), rest.get(4));
    assertFalse(rest.get(4).contains(" 127."), "loopback nameservers are dropped: " + rest);
  }

  @Test
  void aReadOnlyBindCannotBeWrittenAndAReadWriteOneCan() throws Exception {
    Path ro = Files.createDirectories(dir.resolve("host-ro"));
    Path rw = Files.createDirectories(dir.resolve("host-rw"));
    Files.writeString(ro.resolve("config"), "firmware=blink\n");
    HostConfig hc = hostConfig(List.of(ro + ":/project:ro", rw + ":/out"), null, null, 0, null,
        null, false);
    String out = ok(container(hc, "", "cat /project/config;"
        + " touch /project/new 2>/dev/null && echo wrote-ro || echo ro-refused;"
        + " echo built > /out/app.bin && echo wrote-rw"));
    assertEquals(List.of("firmware=blink", "ro-refused", "wrote-rw"), out.lines().toList());
    assertEquals("built\n", Files.readString(rw.resolve("app.bin")));
    assertFalse(Files.exists(ro.resolve("new")));
  }

  @Test
  void tmpfsMountsAndAReadOnlyRootfs() throws Exception {
    HostConfig hc = hostConfig(null, Map.of("/scratch", "size=8m"), null, 0, null, null, true);
    String out = ok(container(hc, "", "grep ' /scratch ' /proc/mounts;"
        + " echo x > /scratch/f && echo tmpfs-writable;"
        + " touch /rootfile 2>/dev/null && echo root-writable || echo root-readonly"));
    List<String> lines = out.lines().toList();
    assertTrue(lines.get(0).startsWith("tmpfs /scratch tmpfs rw,nosuid,nodev,noexec"),
        lines.get(0));
    assertTrue(lines.get(0).contains("size=8192k"), lines.get(0));
    assertEquals("tmpfs-writable", lines.get(1));
    assertEquals("root-readonly", lines.get(2));
  }

  @Test
  void aNewNamedVolumeIsPopulatedFromTheImageAndKeepsWhatTheContainerWrites()
      throws Exception {
    HostConfig hc = hostConfig(List.of("fwcache:/data"), null, null, 0, null, null, false);
    assertEquals("from the image\n", ok(container(hc, "", "cat /data/seed; echo more >"
        + " /data/added")));
    assertEquals("more\n", Files.readString(volumes.dataPath("fwcache").resolve("added")));
    Files.writeString(rootfs.resolve("data/seed"), "changed image\n");
    assertEquals("from the image\n", ok(container(hc, "", "cat /data/seed")),
        "a volume with content is not copied over again");
  }

  @Test
  void aPtyPassedAsADeviceIsTheSameTerminalInside() throws Exception {
    try (TestPty pty = new TestPty()) {
      long rdev = (Long) Files.getAttribute(pty.slave(), "unix:rdev");
      HostConfig hc = hostConfig(null, null, List.of(new HostConfig.DeviceMapping(
          pty.slave().toString(), "/dev/ttyUSB0", "rwm")), 0, null, null, false);
      String out = ok(container(hc, "", "stat -c '%t:%T' /dev/ttyUSB0;"
          + " echo ping > /dev/ttyUSB0 && echo wrote;"
          + " mknod /tmp/disk b 8 0 && (head -c 1 /tmp/disk >/dev/null 2>&1 && echo disk-open"
          + " || echo disk-denied)"));
      List<String> lines = out.lines().toList();
      assertEquals(Long.toHexString(DeviceNodes.major(rdev)) + ":"
          + Long.toHexString(DeviceNodes.minor(rdev)), lines.get(0));
      assertEquals("wrote", lines.get(1));
      assertEquals("disk-denied", lines.get(2), "the devices cgroup refuses what was not given");
      assertTrue(pty.readAvailable(PTY_READ_MILLIS).startsWith("ping"),
          "the host end of the pty reads what the container wrote");
    }
  }

  @Test
  void memoryAndPidsLimitsShowInTheContainersCgroup() throws Exception {
    assumeTrue(host.cgroups().memory() && host.cgroups().pids(),
        "memory or pids controller missing");
    HostConfig hc = hostConfig(null, null, null, 64L << 20, 50L, null, false);
    String script = host.cgroups().version() == 2
        ? "cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max"
        : "cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max";
    assertEquals(List.of(String.valueOf(64L << 20), "50"),
        ok(container(hc, "", script)).lines().toList());
  }

  @Test
  void theSeccompFilterRefusesNewUserNamespacesUnlessUnconfined() throws Exception {
    Run confined = container(plain(), "", "unshare -U true");
    assertNotEquals(0, confined.exitCode(), "unshare -U succeeded under the filter");
    assertTrue(confined.err().contains("Operation not permitted"), confined.err());
    HostConfig unconfined = hostConfig(null, null, null, 0, null, List.of("seccomp=unconfined"),
        false);
    assertEquals(0, container(unconfined, "", "unshare -U true").exitCode());
  }

  @Test
  void anExecProcessRunsInsideWithItsOwnUserAndEnvironment() throws Exception {
    Prepared c = prepare(plain(), "", "sleep 30", NetworkSetup.none());
    started.add(new String[] {RUNC.toString(), c.id()});
    ok(run(List.of(RUNC.toString(), "--root", runcState.toString(), "run", "--detach",
        "--bundle", c.bundle().toString(), c.id())));
    OciSpec.Process process = ExecProcesses.build(c.spec().spec().process(), c.config(),
        c.hostConfig(), rootfs, new ExecRequest(List.of("sh", "-c", "id -u; pwd; echo $GREETING"
            + " $EXTRA; grep CapEff /proc/self/status"), List.of("EXTRA=exec"), "/tmp", "builder",
            false, false), host.lastCap());
    Path file = dir.resolve("process.json");
    Files.write(file, dev.edge.runtime.json.Json.mapper().writeValueAsBytes(process));
    Run exec = run(List.of(RUNC.toString(), "--root", runcState.toString(), "exec",
        "--process", file.toString(), c.id()));
    assertEquals(List.of("1000", "/tmp", "hello from edge exec", "CapEff:\t0000000000000000"),
        ok(exec).lines().toList());
    assertEquals(7, run(List.of(RUNC.toString(), "--root", runcState.toString(), "exec", c.id(),
        "sh", "-c", "exit 7")).exitCode());
  }

  @Test
  void aHostNetworkContainerSeesTheHostsFiles() throws Exception {
    Prepared c = prepare(plain(), "", "cat /etc/hosts; echo ---; cat /etc/resolv.conf",
        NetworkSetup.host());
    started.add(new String[] {RUNC.toString(), c.id()});
    String out = ok(run(List.of(RUNC.toString(), "--root", runcState.toString(), "run",
        "--bundle", c.bundle().toString(), c.id())));
    String hosts = Files.readString(host.hostsFile());
    assertEquals(hosts + (hosts.endsWith("\n") || hosts.isEmpty() ? "" : "\n") + "---\n"
        + Files.readString(host.resolvConf()), out);
  }

  @Test
  void theSameBundleRunsUnderCrunWhereItsCgroupSupportWorks() throws Exception {
    assumeTrue(Files.isExecutable(CRUN), "crun is not installed");
    Run probe = container(CRUN, plain(), "", "true");
    // crun 1.8 refuses a hybrid cgroup layout ("cgroups in hybrid mode not supported"); on
    // such hosts runc is the runtime and this check has nothing to run on.
    assumeTrue(probe.exitCode() == 0, "crun cannot run here: " + probe.err().strip());
    assertEquals(List.of("hello from edge", "/work"), ok(container(CRUN, plain(), "builder",
        "echo \"$GREETING\"; pwd")).lines().toList());
  }
}
