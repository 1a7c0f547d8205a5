package dev.edge.runtime.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A plugin runner that records every call and answers from a script. */
final class RecordingPluginRunner implements PluginRunner {
  /** One recorded call: the plugin's file name, its environment and its parsed stdin. */
  record Call(String plugin, Map<String, String> env, JsonNode stdin) {
    String command() {
      return env.get("CNI_COMMAND");
    }
  }

  private final List<Call> calls = new ArrayList<>();
  private final Function<Call, HostProcess.Output> script;

  RecordingPluginRunner(Function<Call, HostProcess.Output> script) {
    this.script = script;
  }

  /** Answers ADD with a result naming the plugin in its interfaces; DEL with nothing. */
  static RecordingPluginRunner succeeding() {
    return new RecordingPluginRunner(call -> call.command().equals("ADD")
        ? ok("{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"" + call.plugin()
            + "\"}],\"ips\":[]}")
        : ok(""));
  }

  static HostProcess.Output ok(String stdout) {
    return new HostProcess.Output(0, stdout.getBytes(StandardCharsets.UTF_8), new byte[0]);
  }

  static HostProcess.Output failed(int exit, String stdout, String stderr) {
    return new HostProcess.Output(exit, stdout.getBytes(StandardCharsets.UTF_8),
        stderr.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public synchronized HostProcess.Output run(Path plugin, Map<String, String> env, byte[] stdin)
      throws IOException {
    Call call;
    try {
      call = new Call(plugin.getFileName().toString(), Map.copyOf(env),
          Json.mapper().readTree(stdin));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    calls.add(call);
    return script.apply(call);
  }

  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }
}
