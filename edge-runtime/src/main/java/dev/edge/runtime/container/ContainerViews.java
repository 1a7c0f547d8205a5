package dev.edge.runtime.container;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edge.runtime.json.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The JSON Docker clients expect for {@code ps} ({@code /containers/json}) and inspect. */
final class ContainerViews {
  private ContainerViews() {}

  static ObjectNode summary(Container c) {
    ObjectNode o = Json.mapper().createObjectNode();
    ContainerState s = c.state();
    o.put("Id", c.id());
    o.putArray("Names").add("/" + c.name());
    o.put("Image", c.imageName());
    o.put("ImageID", c.imageId());
    o.put("Command", commandLine(c.config()));
    o.put("Created", Instant.parse(c.created()).getEpochSecond());
    o.set("Ports", ports(c));
    o.set("Labels", Json.mapper().valueToTree(c.config().labels()));
    o.put("State", s.status());
    o.put("Status", statusText(s, Instant.now()));
    o.putObject("HostConfig").put("NetworkMode", c.hostConfig().networkMode());
    o.set("NetworkSettings", networks(c));
    o.set("Mounts", Json.mapper().valueToTree(c.mounts()));
    return o;
  }

  static ObjectNode inspect(Container c, Path dir, Path logPath, List<String> execIds) {
    ObjectNode o = Json.mapper().createObjectNode();
    ContainerState s = c.state();
    o.put("Id", c.id());
    o.put("Created", c.created());
    List<String> cmd = command(c.config());
    o.put("Path", cmd.isEmpty() ? "" : cmd.get(0));
    ArrayNode args = o.putArray("Args");
    cmd.stream().skip(1).forEach(args::add);
    o.set("State", Json.mapper().valueToTree(s));
    o.put("Image", c.imageId());
    o.put("ResolvConfPath", dir.resolve("resolv.conf").toString());
    o.put("HostnamePath", dir.resolve("hostname").toString());
    o.put("HostsPath", dir.resolve("hosts").toString());
    o.put("LogPath", logPath.toString());
    o.put("Name", "/" + c.name());
    o.put("RestartCount", c.restartCount());
    o.put("Driver", "overlay2");
    o.put("Platform", "linux");
    o.put("MountLabel", "");
    o.put("ProcessLabel", "");
    o.put("AppArmorProfile", "");
    ArrayNode ids = o.putArray("ExecIDs");
    execIds.forEach(ids::add);
    o.set("HostConfig", Json.mapper().valueToTree(c.hostConfig()));
    ObjectNode graph = o.putObject("GraphDriver");
    graph.put("Name", "overlay2");
    graph.putObject("Data").put("UpperDir", dir.resolve("upper").toString())
        .put("WorkDir", dir.resolve("work").toString())
        .put("MergedDir", dir.resolve("rootfs").toString());
    o.set("Mounts", Json.mapper().valueToTree(c.mounts()));
    o.set("Config", Json.mapper().valueToTree(c.config()));
    ObjectNode net = networks(c);
    Container.NetworkInfo info = c.network();
    net.put("SandboxKey", "");
    net.set("Ports", Json.mapper().valueToTree(portMap(c)));
    net.put("IPAddress", info == null || info.ipAddress() == null ? "" : info.ipAddress());
    net.put("IPPrefixLen", info == null ? 0 : info.prefixLength());
    net.put("Gateway", info == null || info.gateway() == null ? "" : info.gateway());
    net.put("MacAddress", info == null || info.macAddress() == null ? "" : info.macAddress());
    o.set("NetworkSettings", net);
    return o;
  }

  private static ObjectNode networks(Container c) {
    ObjectNode settings = Json.mapper().createObjectNode();
    ObjectNode nets = settings.putObject("Networks");
    String mode = c.hostConfig().networkMode();
    ObjectNode n = nets.putObject(mode);
    Container.NetworkInfo info = c.network();
    boolean live = c.state().running() && info != null;
    n.put("NetworkID", mode);
    n.put("IPAddress", live && info.ipAddress() != null ? info.ipAddress() : "");
    n.put("IPPrefixLen", live ? info.prefixLength() : 0);
    n.put("Gateway", live && info.gateway() != null ? info.gateway() : "");
    n.put("MacAddress", live && info.macAddress() != null ? info.macAddress() : "");
    return settings;
  }

