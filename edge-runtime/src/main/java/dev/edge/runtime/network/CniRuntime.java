package dev.edge.runtime.network;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The runtime side of the CNI 1.0.0 spec: runs a network configuration list's plugins in order
 * for ADD, feeding each the previous result, and in reverse order for DEL with the cached result.
 */
final class CniRuntime {
  static final String CNI_VERSION = "1.0.0";
  /** Generous: the bridge and portmap plugins wait for the xtables lock without a limit. */
  static final Duration PLUGIN_TIMEOUT = Duration.ofSeconds(60);
  /** The spec forbids path characters in a plugin type, so a config cannot run any binary. */
  private static final Pattern PLUGIN_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final List<Path> cniPath;
  private final PluginRunner runner;
  private final Map<String, Path> located = new ConcurrentHashMap<>();

  CniRuntime(List<Path> cniPath) {
    this(cniPath, (plugin, env, stdin) ->
        HostProcess.run(List.of(plugin.toString()), env, stdin, PLUGIN_TIMEOUT));
  }

  CniRuntime(List<Path> cniPath, PluginRunner runner) {
    this.cniPath = List.copyOf(cniPath);
    this.runner = runner;
  }

  /** Where a plugin is run for one container: its namespace, interface and runtime arguments. */
  record Invocation(
      String containerId, String netns, String ifname, Map<String, JsonNode> capabilityArgs) {}

  /** ADD: each plugin in order, each given the previous one's result; returns the last result. */
  CniResult add(NetworkConfigList list, Invocation invocation) throws CniPluginException {
    CniResult result = null;
    for (int i = 0; i < list.plugins().size(); i++) {
      HostProcess.Output output =
          invoke("ADD", list, i, invocation, result == null ? null : result.json());
      try {
        result = CniResult.parse(Json.mapper().readTree(output.stdout()));
      } catch (IOException | IllegalArgumentException e) {
        throw failure("ADD", list, i, invocation, 0,
            "printed no valid result (" + e.getMessage() + "): " + output.stdoutText(), e);
      }
    }
    return result;
  }

  /**
   * DEL: every plugin in reverse order with the ADD's cached result (none if the ADD never
   * finished). All plugins are run even when one fails, so each frees what it can; the first
   * failure is thrown with the others suppressed.
   */
  void del(NetworkConfigList list, Invocation invocation, JsonNode cachedResult)
      throws CniPluginException {
    CniPluginException first = null;
    for (int i = list.plugins().size() - 1; i >= 0; i--) {
      try {
        invoke("DEL", list, i, invocation, cachedResult);
      } catch (CniPluginException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private HostProcess.Output invoke(
      String command, NetworkConfigList list, int index, Invocation invocation,
      JsonNode prevResult) throws CniPluginException {
    Path plugin = locate(command, list, index, invocation);
    byte[] stdin;
    try {
      stdin = Json.mapper().writeValueAsBytes(
          list.pluginInput(index, prevResult, invocation.capabilityArgs()));
    } catch (JsonProcessingException e) {
      throw failure(command, list, index, invocation, 0, "cannot encode its configuration", e);
    }
    HostProcess.Output output;
    try {
      output = runner.run(plugin, environment(command, invocation), stdin);
    } catch (IOException e) {
      throw failure(command, list, index, invocation, 0,
          "could not run " + plugin + ": " + e.getMessage(), e);
    }
    if (output.exitCode() != 0) {
      CniError error = CniError.parse(output.stdout()).orElse(null);
      if (error != null) {
        throw failure(command, list, index, invocation, error.code(), error.describe(), null);
      }
      String said = output.stderrText().isEmpty() ? output.stdoutText() : output.stderrText();
      throw failure(command, list, index, invocation, 0, "exited with status "
          + output.exitCode() + (said.isEmpty() ? " and printed nothing" : ": " + said), null);
    }
    return output;
  }

  private Map<String, String> environment(String command, Invocation invocation) {
    Map<String, String> env = new HashMap<>();
    env.put("CNI_COMMAND", command);
    env.put("CNI_CONTAINERID", invocation.containerId());
    // A DEL after the namespace is gone (a reboot, an earlier partial teardown) passes none,
    // which the spec allows and the plugins answer by freeing what lives outside it.
    if (invocation.netns() != null && !invocation.netns().isEmpty()) {
      env.put("CNI_NETNS", invocation.netns());
    }
    env.put("CNI_IFNAME", invocation.ifname());
    env.put("CNI_PATH", cniPath.stream().map(Path::toString).collect(Collectors.joining(":")));
    return env;
  }

  private Path locate(String command, NetworkConfigList list, int index, Invocation invocation)
      throws CniPluginException {
    String type = list.type(index);
    Path known = located.get(type);
    if (known != null) {
      return known;
    }
    if (!PLUGIN_TYPE.matcher(type).matches()) {
      throw failure(command, list, index, invocation, 0, "invalid plugin type", null);
    }
    for (Path dir : cniPath) {
      Path candidate = dir.resolve(type);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        located.put(type, candidate);
        return candidate;
      }
    }
    throw failure(command, list, index, invocation, 0, "plugin not found in "
        + cniPath.stream().map(Path::toString).collect(Collectors.joining(":"))
        + " (Debian installs the plugins with containernetworking-plugins)", null);
  }

  private static CniPluginException failure(
      String command, NetworkConfigList list, int index, Invocation invocation, int code,
      String reason, Throwable cause) {
    return new CniPluginException(command, list.type(index), list.name(),
        invocation.containerId(), code, reason, cause);
  }
}
