package dev.edge.runtime.store;

import dev.edge.runtime.image.Digest;
import java.nio.file.NoSuchFileException;

/** A digest that has no committed blob. */
public class BlobNotFoundException extends NoSuchFileException {
  public BlobNotFoundException(Digest digest) {
    super("blob " + digest + " is not in the content store");
  }
}
