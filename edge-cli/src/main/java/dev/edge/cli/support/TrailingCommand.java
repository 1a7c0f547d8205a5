package dev.edge.cli.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * For commands that run a command line ({@code run IMAGE CMD…}, {@code exec CTR CMD…}), set on
 * the first positional parameter: it takes one word, and every word after it belongs to the
 * second positional parameter, options or not, so {@code edge run busybox ls -l} passes
 * {@code -l} to ls as docker does. (picocli's stopAtPositional would do, but a subcommand takes
 * its parser settings from the root command when it is added.)
 */
public final class TrailingCommand implements IParameterPreprocessor {
  @Override
  public boolean preprocess(Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec,
      Map<String, Object> info) {
    argSpec.setValue(args.pop());
    List<String> command = new ArrayList<>();
    while (!args.isEmpty()) {
      command.add(args.pop());
    }
    List<PositionalParamSpec> positionals = commandSpec.positionalParameters();
    positionals.get(positionals.indexOf(argSpec) + 1).setValue(command);
    return true;
  }
}
