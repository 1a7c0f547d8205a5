package dev.edge.runtime.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a path as a process chrooted into a container's root would: symbolic links are
 * followed, but an absolute target starts again at the root and {@code ..} stops there, so
 * an image's links can never lead the daemon to a host file.
 */
public final class RootPath {
  /** The most links followed in one resolution, as securejoin allows; beyond it is a loop. */
  public static final int MAX_LINKS = 255;

  private RootPath() {}

  /**
   * The host path that {@code pathInContainer} names inside {@code root}. Components that do
   * not exist are kept as given; every component that does exist is not a link.
   *
   * @throws IOException for a link loop or an unreadable link
   */
  public static Path resolve(Path root, String pathInContainer) throws IOException {
    Deque<String> pending = new ArrayDeque<>(split(pathInContainer));
    List<String> done = new ArrayList<>();
    int links = 0;
    while (!pending.isEmpty()) {
      String part = pending.removeFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!done.isEmpty()) {
          done.remove(done.size() - 1);
        }
        continue;
      }
      Path candidate = join(root, done).resolve(part);
      if (!Files.isSymbolicLink(candidate)) {
        done.add(part);
        continue;
      }
      if (++links > MAX_LINKS) {
        throw new IOException("resolve " + pathInContainer + " in " + root
            + ": too many levels of symbolic links");
      }
      String target = Files.readSymbolicLink(candidate).toString();
      if (target.startsWith("/")) {
        done.clear();
      }
      List<String> parts = split(target);
      for (int i = parts.size() - 1; i >= 0; i--) {
        pending.addFirst(parts.get(i));
      }
    }
    return join(root, done);
  }

  /** Whether the resolved path exists as a directory, without following a final link. */
  public static boolean isDirectory(Path resolved) {
    return Files.isDirectory(resolved, LinkOption.NOFOLLOW_LINKS);
  }

  private static Path join(Path root, List<String> parts) {
    Path p = root;
    for (String part : parts) {
      p = p.resolve(part);
    }
    return p;
  }

  private static List<String> split(String path) {
    List<String> parts = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        parts.add(s);
      }
    }
    return parts;
  }
}
