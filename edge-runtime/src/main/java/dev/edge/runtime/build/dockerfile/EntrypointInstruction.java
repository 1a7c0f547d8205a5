package dev.edge.runtime.build.dockerfile;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** {@code ENTRYPOINT}: exec or shell form; never expanded here. */
public record EntrypointInstruction(@JsonIgnore int line, Command command) implements Instruction {
  @Override
  public String keyword() {
    return "ENTRYPOINT";
  }
}
