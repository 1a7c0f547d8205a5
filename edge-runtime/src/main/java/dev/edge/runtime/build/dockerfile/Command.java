package dev.edge.runtime.build.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * A RUN, CMD, ENTRYPOINT or HEALTHCHECK command: exec form (a JSON array, run as is) or shell form
 * (one string, run by the image's SHELL).
 */
public record Command(List<String> args, boolean shellForm) {
  public Command {
    args = List.copyOf(args);
  }

  public static Command shell(String text) {
    return new Command(List.of(text), true);
  }

  public static Command exec(List<String> args) {
    return new Command(args, false);
  }

  /** The argv to run: the shell prefix plus the text for shell form, the array otherwise. */
  public List<String> argv(List<String> shell) {
    if (!shellForm) {
      return args;
    }
    List<String> argv = new ArrayList<>(shell);
    argv.add(args.get(0));
    return argv;
  }
}
