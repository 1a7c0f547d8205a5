package dev.edge.runtime.spec;

import java.util.List;

/**
 * The runtime configuration built for a container, the identity its process runs with, and
 * the warnings Docker would return from create for limits that had to be dropped.
 */
public record ContainerSpec(OciSpec spec, ResolvedUser user, List<String> warnings) {
  public ContainerSpec {
    warnings = List.copyOf(warnings);
  }
}
