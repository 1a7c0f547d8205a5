package dev.edge.cli.bootstrap;

import dev.edge.cli.UserException;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.image.ImportCommand;
import dev.edge.cli.support.ApiCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code edge bootstrap debian:SUITE}: a minimal Debian base image made on this machine, with no
 * registry: {@code debootstrap --variant=minbase} from the apt mirror the machine is configured
 * with, cleaned and tarred reproducibly ({@link DebianRootfs}, cached), then imported through the
 * daemon's import API as {@code debian:SUITE} and {@code debian:SUITE-slim}.
 */
@Command(name = "bootstrap", mixinStandardHelpOptions = true,
    description = "Make a minimal Debian base image with debootstrap, without a registry")
public final class BootstrapCommand extends ApiCommand {
  static final Path DEFAULT_CACHE = Path.of("/var/cache/edge/bootstrap");
  static final Path ETC_APT = Path.of("/etc/apt");
  /** The official images' PATH and command, so Dockerfiles written for them behave the same. */
  static final List<String> CHANGES = List.of(
      "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      "CMD [\"bash\"]");

  @Parameters(paramLabel = "debian:SUITE", description = "What to make, e.g. debian:bookworm")
  String image;

  @Option(names = "--mirror", paramLabel = "URL",
      description = "Debian mirror (default: the one /etc/apt is configured with)")
  String mirror;

  @Option(names = {"-t", "--tag"}, paramLabel = "NAME[:TAG]",
      description = "Name the image (repeatable; default: debian:SUITE and debian:SUITE-slim)")
  List<String> tags = new ArrayList<>();

  @Option(names = "--variant", defaultValue = "minbase", paramLabel = "VARIANT",
      description = "debootstrap variant (default: ${DEFAULT-VALUE})")
  String variant;

  @Option(names = "--cache", paramLabel = "DIR", description = "Where made root file systems"
      + " are kept for the next run (default: " + "/var/cache/edge/bootstrap" + ")")
  Path cache = DEFAULT_CACHE;

  @Option(names = "--refresh", description = "Run debootstrap again even if a cached root exists")
  boolean refresh;

  @Option(names = "--source-date-epoch", paramLabel = "SECONDS",
      defaultValue = "${env:SOURCE_DATE_EPOCH}",
      description = "Clamp file times to this and use it as the created time (env"
          + " SOURCE_DATE_EPOCH; default: the suite's Release date on the mirror)")
  String sourceDateEpoch;

  @Override
  protected int run(DaemonClient client) throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String suite = suite(image);
    requireRoot();
    requireDebootstrap(suite);
    String source = mirror != null ? mirror.replaceFirst("/+$", "")
        : AptSources.mirror(ETC_APT, suite).orElseThrow(() -> new UserException(
            "no Debian mirror found in /etc/apt/sources.list or /etc/apt/sources.list.d/:"
                + " pass --mirror URL (e.g. http://deb.debian.org/debian)"));
    String architecture = dpkgArchitecture();
    Long epoch = parseEpoch(sourceDateEpoch);
    DebianRootfs.Result rootfs = new DebianRootfs(cache, err).get(suite, variant, architecture,
        source, epoch, refresh);
    err.println("bootstrap: " + (rootfs.cached() ? "using the cached " : "made ") + rootfs.tar()
        + " (" + suite + " " + variant + " " + architecture + " from " + rootfs.info().mirror()
        + ", times clamped to " + rootfs.info().sourceDateEpoch() + ")");
    err.flush();
    List<String> names = tags.isEmpty() ? List.of("debian:" + suite, "debian:" + suite + "-slim")
        : tags;
    String id;
    try (InputStream tar = Files.newInputStream(rootfs.tar())) {
      id = ImportCommand.importTar(client, "-", tar, names.get(0), CHANGES,
          "edge bootstrap: debootstrap --variant=" + variant + " " + suite + " "
              + rootfs.info().mirror(), platform(architecture),
          String.valueOf(rootfs.info().sourceDateEpoch()));
    }
    for (String name : names.subList(1, names.size())) {
      tag(client, id, name);
    }
    err.println("bootstrap: tagged " + String.join(", ", names));
    out.println(id);
    return 0;
  }

  /** {@code debian:bookworm} gives bookworm; other distributions are not debootstrap's. */
  static String suite(String image) {
    int colon = image.indexOf(':');
    String name = colon < 0 ? image : image.substring(0, colon);
    if (!name.equals("debian") && !name.equals("docker.io/library/debian")) {
      throw new UserException("edge bootstrap makes Debian images only (debian:SUITE, e.g."
          + " debian:bookworm), not " + image);
    }
    if (colon < 0 || colon == image.length() - 1) {
      throw new UserException("name the suite: debian:SUITE, e.g. debian:bookworm");
    }
    String suite = image.substring(colon + 1);
    if (!suite.matches("[a-z][a-z0-9-]*")) {
      throw new UserException("not a Debian suite: " + suite);
    }
    return suite;
  }

  private static void requireRoot() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("Uid:") && !line.split("\\s+")[2].equals("0")) {
        throw new UserException("edge bootstrap runs debootstrap, which needs root: run it as"
            + " root (sudo edge bootstrap ...)");
      }
    }
  }

  private static void requireDebootstrap(String suite) {
    Path found = null;
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "debootstrap"))) {
        found = Path.of(dir, "debootstrap");
        break;
      }
    }
    if (found == null) {
      throw new UserException("debootstrap is not installed: apt-get install debootstrap");
    }
    Path scripts = Path.of("/usr/share/debootstrap/scripts");
    if (Files.isDirectory(scripts) && !Files.exists(scripts.resolve(suite))) {
      throw new UserException("debootstrap does not know the suite " + suite + " (no "
          + scripts.resolve(suite) + "); a newer debootstrap may");
    }
  }

  private static String dpkgArchitecture() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("dpkg", "--print-architecture").redirectErrorStream(true)
        .start();
    String arch = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0 || arch.isEmpty()) {
      throw new UserException("dpkg --print-architecture failed: " + arch);
    }
    return arch;
  }

  /** Debian's architecture names as OCI platforms (Docker's official images use the same). */
  static String platform(String debianArch) {
    return switch (debianArch) {
      case "amd64" -> "linux/amd64";
      case "arm64" -> "linux/arm64/v8";
      case "armhf" -> "linux/arm/v7";
      case "armel" -> "linux/arm/v5";
      case "i386" -> "linux/386";
      case "ppc64el" -> "linux/ppc64le";
      case "mips64el" -> "linux/mips64le";
      default -> "linux/" + debianArch; // s390x, riscv64
    };
  }

  private static Long parseEpoch(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new UserException("SOURCE_DATE_EPOCH=" + value + " is not a number of seconds");
    }
  }

  private static void tag(DaemonClient client, String id, String name) {
    int slash = name.lastIndexOf('/');
    int colon = name.lastIndexOf(':');
    String repo = colon > slash ? name.substring(0, colon) : name;
    String tag = colon > slash ? name.substring(colon + 1) : "latest";
    client.post("/images/" + id + "/tag?repo=" + q(repo) + "&tag=" + q(tag), null);
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
