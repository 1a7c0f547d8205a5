package dev.edge.runtime.build.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edge.runtime.build.context.ContextPaths;
import dev.edge.runtime.build.dockerfile.CmdInstruction;
import dev.edge.runtime.build.dockerfile.Command;
import dev.edge.runtime.build.dockerfile.EntrypointInstruction;
import dev.edge.runtime.build.dockerfile.ExposeInstruction;
import dev.edge.runtime.build.dockerfile.HealthcheckInstruction;
import dev.edge.runtime.build.dockerfile.Instruction;
import dev.edge.runtime.build.dockerfile.KeyValue;
import dev.edge.runtime.build.dockerfile.LabelInstruction;
import dev.edge.runtime.build.dockerfile.MaintainerInstruction;
import dev.edge.runtime.build.dockerfile.ShellInstruction;
import dev.edge.runtime.build.dockerfile.StopSignalInstruction;
import dev.edge.runtime.build.dockerfile.UserInstruction;
import dev.edge.runtime.build.dockerfile.VolumeInstruction;
import dev.edge.runtime.build.dockerfile.WorkdirInstruction;
import dev.edge.runtime.image.ImageConfig;
import dev.edge.runtime.image.ImageConfig.RunConfig;
import dev.edge.runtime.json.Json;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The image config of one stage as its instructions change it: run defaults (ENV, LABEL,
 * WORKDIR, USER, CMD, ENTRYPOINT, EXPOSE, VOLUME, SHELL, STOPSIGNAL, HEALTHCHECK) and the author
 * (MAINTAINER). Takes expanded instructions; file-changing steps leave the config to the builder.
 */
public final class StageConfig {
  /** Docker's shell for shell-form commands on Linux when no SHELL is given. */
  public static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");
  private ImageConfig image;
  private boolean cmdSet;

  public StageConfig(ImageConfig base) {
    this.image = base;
  }

  /** The config of a {@code FROM scratch} stage for {@code os}/{@code architecture}. */
  public static StageConfig scratch(String os, String architecture, String variant) {
    return new StageConfig(new ImageConfig(architecture, os, variant, null, null,
        new RunConfig(null, null, null, null, null, null, null, null, null, null, null),
        new ImageConfig.RootFs("layers", List.of()), List.of()));
  }

  public ImageConfig image() {
    return image;
  }

  public RunConfig run() {
    return image.config() != null ? image.config()
        : new RunConfig(null, null, null, null, null, null, null, null, null, null, null);
  }

  public List<String> shell() {
    List<String> shell = run().shell();
    return shell == null || shell.isEmpty() ? DEFAULT_SHELL : shell;
  }

  /** The working directory, "/" when none is set. */
  public String workdir() {
    String dir = run().workingDir();
    return dir == null || dir.isEmpty() ? "/" : dir;
  }

  public List<String> env() {
    return run().env() == null ? List.of() : run().env();
  }

  /** Replaces the environment with the stage scope's, after an ENV. */
  public void setEnv(List<String> env) {
    RunConfigBuilder b = new RunConfigBuilder(run());
    b.env = List.copyOf(env);
    replace(b.build());
  }

