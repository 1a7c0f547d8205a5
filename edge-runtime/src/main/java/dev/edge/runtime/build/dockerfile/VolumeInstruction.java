package dev.edge.runtime.build.dockerfile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;

/** {@code VOLUME ["/a", "/b"]} or {@code VOLUME /a /b}; paths expand. */
public record VolumeInstruction(@JsonIgnore int line, List<String> paths, boolean jsonForm)
    implements Instruction {
  public VolumeInstruction {
    paths = List.copyOf(paths);
  }

  @Override
  public String keyword() {
    return "VOLUME";
  }

  @Override
  public VolumeInstruction expand(ShellWords shell, Variables vars) throws InstructionException {
    List<String> out = new ArrayList<>();
    for (String path : paths) {
      if (jsonForm) {
        out.add(shell.word(path, vars));
      } else {
        out.addAll(shell.words(path, vars));
      }
    }
    for (String path : out) {
      if (path.isBlank()) {
        throw new InstructionException("VOLUME specified can not be an empty string");
      }
    }
    return new VolumeInstruction(line, out, jsonForm);
  }
}
