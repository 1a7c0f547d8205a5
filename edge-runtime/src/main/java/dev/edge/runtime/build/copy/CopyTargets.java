package dev.edge.runtime.build.copy;

import dev.edge.runtime.build.context.ContextEntry;
import dev.edge.runtime.build.context.ContextPaths;
import dev.edge.runtime.build.context.SourceRoot;
import dev.edge.runtime.build.dockerfile.Heredoc;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where COPY/ADD put each source, by Docker's rules: a relative destination is under WORKDIR; a
 * destination ending in {@code /} (or an existing directory) receives files by their names and
 * directories' contents; otherwise a single file becomes the destination itself. Several sources
 * need a directory destination.
 */
public final class CopyTargets {
  private CopyTargets() {}

  /**
   * @param destination the expanded destination as written
   * @param workdir the stage's WORKDIR (absolute; "/" when unset)
   * @param isDirectoryInImage whether a clean absolute path is a directory in the image so far
   */
  public static List<CopyTarget> resolve(String keyword, String destination, String workdir,
      List<SourceRoot> roots, List<Heredoc> heredocs, Predicate<String> isDirectoryInImage) {
    String absolute = destination.startsWith("/") ? destination
        : (workdir.endsWith("/") ? workdir : workdir + "/") + destination;
    String clean = "/" + ContextPaths.clean(absolute.replaceFirst("^/+", ""));
    boolean endsAsDir = destination.endsWith("/") || destination.equals(".")
        || destination.endsWith("/.");
    boolean toDirectory = endsAsDir || isDirectoryInImage.test(clean);
    int count = roots.size() + heredocs.size();
    if (count > 1 && !toDirectory) {
      throw new IllegalArgumentException("When using " + keyword + " with more than one source"
          + " file, the destination must be a directory and end with a / (" + destination + ")");
    }
    List<CopyTarget> out = new ArrayList<>();
    for (SourceRoot root : roots) {
      if (root.directory()) {
        for (ContextEntry entry : root.entries()) {
          out.add(CopyTarget.of(join(clean, entry.relative()), entry));
        }
      } else {
        String path = toDirectory ? join(clean, root.baseName()) : clean;
        out.add(CopyTarget.of(path, root.entries().get(0)));
      }
    }
    for (Heredoc doc : heredocs) {
      out.add(CopyTarget.of(toDirectory ? join(clean, doc.name()) : clean, doc));
    }
    return out;
  }

  private static String join(String dir, String relative) {
    if (relative.isEmpty()) {
      return dir;
    }
    return dir.equals("/") ? "/" + relative : dir + "/" + relative;
  }
}
