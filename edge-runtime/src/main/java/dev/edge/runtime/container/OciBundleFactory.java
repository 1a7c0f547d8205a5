package dev.edge.runtime.container;

import dev.edge.runtime.json.Json;
import dev.edge.runtime.spec.ContainerMount;
import dev.edge.runtime.spec.ContainerSpec;
import dev.edge.runtime.spec.EffectiveConfig;
import dev.edge.runtime.spec.ExecProcesses;
import dev.edge.runtime.spec.ExecRequest;
import dev.edge.runtime.spec.HostSupport;
import dev.edge.runtime.spec.MountPlanner;
import dev.edge.runtime.spec.NetworkSetup;
import dev.edge.runtime.spec.OciSpec;
import dev.edge.runtime.spec.SpecBuilder;
import dev.edge.runtime.spec.SpecInput;
import dev.edge.runtime.spec.VolumeCopyUp;
import dev.edge.runtime.volume.Volume;
import dev.edge.runtime.volume.VolumeStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link BundleFactory} of the daemon: the spec package's builder and the volume store. */
public final class OciBundleFactory implements BundleFactory {
  private static final Logger LOG = LoggerFactory.getLogger(OciBundleFactory.class);

  private final HostSupport host;
  private final SpecBuilder builder;
  private final VolumeStore volumes;
  private final MountPlanner planner;

  public OciBundleFactory(VolumeStore volumes) {
    this.host = HostSupport.detect();
    this.builder = new SpecBuilder(host);
    this.volumes = volumes;
    this.planner = new MountPlanner(volumes);
  }

  @Override
  public List<String> validate(HostConfig hostConfig) {
    return builder.validate(hostConfig);
  }

  @Override
  public List<Container.MountPoint> write(Container c, Path dir, Path rootfs) throws IOException {
    EffectiveConfig config = effective(c);
    List<ContainerMount> mounts = planner.plan(c.hostConfig(), config.volumes(),
        anonymousVolumes(c));
    VolumeCopyUp.populate(mounts, rootfs);
    ContainerSpec spec = builder.build(new SpecInput(c.id(), config, c.hostConfig(),
        rootfs.toAbsolutePath(), networkSetup(c.network()), dir, mounts));
    spec.spec().write(dir);
    List<Container.MountPoint> points = new ArrayList<>();
    for (ContainerMount m : mounts) {
      points.add(new Container.MountPoint(m.type().apiName(), m.volumeName(),
          m.type() == ContainerMount.Type.TMPFS ? "" : m.source(), m.destination(), m.mode(),
          !m.readOnly(), m.propagation()));
    }
    return points;
  }

  /** The host's namespace, one of its own, or none at all when no namespace was made for it. */
  static NetworkSetup networkSetup(Container.NetworkInfo net) {
    if (net == null || "host".equals(net.mode())) {
      return NetworkSetup.host();
    }
    if (net.netnsPath() == null || net.netnsPath().isEmpty()) {
      return NetworkSetup.none();
    }
    return NetworkSetup.namespace(net.netnsPath(), emptyToNull(net.ipAddress()),
        emptyToNull(net.gateway()));
  }

  /**
   * The anonymous volumes an earlier start made, by mount point: a restarted container keeps
   * its data, as in Docker, instead of getting a fresh volume each start.
   */
  private Map<String, String> anonymousVolumes(Container c) {
    Map<String, String> byDestination = new HashMap<>();
    for (Container.MountPoint m : c.mounts()) {
      if ("volume".equals(m.type()) && isAnonymous(m.name())) {
        byDestination.put(m.destination(), m.name());
      }
    }
    return byDestination;
  }

  @Override
  public Path writeExec(Container c, ExecConfig exec, Path dir) throws IOException {
    OciSpec container = OciSpec.read(c.bundleConfig());
    OciSpec.Process process = ExecProcesses.build(container.process(), effective(c),
        c.hostConfig(), c.rootfs(), new ExecRequest(exec.cmd(), exec.env(), exec.workingDir(),
            exec.user(), exec.tty(), exec.privileged()), host.lastCap());
    Path file = dir.resolve("process.json");
    java.nio.file.Files.write(file, Json.mapper().writeValueAsBytes(process));
    return file;
  }

  @Override
  public void releaseVolumes(Container c, boolean removeAnonymous) {
    if (!removeAnonymous) {
      return;
    }
    for (Container.MountPoint m : c.mounts()) {
      if ("volume".equals(m.type()) && isAnonymous(m.name())) {
        try {
          volumes.remove(m.name(), true, n -> false);
        } catch (IOException | RuntimeException e) {
          LOG.warn("removing anonymous volume {} of {}: {}", m.name(), c.shortId(),
              e.getMessage());
        }
      }
    }
  }

  private boolean isAnonymous(String volumeName) {
    try {
      return volumeName != null && !volumeName.isEmpty()
          && volumes.find(volumeName).map(Volume::anonymous).orElse(false);
    } catch (IOException e) {
      LOG.warn("reading volume {}: {}", volumeName, e.getMessage());
      return false;
    }
  }

  private static EffectiveConfig effective(Container c) {
    return EffectiveConfig.merge(c.config(), null, c.config().hostname());
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
