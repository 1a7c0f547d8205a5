package dev.edge.runtime.spec;

import dev.edge.runtime.fs.IoErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Makes a container's working directory exist, as Docker does before the first start. */
public final class WorkingDirs {
  private WorkingDirs() {}

  /**
   * Creates {@code cwd} inside {@code rootfs} (resolved within the root, owned by root as
   * Docker makes it) unless it is already a directory.
   *
   * @throws ContainerSpecException when something other than a directory is in the way
   */
  public static void ensure(Path rootfs, String cwd) {
    try {
      Path resolved = RootPath.resolve(rootfs, cwd);
      if (Files.isDirectory(resolved, LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
      if (Files.exists(resolved, LinkOption.NOFOLLOW_LINKS)) {
        throw new ContainerSpecException("Cannot mkdir: " + cwd + " is not a directory");
      }
      Files.createDirectories(resolved);
    } catch (IOException e) {
      throw new ContainerSpecException("create the working directory " + cwd + ": "
          + IoErrors.describe(e), e);
    }
  }
}
