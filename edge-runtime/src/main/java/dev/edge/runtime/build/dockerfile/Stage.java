package dev.edge.runtime.build.dockerfile;

import java.util.List;

/** One build stage: its FROM, its position, its optional name and the instructions after it. */
public record Stage(int index, String name, FromInstruction from, List<Instruction> instructions) {
  public Stage {
    instructions = List.copyOf(instructions);
  }

  /** The name a user can give to {@code --target} or {@code COPY --from}: the name or index. */
  public boolean isCalled(String nameOrIndex) {
    return nameOrIndex.equalsIgnoreCase(name) || nameOrIndex.equals(Integer.toString(index));
  }
}
