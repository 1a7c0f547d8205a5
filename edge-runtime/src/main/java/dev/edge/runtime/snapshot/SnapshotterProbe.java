package dev.edge.runtime.snapshot;

import dev.edge.runtime.fs.FileTrees;
import dev.edge.runtime.unpack.Posix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the snapshotter by trying the real thing on the store's own file system: make a 0/0
 * whiteout device and an opaque xattr, mount an overlay over them and check that both hide what
 * they should. Anything short of that falls back to copies.
 */
public final class SnapshotterProbe {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotterProbe.class);

  /** The chosen snapshotter and why. */
  public record Choice(Snapshotter snapshotter, String reason) {}

  private SnapshotterProbe() {}

  /** The snapshotter names {@link #named} takes. */
  public static final java.util.List<String> NAMES = java.util.List.of(OverlaySnapshotter.NAME,
      NativeSnapshotter.NAME);

  /**
   * The snapshotter called {@code name} (one of {@link #NAMES}), without a probe: the caller
   * already knows, because it probed before (in the JVM that execs the daemon's) or was told.
   */
  public static Snapshotter named(Path snapshots, String name) throws IOException {
    return switch (name) {
      case OverlaySnapshotter.NAME -> new OverlaySnapshotter(snapshots);
      case NativeSnapshotter.NAME -> new NativeSnapshotter(snapshots);
      default -> throw new IllegalArgumentException("storage driver " + name + ": use one of "
          + String.join(", ", NAMES));
    };
  }

  /** @param snapshots the snapshots directory, normally {@code ROOT/snapshots} */
  public static Choice choose(Path snapshots) throws IOException {
    String refusal = overlayRefusal(snapshots);
    Choice choice = refusal == null
        ? new Choice(new OverlaySnapshotter(snapshots), "overlayfs whiteouts work on "
            + snapshots)
        : new Choice(new NativeSnapshotter(snapshots), "overlayfs unusable (" + refusal
            + "); using copies");
    LOG.info("snapshotter: {}: {}", choice.snapshotter().name(), choice.reason());
    return choice;
  }

  /** Null when overlay snapshots work in {@code snapshots}, else what failed. */
  public static String overlayRefusal(Path snapshots) throws IOException {
    Files.createDirectories(snapshots);
    Path probe = snapshots.resolve("probe-" + UUID.randomUUID());
    Path lower = probe.resolve("lower");
    Path upper = probe.resolve("upper");
    Path merged = probe.resolve("merged");
    try {
      Files.createDirectories(lower.resolve("opaque"));
      Files.writeString(lower.resolve("removed"), "lower");
      Files.writeString(lower.resolve("opaque/hidden"), "lower");
      Files.createDirectories(upper.resolve("opaque"));
      Files.createDirectories(merged);
      Posix.mknod(upper.resolve("removed"), Posix.S_IFCHR, 0);
      Posix.lsetxattr(upper.resolve("opaque"), "trusted.overlay.opaque",
          "y".getBytes(StandardCharsets.US_ASCII));
      Posix.mount("overlay", merged, "overlay", Posix.MS_RDONLY,
          "lowerdir=" + upper + ":" + lower);
      try {
        if (Files.exists(merged.resolve("removed"), LinkOption.NOFOLLOW_LINKS)) {
          return "the kernel ignored a 0/0 whiteout device";
        }
        if (Files.exists(merged.resolve("opaque/hidden"), LinkOption.NOFOLLOW_LINKS)) {
          return "the kernel ignored trusted.overlay.opaque";
        }
      } finally {
        Posix.unmountDetached(merged);
      }
      return null;
    } catch (IOException e) {
      return e.getMessage();
    } finally {
      FileTrees.delete(probe);
    }
  }
}
