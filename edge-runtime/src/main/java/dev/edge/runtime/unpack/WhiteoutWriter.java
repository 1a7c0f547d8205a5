package dev.edge.runtime.unpack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** Realises {@code .wh.NAME} and {@code .wh..wh..opq} in one of the {@link Whiteouts} forms. */
final class WhiteoutWriter {
  static final String PREFIX = ".wh.";
  static final String META_PREFIX = ".wh..wh.";
  static final String OPAQUE = ".wh..wh..opq";
  static final String OVERLAY_OPAQUE_XATTR = "trusted.overlay.opaque";
  private static final byte[] YES = "y".getBytes(StandardCharsets.US_ASCII);
  /** overlayfs marks a removed name with a character device numbered 0/0. */
  private static final long WHITEOUT_DEVICE = 0;
  private final Whiteouts form;
  private final LayerTree tree;

  WhiteoutWriter(Whiteouts form, LayerTree tree) {
    this.form = form;
    this.tree = tree;
  }

  /** Hides {@code clean} of the lower layers; an entry this layer wrote itself stays. */
  void remove(String entry, String clean) throws IOException {
    if (form == Whiteouts.OVERLAY) {
      tree.prepareParent(entry, clean);
      if (tree.lstat(clean) == null) {
        Posix.mknod(tree.resolve(clean), Posix.S_IFCHR, WHITEOUT_DEVICE);
      }
    } else if (tree.parentsExist(entry, clean) && !tree.wasWritten(clean)) {
      tree.remove(clean);
    }
  }

  /** Hides every lower child of {@code directory}, whatever the marker's position in the tar. */
  void opaque(String entry, String directory) throws IOException {
    if (form == Whiteouts.OVERLAY) {
      tree.prepareParent(entry, EntryNames.child(directory, "x"));
      Posix.lsetxattr(tree.resolve(directory), OVERLAY_OPAQUE_XATTR, YES);
      return;
    }
    if (!tree.parentsExist(entry, EntryNames.child(directory, "x"))) {
      return;
    }
    Path dir = tree.resolve(directory);
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        String clean = EntryNames.child(directory, child.getFileName().toString());
        if (!tree.wasWritten(clean)) {
          tree.remove(clean);
        }
      }
    }
  }

  /** True for the whiteout device this writer creates, as opposed to any other file. */
  static boolean isOverlayWhiteout(Path path) throws IOException {
    BasicFileAttributes basic = Files.readAttributes(path, BasicFileAttributes.class,
        java.nio.file.LinkOption.NOFOLLOW_LINKS);
    if (!basic.isOther()) {
      return false;
    }
    int mode = (Integer) Files.getAttribute(path, "unix:mode",
        java.nio.file.LinkOption.NOFOLLOW_LINKS);
    long rdev = (Long) Files.getAttribute(path, "unix:rdev",
        java.nio.file.LinkOption.NOFOLLOW_LINKS);
    return (mode & 0170000) == Posix.S_IFCHR && rdev == WHITEOUT_DEVICE;
  }
}
