package dev.edge.cli.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.edge.cli.UserException;
import dev.edge.runtime.fs.AtomicFiles;
import dev.edge.runtime.fs.FileTrees;
import dev.edge.runtime.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A minimal Debian root file system made by {@code debootstrap} from an apt mirror, cleaned of
 * what would differ between runs or leak the host (apt lists and caches, logs, the host's
 * resolv.conf and hostname), tarred with sorted names, numeric owners and times clamped to the
 * source date epoch, and cached: the tar is kept under the cache directory by suite, variant,
 * architecture and mirror, so a second bootstrap only imports it.
 */
public final class DebianRootfs {
  /** How long the mirror check waits; debootstrap itself has apt's own timeouts. */
  static final int MIRROR_TIMEOUT_MS = 15_000;
  /** Lines of debootstrap's log shown when it fails. */
  static final int LOG_TAIL_LINES = 25;
  private static final String TAR = "rootfs.tar";
  private static final String INFO = "rootfs.json";

  /** What a cached root file system was made from. */
  public record Info(
      @JsonProperty("suite") String suite,
      @JsonProperty("variant") String variant,
      @JsonProperty("architecture") String architecture,
      @JsonProperty("mirror") String mirror,
      @JsonProperty("sourceDateEpoch") long sourceDateEpoch,
      @JsonProperty("made") String made) {}

  /** A ready tar and what it is. */
  public record Result(Path tar, Info info, boolean cached) {}

  private final Path cacheRoot;
  private final PrintWriter log;

  /** @param log where progress goes (standard error) */
  public DebianRootfs(Path cacheRoot, PrintWriter log) {
    this.cacheRoot = cacheRoot;
    this.log = log;
  }

