package dev.edge.runtime.spec;

import dev.edge.runtime.container.HostConfig;
import dev.edge.runtime.fs.IoErrors;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Host device nodes as containers get them: {@code --device} (a node, a link to one, or a
 * directory of them, as Docker allows) and, for a privileged container, all of {@code /dev}.
 */
public final class DeviceNodes {
  static final int S_IFMT = 0170000;
  static final int S_IFCHR = 0020000;
  static final int S_IFBLK = 0060000;
  static final int S_IFIFO = 0010000;
  /** Permission bits, with setuid/setgid/sticky, as runc's fileMode carries them. */
  static final int PERMISSION_BITS = 07777;
  /** What containerd's HostDevices leaves out of a privileged container's /dev. */
  static final Set<String> PRIVILEGED_SKIPPED_DIRS =
      Set.of("pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts", ".udev");
  static final String DEFAULT_PERMISSIONS = "rwm";
  static final String DEVPTS = "devpts";

  private DeviceNodes() {}

  /**
   * One device given to a container: the node to create and the cgroup rule to allow it (none
   * for a FIFO, which the devices cgroup does not govern). A pseudo-terminal cannot be made
   * again with mknod: the kernel opens a pty slave only through its own devpts (another node
   * with the same numbers fails with EIO), so {@code bindSource} names the host node to
   * bind-mount instead.
   */
  public record Grant(OciSpec.Device device, OciSpec.DeviceRule rule, String bindSource) {
    /** The bind mount that stands in for the node, when it must. */
    public OciSpec.Mount bindMount() {
      return new OciSpec.Mount(device.path(), "bind", bindSource, List.of("rbind", "rprivate"));
    }
  }

  /**
   * The devices a {@code --device} mapping gives.
   *
   * @throws ContainerSpecException when the host path is missing or holds no device
   */
  public static List<Grant> fromMapping(HostConfig.DeviceMapping mapping) {
    String onHost = mapping.pathOnHost();
    if (onHost == null || onHost.isEmpty() || !onHost.startsWith("/")) {
      throw new ContainerSpecException("invalid device \"" + onHost + "\": the host path must"
          + " be absolute");
    }
    String inContainer = mapping.pathInContainer() == null || mapping.pathInContainer()
        .isEmpty() ? onHost : mapping.pathInContainer();
    if (!inContainer.startsWith("/")) {
      throw new ContainerSpecException("invalid device \"" + onHost + ":" + inContainer
          + "\": the path in the container must be absolute");
    }
    String access = mapping.cgroupPermissions() == null || mapping.cgroupPermissions()
        .isEmpty() ? DEFAULT_PERMISSIONS : mapping.cgroupPermissions();
    if (!access.matches("[rwm]{1,3}")) {
      throw new ContainerSpecException("invalid device cgroup permissions \"" + access
          + "\" for " + onHost + ": only r, w and m are allowed");
    }
    Path host = Path.of(onHost);
    try {
      Path resolved = host.toRealPath(); // Docker follows a link such as /dev/serial/by-id/…
      OciSpec.Device node = node(resolved, inContainer);
      if (node != null) {
        return List.of(grant(node, access, resolved));
      }
      if (!Files.isDirectory(resolved)) {
        throw new ContainerSpecException("error gathering device information while adding"
            + " custom device \"" + onHost + "\": not a device node");
      }
      List<Grant> grants = new ArrayList<>();
      for (Map.Entry<Path, OciSpec.Device> e : walk(resolved, Set.of()).entrySet()) {
        String inside = inContainer + "/" + resolved.relativize(e.getKey());
        grants.add(grant(withPath(e.getValue(), inside), access, e.getKey()));
      }
      if (grants.isEmpty()) {
        throw new ContainerSpecException("error gathering device information while adding"
            + " custom device \"" + onHost + "\": no device nodes in the directory");
      }
      return grants;
    } catch (NoSuchFileException e) {
      throw new ContainerSpecException("error gathering device information while adding"
          + " custom device \"" + onHost + "\": no such file or directory", e);
    } catch (IOException e) {
      throw new ContainerSpecException("error gathering device information while adding"
          + " custom device \"" + onHost + "\": " + IoErrors.describe(e), e);
    }
  }

  /** Every device node under the host's {@code /dev}, for a privileged container. */
  public static List<OciSpec.Device> hostDevices(Path dev) throws IOException {
    List<OciSpec.Device> all = new ArrayList<>();
    for (Map.Entry<Path, OciSpec.Device> e : walk(dev, PRIVILEGED_SKIPPED_DIRS).entrySet()) {
      if (!e.getKey().getFileName().toString().equals("console")) {
        all.add(withPath(e.getValue(), "/dev/" + dev.relativize(e.getKey())));
      }
    }
    return all;
  }

  /** The node at {@code host}, named {@code inContainer}; null when it is not a device. */
  static OciSpec.Device node(Path host, String inContainer) throws IOException {
    Map<String, Object> a = Files.readAttributes(host, "unix:mode,rdev,uid,gid",
        LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) a.get("mode");
    String type = switch (mode & S_IFMT) {
      case S_IFCHR -> "c";
      case S_IFBLK -> "b";
      case S_IFIFO -> "p";
      default -> null;
    };
    if (type == null) {
      return null;
    }
    long rdev = (Long) a.get("rdev");
    return new OciSpec.Device(inContainer, type, major(rdev), minor(rdev),
        mode & PERMISSION_BITS, ((Integer) a.get("uid")).longValue(),
        ((Integer) a.get("gid")).longValue());
  }

  /** glibc's gnu_dev_major: 12 bits in the low word, the rest in the high word. */
  static long major(long rdev) {
    return ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
  }

  static long minor(long rdev) {
    return (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
  }

  private static Grant grant(OciSpec.Device d, String access, Path host) throws IOException {
    return new Grant(d, d.type().equals("p") ? null
        : new OciSpec.DeviceRule(true, d.type(), d.major(), d.minor(), access),
        DEVPTS.equals(Files.getFileStore(host).type()) ? host.toString() : null);
  }

  private static OciSpec.Device withPath(OciSpec.Device d, String path) {
    return new OciSpec.Device(path, d.type(), d.major(), d.minor(), d.fileMode(), d.uid(),
        d.gid());
  }

  private static Map<Path, OciSpec.Device> walk(Path top, Set<String> skippedDirs)
      throws IOException {
    Map<Path, OciSpec.Device> found = new java.util.TreeMap<>();
    Files.walkFileTree(top, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        return !dir.equals(top) && skippedDirs.contains(dir.getFileName().toString())
            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isOther()) {
          OciSpec.Device d = node(file, file.toString());
          if (d != null) {
            found.put(file, d);
          }
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE; // a node that vanished mid-walk is simply not given
      }
    });
    return found;
  }
}
