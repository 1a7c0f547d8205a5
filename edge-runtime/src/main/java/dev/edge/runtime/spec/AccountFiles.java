package dev.edge.runtime.spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An image's {@code /etc/passwd} and {@code /etc/group}, read from its root file system
 * without following links out of it, and bounded in size: they come from the image.
 */
public final class AccountFiles {
  public static final String PASSWD = "/etc/passwd";
  public static final String GROUP = "/etc/group";
  /** Far above any real account database; an image cannot make the daemon read more. */
  public static final int MAX_BYTES = 4 * 1024 * 1024;

  private AccountFiles() {}

  /** One {@code /etc/passwd} line. */
  public record PasswdEntry(String name, long uid, long gid, String home) {}

  /** One {@code /etc/group} line. */
  public record GroupEntry(String name, long gid, List<String> members) {}

  /** The entries, or empty when the image has no such file. */
  public static Optional<List<PasswdEntry>> passwd(Path rootfs) throws IOException {
    return read(rootfs, PASSWD).map(AccountFiles::parsePasswd);
  }

  public static Optional<List<GroupEntry>> group(Path rootfs) throws IOException {
    return read(rootfs, GROUP).map(AccountFiles::parseGroup);
  }

  static List<PasswdEntry> parsePasswd(String text) {
    List<PasswdEntry> entries = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] f = fields(line, 7);
      if (f == null) {
        continue;
      }
      Long uid = id(f[2]);
      Long gid = id(f[3]);
      // A line whose ids do not parse is skipped, never read as 0 (root).
      if (uid != null && gid != null) {
        entries.add(new PasswdEntry(f[0], uid, gid, f[5]));
      }
    }
    return entries;
  }

  static List<GroupEntry> parseGroup(String text) {
    List<GroupEntry> entries = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] f = fields(line, 4);
      if (f == null) {
        continue;
      }
      Long gid = id(f[2]);
      if (gid != null) {
        List<String> members = f[3].isEmpty() ? List.of()
            : Arrays.stream(f[3].split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .toList();
        entries.add(new GroupEntry(f[0], gid, members));
      }
    }
    return entries;
  }

  /** The numeric id, or null when {@code s} is not a valid one (0 to 2^31-1, as runc allows). */
  static Long id(String s) {
    if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(Character::isDigit)) {
      return null;
    }
    long v = Long.parseLong(s);
    return v <= Integer.MAX_VALUE ? v : null;
  }

  private static String[] fields(String line, int count) {
    String trimmed = line.strip();
    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
      return null;
    }
    String[] raw = trimmed.split(":", -1);
    String[] f = new String[count];
    for (int i = 0; i < count; i++) {
      f[i] = i < raw.length ? raw[i] : "";
    }
    return f;
  }

  private static Optional<String> read(Path rootfs, String file) throws IOException {
    Path resolved = RootPath.resolve(rootfs, file);
    if (!Files.exists(resolved, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(resolved, LinkOption.NOFOLLOW_LINKS)) {
      // A FIFO or device here would block or feed the daemon forever.
      throw new IOException("read " + file + " of the image: not a regular file");
    }
    // NOFOLLOW: the resolution left no link, and one planted since must not be followed.
    try (SeekableByteChannel ch = Files.newByteChannel(resolved, StandardOpenOption.READ,
        LinkOption.NOFOLLOW_LINKS); InputStream in = Channels.newInputStream(ch)) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new IOException("read " + file + " of the image: larger than " + MAX_BYTES
            + " bytes");
      }
      return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }
}