  /**
   * The cached tar for these inputs, or a new one.
   *
   * @param sourceDateEpoch null to take the suite's Release date from the mirror
   */
  public Result get(String suite, String variant, String architecture, String mirror,
      Long sourceDateEpoch, boolean refresh) throws IOException, InterruptedException {
    Path dir = cacheRoot.resolve("debian-" + suite + "-" + variant + "-" + architecture + "-"
        + shortHash(mirror));
    Path tar = dir.resolve(TAR);
    Path infoFile = dir.resolve(INFO);
    if (!refresh && Files.isRegularFile(tar) && Files.isRegularFile(infoFile)) {
      Info info = Json.mapper().readValue(infoFile.toFile(), Info.class);
      if (sourceDateEpoch == null || sourceDateEpoch == info.sourceDateEpoch()) {
        return new Result(tar, info, true);
      }
    }
    long releaseDate = checkMirror(mirror, suite);
    long epoch = sourceDateEpoch != null ? sourceDateEpoch : releaseDate;
    Files.createDirectories(dir);
    Path work = dir.resolve("work-" + UUID.randomUUID());
    Path root = work.resolve("root");
    try {
      Files.createDirectories(work);
      debootstrap(suite, variant, architecture, mirror, root, dir.resolve("debootstrap.log"));
      unmountUnder(work);
      clean(root);
      Path tmp = work.resolve(TAR);
      tar(root, tmp, epoch);
      Info info = new Info(suite, variant, architecture, mirror, epoch, Instant.now().toString());
      Files.move(tmp, tar, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      AtomicFiles.write(infoFile, Json.mapper().writeValueAsBytes(info));
      return new Result(tar, info, false);
    } finally {
      unmountUnder(work);
      FileTrees.delete(work);
    }
  }

  /**
   * Fails clearly when the mirror cannot serve the suite; returns the suite's Release date (epoch
   * seconds), which is the default source date epoch: the same mirror state gives the same times.
   */
  static long checkMirror(String mirror, String suite) {
    String release = mirror.replaceFirst("/+$", "") + "/dists/" + suite + "/Release";
    try {
      if (release.startsWith("file:")) {
        try (InputStream in = Files.newInputStream(Path.of(URI.create(release)))) {
          return releaseDate(in, release);
        }
      }
      HttpURLConnection http = (HttpURLConnection) URI.create(release).toURL().openConnection();
      http.setConnectTimeout(MIRROR_TIMEOUT_MS);
      http.setReadTimeout(MIRROR_TIMEOUT_MS);
      int status = http.getResponseCode();
      if (status == 404) {
        throw new UserException("the apt mirror " + mirror + " has no suite " + suite + " ("
            + release + " is 404): check the suite's name or pass --mirror URL");
      }
      if (status != 200) {
        throw new UserException("the apt mirror " + mirror + " answered " + status + " for "
            + release + ": pass --mirror URL for another mirror");
      }
      try (InputStream in = http.getInputStream()) {
        return releaseDate(in, release);
      } finally {
        http.disconnect();
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new UserException("the apt mirror " + mirror + " is unreachable (" + release + ": "
          + e + "). Is the network up? Pass --mirror URL for a reachable mirror (a local one:"
          + " --mirror file:///path/to/mirror)");
    }
  }

  /** The {@code Date:} field of a Release file, in epoch seconds. */
  static long releaseDate(InputStream in, String where) throws IOException {
    BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    while ((line = lines.readLine()) != null && !line.isEmpty()) {
      if (line.startsWith("Date:")) {
        String value = line.substring(5).strip().replaceFirst(" UTC$", " GMT");
        try {
          return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
        } catch (DateTimeParseException e) {
          throw new IOException("unreadable Date in " + where + ": " + value, e);
        }
      }
    }
    throw new IOException(where + " has no Date field");
  }

  private void debootstrap(String suite, String variant, String architecture, String mirror,
      Path root, Path logFile) throws IOException, InterruptedException {
    List<String> cmd = List.of("debootstrap", "--variant=" + variant, "--arch=" + architecture,
        suite, root.toString(), mirror);
    log.println("bootstrap: " + String.join(" ", cmd));
    log.flush();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    Deque<String> tail = new ArrayDeque<>();
    try (PrintWriter file = new PrintWriter(Files.newBufferedWriter(logFile));
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
            StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        file.println(line);
        if (tail.size() == LOG_TAIL_LINES) {
          tail.removeFirst();
        }
        tail.addLast(line);
        if (!line.matches("I: (Retrieving|Validating|Unpacking|Configuring|Extracting) .*")) {
          log.println("  " + line);
          log.flush();
        }
      }
    } finally {
      if (p.isAlive()) {
        p.destroy();
      }
    }
    int exit = p.waitFor();
    if (exit != 0) {
      throw new UserException("debootstrap failed (exit " + exit + "); the end of its log ("
          + logFile + "):\n  " + String.join("\n  ", tail));
    }
  }

  /** What differs between two runs or belongs to the host; apt and dpkg state stays. */
  static void clean(Path root) throws IOException {
    for (String dir : List.of("var/cache/apt/archives", "var/lib/apt/lists", "var/log", "tmp",
        "var/tmp")) {
      deleteFilesUnder(root.resolve(dir), root.resolve(dir));
    }
    for (String file : List.of("var/cache/apt/pkgcache.bin", "var/cache/apt/srcpkgcache.bin",
        "var/cache/ldconfig/aux-cache", "var/lib/dpkg/status-old",
        "var/lib/dpkg/diversions-old", "var/cache/debconf/config.dat-old",
        "var/cache/debconf/templates.dat-old", "var/cache/debconf/passwords.dat-old")) {
      Files.deleteIfExists(root.resolve(file));
    }
    FileTrees.delete(root.resolve("debootstrap"));
    // The container runtime supplies these; debootstrap copied the host's.
    for (String file : List.of("etc/resolv.conf", "etc/hostname", "etc/machine-id")) {
      Path path = root.resolve(file);
      if (Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.write(path, new byte[0]);
      }
    }
  }

  /** Removes regular files and links under {@code dir}, keeping the directories (apt wants them). */
  private static void deleteFilesUnder(Path dir, Path top) throws IOException {
    if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> children = new ArrayList<>();
    try (var list = Files.list(dir)) {
      list.forEach(children::add);
    }
    for (Path child : children) {
      if (Files.isDirectory(child, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        deleteFilesUnder(child, top);
      } else {
        Files.delete(child);
      }
    }
  }

  private void tar(Path root, Path out, long epoch) throws IOException, InterruptedException {
    List<String> cmd = List.of("tar", "--create", "--file=" + out, "--directory=" + root,
        "--numeric-owner", "--sort=name", "--format=posix", "--xattrs",
        "--xattrs-include=security.capability", "--mtime=@" + epoch, "--clamp-mtime",
        // the runtime mounts its own /dev, /proc and /sys; the directories stay
        "--exclude=./dev/*", "--exclude=./proc/*", "--exclude=./sys/*", ".");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new UserException("tar of the bootstrapped root failed: " + output.strip());
    }
  }

  /** Unmounts what debootstrap left mounted under {@code dir} (proc, sys) after a failure. */
  static void unmountUnder(Path dir) throws IOException, InterruptedException {
    String prefix = dir.toAbsolutePath().toString();
    List<String> points = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String[] fields = line.split(" ");
      if (fields.length > 4) {
        String point = unescape(fields[4]);
        if (point.equals(prefix) || point.startsWith(prefix + "/")) {
          points.add(point);
        }
      }
    }
    points.sort((a, b) -> b.length() - a.length()); // deepest first
    for (String point : points) {
      Process p = new ProcessBuilder("umount", "-l", point).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** mountinfo escapes space, tab, newline and backslash as \\ooo. */
  private static String unescape(String field) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4)
          .matches("[0-7]{3}")) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String shortHash(String text) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
