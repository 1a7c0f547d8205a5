package dev.edge.agent.containers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.container.ContainerNames;
import dev.edge.runtime.image.Reference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code container.run} document, checked: {@code image}, {@code name?}, {@code cmd?} (argv), {@code env?}
 * (an object of names to values), {@code binds?} ({@code "/host:/ctr[:ro|rw]"}), {@code detach?} (default true),
 * {@code autoRemove?}, {@code network?} ({@code bridge} (default), {@code host} or {@code none}). It becomes
 * the body Docker's {@code POST /containers/create} would get, so the container service sees what the API
 * handler would give it.
 */
record ContainerRunRequest(String image, String name, List<String> cmd, List<String> env, List<String> binds,
    boolean detach, boolean autoRemove, String network) {
  static final Set<String> NETWORKS = Set.of("bridge", "host", "none");

  static ContainerRunRequest parse(JsonNode doc) {
    JsonNode image = doc.get("image");
    if (image == null || !image.isTextual() || image.asText().isBlank()) {
      throw new IllegalArgumentException("image: missing; give the image to run (pull it first with image.pull)");
    }
    try {
      Reference.parse(image.asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("image: " + e.getMessage(), e);
    }
    return new ContainerRunRequest(image.asText(), name(doc.get("name")), cmd(doc.get("cmd")),
        env(doc.get("env")), binds(doc.get("binds")), bool(doc, "detach", true), bool(doc, "autoRemove", false),
        network(doc.get("network")));
  }

  private static String name(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new IllegalArgumentException("name: " + node + " is not a string");
    }
    try {
      return ContainerNames.validate(node.asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("name: " + e.getMessage(), e);
    }
  }

  private static List<String> cmd(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isArray() || node.isEmpty()) {
      throw new IllegalArgumentException("cmd: " + node + " is not a non-empty array of strings (the argv; no"
          + " shell is added)");
    }
    List<String> argv = new ArrayList<>();
    for (JsonNode arg : node) {
      if (!arg.isTextual()) {
        throw new IllegalArgumentException("cmd: element " + arg + " is not a string");
      }
      argv.add(arg.asText());
    }
    return argv;
  }

  private static List<String> env(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("env: " + node + " is not an object of names to values");
    }
    List<String> env = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().isEmpty() || e.getKey().contains("=") || e.getKey().indexOf('\0') >= 0) {
        throw new IllegalArgumentException("env: '" + e.getKey() + "' is not a variable name");
      }
      JsonNode v = e.getValue();
      if (!v.isValueNode() || v.isNull()) {
        throw new IllegalArgumentException("env: " + e.getKey() + " must be a string, number or boolean");
      }
      env.add(e.getKey() + "=" + v.asText());
    }
    return env;
  }

  private static List<String> binds(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException("binds: " + node + " is not an array of \"/host:/ctr[:ro]\" strings");
    }
    List<String> binds = new ArrayList<>();
    for (JsonNode b : node) {
      String text = b.asText("");
      String[] parts = text.split(":", -1);
      boolean ok = b.isTextual() && (parts.length == 2 || parts.length == 3) && parts[0].startsWith("/")
          && parts[1].startsWith("/") && !parts[1].equals("/")
          && (parts.length == 2 || parts[2].equals("ro") || parts[2].equals("rw"));
      if (!ok) {
        throw new IllegalArgumentException("binds: " + b + " is not \"/host/path:/container/path\" with an"
            + " optional \":ro\" or \":rw\"");
      }
      binds.add(text);
    }
    return binds;
  }

  private static boolean bool(JsonNode doc, String field, boolean fallback) {
    JsonNode n = doc.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isBoolean()) {
      throw new IllegalArgumentException(field + ": " + n + " is not true or false");
    }
    return n.asBoolean();
  }

  private static String network(JsonNode node) {
    if (node == null || node.isNull()) {
      return "bridge";
    }
    if (!NETWORKS.contains(node.asText())) {
      throw new IllegalArgumentException("network: " + node + " is not one of bridge, host, none");
    }
    return node.asText();
  }

  /**
   * The {@code POST /containers/create} body. A run that is waited for does not ask the daemon to auto-remove:
   * the job reads the exit code and the log to their end first, then removes the container itself. The
   * container is labelled with the job's id, so a daemon that restarts can find what an interrupted job left.
   */
  Map<String, Object> createBody(String jobId) {
    Map<String, Object> host = new LinkedHashMap<>();
    host.put("Binds", binds);
    host.put("NetworkMode", network);
    host.put("AutoRemove", autoRemove && detach);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Image", image);
    if (cmd != null) {
      body.put("Cmd", cmd);
    }
    body.put("Env", env);
    body.put("HostConfig", host);
    if (jobId != null) {
      body.put("Labels", Map.of(ContainerJobs.JOB_LABEL, jobId));
    }
    return body;
  }
}
