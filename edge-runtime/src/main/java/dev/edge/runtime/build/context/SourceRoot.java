package dev.edge.runtime.build.context;

import java.util.List;

/**
 * One thing a COPY/ADD source names: a file (copied by its name) or a directory (its contents
 * copied), with the entries under it in path order, the root first. A wildcard source gives one
 * root per match.
 */
public record SourceRoot(String source, String contextPath, boolean directory,
    List<ContextEntry> entries) {
  public SourceRoot {
    entries = List.copyOf(entries);
  }

  /** The file name a file root gets under a directory destination. */
  public String baseName() {
    int slash = contextPath.lastIndexOf('/');
    return slash < 0 ? contextPath : contextPath.substring(slash + 1);
  }
}
