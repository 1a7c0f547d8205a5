package dev.edge.runtime.build.dockerfile;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** {@code CMD}: the default command, exec or shell form; never expanded here. */
public record CmdInstruction(@JsonIgnore int line, Command command) implements Instruction {
  @Override
  public String keyword() {
    return "CMD";
  }
}
