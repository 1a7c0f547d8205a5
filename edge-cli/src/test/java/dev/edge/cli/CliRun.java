package dev.edge.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the edge command in this JVM, as Main would, and keeps what it printed. */
public record CliRun(int exit, String out, String err) {
  public static CliRun of(String... args) {
    CommandLine cli = Main.commandLine(args);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }
}
