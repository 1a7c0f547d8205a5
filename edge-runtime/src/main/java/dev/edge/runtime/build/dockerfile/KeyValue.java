package dev.edge.runtime.build.dockerfile;

/** One {@code key=value} of ENV or LABEL. */
public record KeyValue(String key, String value) {}
