package dev.edge.runtime.build.context;

import java.io.IOException;

/** A COPY/ADD source that the build context cannot provide, with the source and the cause. */
public class ContextSourceException extends IOException {
  private static final long serialVersionUID = 1L;
  private final String source;

  public ContextSourceException(String source, String reason) {
    super("source " + source + ": " + reason);
    this.source = source;
  }

  public String source() {
    return source;
  }
}
