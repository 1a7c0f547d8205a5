package dev.edge.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DaemonArgsTest {
  @TempDir Path dir;

  private DaemonCommand parsed(String... args) {
    DaemonCommand command = new DaemonCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void everyFlagPicocliParsedReachesTheDaemonsJvm() throws Exception {
    Path key = Files.writeString(dir.resolve("fleet.pub"), "k");
    Path ca = Files.writeString(dir.resolve("ca.pem"), "c");
    Path password = Files.writeString(dir.resolve("pw"), "p");
    DaemonCommand original = parsed("--root", dir.resolve("root with space").toString(),
        "-H", "unix:///run/a.sock", "--host", "tcp://127.0.0.1:2375", "--runtime", "runc",
        "-s", "native",
        "--insecure-registry", "10.0.0.5:5000", "--insecure-registry", "gw.local:5000",
        "--bridge", "edge7", "--bip", "10.77.0.0/24", "--log-level", "debug",
        "--mqtt", "mqtts://broker:8883", "--gateway-id", "pi=1", "--fleet-key", key.toString(),
        "--mqtt-ca", ca.toString(), "--mqtt-user", "gw", "--mqtt-password-file", password.toString(),
        "--ha-discovery", "--mqtt-heartbeat", "15");

    List<String> args = DaemonArgs.of(original);
    DaemonCommand copy = DaemonArgs.parse(args);

    assertEquals(args, DaemonArgs.of(copy));
    assertEquals(dir.resolve("root with space"), copy.root);
    assertEquals(List.of("unix:///run/a.sock", "tcp://127.0.0.1:2375"), copy.hosts);
    assertEquals(List.of("10.0.0.5:5000", "gw.local:5000"), copy.insecureRegistries);
    assertEquals("native", copy.storageDriver);
    assertEquals("pi=1", copy.fleet.gatewayId);
    assertEquals(15, copy.fleet.heartbeatSeconds);
    assertTrue(copy.fleet.haDiscovery);
    assertTrue(args.contains("--mqtt-password-file=" + password), args.toString());
  }

  @Test
  void defaultsStayDefaultsAndUnsetFlagsAreLeftOut() {
    DaemonCommand original = parsed("--root", "/var/lib/edge");
    List<String> args = DaemonArgs.of(original);
    assertEquals(List.of("--root=/var/lib/edge", "--log-level=info"), args);
    DaemonCommand copy = DaemonArgs.parse(args);
    assertTrue(copy.hosts.isEmpty());
    assertEquals(null, copy.fleet.broker);
  }

  @Test
  void argumentsItCouldNotHaveWrittenAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> DaemonArgs.parse(List.of("--root=/r", "--log-level=info", "--no-such=1")));
    assertThrows(IllegalArgumentException.class, () -> DaemonArgs.parse(List.of("--root", "/r")));
    assertThrows(IllegalArgumentException.class, () -> DaemonArgs.parse(List.of("--log-level=info")));
  }
}
