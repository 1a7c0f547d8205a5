package dev.edge.runtime.build.dockerfile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * {@code RUN [--network=default|none|host] COMMAND}, shell or exec form, with any heredocs. A
 * shell-form command that is only a heredoc ({@code RUN <<EOF}) runs the heredoc as its script.
 * Variables are the shell's business: nothing expands here.
 */
public record RunInstruction(@JsonIgnore int line, Command command, String network,
    List<Heredoc> heredocs) implements Instruction {
  public static final String NETWORK_DEFAULT = "default";

  public RunInstruction {
    heredocs = List.copyOf(heredocs);
  }

  @Override
  public String keyword() {
    return "RUN";
  }

  @Override
  public boolean changesFiles() {
    return true;
  }

  /** The script when the command is a single heredoc and nothing else, else null. */
  public String heredocScript() {
    if (heredocs.size() != 1 || !command.shellForm()) {
      return null;
    }
    String text = command.args().get(0).trim();
    return text.matches("<<-?[\"']?" + java.util.regex.Pattern.quote(heredocs.get(0).name())
        + "[\"']?") ? heredocs.get(0).content() : null;
  }
}
