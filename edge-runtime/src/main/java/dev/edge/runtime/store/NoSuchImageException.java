package dev.edge.runtime.store;

/** No image matches the name or id; Docker's wording, which clients match on (HTTP 404). */
public class NoSuchImageException extends RuntimeException {
  public NoSuchImageException(String nameOrId) {
    super("No such image: " + nameOrId);
  }
}
