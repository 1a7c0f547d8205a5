package dev.edge.runtime.spec;

import dev.edge.runtime.container.HostConfig;
import dev.edge.runtime.volume.Volume;
import dev.edge.runtime.volume.VolumeStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a container's mounts as Docker does at create: {@code Binds}, {@code Mounts} and
 * {@code Tmpfs} from the request, then an anonymous volume for each image {@code VOLUME} the
 * user did not cover. Everything is checked before any volume is made; named volumes are
 * created on first use.
 */
public final class MountPlanner {
  private final VolumeStore volumes;

  public MountPlanner(VolumeStore volumes) {
    this.volumes = volumes;
  }

  /**
   * The container's user mounts, unordered (the spec builder orders them by depth).
   *
   * @param imageVolumes the merged config's {@code Volumes}
   * @throws ContainerSpecException for a malformed, relative, duplicate or missing mount
   */
  public List<ContainerMount> plan(HostConfig hc, Map<String, Object> imageVolumes)
      throws IOException {
    return plan(hc, imageVolumes, Map.of());
  }

  /**
   * As {@link #plan(HostConfig, Map)}, for a container that already has anonymous volumes (a
   * restart): {@code anonymousByDestination} maps a mount point to the volume made for it
   * before, which is used again while it exists, as Docker keeps it for the container's life.
   */
  public List<ContainerMount> plan(HostConfig hc, Map<String, Object> imageVolumes,
      Map<String, String> anonymousByDestination) throws IOException {
    Map<String, MountRequest> requested = requested(hc);
    for (String volume : imageVolumes.keySet()) {
      if (!volume.startsWith("/")) {
        continue; // an image's VOLUME that names no absolute path cannot be honoured
      }
      String dst = BindSpecs.clean(volume);
      if (!dst.equals("/") && !requested.containsKey(dst)) {
        requested.put(dst, new MountRequest(ContainerMount.Type.VOLUME, "", dst, false, "", "",
            false, null));
      }
    }
    List<ContainerMount> resolved = new ArrayList<>();
    List<String> createdAnonymous = new ArrayList<>();
    try {
      for (MountRequest m : requested.values()) {
        resolved.add(resolve(m, createdAnonymous, anonymousByDestination));
      }
    } catch (IOException | RuntimeException e) {
      for (String name : createdAnonymous) {
        try {
          volumes.remove(name, true, n -> false);
        } catch (IOException | RuntimeException cleanup) {
          e.addSuppressed(cleanup);
        }
      }
      throw e;
    }
    return resolved;
  }

  /**
   * Checks the request's mounts (syntax, paths, duplicates, bind sources) without creating
   * anything, for {@code POST /containers/create}.
   *
   * @throws ContainerSpecException for the first mount that is wrong
   */
  public static void check(HostConfig hc) {
    requested(hc);
  }

  private static Map<String, MountRequest> requested(HostConfig hc) {
    Map<String, MountRequest> requested = new LinkedHashMap<>();
    for (String bind : hc.binds()) {
      add(requested, BindSpecs.parseBind(bind));
    }
    for (HostConfig.MountSpec spec : hc.mounts()) {
      add(requested, BindSpecs.parseMount(spec));
    }
    hc.tmpfs().forEach((dst, opts) -> add(requested, BindSpecs.parseTmpfs(dst, opts)));
    return requested;
  }

  private static void add(Map<String, MountRequest> requested, MountRequest m) {
    if (requested.putIfAbsent(m.destination(), m) != null) {
      throw new ContainerSpecException("Duplicate mount point: " + m.destination());
    }
  }

  private ContainerMount resolve(MountRequest m, List<String> createdAnonymous,
      Map<String, String> anonymousByDestination) throws IOException {
    return switch (m.type()) {
      case BIND -> {
        String propagation = m.propagation().isEmpty() ? BindSpecs.DEFAULT_PROPAGATION
            : m.propagation();
        yield new ContainerMount(ContainerMount.Type.BIND, m.source(), m.destination(),
            m.readOnly(), null, m.mode(), propagation, options(m.readOnly(), propagation),
            false);
      }
      case VOLUME -> {
        Volume v;
        String earlier = anonymousByDestination.get(m.destination());
        Optional<Volume> reused = m.source().isEmpty() && earlier != null
            ? volumes.find(earlier) : Optional.empty();
        if (reused.isPresent()) {
          v = reused.get();
        } else if (m.source().isEmpty()) {
          v = volumes.createAnonymous();
          createdAnonymous.add(v.name());
        } else {
          v = volumes.ensure(m.source());
        }
        yield new ContainerMount(ContainerMount.Type.VOLUME, v.mountpoint(), m.destination(),
            m.readOnly(), v.name(), m.mode(), "", options(m.readOnly(),
                BindSpecs.DEFAULT_PROPAGATION), !m.noCopy());
      }
      case TMPFS -> new ContainerMount(ContainerMount.Type.TMPFS, "tmpfs", m.destination(),
          m.readOnly() || TmpfsOptions.withDefaults(m.tmpfsData()).contains("ro"), null, "", "",
          TmpfsOptions.withDefaults(m.tmpfsData()), false);
    };
  }

  private static List<String> options(boolean readOnly, String propagation) {
    List<String> o = new ArrayList<>();
    o.add("rbind");
    if (readOnly) {
      o.add("ro");
    }
    o.add(propagation);
    return o;
  }
}
