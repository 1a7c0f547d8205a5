package dev.edge.runtime.build.layer;

import dev.edge.runtime.build.context.FileStat;
import dev.edge.runtime.unpack.Posix;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Map;
import java.util.TreeMap;

/**
 * The extended attributes a layer carries, read from disk: {@code security.capability} (file
 * capabilities, which Docker keeps) and {@code user.*}. overlayfs's own {@code trusted.overlay.*}
 * and the host's {@code security.selinux} describe this machine, not the image, and stay out.
 */
final class Xattrs {
  static final String CAPABILITY = "security.capability";
  static final String OVERLAY_OPAQUE = "trusted.overlay.opaque";
  private static final String USER_PREFIX = "user.";
  /** overlayfs's own marks when mounted with userxattr (rootless): host state, not content. */
  private static final String USER_OVERLAY_PREFIX = "user.overlay.";

  private Xattrs() {}

  /** Name to raw value, sorted by name; links carry none (Linux forbids user.* on them). */
  static Map<String, byte[]> read(Path path, FileStat stat) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    if (!stat.isRegularFile() && !stat.isDirectory()) {
      return out;
    }
    byte[] capability = Posix.lgetxattr(path, CAPABILITY);
    if (capability != null) {
      out.put(CAPABILITY, capability);
    }
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(path, UserDefinedFileAttributeView.class);
    if (view == null) {
      return out;
    }
    try {
      for (String name : view.list()) {
        if ((USER_PREFIX + name).startsWith(USER_OVERLAY_PREFIX)) {
          continue;
        }
        ByteBuffer value = ByteBuffer.allocate(view.size(name));
        view.read(name, value);
        out.put(USER_PREFIX + name, value.array());
      }
    } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
      // a file system without user xattrs has none to keep
    }
    return out;
  }

  /** True for a directory overlayfs marked opaque (its lower contents are hidden). */
  static boolean isOpaque(Path dir) throws IOException {
    byte[] value = Posix.lgetxattr(dir, OVERLAY_OPAQUE);
    return value != null && value.length == 1 && value[0] == 'y';
  }
}
