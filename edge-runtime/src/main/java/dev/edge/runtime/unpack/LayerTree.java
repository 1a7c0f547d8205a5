package dev.edge.runtime.unpack;

import dev.edge.runtime.fs.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * The target directory of one layer, addressed by clean relative paths. Every parent is checked to
 * be a real directory (never a symlink), so no write, delete or link can land outside the root.
 */
final class LayerTree {
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
  private final Path root;
  /** Directories already checked; saves an lstat per component per entry on deep trees. */
  private final Set<String> knownDirectories = new HashSet<>();
  /** Only for {@link Whiteouts#DELETE}: what this layer wrote, which its own whiteouts spare. */
  private final Set<String> written;

  LayerTree(Path root, boolean trackWritten) {
    this.root = root;
    this.written = trackWritten ? new HashSet<>() : null;
    knownDirectories.add("");
  }

  Path root() {
    return root;
  }

  Path resolve(String clean) {
    return clean.isEmpty() ? root : root.resolve(clean);
  }

  /** Attributes of the path itself (not a link's target), or null if nothing is there. */
  BasicFileAttributes lstat(String clean) throws IOException {
    try {
      return Files.readAttributes(resolve(clean), BasicFileAttributes.class, NOFOLLOW);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Creates missing parents of {@code clean} as directories; refuses symlinked or file parents. */
  Path prepareParent(String entry, String clean) throws IOException {
    String parent = EntryNames.parentOf(clean);
    walkParents(entry, parent, true);
    return resolve(parent);
  }

  /** True when every parent exists as a real directory; false when one is missing. */
  boolean parentsExist(String entry, String clean) throws IOException {
    return walkParents(entry, EntryNames.parentOf(clean), false);
  }

  private boolean walkParents(String entry, String directory, boolean create) throws IOException {
    if (knownDirectories.contains(directory)) {
      return true;
    }
    int from = 0;
    while (from <= directory.length()) {
      int slash = directory.indexOf('/', from);
      int end = slash < 0 ? directory.length() : slash;
      String prefix = directory.substring(0, end);
      from = end + 1;
      if (knownDirectories.contains(prefix)) {
        continue;
      }
      BasicFileAttributes attrs = lstat(prefix);
      if (attrs == null) {
        if (!create) {
          return false;
        }
        Files.createDirectory(resolve(prefix));
        markWritten(prefix);
      } else if (attrs.isSymbolicLink()) {
        throw new LayerRefusedException(entry, "parent directory " + prefix
            + " is a symlink; writing through it could escape the layer root");
      } else if (!attrs.isDirectory()) {
        throw new LayerRefusedException(entry, "parent " + prefix + " is not a directory");
      }
      knownDirectories.add(prefix);
    }
    return true;
  }

  /** Clears the way for a new entry; an existing directory stays when a directory replaces it. */
  void removeForReplacement(String clean, boolean replacementIsDirectory) throws IOException {
    BasicFileAttributes attrs = lstat(clean);
    if (attrs == null || (attrs.isDirectory() && replacementIsDirectory)) {
      return;
    }
    removeExisting(clean, attrs);
  }

  /** Deletes whatever is at {@code clean}, recursively and without following links. */
  void remove(String clean) throws IOException {
    BasicFileAttributes attrs = lstat(clean);
    if (attrs != null) {
      removeExisting(clean, attrs);
    }
  }

  private void removeExisting(String clean, BasicFileAttributes attrs) throws IOException {
    if (attrs.isDirectory()) {
      FileTrees.delete(resolve(clean));
      knownDirectories.clear();
      knownDirectories.add("");
    } else {
      Files.delete(resolve(clean));
    }
  }

  void markDirectory(String clean) {
    knownDirectories.add(clean);
  }

  void markWritten(String clean) {
    if (written != null) {
      written.add(clean);
    }
  }

  boolean wasWritten(String clean) {
    return written != null && written.contains(clean);
  }
}
