package dev.edge.cli.image;

import dev.edge.runtime.build.context.DockerIgnore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The build context as the docker CLI sends it: a tar of the directory, without what
 * {@code .dockerignore} excludes, but always with the Dockerfile and the ignore file themselves.
 */
final class ContextTar {
  /** A context bigger than this is almost always a forgotten .dockerignore. */
  static final long MAX_BYTES = 2L << 30;

  private final Path root;
  private final DockerIgnore ignore;
  private final String dockerfile;

  ContextTar(Path root, String dockerfile) throws IOException {
    this.root = root;
    this.ignore = DockerIgnore.of(root);
    this.dockerfile = dockerfile;
  }

  byte[] bytes() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out);
    return out.toByteArray();
  }

  void write(OutputStream sink) throws IOException {
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(sink)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      long[] total = {0};
      walk(tar, root, "", total);
      tar.finish();
    }
  }

  private void walk(TarArchiveOutputStream tar, Path dir, String prefix, long[] total)
      throws IOException {
    List<Path> children;
    try (Stream<Path> list = Files.list(dir)) {
      children = list.sorted().toList();
    }
    for (Path child : children) {
      String relative = prefix + child.getFileName();
      boolean directory = Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS);
      boolean kept = relative.equals(dockerfile) || relative.equals(DockerIgnore.FILE_NAME)
          || !ignore.excludes(relative);
      if (!kept && !(directory && ignore.mayReinclude(relative))) {
        continue;
      }
      TarArchiveEntry entry;
      if (Files.isSymbolicLink(child)) {
        entry = new TarArchiveEntry(relative, TarArchiveEntry.LF_SYMLINK);
        entry.setLinkName(Files.readSymbolicLink(child).toString());
      } else {
        entry = new TarArchiveEntry(child.toFile(), relative);
      }
      entry.setModTime(Files.getLastModifiedTime(child, LinkOption.NOFOLLOW_LINKS).toMillis());
      if (kept) {
        tar.putArchiveEntry(entry);
        if (entry.isFile()) {
          total[0] += entry.getSize();
          if (total[0] > MAX_BYTES) {
            throw new IOException("the build context " + root + " is over " + (MAX_BYTES >> 30)
                + " GiB; leave large files out with .dockerignore");
          }
          Files.copy(child, tar);
        }
        tar.closeArchiveEntry();
      }
      if (directory) {
        walk(tar, child, relative + "/", total);
      }
    }
  }
}
