package dev.edge.agent.artifacts;

import java.io.IOException;

/** An artifact that cannot be used: the server's answer, its size or its hash is not what the job declared. */
public class ArtifactException extends IOException {
  public ArtifactException(String message) {
    super(message);
  }

  public ArtifactException(String message, Throwable cause) {
    super(message, cause);
  }
}
