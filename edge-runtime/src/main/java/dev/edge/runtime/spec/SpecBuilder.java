package dev.edge.runtime.spec;

import dev.edge.runtime.container.HostConfig;
import dev.edge.runtime.fs.IoErrors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a container's OCI {@code config.json} with Docker's defaults: namespaces, the default
 * capability set, masked /proc paths, the standard /dev, generated /etc files, the user's
 * mounts and devices, limits through the container's cgroup, and a seccomp filter.
 */
public final class SpecBuilder {
  /** Parent of every container's cgroup (Docker uses /docker) with the cgroupfs driver. */
  public static final String CGROUP_PARENT = "/edge";
  /** Docker's devices cgroup list: deny all, allow the standard nodes, deny /dev/fuse. */
  static final List<OciSpec.DeviceRule> DEFAULT_DEVICE_RULES = List.of(
      new OciSpec.DeviceRule(false, null, null, null, "rwm"),
      allow(1, 5), allow(1, 3), allow(1, 9), allow(1, 8), allow(5, 0), allow(5, 1),
      new OciSpec.DeviceRule(false, "c", 10L, 229L, "rwm"));
  /** Docker 20.10+: low ports and ping for any user in a container's own network. */
  static final Map<String, String> NETWORK_SYSCTLS = Map.of(
      "net.ipv4.ip_unprivileged_port_start", "0",
      "net.ipv4.ping_group_range", "0 2147483647");

  private final HostSupport host;

  public SpecBuilder(HostSupport host) {
    this.host = host;
  }

  /**
   * Checks what can be checked at create, before any rootfs exists: options, capabilities,
   * devices, limits, mounts and DNS entries. Returns the warnings create answers with.
   *
   * @throws ContainerSpecException for the first thing that is wrong
   */
  public List<String> validate(HostConfig hc) {
    List<String> warnings = new ArrayList<>();
    SecurityOptions security = SecurityOptions.parse(hc.securityOpt());
    apparmor(security, hc, warnings);
    Capabilities.compute(hc.capAdd(), hc.capDrop(), hc.privileged(), host.lastCap());
    for (HostConfig.DeviceMapping mapping : hc.devices()) {
      DeviceNodes.fromMapping(mapping);
    }
    ResourceLimits.build(hc, host.cgroups(), host.cpus(), List.of(), warnings);
    DefaultMounts.build(hc.shmSize(), hc.privileged(), false, Set.of());
    MountPlanner.check(hc);
    for (String extra : hc.extraHosts()) {
      // The gateway is only known once the network exists; here only the form is checked.
      HostsFile.parseExtraHost(extra, "127.0.0.1");
    }
    for (String dns : hc.dns()) {
      if (!IpLiterals.isIp(dns)) {
        throw new ContainerSpecException(dns + " is not an ip address");
      }
    }
    return warnings;
  }

  /**
   * The spec and warnings for one container. Writes the container's /etc files into its
   * directory and creates the working directory in the rootfs.
   *
   * @throws ContainerSpecException for a request that cannot run (user, device, limit, option)
   */
  public ContainerSpec build(SpecInput in) {
    HostConfig hc = in.hostConfig();
    EffectiveConfig cfg = in.config();
    List<String> warnings = new ArrayList<>();
    SecurityOptions security = SecurityOptions.parse(hc.securityOpt());
    List<String> caps = Capabilities.compute(hc.capAdd(), hc.capDrop(), hc.privileged(),
        host.lastCap());
    ResolvedUser user = UserResolver.resolve(in.rootfs(), cfg.user(), hc.groupAdd());
    WorkingDirs.ensure(in.rootfs(), cfg.cwd());

    OciSpec.Process process = new OciSpec.Process(cfg.tty(), user.toOci(), cfg.command(),
        withHome(cfg.processEnv(), user), cfg.cwd(), capabilities(caps),
        List.of(new OciSpec.Rlimit("RLIMIT_NOFILE", host.nofile(), host.nofile())),
        security.noNewPrivileges(), apparmor(security, hc, warnings), null);

    List<DeviceNodes.Grant> grants = new ArrayList<>();
    for (HostConfig.DeviceMapping mapping : hc.devices()) {
      grants.addAll(DeviceNodes.fromMapping(mapping));
    }
    List<OciSpec.Device> devices = new ArrayList<>();
    List<OciSpec.DeviceRule> rules = new ArrayList<>();
    if (hc.privileged()) {
      devices.addAll(hostDevices());
      rules.add(new OciSpec.DeviceRule(true, null, null, null, "rwm"));
    } else {
      rules.addAll(DEFAULT_DEVICE_RULES);
    }
    List<OciSpec.Mount> deviceBinds = new ArrayList<>();
    for (DeviceNodes.Grant g : grants) {
      if (g.bindSource() != null) {
        deviceBinds.add(g.bindMount());
      } else {
        devices.add(g.device());
      }
      if (!hc.privileged() && g.rule() != null) {
        rules.add(g.rule());
      }
    }

    boolean hostNet = in.network().mode() == NetworkSetup.Mode.HOST;
    OciSpec.Linux linux = new OciSpec.Linux(
        namespaces(in.network()),
        devices,
        CGROUP_PARENT + "/" + in.containerId(),
        ResourceLimits.build(hc, host.cgroups(), host.cpus(), rules, warnings),
        rootfsPropagation(in.mounts()),
        hc.privileged() || security.seccompUnconfined() ? null
            : SeccompProfiles.defaultProfile(caps, host.goArch()),
        hc.privileged() ? List.of() : DefaultMounts.MASKED_PATHS,
        hc.privileged() ? List.of() : DefaultMounts.READONLY_PATHS,
        hostNet ? Map.of() : NETWORK_SYSCTLS);

    OciSpec spec = new OciSpec(OciSpec.VERSION, process,
        new OciSpec.Root(in.rootfs().toString(), hc.readonlyRootfs() ? true : null),
        cfg.hostname(), mounts(in, security, deviceBinds), linux);
    return new ContainerSpec(spec, user, warnings);
  }

