package dev.edge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cli = Main.commandLine(args);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void theSubcommandIsFoundPastGlobalOptions() {
    assertEquals("info", Main.subcommandName(new String[] {"-H", "unix:///x.sock", "info"}));
    assertEquals("ps", Main.subcommandName(new String[] {"--host", "tcp://127.0.0.1:1", "ps", "-a"}));
    assertNull(Main.subcommandName(new String[] {"--version"}));
  }

  @Test
  void versionPrintsTheBuiltVersion() {
    Run r = run("--version");
    assertEquals(0, r.exit());
    assertTrue(r.out().startsWith("edge version "), r.out());
  }

  @Test
  void topLevelHelpListsEverySubcommand() {
    Run r = run("--help");
    assertEquals(0, r.exit());
    for (String name : EdgeCommand.SUBCOMMANDS.keySet()) {
      assertTrue(r.out().contains("  " + name + " ") || r.out().contains("  " + name + ","),
          name + " missing from:\n" + r.out());
    }
  }

  @Test
  void everySubcommandHasHelp() {
    for (String name : EdgeCommand.SUBCOMMANDS.keySet()) {
      Run r = run(name, "--help");
      assertEquals(0, r.exit(), name + ": " + r.err());
      assertTrue(r.out().contains("Usage: edge " + name), r.out());
    }
  }

  @Test
  void anUnknownSubcommandIsAUsageErrorWithSuggestions() {
    Run r = run("infoo");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("infoo"), r.err());
  }

  @Test
  void completionScriptCoversTheCommands() {
    Run r = run("completion", "bash");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("complete -F"), r.out());
    assertTrue(r.out().contains("daemon"));
  }

  @Test
  void aMissingDaemonSaysWhereItLookedAndHowToStartIt() {
    Run r = run("-H", "unix:///tmp/edge-test-no-such.sock", "info");
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("unix:///tmp/edge-test-no-such.sock"), r.err());
    assertTrue(r.err().contains("edge daemon"), r.err());
  }

  @Test
  void invalidDaemonOptionsAreRefusedBeforeAnythingStarts() {
    Run r = run("daemon", "--runtime", "kata", "--root", "/tmp/edge-never");
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("crun and runc"), r.err());
  }
}
