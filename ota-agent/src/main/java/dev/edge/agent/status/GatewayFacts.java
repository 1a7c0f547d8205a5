package dev.edge.agent.status;

import dev.edge.hal.board.BoardDiscovery;
import dev.edge.hal.board.BoardPort;
import dev.edge.hal.board.UsbSerialBridge;
import dev.edge.runtime.container.Container;
import dev.edge.runtime.daemon.Daemon;
import dev.edge.runtime.store.ImageIndex;
import dev.edge.runtime.store.ImageRecord;
import dev.edge.runtime.system.EdgeVersion;
import dev.edge.runtime.system.HostFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What the gateway has, as one JSON-ready map: edge's version, the machine (os, arch, kernel, uptime), image
 * tags, containers and attached boards. For the {@code gateway.status} job and the fleet agent's status topic.
 * A part that cannot be read (sysfs gone, say) leaves its list empty and says why under {@code errors}, so one
 * failing source never costs the rest of the snapshot.
 */
public final class GatewayFacts {
  /** A list of facts that may fail to be read. */
  @FunctionalInterface
  public interface Source<T> {
    T get() throws IOException;
  }

  /** A container as the status shows it; {@code state} is Docker's status word (running, exited, ...). */
  public record ContainerFact(String name, String id, String image, String state) {}

  /** An attached serial port; {@code bridge} is the known USB-serial chip, {@code byId} the stable link. */
  public record BoardFact(String port, String id, String bridge, String byId) {}

  private static final Path PROC_UPTIME = Path.of("/proc/uptime");

  private final Supplier<HostFacts> host;
  private final Source<List<String>> images;
  private final Source<List<ContainerFact>> containers;
  private final Source<List<BoardFact>> boards;

  private final Path disk;
  private final Supplier<String> runtime;

  /** From plain sources: tests, benchmarks, or an agent without a daemon (the disk of / is reported). */
  public GatewayFacts(Supplier<HostFacts> host, Source<List<String>> images, Source<List<ContainerFact>> containers,
      Source<List<BoardFact>> boards) {
    this(host, images, containers, boards, Path.of("/"), () -> null);
  }

  /**
   * @param disk a directory on the file system whose space is reported (the daemon's root)
   * @param runtime the OCI runtime containers run with, null when none
   */
  public GatewayFacts(Supplier<HostFacts> host, Source<List<String>> images, Source<List<ContainerFact>> containers,
      Source<List<BoardFact>> boards, Path disk, Supplier<String> runtime) {
    this.host = host;
    this.images = images;
    this.containers = containers;
    this.boards = boards;
    this.disk = disk;
    this.runtime = runtime;
  }

  /** The daemon's image tags and containers (none when it cannot run them), and the discovered boards. */
  public static GatewayFacts of(Daemon daemon, BoardDiscovery discovery) {
    return new GatewayFacts(daemon::host, () -> imageTags(daemon.images().index()),
        () -> daemon.containers().map(cs -> cs.store().all().stream().map(GatewayFacts::container).toList())
            .orElse(List.of()),
        () -> discovery.list().stream().map(GatewayFacts::board).toList(), daemon.root(),
        () -> daemon.containers().isPresent() ? daemon.defaultRuntime() : null);
  }

  static List<String> imageTags(ImageIndex index) {
    TreeSet<String> tags = new TreeSet<>();
    for (ImageRecord r : index.records()) {
      tags.addAll(index.repoTags(r.imageId()));
    }
    return List.copyOf(tags);
  }

  static ContainerFact container(Container c) {
    return new ContainerFact(c.name(), c.shortId(), c.imageName(), c.state().status());
  }

  static BoardFact board(BoardPort b) {
    return new BoardFact(b.port(), b.id(), b.bridge().map(UsbSerialBridge::displayName).orElse(null),
        b.byId().orElse(null));
  }

  /** A fresh snapshot; each call reads the sources again. */
  public Map<String, Object> snapshot() {
    HostFacts h = host.get();
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, String> errors = new LinkedHashMap<>();
    out.put("version", EdgeVersion.get());
    out.put("hostname", h.hostname());
    out.put("os", h.operatingSystem());
    out.put("arch", h.goArch());
    out.put("kernel", h.kernelVersion());
    hostUptime().ifPresent(s -> out.put("uptimeSeconds", s));
    ProcessHandle.current().info().startInstant().ifPresent(start -> out.put("daemonUptimeSeconds",
        Duration.between(start, Instant.now()).toSeconds()));
    out.put("cpu", MachineLoad.cpu(h.cpus()));
    MachineLoad.memory(h.memTotalBytes()).ifPresent(m -> out.put("memory", m));
    MachineLoad.disk(disk).ifPresent(d -> out.put("disk", d));
    String oci = runtime.get();
    if (oci != null) {
      out.put("runtime", oci);
    }
    out.put("images", read("images", images, errors));
    List<Map<String, Object>> cs = new ArrayList<>();
    for (ContainerFact c : read("containers", containers, errors)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", c.name());
      m.put("id", c.id());
      m.put("image", c.image());
      m.put("state", c.state());
      cs.add(m);
    }
    out.put("containers", cs);
    List<Map<String, Object>> bs = new ArrayList<>();
    for (BoardFact b : read("boards", boards, errors)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("port", b.port());
      m.put("id", b.id());
      m.put("bridge", b.bridge());
      if (b.byId() != null) {
        m.put("byId", b.byId());
      }
      bs.add(m);
    }
    out.put("boards", bs);
    if (!errors.isEmpty()) {
      out.put("errors", errors);
    }
    return out;
  }

  private static <T> List<T> read(String what, Source<List<T>> source, Map<String, String> errors) {
    try {
      return source.get();
    } catch (IOException | RuntimeException e) {
      errors.put(what, e.getMessage() == null ? e.toString() : e.getMessage());
      return List.of();
    }
  }

  /** Seconds since the machine booted, from /proc/uptime. */
  private static java.util.Optional<Long> hostUptime() {
    try {
      String first = Files.readString(PROC_UPTIME).trim().split("\\s+")[0];
      return java.util.Optional.of((long) Double.parseDouble(first));
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }
}
