package dev.edge.runtime.build.copy;

import dev.edge.runtime.build.context.ScopedPaths;
import dev.edge.runtime.unpack.Posix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * WORKDIR's file-system side: the directory is created when missing (0755, owned by the stage's
 * USER as BuildKit does), which makes WORKDIR a layer only then.
 */
public final class Workdirs {
  private Workdirs() {}

  /** Creates {@code dir} (absolute, clean) and its parents in {@code root}; true if it did. */
  public static boolean create(Path root, String dir, Ownership owner) throws IOException {
    boolean created = false;
    StringBuilder current = new StringBuilder();
    for (String part : dir.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      current.append('/').append(part);
      Path path = ScopedPaths.resolve(root, current.toString());
      if (Files.isDirectory(path)) {
        continue;
      }
      if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException("WORKDIR " + dir + ": " + current + " is not a directory");
      }
      Files.createDirectory(path);
      Posix.lchown(path, owner.uid(), owner.gid());
      Posix.chmod(path, CopyStager.NEW_DIRECTORY_MODE);
      created = true;
    }
    return created;
  }
}
