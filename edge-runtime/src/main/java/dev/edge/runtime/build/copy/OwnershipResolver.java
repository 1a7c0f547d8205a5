package dev.edge.runtime.build.copy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Resolves {@code --chown=USER[:GROUP]} as Docker does: numbers are taken as they are, names are
 * looked up in the image's {@code /etc/passwd} and {@code /etc/group}, and a missing group means
 * the group of the same name (or number) as the user.
 */
public final class OwnershipResolver {
  private final Path passwd;
  private final Path group;

  /** The image's passwd and group files; either may be absent (then only numbers resolve). */
  public OwnershipResolver(Path passwd, Path group) {
    this.passwd = passwd;
    this.group = group;
  }

  /** The resolver for an image whose root file system is at {@code rootfs}. */
  public static OwnershipResolver forRoot(Path rootfs) {
    return new OwnershipResolver(rootfs.resolve("etc/passwd"), rootfs.resolve("etc/group"));
  }

  /** @param chown the expanded {@code --chown} value, or null for root */
  public Ownership resolve(String chown) throws IOException {
    if (chown == null) {
      return Ownership.ROOT;
    }
    String[] parts = chown.split(":", -1);
    if (parts.length > 2 || parts[0].isEmpty()) {
      throw new IllegalArgumentException("invalid --chown=" + chown + " (USER[:GROUP])");
    }
    String user = parts[0];
    String grp = parts.length == 2 ? parts[1] : parts[0];
    return new Ownership(lookup(user, passwd, "user", chown), lookup(grp, group, "group", chown));
  }

  private static int lookup(String name, Path file, String kind, String chown)
      throws IOException {
    if (name.matches("\\d+")) {
      try {
        return Integer.parseInt(name);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--chown=" + chown + ": " + kind + " id " + name
            + " is too large", e);
      }
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("--chown=" + chown + ": can't find " + kind + " "
          + name + ": the image has no " + file.getFileName() + " file");
    }
    for (String line : lines) {
      String[] fields = line.split(":", -1);
      if (fields.length >= 3 && fields[0].equals(name) && fields[2].matches("\\d+")) {
        return Integer.parseInt(fields[2]);
      }
    }
    throw new IllegalArgumentException("--chown=" + chown + ": can't find " + kind + " "
        + name + ": no matching entries in " + file.getFileName() + " file");
  }
}
