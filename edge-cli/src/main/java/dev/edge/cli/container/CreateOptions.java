package dev.edge.cli.container;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The flags {@code edge run} and {@code edge create} share, as the docker CLI spells them;
 * {@link CreateBody} turns them into the body of {@code POST /containers/create}.
 */
public final class CreateOptions {
  private static final Pattern NAME = Pattern.compile("/?[a-zA-Z0-9][a-zA-Z0-9_.-]+");

  @Option(names = "--help", usageHelp = true, description = "Print usage")
  boolean help;

  @Option(names = "--name", paramLabel = "NAME", description = "Assign a name to the container")
  String name;

  @Option(names = "--rm", description = "Automatically remove the container when it exits")
  boolean autoRemove;

  @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open even if not attached")
  boolean interactive;

  @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY")
  boolean tty;

  @Option(names = {"-a", "--attach"}, paramLabel = "STREAM",
      description = "Attach to STDIN, STDOUT or STDERR")
  List<String> attach = new ArrayList<>();

  @Option(names = {"-e", "--env"}, paramLabel = "KEY[=VALUE]",
      description = "Set environment variables (KEY alone takes this shell's value)")
  List<String> env = new ArrayList<>();

  @Option(names = "--env-file", paramLabel = "FILE",
      description = "Read in a file of environment variables")
  List<String> envFiles = new ArrayList<>();

  @Option(names = {"-w", "--workdir"}, paramLabel = "DIR",
      description = "Working directory inside the container")
  String workdir;

  @Option(names = {"-u", "--user"}, paramLabel = "NAME|UID[:GROUP|GID]",
      description = "Username or UID")
  String user;

  @Option(names = {"-v", "--volume"}, paramLabel = "[SRC:]DST[:OPTS]",
      description = "Bind mount a host path or a named volume")
  List<String> volumes = new ArrayList<>();

  @Option(names = "--mount", paramLabel = "type=…,source=…,target=…",
      description = "Attach a filesystem mount to the container (bind, volume, tmpfs)")
  List<String> mounts = new ArrayList<>();

  @Option(names = "--tmpfs", paramLabel = "PATH[:OPTIONS]", description = "Mount a tmpfs")
  List<String> tmpfs = new ArrayList<>();

  @Option(names = {"-p", "--publish"}, paramLabel = "[IP:][HOST:]CTR[/PROTO]",
      description = "Publish a container's port(s) to the host")
  List<String> publish = new ArrayList<>();

  @Option(names = {"-P", "--publish-all"},
      description = "Publish all exposed ports to random ports")
  boolean publishAll;

  @Option(names = "--expose", paramLabel = "PORT[/PROTO]",
      description = "Expose a port or a range of ports")
  List<String> expose = new ArrayList<>();

  @Option(names = {"--network", "--net"}, paramLabel = "NETWORK",
      description = "Connect the container to a network (bridge, host, none)")
  String network;

  @Option(names = "--device", paramLabel = "HOST[:CTR][:rwm]",
      description = "Add a host device to the container")
  List<String> devices = new ArrayList<>();

  @Option(names = "--group-add", paramLabel = "GROUP", description = "Add additional groups")
  List<String> groupAdd = new ArrayList<>();

  @Option(names = {"-m", "--memory"}, paramLabel = "BYTES", description = "Memory limit")
  String memory;

  @Option(names = "--memory-swap", paramLabel = "BYTES",
      description = "Memory plus swap limit: -1 for unlimited swap")
  String memorySwap;

  @Option(names = "--cpus", paramLabel = "NUMBER", description = "Number of CPUs")
  String cpus;

  @Option(names = "--pids-limit", paramLabel = "N",
      description = "Tune the container's pids limit (-1 for unlimited)")
  Long pidsLimit;

  @Option(names = "--restart", paramLabel = "POLICY", description = "Restart policy to apply"
      + " when a container exits: no, on-failure[:N], always, unless-stopped")
  String restart;

  @Option(names = "--entrypoint", paramLabel = "CMD",
      description = "Overwrite the default ENTRYPOINT of the image (\"\" resets it)")
  String entrypoint;

  @Option(names = {"-l", "--label"}, paramLabel = "KEY[=VALUE]",
      description = "Set metadata on a container")
  List<String> labels = new ArrayList<>();

  @Option(names = {"-h", "--hostname"}, paramLabel = "NAME", description = "Container host name")
  String hostname;

  @Option(names = "--privileged", description = "Give extended privileges to this container")
  boolean privileged;

  @Option(names = "--cap-add", paramLabel = "CAP", description = "Add Linux capabilities")
  List<String> capAdd = new ArrayList<>();

  @Option(names = "--cap-drop", paramLabel = "CAP", description = "Drop Linux capabilities")
  List<String> capDrop = new ArrayList<>();

  @Option(names = "--security-opt", paramLabel = "OPT", description = "Security options")
  List<String> securityOpt = new ArrayList<>();

  @Option(names = "--read-only", description = "Mount the container's root filesystem read-only")
  boolean readOnly;

  @Option(names = "--init", description = "Run an init inside the container")
  Boolean init;

  @Option(names = "--stop-signal", paramLabel = "SIGNAL", description = "Signal to stop it")
  String stopSignal;

  @Option(names = "--stop-timeout", paramLabel = "SECONDS",
      description = "Timeout to stop a container")
  Integer stopTimeout;

  @Option(names = "--add-host", paramLabel = "HOST:IP",
      description = "Add a custom host-to-IP mapping")
  List<String> addHosts = new ArrayList<>();

  @Option(names = "--dns", paramLabel = "IP", description = "Set custom DNS servers")
  List<String> dns = new ArrayList<>();

  @Option(names = "--shm-size", paramLabel = "BYTES", description = "Size of /dev/shm")
  String shmSize;

  @Option(names = "--runtime", paramLabel = "RUNTIME",
      description = "Runtime to use for this container (crun, runc)")
  String runtime;

  @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
      description = "Set platform if the image is multi-platform")
  String platform;

  @Option(names = "--pull", paramLabel = "POLICY",
      description = "Pull image before running: missing (default), always, never")
  String pull = "missing";

  @Option(names = {"-q", "--quiet"}, description = "Suppress the pull output")
  boolean quiet;

  /**
   * The create request for {@code image} running {@code command} (empty: the image's);
   * {@code detach} drops the attach flags as {@code docker run -d} does; {@code clientEnv}
   * answers {@code -e KEY} lookups.
   */
  public ObjectNode body(String image, List<String> command, boolean detach,
      Function<String, String> clientEnv) {
    return new CreateBody(this).build(image, command, detach, clientEnv);
  }

  /** The container name as a query parameter value, checked as Docker's daemon checks it. */
  public String name() {
    if (name != null && !NAME.matcher(name).matches()) {
      throw new BadFlagException("--name", name, "only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed,"
          + " at least two characters");
    }
    return name;
  }

  public String platform() {
    return platform;
  }

  public boolean autoRemove() {
    return autoRemove;
  }

  public boolean tty() {
    return tty;
  }

  public boolean interactive() {
    return interactive;
  }

  public boolean quiet() {
    return quiet;
  }

  /** --pull: missing, always or never. */
  public String pullPolicy() {
    if (!pull.equals("missing") && !pull.equals("always") && !pull.equals("never")) {
      throw new BadFlagException("--pull", pull, "use missing, always or never");
    }
    return pull;
  }
}
