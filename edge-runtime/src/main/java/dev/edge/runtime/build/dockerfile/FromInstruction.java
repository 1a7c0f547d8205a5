package dev.edge.runtime.build.dockerfile;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * {@code FROM [--platform=P] IMAGE [AS NAME]}. The image and platform expand with the global
 * ARGs (those before the first FROM) only; the stage name never expands and is lower case.
 */
public record FromInstruction(@JsonIgnore int line, String image, String platform,
    String stageName) implements Instruction {
  public static final String SCRATCH = "scratch";

  @Override
  public String keyword() {
    return "FROM";
  }

  @Override
  public FromInstruction expand(ShellWords shell, Variables vars) throws InstructionException {
    String expanded = shell.word(image, vars);
    if (expanded.isEmpty()) {
      throw new InstructionException("base name (" + image + ") should not be blank");
    }
    return new FromInstruction(line, expanded,
        platform == null ? null : shell.word(platform, vars), stageName);
  }
}
