package dev.edge.runtime.build.copy;

import dev.edge.runtime.build.context.ContextEntry;
import dev.edge.runtime.build.dockerfile.Heredoc;

/**
 * One thing a COPY/ADD writes: {@code path} is absolute and clean inside the image; the content
 * comes from a context {@code entry} or, for {@code COPY <<EOF}, from a {@code heredoc}.
 */
public record CopyTarget(String path, ContextEntry entry, Heredoc heredoc) {
  public static CopyTarget of(String path, ContextEntry entry) {
    return new CopyTarget(path, entry, null);
  }

  public static CopyTarget of(String path, Heredoc heredoc) {
    return new CopyTarget(path, null, heredoc);
  }
}
