package dev.edge.runtime.build.dockerfile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Parses a Dockerfile by Docker's rules into its stages and typed instructions. */
public final class DockerfileParser {
  private DockerfileParser() {}

  public static Dockerfile parse(Path file) throws IOException, DockerfileException {
    return parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
  }

  /** {@code file} is only used in messages ("Dockerfile:7: unknown instruction: COPPY"). */
  public static Dockerfile parse(String file, String text) throws DockerfileException {
    LineReader.Result read = LineReader.read(file, text);
    if (read.lines().isEmpty()) {
      throw new DockerfileException(file, 0, "the Dockerfile cannot be empty");
    }
    InstructionParser parser = new InstructionParser(read.directives().escape());
    List<ArgInstruction> globalArgs = new ArrayList<>();
    List<Stage> stages = new ArrayList<>();
    Set<String> names = new HashSet<>();
    FromInstruction from = null;
    List<Instruction> body = new ArrayList<>();
    for (LogicalLine line : read.lines()) {
      Instruction instruction;
      try {
        instruction = parser.parse(line);
      } catch (InstructionException e) {
        throw e.at(file, line.startLine());
      }
      if (instruction instanceof FromInstruction next) {
        if (from != null) {
          stages.add(new Stage(stages.size(), from.stageName(), from, body));
          body = new ArrayList<>();
        }
        if (next.stageName() != null && !names.add(next.stageName())) {
          throw new DockerfileException(file, line.startLine(), "duplicate stage name \""
              + next.stageName() + "\"");
        }
        from = next;
      } else if (from != null) {
        body.add(instruction);
      } else if (instruction instanceof ArgInstruction arg) {
        globalArgs.add(arg);
      } else {
        throw new DockerfileException(file, line.startLine(), instruction.keyword()
            + " before the first FROM: no build stage in current context (only ARG may come"
            + " before FROM)");
      }
    }
    if (from == null) {
      throw new DockerfileException(file, 0, "the Dockerfile contains no stages to build"
          + " (no FROM)");
    }
    stages.add(new Stage(stages.size(), from.stageName(), from, body));
    return new Dockerfile(file, read.directives(), globalArgs, stages);
  }
}