  /** Defaults first, then the user's mounts and the /etc files, parents before children. */
  private List<OciSpec.Mount> mounts(SpecInput in, SecurityOptions security,
      List<OciSpec.Mount> deviceBinds) {
    HostConfig hc = in.hostConfig();
    Set<String> userDestinations = new HashSet<>();
    for (ContainerMount m : in.mounts()) {
      userDestinations.add(m.destination());
    }
    List<OciSpec.Mount> all = new ArrayList<>(DefaultMounts.build(hc.shmSize(),
        hc.privileged(), security.writableCgroups(), userDestinations));
    List<OciSpec.Mount> user = new ArrayList<>();
    for (ContainerMount m : in.mounts()) {
      user.add(m.toOci());
    }
    Map<String, Path> etc = EtcFiles.write(in.containerDir(), in.config(), hc, in.network(),
        host);
    for (Map.Entry<String, Path> e : etc.entrySet()) {
      if (!userDestinations.contains(e.getKey())) {
        List<String> options = new ArrayList<>(List.of("rbind", "rprivate"));
        if (hc.readonlyRootfs()) {
          options.add("ro");
        }
        user.add(new OciSpec.Mount(e.getKey(), "bind", e.getValue().toString(), options));
      }
    }
    user.addAll(deviceBinds);
    // Stable sort: a mount comes after the mounts of its parents.
    user.sort(Comparator.comparingInt(m -> depth(m.destination())));
    all.addAll(user);
    return all;
  }

  private List<OciSpec.Namespace> namespaces(NetworkSetup network) {
    List<OciSpec.Namespace> ns = new ArrayList<>();
    ns.add(new OciSpec.Namespace("mount", null));
    switch (network.mode()) {
      case NONE -> ns.add(new OciSpec.Namespace("network", null));
      case NAMESPACE -> ns.add(new OciSpec.Namespace("network", network.netnsPath()));
      case HOST -> {
        // the host's network namespace: no entry
      }
    }
    ns.add(new OciSpec.Namespace("uts", null));
    ns.add(new OciSpec.Namespace("pid", null));
    ns.add(new OciSpec.Namespace("ipc", null));
    if (host.cgroups().version() == 2) {
      ns.add(new OciSpec.Namespace("cgroup", null)); // Docker's default cgroupns is private on v2
    }
    return ns;
  }

  private static OciSpec.Capabilities capabilities(List<String> caps) {
    return new OciSpec.Capabilities(caps, caps, null, caps, null);
  }

  private String apparmor(SecurityOptions security, HostConfig hc, List<String> warnings) {
    String wanted = security.apparmorProfile();
    if (wanted == null || wanted.equals("unconfined") || hc.privileged()) {
      return null;
    }
    if (!host.apparmor()) {
      // Docker, too, ignores AppArmor options on a host without AppArmor.
      warnings.add("AppArmor is not enabled on this host: profile " + wanted + " not applied");
      return null;
    }
    return wanted;
  }

  private List<OciSpec.Device> hostDevices() {
    try {
      return DeviceNodes.hostDevices(Path.of("/dev"));
    } catch (IOException e) {
      throw new IllegalStateException("list the host's devices for a privileged container: "
          + IoErrors.describe(e), e);
    }
  }

  /** Shared binds need a shared root, slave binds at least a slave one (as Docker sets it). */
  static String rootfsPropagation(List<ContainerMount> mounts) {
    String root = null;
    for (ContainerMount m : mounts) {
      String p = m.propagation();
      if (p.equals("shared") || p.equals("rshared")) {
        root = "shared";
      } else if ((p.equals("slave") || p.equals("rslave")) && root == null) {
        root = "rslave";
      }
    }
    return root;
  }

  private static List<String> withHome(List<String> env, ResolvedUser user) {
    if (EnvList.has(env, "HOME")) {
      return env;
    }
    List<String> withHome = new ArrayList<>(env);
    withHome.add("HOME=" + user.home());
    return withHome;
  }

  private static int depth(String destination) {
    return (int) destination.chars().filter(c -> c == '/').count();
  }

  private static OciSpec.DeviceRule allow(long major, long minor) {
    return new OciSpec.DeviceRule(true, "c", major, minor, "rwm");
  }
}
