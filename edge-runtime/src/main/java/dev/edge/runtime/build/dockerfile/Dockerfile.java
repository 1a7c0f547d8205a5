package dev.edge.runtime.build.dockerfile;

import java.util.List;
import java.util.Optional;

/**
 * A parsed Dockerfile: its directives, the ARGs before the first FROM (the global scope, visible
 * to FROM lines and re-declarable inside stages) and its stages in file order.
 */
public record Dockerfile(String file, ParserDirectives directives, List<ArgInstruction> globalArgs,
    List<Stage> stages) {
  public Dockerfile {
    globalArgs = List.copyOf(globalArgs);
    stages = List.copyOf(stages);
  }

  public Optional<Stage> stage(String nameOrIndex) {
    return stages.stream().filter(s -> s.isCalled(nameOrIndex)).findFirst();
  }

  /** The word expander with this file's escape character. */
  public ShellWords shellWords() {
    return new ShellWords(directives.escape());
  }
}
