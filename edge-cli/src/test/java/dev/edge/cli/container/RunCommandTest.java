package dev.edge.cli.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.cli.CliRun;
import org.junit.jupiter.api.Test;

/**
 * Bad input to {@code edge run}/{@code create}: exit 125, a message naming the flag, and no
 * daemon contacted (the host has no socket; reaching for it would say "Cannot connect").
 */
class RunCommandTest {
  private static final String NOWHERE = "unix:///tmp/edge-run-test-no-daemon.sock";

  private static void refused(String flagInMessage, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "-H";
    all[1] = NOWHERE;
    System.arraycopy(args, 0, all, 2, args.length);
    CliRun r = CliRun.of(all);
    assertEquals(125, r.exit(), String.join(" ", args) + ": " + r.err());
    assertTrue(r.err().contains(flagInMessage), r.err());
    assertFalse(r.err().contains("Cannot connect"), r.err());
  }

  @Test
  void badFlagValuesExit125BeforeTheDaemonIsAsked() {
    refused("\"-p, --publish\" flag", "run", "-p", "99999:80", "busybox");
    refused("\"-v, --volume\" flag", "run", "-v", "./rel:/x", "busybox");
    refused("\"--mount\" flag", "run", "--mount", "type=bind,target=/x", "busybox");
    refused("\"--device\" flag", "create", "--device", "ttyUSB0", "busybox");
    refused("\"-m, --memory\" flag", "run", "-m", "lots", "busybox");
    refused("\"--cpus\" flag", "run", "--cpus", "x", "busybox");
    refused("\"--restart\" flag", "run", "--restart", "sometimes", "busybox");
    refused("Conflicting options: --restart and --rm", "run", "--rm", "--restart", "always",
        "busybox");
    refused("\"-e, --env\" flag", "run", "-e", "=x", "busybox");
    refused("invalid reference format", "run", "Busy:Box:1", "echo");
  }

  @Test
  void usageErrorsExit125AsDockerDoes() {
    refused("Unknown option", "run", "--no-such-flag", "busybox");
    refused("Missing required parameter", "run");
    refused("Unknown option", "ps", "--bogus");
  }

  @Test
  void runErrorsPointToTheHelp() {
    CliRun r = CliRun.of("-H", NOWHERE, "run", "--cpus", "x", "busybox");
    assertTrue(r.err().startsWith("edge: invalid argument \"x\" for \"--cpus\" flag"), r.err());
    assertTrue(r.err().contains("See 'edge run --help'."), r.err());
  }

  @Test
  void aMissingDaemonIsADaemonError() {
    CliRun r = CliRun.of("-H", NOWHERE, "run", "busybox");
    assertEquals(125, r.exit(), r.err());
    assertTrue(r.err().contains("Cannot connect"), r.err());
  }

  @Test
  void theContainerGroupHasDockersNamesAndAliases() {
    for (String[] args : new String[][] {{"container", "ls", "--help"},
        {"container", "ps", "--help"}, {"container", "list", "--help"},
        {"container", "run", "--help"}, {"container", "prune", "--help"},
        {"container", "inspect", "--help"}, {"image", "rm", "--help"}, {"rmi", "--help"},
        {"rm", "--help"}}) {
      CliRun r = CliRun.of(args);
      assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.err());
      assertTrue(r.out().startsWith("Usage: edge " + args[0]), r.out());
    }
    assertTrue(CliRun.of("rm", "--help").out().contains("Remove one or more containers"));
    assertTrue(CliRun.of("image", "rm", "--help").out().contains("images"));
  }
}
