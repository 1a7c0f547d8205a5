package dev.edge.runtime.build.run;

import dev.edge.runtime.build.config.StageConfig;
import dev.edge.runtime.build.dockerfile.Heredoc;
import dev.edge.runtime.build.dockerfile.RunInstruction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The process a RUN starts in a container of the image built so far: argv, environment (the
 * image's plus the build arguments in use), user, working directory and network mode; files the
 * executor must write first (a heredoc script with a {@code #!} line), path to content.
 */
public record RunStep(List<String> argv, List<String> env, String user, String workdir,
    String network, Map<String, String> files) {
  /** Where a heredoc script with its own interpreter is written in the container. */
  public static final String SCRIPT_DIR = "/dev/pipes/";

  public RunStep {
    argv = List.copyOf(argv);
    env = List.copyOf(env);
    files = Map.copyOf(files);
  }

  /**
   * @param runArgs StageScope.runArgs(): the ARGs in use and the proxy arguments; the image's
   *     environment wins over them, as in Docker
   */
  public static RunStep of(RunInstruction run, StageConfig config, Map<String, String> runArgs) {
    Map<String, String> files = new LinkedHashMap<>();
    List<String> argv = argv(run, config.shell(), files);
    List<String> env = new ArrayList<>(config.env());
    List<String> names = env.stream().map(kv -> kv.contains("=")
        ? kv.substring(0, kv.indexOf('=')) : kv).toList();
    runArgs.forEach((k, v) -> {
      if (!names.contains(k)) {
        env.add(k + "=" + v);
      }
    });
    String user = config.run().user();
    return new RunStep(argv, env, user == null ? "" : user, config.workdir(), run.network(),
        files);
  }

  private static List<String> argv(RunInstruction run, List<String> shell,
      Map<String, String> files) {
    String script = run.heredocScript();
    if (script != null) {
      if (script.startsWith("#!")) {
        String path = SCRIPT_DIR + run.heredocs().get(0).name();
        files.put(path, script);
        return List.of(path);
      }
      List<String> argv = new ArrayList<>(shell);
      argv.add(script);
      return argv;
    }
    if (!run.command().shellForm() || run.heredocs().isEmpty()) {
      return run.command().argv(shell);
    }
    // The shell reads heredocs itself when they follow the command in its -c text.
    StringBuilder text = new StringBuilder(run.command().args().get(0));
    for (Heredoc doc : run.heredocs()) {
      text.append('\n').append(doc.content()).append(doc.name());
    }
    List<String> argv = new ArrayList<>(shell);
    argv.add(text.toString());
    return argv;
  }
}
