package dev.edge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void theSubcommandIsFoundPastGlobalOptions() {
    assertEquals("info", Main.subcommandName(new String[] {"-H", "unix:///x.sock", "info"}));
    assertEquals("ps", Main.subcommandName(new String[] {"--host", "tcp://127.0.0.1:1", "ps", "-a"}));
    assertNull(Main.subcommandName(new String[] {"--version"}));
  }

  @Test
  void versionPrintsTheBuiltVersion() {
    CliRun r = CliRun.of("--version");
    assertEquals(0, r.exit());
    assertTrue(r.out().startsWith("edge version "), r.out());
  }

  @Test
  void topLevelHelpListsEverySubcommand() {
    CliRun r = CliRun.of("--help");
    assertEquals(0, r.exit());
    for (String name : EdgeCommand.SUBCOMMANDS.keySet()) {
      assertTrue(r.out().contains("  " + name + " ") || r.out().contains("  " + name + ","),
          name + " missing from:\n" + r.out());
    }
  }

  @Test
  void everySubcommandHasHelp() {
    for (String name : EdgeCommand.SUBCOMMANDS.keySet()) {
      CliRun r = CliRun.of(name, "--help");
      assertEquals(0, r.exit(), name + ": " + r.err());
      assertTrue(r.out().contains("Usage: edge " + name), r.out());
    }
  }

  @Test
  void anUnknownSubcommandIsAUsageErrorWithSuggestions() {
    CliRun r = CliRun.of("infoo");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("infoo"), r.err());
  }

  @Test
  void completionScriptCoversTheCommands() {
    CliRun r = CliRun.of("completion", "bash");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("complete -F"), r.out());
    assertTrue(r.out().contains("daemon"));
  }

  @Test
  void aMissingDaemonSaysWhereItLookedAndHowToStartIt() {
    CliRun r = CliRun.of("-H", "unix:///tmp/edge-test-no-such.sock", "info");
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("unix:///tmp/edge-test-no-such.sock"), r.err());
    assertTrue(r.err().contains("edge daemon"), r.err());
  }

  @Test
  void invalidDaemonOptionsAreRefusedBeforeAnythingStarts() {
    CliRun r = CliRun.of("daemon", "--runtime", "kata", "--root", "/tmp/edge-never");
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("crun and runc"), r.err());
  }
}
