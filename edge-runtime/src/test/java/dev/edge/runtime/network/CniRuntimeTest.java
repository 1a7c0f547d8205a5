package dev.edge.runtime.network;

import static dev.edge.runtime.network.RecordingPluginRunner.failed;
import static dev.edge.runtime.network.RecordingPluginRunner.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CNI runtime's rules (order, chaining, environment, errors) against a scripted runner. */
class CniRuntimeTest {
  @TempDir Path pluginDir;
  @TempDir Path ipam;
  private final BridgeNetworkConfig config = BridgeNetworkConfig.defaults();
  private List<PublishedPort> ports;
  private CniRuntime.Invocation invocation;

  @BeforeEach
  void plugins() throws IOException {
    for (String name : List.of("bridge", "portmap", "loopback")) {
      Path plugin = pluginDir.resolve(name);
      Files.writeString(plugin, "#!/bin/sh\n");
      Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    ports = List.of(new PublishedPort(Protocol.TCP, 80, "", 18080));
    invocation = new CniRuntime.Invocation("c0ffee", "/run/netns/edge-c0ffee", "eth0",
        CniConfigs.portMappingArgs(ports));
  }

  private NetworkConfigList bridgeWithPortmap() {
    return CniConfigs.bridge(config, ipam, true);
  }

  @Test
  void addRunsPluginsInOrderEachGivenThePreviousResult() throws Exception {
    RecordingPluginRunner runner = RecordingPluginRunner.succeeding();
    CniResult result = new CniRuntime(List.of(pluginDir), runner)
        .add(bridgeWithPortmap(), invocation);

    List<RecordingPluginRunner.Call> calls = runner.calls();
    assertEquals(List.of("bridge", "portmap"), calls.stream().map(c -> c.plugin()).toList());
    assertFalse(calls.get(0).stdin().has("prevResult"), "the first plugin has no prevResult");
    assertEquals("bridge",
        calls.get(1).stdin().path("prevResult").path("interfaces").path(0).path("name").asText());
    assertEquals("portmap", result.interfaces().get(0).name(), "the last plugin's result wins");
  }

  @Test
  void everyPluginGetsTheSpecEnvironmentAndTheListsNameAndVersion() throws Exception {
    RecordingPluginRunner runner = RecordingPluginRunner.succeeding();
    new CniRuntime(List.of(pluginDir, Path.of("/nonexistent")), runner)
        .add(bridgeWithPortmap(), invocation);

    for (RecordingPluginRunner.Call call : runner.calls()) {
      assertEquals(Map.of("CNI_COMMAND", "ADD", "CNI_CONTAINERID", "c0ffee",
          "CNI_NETNS", "/run/netns/edge-c0ffee", "CNI_IFNAME", "eth0",
          "CNI_PATH", pluginDir + ":/nonexistent"), call.env());
      assertEquals("edge", call.stdin().path("name").asText());
      assertEquals("1.0.0", call.stdin().path("cniVersion").asText());
    }
  }

  @Test
  void runtimeConfigCarriesOnlyTheCapabilitiesAPluginDeclares() throws Exception {
    RecordingPluginRunner runner = RecordingPluginRunner.succeeding();
    new CniRuntime(List.of(pluginDir), runner).add(bridgeWithPortmap(), invocation);

    JsonNode bridge = runner.calls().get(0).stdin();
    JsonNode portmap = runner.calls().get(1).stdin();
    assertFalse(bridge.has("runtimeConfig"));
    JsonNode mapping = portmap.path("runtimeConfig").path("portMappings").path(0);
    assertEquals(18080, mapping.path("hostPort").asInt());
    assertEquals(80, mapping.path("containerPort").asInt());
    assertEquals("tcp", mapping.path("protocol").asText());
    assertFalse(mapping.has("hostIP"), "all addresses: portmap's default, no hostIP");
  }

  @Test
  void delRunsInReverseOrderWithTheCachedResultAndNoNamespaceWhenItIsGone() throws Exception {
    RecordingPluginRunner runner = RecordingPluginRunner.succeeding();
    JsonNode cached = Json.mapper().readTree("{\"cniVersion\":\"1.0.0\",\"ips\":[]}");
    CniRuntime.Invocation gone =
        new CniRuntime.Invocation("c0ffee", "", "eth0", invocation.capabilityArgs());
    new CniRuntime(List.of(pluginDir), runner).del(bridgeWithPortmap(), gone, cached);

    List<RecordingPluginRunner.Call> calls = runner.calls();
    assertEquals(List.of("portmap", "bridge"), calls.stream().map(c -> c.plugin()).toList());
    for (RecordingPluginRunner.Call call : calls) {
      assertEquals("DEL", call.command());
      assertEquals(cached, call.stdin().path("prevResult"));
      assertFalse(call.env().containsKey("CNI_NETNS"));
    }
    assertTrue(calls.get(0).stdin().path("runtimeConfig").has("portMappings"),
        "portmap needs its mappings again to find its rules");
  }

  @Test
  void aPluginErrorBecomesAnExceptionNamingPluginNetworkContainerAndCause() {
    RecordingPluginRunner runner = new RecordingPluginRunner(call -> call.plugin().equals("portmap")
        ? failed(1, "{\"cniVersion\":\"1.0.0\",\"code\":7,\"msg\":\"invalid port\","
            + "\"details\":\"hostPort 0\"}", "")
        : ok("{\"cniVersion\":\"1.0.0\"}"));
    CniPluginException e = assertThrows(CniPluginException.class,
        () -> new CniRuntime(List.of(pluginDir), runner).add(bridgeWithPortmap(), invocation));
    assertEquals("CNI ADD portmap (network edge, container c0ffee): invalid port: hostPort 0"
        + " (CNI error 7: invalid network config)", e.getMessage());
    assertEquals("portmap", e.plugin());
    assertEquals("ADD", e.command());
    assertEquals(7, e.code());
  }

  @Test
  void aCrashWithoutErrorJsonReportsExitStatusAndStderr() {
    RecordingPluginRunner runner = new RecordingPluginRunner(call ->
        failed(2, "", "panic: runtime error: index out of range\n"));
    CniPluginException e = assertThrows(CniPluginException.class,
        () -> new CniRuntime(List.of(pluginDir), runner).add(bridgeWithPortmap(), invocation));
    assertEquals("CNI ADD bridge (network edge, container c0ffee): exited with status 2:"
        + " panic: runtime error: index out of range", e.getMessage());
    assertEquals(0, e.code());
  }

  @Test
  void anAddWhoseOutputIsNoResultIsAnError() {
    RecordingPluginRunner runner = new RecordingPluginRunner(call -> ok("not json"));
    CniPluginException e = assertThrows(CniPluginException.class,
        () -> new CniRuntime(List.of(pluginDir), runner).add(bridgeWithPortmap(), invocation));
    assertTrue(e.getMessage().startsWith(
        "CNI ADD bridge (network edge, container c0ffee): printed no valid result"),
        e.getMessage());
  }

  @Test
  void delCarriesOnPastAFailingPluginAndReportsIt() {
    RecordingPluginRunner runner = new RecordingPluginRunner(call -> call.plugin().equals("portmap")
        ? failed(1, "{\"code\":999,\"msg\":\"iptables: lock held\"}", "") : ok(""));
    CniPluginException e = assertThrows(CniPluginException.class,
        () -> new CniRuntime(List.of(pluginDir), runner)
            .del(bridgeWithPortmap(), invocation, null));
    assertEquals(List.of("portmap", "bridge"),
        runner.calls().stream().map(c -> c.plugin()).toList());
    assertEquals("portmap", e.plugin());
    assertTrue(e.getMessage().endsWith("iptables: lock held (CNI error 999)"), e.getMessage());
  }

  @Test
  void aMissingPluginIsNamedWithTheSearchPathAndPackage() {
    CniPluginException e = assertThrows(CniPluginException.class,
        () -> new CniRuntime(List.of(Path.of("/nonexistent")), RecordingPluginRunner.succeeding())
            .add(CniConfigs.loopback(), invocation));
    assertEquals("CNI ADD loopback (network loopback, container c0ffee): plugin not found in"
        + " /nonexistent (Debian installs the plugins with containernetworking-plugins)",
        e.getMessage());
  }

  @Test
  void aPluginTypeWithAPathIsRefused() throws Exception {
    JsonNode list = Json.mapper().readTree(
        "{\"cniVersion\":\"1.0.0\",\"name\":\"evil\",\"plugins\":[{\"type\":\"../../bin/sh\"}]}");
    CniPluginException e = assertThrows(CniPluginException.class,
        () -> new CniRuntime(List.of(pluginDir), RecordingPluginRunner.succeeding())
            .add(NetworkConfigList.fromJson(list), invocation));
    assertTrue(e.getMessage().endsWith("invalid plugin type"), e.getMessage());
  }

  @Test
  void theProcessRunnerFeedsStdinAndCollectsOutput() throws Exception {
    Path plugin = pluginDir.resolve("echo-env");
    Files.writeString(plugin, "#!/bin/sh\necho \"{\\\"cniVersion\\\":\\\"1.0.0\\\","
        + "\\\"interfaces\\\":[{\\\"name\\\":\\\"$CNI_IFNAME\\\","
        + "\\\"mac\\\":\\\"$(wc -c)\\\"}]}\"\n");
    Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwxr-xr-x"));
    JsonNode list = Json.mapper().readTree(
        "{\"cniVersion\":\"1.0.0\",\"name\":\"t\",\"plugins\":[{\"type\":\"echo-env\"}]}");
    CniResult result = new CniRuntime(List.of(pluginDir))
        .add(NetworkConfigList.fromJson(list), invocation);
    assertEquals("eth0", result.interfaces().get(0).name());
    int stdinBytes = Integer.parseInt(result.interfaces().get(0).mac().strip());
    assertEquals(Json.mapper().writeValueAsBytes(NetworkConfigList.fromJson(list)
        .pluginInput(0, null, invocation.capabilityArgs())).length, stdinBytes);
  }
}
