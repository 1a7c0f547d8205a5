package dev.edge.cli.container;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edge.runtime.container.HostConfig.DeviceMapping;
import dev.edge.runtime.container.HostConfig.MountSpec;
import dev.edge.runtime.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The body of {@code POST /containers/create} from {@link CreateOptions}: Docker's Config
 * fields at the top, HostConfig beside them. Every value is checked here, so a bad one is
 * refused (exit 125) before anything reaches the daemon.
 */
final class CreateBody {
  private final CreateOptions o;

  CreateBody(CreateOptions options) {
    this.o = options;
  }

  ObjectNode build(String image, List<String> command, boolean detach,
      Function<String, String> clientEnv) {
    checkConflicts(detach);
    ObjectNode body = Json.mapper().createObjectNode();
    boolean attachStdin = o.attach.contains("stdin") || o.interactive;
    boolean attachOut = o.attach.isEmpty() || o.attach.contains("stdout");
    boolean attachErr = o.attach.isEmpty() || o.attach.contains("stderr");
    if (detach) {
      attachStdin = false;
      attachOut = false;
      attachErr = false;
    }
    putIfSet(body, "Hostname", o.hostname);
    putIfSet(body, "User", o.user);
    body.put("AttachStdin", attachStdin);
    body.put("AttachStdout", attachOut);
    body.put("AttachStderr", attachErr);
    PortSpecs ports = new PortSpecs();
    o.publish.forEach(ports::publish);
    o.expose.forEach(ports::expose);
    if (!ports.exposed().isEmpty()) {
      body.set("ExposedPorts", Json.mapper().valueToTree(ports.exposed()));
    }
    body.put("Tty", o.tty);
    body.put("OpenStdin", o.interactive);
    body.put("StdinOnce", o.interactive && attachStdin);
    body.set("Env", strings(EnvVars.collect(o.envFiles, o.env, clientEnv)));
    if (!command.isEmpty()) {
      body.set("Cmd", strings(command));
    }
    body.put("Image", image);
    VolumeSpecs volumeSpecs = new VolumeSpecs();
    o.volumes.forEach(volumeSpecs::add);
    if (!volumeSpecs.anonymous().isEmpty()) {
      body.set("Volumes", Json.mapper().valueToTree(volumeSpecs.anonymous()));
    }
    if (o.workdir != null && !o.workdir.isEmpty()) {
      if (!o.workdir.startsWith("/")) {
        throw new BadFlagException("-w, --workdir", o.workdir,
            "the working directory must be an absolute path");
      }
      body.put("WorkingDir", o.workdir);
    }
    if (o.entrypoint != null) {
      body.set("Entrypoint", strings(List.of(o.entrypoint))); // [""] resets the image's
    }
    body.set("Labels", Json.mapper().valueToTree(labels()));
    putIfSet(body, "StopSignal", o.stopSignal);
    if (o.stopTimeout != null) {
      body.put("StopTimeout", o.stopTimeout);
    }
    body.set("HostConfig", hostConfig(volumeSpecs, ports));
    return body;
  }

