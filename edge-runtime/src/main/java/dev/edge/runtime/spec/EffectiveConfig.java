package dev.edge.runtime.spec;

import dev.edge.runtime.container.ContainerConfig;
import dev.edge.runtime.image.ImageConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a container runs once Docker's rules have merged the image's defaults into the request
 * ({@code daemon/commit.go merge}): the container's {@code Config} as {@code inspect} shows it,
 * and the {@code Path}/{@code Args} and process environment derived from it.
 */
public record EffectiveConfig(
    String hostname,
    String domainname,
    String user,
    List<String> env,
    List<String> entrypoint,
    List<String> cmd,
    String workingDir,
    Map<String, String> labels,
    Map<String, Object> exposedPorts,
    Map<String, Object> volumes,
    String stopSignal,
    Integer stopTimeout,
    boolean tty,
    boolean openStdin,
    boolean stdinOnce,
    boolean attachStdin,
    boolean attachStdout,
    boolean attachStderr,
    String image,
    boolean networkDisabled) {
  /** Docker's PATH for Linux containers whose image and request set none. */
  public static final String DEFAULT_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  /** Docker shows this many hex digits of the id as the default hostname. */
  public static final int SHORT_ID_LENGTH = 12;

  public EffectiveConfig {
    env = List.copyOf(env);
    entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
    cmd = cmd == null ? List.of() : List.copyOf(cmd);
    labels = sorted(labels, "");
    exposedPorts = sorted(exposedPorts, Map.of());
    volumes = sorted(volumes, Map.of());
    user = user == null ? "" : user;
    workingDir = workingDir == null ? "" : workingDir;
    stopSignal = stopSignal == null ? "" : stopSignal;
  }

  /**
   * Merges {@code image} (may be null: an image without a config) under {@code request}, as
   * Docker does at create. {@code hostname} is used when the request gives none; see
   * {@link #defaultHostname}.
   *
   * @throws ContainerSpecException when no command is left, an env entry has no name, or the
   *     working directory is relative
   */
  public static EffectiveConfig merge(ContainerConfig request, ImageConfig.RunConfig image,
      String hostname) {
    ImageConfig.RunConfig img = image != null ? image
        : new ImageConfig.RunConfig(null, null, null, null, null, null, null, null, null, null,
            null);
    for (String e : request.env()) {
      if (EnvList.key(e).isEmpty()) {
        throw new ContainerSpecException("invalid environment variable: " + e);
      }
    }
    List<String> entrypoint = request.entrypoint();
    List<String> cmd = request.cmd();
    if (entrypoint == null || entrypoint.isEmpty()) {
      // An absent entrypoint inherits the image's; an empty list keeps none. Either way the
      // image's Cmd only applies when the request brings no Cmd of its own.
      if (cmd == null || cmd.isEmpty()) {
        cmd = img.cmd();
      }
      if (entrypoint == null) {
        entrypoint = img.entrypoint();
      }
    }
    // ["" ] is how a client says --entrypoint "": no entrypoint, and the image's Cmd is gone too.
    if (entrypoint != null && entrypoint.size() == 1 && entrypoint.get(0).isEmpty()) {
      entrypoint = List.of();
    }
    if ((entrypoint == null || entrypoint.isEmpty()) && (cmd == null || cmd.isEmpty())) {
      throw new ContainerSpecException("no command specified");
    }
    String workingDir = nonEmpty(request.workingDir()) ? request.workingDir() : img.workingDir();
    if (nonEmpty(workingDir) && !workingDir.startsWith("/")) {
      throw new ContainerSpecException("the working directory '" + workingDir
          + "' is invalid, it needs to be an absolute path");
    }
    return new EffectiveConfig(
        nonEmpty(request.hostname()) ? request.hostname() : hostname,
        request.domainname() == null ? "" : request.domainname(),
        nonEmpty(request.user()) ? request.user() : img.user(),
        mergeEnv(request.env(), img.env()),
        entrypoint,
        cmd,
        workingDir,
        union(request.labels(), img.labels()),
        union(request.exposedPorts(), img.exposedPorts()),
        overlay(request.volumes(), img.volumes()),
        nonEmpty(request.stopSignal()) ? request.stopSignal() : img.stopSignal(),
        request.stopTimeout(),
        request.tty(),
        request.openStdin(),
        request.stdinOnce(),
        request.attachStdin(),
        request.attachStdout(),
        request.attachStderr(),
        request.image(),
        request.networkDisabled());
  }

  /** Docker's default: the host's name on the host network, else the id's first 12 digits. */
  public static String defaultHostname(String containerId, boolean hostNetwork,
      String hostHostname) {
    if (hostNetwork) {
      return hostHostname;
    }
    return containerId.length() > SHORT_ID_LENGTH ? containerId.substring(0, SHORT_ID_LENGTH)
        : containerId;
  }

  /** The whole command line: entrypoint then cmd. */
  public List<String> command() {
    List<String> all = new ArrayList<>(entrypoint);
    all.addAll(cmd);
    return all;
  }

  /** Docker's {@code Path}: the program the container starts. */
  public String path() {
    return command().get(0);
  }

  /** Docker's {@code Args}: everything after {@link #path()}. */
  public List<String> args() {
    List<String> all = command();
    return all.subList(1, all.size());
  }

  /** The working directory the process starts in. */
  public String cwd() {
    return workingDir.isEmpty() ? "/" : workingDir;
  }

  /**
   * The environment the process gets (Docker's {@code CreateDaemonEnvironment}): PATH,
   * HOSTNAME and, with a TTY, TERM, each overridden by the config's own entries.
   */
  public List<String> processEnv() {
    return processEnv(tty);
  }

  /** The environment of a process started with or without a TTY ({@code docker exec -t}). */
  public List<String> processEnv(boolean withTty) {
    List<String> base = new ArrayList<>();
    base.add("PATH=" + DEFAULT_PATH);
    base.add("HOSTNAME=" + hostname);
    if (withTty) {
      base.add("TERM=xterm");
    }
    return EnvList.replaceOrAppend(base, env);
  }

  /** The merged config in the request's shape, for {@code GET /containers/{id}/json}. */
  public ContainerConfig toContainerConfig() {
    return new ContainerConfig(hostname, domainname, user, attachStdin, attachStdout,
        attachStderr, exposedPorts.isEmpty() ? null : exposedPorts, tty, openStdin, stdinOnce,
        env, cmd.isEmpty() ? null : cmd, entrypoint.isEmpty() ? null : entrypoint, image,
        volumes.isEmpty() ? null : volumes, workingDir, labels, stopSignal.isEmpty() ? null
            : stopSignal, stopTimeout, networkDisabled);
  }

  /** The request's entries first, then the image's whose names the request does not set. */
  static List<String> mergeEnv(List<String> request, List<String> image) {
    List<String> merged = new ArrayList<>(request);
    if (image != null) {
      for (String e : image) {
        if (!EnvList.has(request, EnvList.key(e))) {
          merged.add(e);
        }
      }
    }
    return merged;
  }

  private static <V> Map<String, V> union(Map<String, V> first, Map<String, V> second) {
    Map<String, V> merged = new LinkedHashMap<>();
    if (second != null) {
      merged.putAll(second);
    }
    if (first != null) {
      merged.putAll(first);
    }
    return merged;
  }

  private static <V> Map<String, V> overlay(Map<String, V> request, Map<String, V> image) {
    return union(image, request);
  }

  /** A read-only copy in key order (stable JSON), with JSON nulls as {@code absent}. */
  private static <V> Map<String, V> sorted(Map<String, V> map, V absent) {
    Map<String, V> copy = new TreeMap<>();
    if (map != null) {
      map.forEach((k, v) -> copy.put(k, v == null ? absent : v));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static boolean nonEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
