package dev.edge.runtime.registry;

import dev.edge.runtime.image.Platform;
import java.io.IOException;
import java.util.List;

/** An index has no manifest for the wanted platform; the message lists those it has. */
public class NoMatchingPlatformException extends IOException {
  private final Platform wanted;
  private final List<Platform> available;

  public NoMatchingPlatformException(Platform wanted, List<Platform> available) {
    super("no matching manifest for " + wanted + " in the manifest list entries (available: "
        + (available.isEmpty() ? "none"
            : String.join(", ", available.stream().map(Platform::toString).toList())) + ")");
    this.wanted = wanted;
    this.available = List.copyOf(available);
  }

  public Platform wanted() {
    return wanted;
  }

  public List<Platform> available() {
    return available;
  }
}