  private ObjectNode hostConfig(VolumeSpecs volumeSpecs, PortSpecs ports) {
    ObjectNode host = Json.mapper().createObjectNode();
    host.set("Binds", strings(volumeSpecs.binds()));
    host.put("NetworkMode", o.network == null || o.network.isEmpty() ? "default" : o.network);
    host.set("PortBindings", Json.mapper().valueToTree(ports.bindings()));
    host.put("PublishAllPorts", o.publishAll);
    host.set("RestartPolicy", Json.mapper().valueToTree(o.restart == null
        ? new dev.edge.runtime.container.HostConfig.RestartPolicy("no", 0)
        : RestartPolicies.parse(o.restart)));
    host.put("AutoRemove", o.autoRemove);
    List<DeviceMapping> deviceMappings = new ArrayList<>();
    for (String device : o.devices) {
      deviceMappings.addAll(DeviceSpecs.parse(device));
    }
    host.set("Devices", Json.mapper().valueToTree(deviceMappings));
    host.set("GroupAdd", strings(o.groupAdd));
    host.put("Memory", o.memory == null ? 0 : ByteSize.parse("-m, --memory", o.memory));
    host.put("MemorySwap", o.memorySwap == null ? 0 : o.memorySwap.equals("-1") ? -1
        : ByteSize.parse("--memory-swap", o.memorySwap));
    host.put("NanoCpus", o.cpus == null ? 0 : CpuCount.nanoCpus(o.cpus));
    if (o.pidsLimit != null) {
      host.put("PidsLimit", o.pidsLimit);
    }
    host.put("Privileged", o.privileged);
    host.set("CapAdd", strings(o.capAdd));
    host.set("CapDrop", strings(o.capDrop));
    host.set("SecurityOpt", strings(o.securityOpt));
    host.put("ReadonlyRootfs", o.readOnly);
    host.set("Dns", strings(o.dns));
    host.set("ExtraHosts", strings(extraHosts()));
    if (o.shmSize != null) {
      host.put("ShmSize", ByteSize.parse("--shm-size", o.shmSize));
    }
    if (o.init != null) {
      host.put("Init", o.init);
    }
    putIfSet(host, "Runtime", o.runtime);
    List<MountSpec> mountSpecs = new ArrayList<>();
    for (String mount : o.mounts) {
      mountSpecs.add(MountSpecs.parse(mount));
    }
    host.set("Mounts", Json.mapper().valueToTree(mountSpecs));
    host.set("Tmpfs", Json.mapper().valueToTree(tmpfsMounts()));
    return host;
  }

  private void checkConflicts(boolean detach) {
    for (String stream : o.attach) {
      String s = stream.toLowerCase(java.util.Locale.ROOT);
      if (!s.equals("stdin") && !s.equals("stdout") && !s.equals("stderr")) {
        throw new BadFlagException("-a, --attach", stream,
            "valid streams are STDIN, STDOUT and STDERR");
      }
    }
    o.attach.replaceAll(s -> s.toLowerCase(java.util.Locale.ROOT));
    if (detach && !o.attach.isEmpty()) {
      throw new BadFlagException("Conflicting options: -a and -d");
    }
    if (o.autoRemove && o.restart != null
        && !RestartPolicies.parse(o.restart).name().equals("no")) {
      throw new BadFlagException("Conflicting options: --restart and --rm");
    }
  }

  private Map<String, String> labels() {
    Map<String, String> map = new LinkedHashMap<>();
    for (String label : o.labels) {
      int eq = label.indexOf('=');
      String key = eq < 0 ? label : label.substring(0, eq);
      if (key.isBlank()) {
        throw new BadFlagException("-l, --label", label, "no label name");
      }
      map.put(key, eq < 0 ? "" : label.substring(eq + 1));
    }
    return map;
  }

  private List<String> extraHosts() {
    for (String entry : o.addHosts) {
      int sep = Math.max(entry.indexOf('='), entry.indexOf(':'));
      if (sep <= 0 || sep == entry.length() - 1) {
        throw new BadFlagException("--add-host", entry, "expected HOST:IP");
      }
    }
    return o.addHosts;
  }

  private Map<String, String> tmpfsMounts() {
    Map<String, String> map = new LinkedHashMap<>();
    for (String entry : o.tmpfs) {
      int colon = entry.indexOf(':');
      String path = colon < 0 ? entry : entry.substring(0, colon);
      if (!path.startsWith("/")) {
        throw new BadFlagException("--tmpfs", entry, path + " is not an absolute path");
      }
      map.put(path, colon < 0 ? "" : entry.substring(colon + 1));
    }
    return map;
  }

  private static void putIfSet(ObjectNode node, String field, String value) {
    if (value != null && !value.isEmpty()) {
      node.put(field, value);
    }
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode array = Json.mapper().createArrayNode();
    values.forEach(array::add);
    return array;
  }
}
