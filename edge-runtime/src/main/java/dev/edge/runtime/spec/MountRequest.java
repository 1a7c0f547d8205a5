package dev.edge.runtime.spec;

/**
 * A user mount as asked for, checked for form but not yet resolved: {@code source} is a host
 * path for binds, a volume name (empty for an anonymous one) for volumes, unused for tmpfs.
 */
record MountRequest(
    ContainerMount.Type type,
    String source,
    String destination,
    boolean readOnly,
    String mode,
    String propagation,
    boolean noCopy,
    String tmpfsData) {}
