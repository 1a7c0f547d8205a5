package dev.edge.runtime.store;

/** A removal Docker would refuse without force (HTTP 409), with Docker's wording. */
public class ImageConflictException extends RuntimeException {
  public ImageConflictException(String message) {
    super(message);
  }
}
