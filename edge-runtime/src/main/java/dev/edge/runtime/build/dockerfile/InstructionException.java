package dev.edge.runtime.build.dockerfile;

/**
 * A fault in one instruction's arguments, found before its line is known (while parsing its words
 * or expanding its variables); the caller adds the file and line.
 */
public class InstructionException extends Exception {
  private static final long serialVersionUID = 1L;

  public InstructionException(String reason) {
    super(reason);
  }

  public DockerfileException at(String file, int line) {
    return new DockerfileException(file, line, getMessage());
  }
}
