package dev.edge.runtime.network;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The transport of a published port, spelled as Docker and CNI's portmap spell it. */
public enum Protocol {
  TCP,
  UDP;

  /** Parses {@code tcp} or {@code udp} in any case; null (no protocol given) is tcp. */
  @JsonCreator
  public static Protocol parse(String name) {
    if (name == null) {
      return TCP;
    }
    switch (name.toLowerCase(Locale.ROOT)) {
      case "tcp":
        return TCP;
      case "udp":
        return UDP;
      default:
        throw new IllegalArgumentException(
            "invalid protocol " + name + ": published ports are tcp or udp");
    }
  }

  @JsonValue
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
