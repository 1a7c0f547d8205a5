package dev.edge.runtime.build.dockerfile;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** {@code ONBUILD INSTRUCTION}: stored in the config as a trigger for images built from this. */
public record OnbuildInstruction(@JsonIgnore int line, String trigger) implements Instruction {
  @Override
  public String keyword() {
    return "ONBUILD";
  }
}
