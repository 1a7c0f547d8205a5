package dev.edge.runtime.build.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.image.ImageConfig.RunConfig;
import java.util.List;
import java.util.Map;

/** A changeable copy of an immutable {@link RunConfig}, for one change at a time. */
final class RunConfigBuilder {
  String user;
  List<String> env;
  List<String> entrypoint;
  List<String> cmd;
  String workingDir;
  Map<String, Object> volumes;
  Map<String, Object> exposedPorts;
  Map<String, String> labels;
  String stopSignal;
  JsonNode healthcheck;
  List<String> shell;

  RunConfigBuilder(RunConfig r) {
    user = r.user();
    env = r.env();
    entrypoint = r.entrypoint();
    cmd = r.cmd();
    workingDir = r.workingDir();
    volumes = r.volumes();
    exposedPorts = r.exposedPorts();
    labels = r.labels();
    stopSignal = r.stopSignal();
    healthcheck = r.healthcheck();
    shell = r.shell();
  }

  RunConfig build() {
    return new RunConfig(user, env, entrypoint, cmd, workingDir, volumes, exposedPorts, labels,
        stopSignal, healthcheck, shell);
  }
}