  /** Applies a metadata instruction; other instructions leave the config as it is. */
  public void apply(Instruction expanded) {
    if (expanded instanceof MaintainerInstruction m) {
      image = new ImageConfig(image.architecture(), image.os(), image.variant(),
          image.created(), m.name(), image.config(), image.rootfs(), image.history());
      return;
    }
    RunConfigBuilder b = new RunConfigBuilder(run());
    if (expanded instanceof WorkdirInstruction w) {
      b.workingDir = workdir(w.path());
    } else if (expanded instanceof UserInstruction u) {
      b.user = u.user();
    } else if (expanded instanceof CmdInstruction c) {
      cmdSet = true;
      b.cmd = argv(c.command());
    } else if (expanded instanceof EntrypointInstruction e) {
      b.entrypoint = argv(e.command());
      if (!cmdSet) {
        b.cmd = null; // Docker: a new ENTRYPOINT drops the CMD inherited from the base image
      }
    } else if (expanded instanceof ExposeInstruction x) {
      b.exposedPorts = addKeys(b.exposedPorts, x.ports());
    } else if (expanded instanceof VolumeInstruction v) {
      b.volumes = addKeys(b.volumes, v.paths());
    } else if (expanded instanceof LabelInstruction l) {
      b.labels = labels(b.labels, l.pairs());
    } else if (expanded instanceof StopSignalInstruction s) {
      b.stopSignal = s.signal();
    } else if (expanded instanceof HealthcheckInstruction h) {
      b.healthcheck = healthcheck(h);
    } else if (expanded instanceof ShellInstruction s) {
      b.shell = s.shell();
    } else {
      return;
    }
    replace(b.build());
  }

  /** Appends a layer's diff_id after a file-changing step. */
  public void addLayer(String diffId) {
    ImageConfig.RootFs rootfs = image.rootfs();
    List<String> ids = new java.util.ArrayList<>(rootfs == null || rootfs.diffIds() == null
        ? List.of() : rootfs.diffIds());
    ids.add(diffId);
    image = new ImageConfig(image.architecture(), image.os(), image.variant(), image.created(),
        image.author(), image.config(), new ImageConfig.RootFs("layers", ids), image.history());
  }

  /** Appends a history entry ({@code emptyLayer} for metadata-only steps). */
  public void addHistory(String created, String createdBy, boolean emptyLayer) {
    ObjectNode entry = Json.mapper().createObjectNode();
    entry.put("created", created);
    entry.put("created_by", createdBy);
    if (emptyLayer) {
      entry.put("empty_layer", true);
    }
    List<JsonNode> history = new java.util.ArrayList<>(image.history() == null ? List.of()
        : image.history());
    history.add(entry);
    image = new ImageConfig(image.architecture(), image.os(), image.variant(), created,
        image.author(), image.config(), image.rootfs(), history);
  }

  private void replace(RunConfig next) {
    image = new ImageConfig(image.architecture(), image.os(), image.variant(), image.created(),
        image.author(), next, image.rootfs(), image.history());
  }

  /** A relative WORKDIR builds on the previous one, as Docker's path.Join does. */
  String workdir(String path) {
    String joined = path.startsWith("/") ? path : workdir() + "/" + path;
    return "/" + ContextPaths.clean(joined.replaceFirst("^/+", ""));
  }

  private List<String> argv(Command command) {
    return command.argv(shell());
  }

  private static Map<String, Object> addKeys(Map<String, Object> existing, List<String> keys) {
    Map<String, Object> out = new TreeMap<>(existing == null ? Map.of() : existing);
    for (String key : keys) {
      out.put(key, Map.of());
    }
    return out;
  }

  private static Map<String, String> labels(Map<String, String> existing, List<KeyValue> pairs) {
    Map<String, String> out = new LinkedHashMap<>(existing == null ? Map.of() : existing);
    for (KeyValue pair : pairs) {
      out.put(pair.key(), pair.value());
    }
    return out;
  }

  /** Docker's config form: Test, and durations in nanoseconds; unset options are left out. */
  private static JsonNode healthcheck(HealthcheckInstruction h) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.set("Test", Json.mapper().valueToTree(h.test()));
    putNanos(node, "Interval", h.interval());
    putNanos(node, "Timeout", h.timeout());
    putNanos(node, "StartPeriod", h.startPeriod());
    putNanos(node, "StartInterval", h.startInterval());
    if (h.retries() != null) {
      node.put("Retries", h.retries());
    }
    return node;
  }

  private static void putNanos(ObjectNode node, String name, Duration value) {
    if (value != null) {
      node.put(name, value.toNanos());
    }
  }
}
