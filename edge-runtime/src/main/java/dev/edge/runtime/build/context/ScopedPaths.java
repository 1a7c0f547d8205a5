package dev.edge.runtime.build.context;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves a path inside an image root the way the container would see it: symbolic links in
 * its parent directories are followed, but an absolute target or {@code ..} can never leave the
 * root (Docker's FollowSymlinkInScope). The last component is not followed.
 */
public final class ScopedPaths {
  /** Linux's own limit on links followed in one lookup. */
  static final int MAX_LINKS = 40;

  private ScopedPaths() {}

  public static Path resolve(Path root, String imagePath) throws IOException {
    Deque<String> pending = new ArrayDeque<>();
    push(pending, imagePath);
    Deque<String> resolved = new ArrayDeque<>();
    int links = 0;
    while (!pending.isEmpty()) {
      String part = pending.pop();
      if (part.equals("..")) {
        resolved.pollLast();
        continue;
      }
      Path candidate = join(root, resolved).resolve(part);
      if (!pending.isEmpty() && Files.isSymbolicLink(candidate)) {
        if (++links > MAX_LINKS) {
          throw new IOException(imagePath + ": more than " + MAX_LINKS
              + " symbolic links on the way (a loop?)");
        }
        String target = Files.readSymbolicLink(candidate).toString();
        if (target.startsWith("/")) {
          resolved.clear();
        }
        push(pending, target);
        continue;
      }
      resolved.addLast(part);
    }
    return join(root, resolved);
  }

  /** As {@link #resolve}, and a link at the end is followed too, still inside {@code root}. */
  public static Path resolveFollowing(Path root, String imagePath) throws IOException {
    String current = imagePath;
    for (int i = 0; i <= MAX_LINKS; i++) {
      Path path = resolve(root, current);
      if (!Files.isSymbolicLink(path)) {
        return path;
      }
      String target = Files.readSymbolicLink(path).toString();
      String relative = root.relativize(path.getParent()).toString();
      current = target.startsWith("/") ? target : relative + "/" + target;
    }
    throw new IOException(imagePath + ": more than " + MAX_LINKS
        + " symbolic links on the way (a loop?)");
  }

  private static void push(Deque<String> pending, String path) {
    String[] parts = path.split("/");
    for (int i = parts.length - 1; i >= 0; i--) {
      if (!parts[i].isEmpty() && !parts[i].equals(".")) {
        pending.push(parts[i]);
      }
    }
  }

  private static Path join(Path root, Deque<String> parts) {
    Path out = root;
    for (String part : parts) {
      out = out.resolve(part);
    }
    return out;
  }

  public static boolean isDirectory(Path root, String imagePath) throws IOException {
    return Files.isDirectory(resolve(root, imagePath), LinkOption.NOFOLLOW_LINKS);
  }
}
