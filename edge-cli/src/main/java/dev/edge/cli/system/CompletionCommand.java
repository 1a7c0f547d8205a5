package dev.edge.cli.system;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code edge completion bash}: a completion script generated from the command model. */
@Command(name = "completion", mixinStandardHelpOptions = true,
    description = {"Generate the shell completion script (bash; zsh through bashcompinit).",
        "Install: edge completion bash > /etc/bash_completion.d/edge"})
public final class CompletionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", defaultValue = "bash", paramLabel = "SHELL",
      description = "bash or zsh")
  String shell;

  @Override
  public Integer call() {
    if (!shell.equals("bash") && !shell.equals("zsh")) {
      throw new IllegalArgumentException("unsupported shell " + shell + ": use bash or zsh");
    }
    String script = AutoComplete.bash("edge", spec.root().commandLine());
    if (shell.equals("zsh")) {
      script = "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n"
          + script;
    }
    spec.commandLine().getOut().print(script);
    return 0;
  }
}
