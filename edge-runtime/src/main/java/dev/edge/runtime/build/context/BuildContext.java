package dev.edge.runtime.build.context;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A build context directory as COPY and ADD see it: paths relative to its root, nothing outside
 * it, nothing {@code .dockerignore} excludes. Selects what a source (a path or a wildcard) names.
 */
public final class BuildContext {
  private final Path root;
  private final DockerIgnore ignore;

  public BuildContext(Path root, DockerIgnore ignore) {
    this.root = root.toAbsolutePath().normalize();
    this.ignore = ignore;
  }

  /** The context at {@code root} with the rules of its own {@code .dockerignore}. */
  public static BuildContext open(Path root) throws IOException {
    return new BuildContext(root, DockerIgnore.of(root));
  }

  public Path root() {
    return root;
  }

  public DockerIgnore ignore() {
    return ignore;
  }

  /**
   * What {@code source} names, with every entry under it.
   *
   * @throws ContextSourceException when the source leaves the context, does not exist, is
   *     excluded, or is a wildcard matching nothing
   */
  public List<SourceRoot> select(String source) throws IOException {
    String clean = ContextPaths.clean(source);
    if (clean == null) {
      throw new ContextSourceException(source, "outside the build context (a source cannot"
          + " climb above the context root " + root + ")");
    }
    if (PathPattern.hasWildcard(clean)) {
      return selectWildcard(source, clean);
    }
    if (ignore.excludes(clean)) {
      throw new ContextSourceException(source, "excluded by .dockerignore");
    }
    // Links are resolved inside the root: an absolute link means the root's path, not the
    // host's (this matters for COPY --from, whose root is a stage's file system).
    Path path = ScopedPaths.resolveFollowing(root, clean);
    FileStat stat;
    try {
      stat = FileStat.of(path);
    } catch (NoSuchFileException e) {
      throw new ContextSourceException(source, "file not found in build context " + root
          + (path.equals(root.resolve(clean)) ? "" : " (it resolves to " + path + ")"));
    }
    return List.of(root(source, clean, path, stat));
  }

  private SourceRoot root(String source, String clean, Path path, FileStat stat)
      throws IOException {
    List<ContextEntry> entries = new ArrayList<>();
    entries.add(new ContextEntry("", path, stat));
    if (stat.isDirectory()) {
      collect(clean, path, "", entries);
    }
    return new SourceRoot(source, clean, stat.isDirectory(), entries);
  }

  private void collect(String contextDir, Path dir, String relativeDir, List<ContextEntry> out)
      throws IOException {
    for (String name : sortedNames(dir)) {
      String contextPath = contextDir.isEmpty() ? name : contextDir + "/" + name;
      String relative = relativeDir.isEmpty() ? name : relativeDir + "/" + name;
      Path path = dir.resolve(name);
      FileStat stat = FileStat.of(path);
      boolean excluded = ignore.excludes(contextPath);
      if (!excluded) {
        out.add(new ContextEntry(relative, path, stat));
      }
      if (stat.isDirectory() && (!excluded || ignore.mayReinclude(contextPath))) {
        collect(contextPath, path, relative, out);
      }
    }
  }

  private List<SourceRoot> selectWildcard(String source, String pattern) throws IOException {
    PathPattern compiled;
    try {
      compiled = PathPattern.compile(pattern);
    } catch (IllegalArgumentException e) {
      throw new ContextSourceException(source, e.getMessage());
    }
    int depth = pattern.contains("**") ? Integer.MAX_VALUE : pattern.split("/").length;
    List<SourceRoot> roots = new ArrayList<>();
    match(source, compiled, depth, "", root, 1, roots);
    if (roots.isEmpty()) {
      throw new ContextSourceException(source, "no source files were specified (the pattern"
          + " matches nothing in the build context, or only what .dockerignore excludes)");
    }
    return roots;
  }

  private void match(String source, PathPattern pattern, int maxDepth, String contextDir,
      Path dir, int depth, List<SourceRoot> out) throws IOException {
    for (String name : sortedNames(dir)) {
      String contextPath = contextDir.isEmpty() ? name : contextDir + "/" + name;
      Path path = dir.resolve(name);
      boolean excluded = ignore.excludes(contextPath);
      FileStat stat = FileStat.of(path);
      if (!excluded && pattern.matches(contextPath)) {
        out.add(root(source, contextPath, path, stat));
      } else if (stat.isDirectory() && depth < maxDepth
          && (!excluded || ignore.mayReinclude(contextPath))) {
        match(source, pattern, maxDepth, contextPath, path, depth + 1, out);
      }
    }
  }

  private static List<String> sortedNames(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        names.add(child.getFileName().toString());
      }
    }
    names.sort(null);
    return names;
  }
}
