package dev.edge.runtime.spec;

import java.util.List;

/** The numeric identity a container process runs with, and its home directory. */
public record ResolvedUser(long uid, long gid, List<Long> additionalGids, String home) {
  public ResolvedUser {
    additionalGids = List.copyOf(additionalGids);
  }

  public OciSpec.User toOci() {
    return new OciSpec.User(uid, gid, additionalGids.isEmpty() ? null : additionalGids);
  }
}
