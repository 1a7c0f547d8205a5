package dev.edge.runtime.volume;

/** A volume that a container still uses, so it cannot be removed (409 in the API). */
public class VolumeInUseException extends RuntimeException {
  public VolumeInUseException(String name) {
    super("remove " + name + ": volume is in use");
  }
}
