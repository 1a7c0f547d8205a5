package dev.edge.runtime.build.dockerfile;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** {@code MAINTAINER NAME}: deprecated by Docker but accepted; it sets the image's author. */
public record MaintainerInstruction(@JsonIgnore int line, String name) implements Instruction {
  @Override
  public String keyword() {
    return "MAINTAINER";
  }
}
