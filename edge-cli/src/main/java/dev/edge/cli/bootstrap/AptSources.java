package dev.edge.cli.bootstrap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Debian mirror this machine's apt is configured with, read from
 * {@code /etc/apt/sources.list.d/*.sources} (deb822) and the one-line {@code sources.list} and
 * {@code sources.list.d/*.list}: the first {@code deb} source for the suite asked, else the first
 * whose path ends in {@code /debian} (a host on another release still names a Debian mirror).
 * Security and update suites are never taken; nor are cdrom sources.
 */
public final class AptSources {
  /** One {@code deb} source: its URI and its suites. */
  record Source(String uri, List<String> suites) {}

  private AptSources() {}

  /** The mirror for {@code suite} under {@code etcApt} (normally /etc/apt), if there is one. */
  public static Optional<String> mirror(Path etcApt, String suite) throws IOException {
    List<Source> sources = read(etcApt);
    for (Source s : sources) {
      if (s.suites().contains(suite)) {
        return Optional.of(trimSlash(s.uri()));
      }
    }
    for (Source s : sources) {
      if (trimSlash(s.uri()).endsWith("/debian")) {
        return Optional.of(trimSlash(s.uri()));
      }
    }
    return Optional.empty();
  }

  /** Every usable deb source, deb822 files first (as bench/make-toolchain-image looked). */
  static List<Source> read(Path etcApt) throws IOException {
    List<Source> out = new ArrayList<>();
    Path dir = etcApt.resolve("sources.list.d");
    for (Path file : sorted(dir, "*.sources")) {
      out.addAll(deb822(Files.readString(file, StandardCharsets.UTF_8)));
    }
    Path list = etcApt.resolve("sources.list");
    if (Files.isRegularFile(list)) {
      out.addAll(oneLine(Files.readString(list, StandardCharsets.UTF_8)));
    }
    for (Path file : sorted(dir, "*.list")) {
      out.addAll(oneLine(Files.readString(file, StandardCharsets.UTF_8)));
    }
    out.removeIf(s -> !usable(s.uri()));
    return out;
  }

  /** deb822 stanzas: Types, URIs, Suites, Enabled; continuation lines start with a space. */
  static List<Source> deb822(String text) {
    List<Source> out = new ArrayList<>();
    for (String stanza : text.split("\\n\\s*\\n")) {
      String types = "";
      String uris = "";
      String suites = "";
      String enabled = "yes";
      String last = null;
      for (String line : stanza.split("\\n")) {
        if (line.startsWith("#")) {
          continue;
        }
        if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
          String more = " " + line.strip();
          switch (last) {
            case "types" -> types += more;
            case "uris" -> uris += more;
            case "suites" -> suites += more;
            default -> { }
          }
          continue;
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
          continue;
        }
        last = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).strip();
        switch (last) {
          case "types" -> types = value;
          case "uris" -> uris = value;
          case "suites" -> suites = value;
          case "enabled" -> enabled = value;
          default -> { }
        }
      }
      if (!words(types).contains("deb") || enabled.equalsIgnoreCase("no")) {
        continue;
      }
      for (String uri : words(uris)) {
        out.add(new Source(uri, words(suites)));
      }
    }
    return out;
  }

  /** {@code deb [options] URI SUITE COMPONENT...} lines. */
  static List<Source> oneLine(String text) {
    List<Source> out = new ArrayList<>();
    for (String raw : text.split("\\n")) {
      String line = raw.replaceFirst("#.*$", "").strip();
      if (!line.startsWith("deb ") && !line.startsWith("deb\t")) {
        continue;
      }
      line = line.substring(4).strip();
      if (line.startsWith("[")) {
        int close = line.indexOf(']');
        if (close < 0) {
          continue;
        }
        line = line.substring(close + 1).strip();
      }
      List<String> fields = words(line);
      if (fields.size() >= 2) {
        out.add(new Source(fields.get(0), List.of(fields.get(1))));
      }
    }
    return out;
  }

  private static boolean usable(String uri) {
    String lower = uri.toLowerCase(Locale.ROOT);
    return (lower.startsWith("http://") || lower.startsWith("https://")
        || lower.startsWith("file:")) && !trimSlash(lower).endsWith("-security");
  }

  private static List<String> words(String value) {
    String v = value.strip();
    return v.isEmpty() ? List.of() : Arrays.asList(v.split("\\s+"));
  }

  private static String trimSlash(String uri) {
    return uri.replaceFirst("/+$", "");
  }

  private static List<Path> sorted(Path dir, String glob) throws IOException {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return files;
    }
    try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, glob)) {
      found.forEach(files::add);
    }
    files.sort(null);
    return files;
  }
}