  /** Docker's {@code Ports} list for ps: published ones with their host side, exposed ones bare. */
  private static ArrayNode ports(Container c) {
    ArrayNode list = Json.mapper().createArrayNode();
    Map<String, List<HostConfig.PortBinding>> published = portMap(c);
    for (Map.Entry<String, List<HostConfig.PortBinding>> e : published.entrySet()) {
      String[] key = e.getKey().split("/");
      int privatePort = Integer.parseInt(key[0]);
      String type = key.length > 1 ? key[1] : "tcp";
      if (e.getValue() == null || e.getValue().isEmpty()) {
        list.addObject().put("PrivatePort", privatePort).put("Type", type);
        continue;
      }
      for (HostConfig.PortBinding b : e.getValue()) {
        ObjectNode p = list.addObject();
        p.put("IP", b.hostIp() == null || b.hostIp().isEmpty() ? "0.0.0.0" : b.hostIp());
        p.put("PrivatePort", privatePort);
        if (b.hostPort() != null && !b.hostPort().isEmpty()) {
          p.put("PublicPort", Integer.parseInt(b.hostPort()));
        }
        p.put("Type", type);
      }
    }
    return list;
  }

  /** Published ports while running (with the host ports really used), exposed ones always. */
  static Map<String, List<HostConfig.PortBinding>> portMap(Container c) {
    Map<String, List<HostConfig.PortBinding>> map = new java.util.TreeMap<>();
    if (c.config().exposedPorts() != null) {
      for (String key : c.config().exposedPorts().keySet()) {
        map.put(key.contains("/") ? key : key + "/tcp", null);
      }
    }
    Container.NetworkInfo info = c.network();
    if (c.state().running() && info != null && info.ports() != null) {
      map.putAll(info.ports());
    }
    return map;
  }

  static List<String> command(ContainerConfig config) {
    List<String> cmd = new ArrayList<>();
    if (config.entrypoint() != null) {
      cmd.addAll(config.entrypoint());
    }
    if (config.cmd() != null) {
      cmd.addAll(config.cmd());
    }
    return cmd;
  }

  static String commandLine(ContainerConfig config) {
    return String.join(" ", command(config));
  }

  /** Docker's human status: "Up 3 seconds", "Exited (0) 2 minutes ago", "Created". */
  static String statusText(ContainerState s, Instant now) {
    return switch (s.status()) {
      case "running" -> "Up " + human(java.time.Duration.between(Instant.parse(s.startedAt()),
          now));
      case "restarting" -> "Restarting (" + s.exitCode() + ") " + ago(s.finishedAt(), now);
      case "exited" -> "Exited (" + s.exitCode() + ") " + ago(s.finishedAt(), now);
      case "removing" -> "Removal In Progress";
      case "dead" -> "Dead";
      default -> "Created";
    };
  }

  private static String ago(String time, Instant now) {
    if (time == null || time.equals(ContainerState.ZERO_TIME)) {
      return "";
    }
    return human(java.time.Duration.between(Instant.parse(time), now)) + " ago";
  }

  /** go-units' HumanDuration, which the docker CLI prints. */
  static String human(java.time.Duration d) {
    long seconds = Math.max(0, d.getSeconds());
    if (seconds < 1) {
      return "Less than a second";
    } else if (seconds == 1) {
      return "1 second";
    } else if (seconds < 60) {
      return seconds + " seconds";
    }
    long minutes = seconds / 60;
    if (minutes == 1) {
      return "About a minute";
    } else if (minutes < 60) {
      return minutes + " minutes";
    }
    long hours = Math.round(seconds / 3600.0);
    if (hours == 1) {
      return "About an hour";
    } else if (hours < 48) {
      return hours + " hours";
    } else if (hours < 24 * 7 * 2) {
      return hours / 24 + " days";
    } else if (hours < 24 * 30 * 2) {
      return hours / 24 / 7 + " weeks";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 / 30 + " months";
    }
    return hours / 24 / 365 + " years";
  }
}
