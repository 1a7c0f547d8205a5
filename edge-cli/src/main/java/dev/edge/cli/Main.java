package dev.edge.cli;

import picocli.CommandLine;

/** Entry point of the {@code edge} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    prepareJvm();
    System.exit(run(args));
  }

  /** What every edge JVM (the CLI's, the daemon's) sets before it does anything else. */
  public static void prepareJvm() {
    // Jetty's MemoryUtils otherwise starts the JMX platform server just to learn whether
    // compressed oops are on: ~100 classes and tens of ms, in the CLI and the daemon alike.
    // 64-byte cache lines hold 16 compressed references.
    System.setProperty("org.eclipse.jetty.util.referencesPerCacheLine", "16");
  }

  public static int run(String... args) {
    CommandLine cli = commandLine(args);
    return cli.execute(args);
  }

  /** The command tree needed for {@code args}: one subcommand, or all of them for help. */
  public static CommandLine commandLine(String... args) {
    CommandLine cli = new CommandLine(new EdgeCommand());
    cli.setExecutionExceptionHandler(new FailureHandler());
    String name = subcommandName(args);
    Class<?> only = name == null ? null : EdgeCommand.SUBCOMMANDS.get(name);
    if (only != null && !name.equals("completion")) {
      cli.addSubcommand(name, only);
    } else if (name != null || wantsHelp(args)) {
      EdgeCommand.SUBCOMMANDS.forEach(cli::addSubcommand);
    }
    return cli;
  }

  /** The first argument that is not a global option or its value. */
  static String subcommandName(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-H") || a.equals("--host")) {
        i++;
      } else if (!a.startsWith("-")) {
        return a;
      }
    }
    return null;
  }

  private static boolean wantsHelp(String[] args) {
    if (args.length == 0) {
      return true;
    }
    for (String a : args) {
      if (a.equals("-h") || a.equals("--help")) {
        return true;
      }
    }
    return false;
  }

  /** A class, not a lambda: a lambda for picocli's Java 5 interface cannot go in the AppCDS archive. */
  private static final class FailureHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli,
        CommandLine.ParseResult parsed) {
      return ErrorReport.print(e, cli.getErr());
    }
  }
}
