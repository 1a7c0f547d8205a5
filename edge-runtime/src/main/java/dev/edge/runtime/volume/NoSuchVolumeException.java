package dev.edge.runtime.volume;

/** A volume name that the store does not hold (404 in the API). */
public class NoSuchVolumeException extends RuntimeException {
  public NoSuchVolumeException(String name) {
    super("get " + name + ": no such volume");
  }
}
