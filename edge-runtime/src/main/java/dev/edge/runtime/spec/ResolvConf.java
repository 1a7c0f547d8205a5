package dev.edge.runtime.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's {@code /etc/resolv.conf}, from the host's as libnetwork builds it: loopback
 * nameservers (unreachable from another network namespace) and IPv6 ones are removed, Google's
 * public servers stand in when none remain, and {@code --dns}/{@code --dns-search} replace
 * the host's entries.
 */
public final class ResolvConf {
  public static final Path HOST_FILE = Path.of("/etc/resolv.conf");
  /** systemd-resolved's list of real upstream servers, behind its 127.0.0.53 stub. */
  public static final Path SYSTEMD_RESOLVED_FILE = Path.of("/run/systemd/resolve/resolv.conf");
  public static final String SYSTEMD_STUB = "127.0.0.53";
  /** Docker's fallback when the host offers no usable nameserver. */
  public static final List<String> DEFAULT_NAMESERVERS = List.of("8.8.8.8", "8.8.4.4");

  private ResolvConf() {}

  /** The host file a container's copy starts from, skipping systemd-resolved's stub. */
  public static Path hostFile() {
    try {
      if (Files.exists(SYSTEMD_RESOLVED_FILE)
          && nameservers(Files.readString(HOST_FILE)).equals(List.of(SYSTEMD_STUB))) {
        return SYSTEMD_RESOLVED_FILE;
      }
    } catch (IOException e) {
      // no readable host file: the stub check does not apply
    }
    return HOST_FILE;
  }

  /**
   * The container's file.
   *
   * @param host the host's file content ("" when it has none)
   * @param shareHostNetwork the container runs in the host's network namespace, where the
   *     host's own servers (loopback included) work unchanged
   */
  public static String build(String host, List<String> dns, List<String> dnsSearch,
      boolean shareHostNetwork) {
    if (dns.isEmpty() && dnsSearch.isEmpty()) {
      return shareHostNetwork ? host : filter(host);
    }
    List<String> servers = dns.isEmpty() ? usable(nameservers(host), shareHostNetwork) : dns;
    if (servers.isEmpty()) {
      servers = DEFAULT_NAMESERVERS;
    }
    List<String> search = dnsSearch.isEmpty() ? entries(host, "search")
        : dnsSearch.equals(List.of(".")) ? List.of() : dnsSearch;
    StringBuilder out = new StringBuilder();
    if (!search.isEmpty()) {
      out.append("search ").append(String.join(" ", search)).append('\n');
    }
    for (String s : servers) {
      out.append("nameserver ").append(s).append('\n');
    }
    List<String> options = entries(host, "options");
    if (!options.isEmpty()) {
      out.append("options ").append(String.join(" ", options)).append('\n');
    }
    return out.toString();
  }

  /** The host's content without unusable nameserver lines, with the fallback when none stay. */
  static String filter(String host) {
    StringBuilder out = new StringBuilder();
    boolean anyServer = false;
    for (String line : host.split("\n", -1)) {
      List<String> f = fields(line);
      if (f.size() >= 2 && f.get(0).equals("nameserver")) {
        if (usable(List.of(f.get(1)), false).isEmpty()) {
          continue;
        }
        anyServer = true;
      }
      out.append(line).append('\n');
    }
    String text = out.toString().replaceAll("\n+$", "\n");
    if (text.equals("\n")) {
      text = "";
    }
    if (!anyServer) {
      StringBuilder withDefaults = new StringBuilder(text);
      for (String s : DEFAULT_NAMESERVERS) {
        withDefaults.append("nameserver ").append(s).append('\n');
      }
      text = withDefaults.toString();
    }
    return text;
  }

  static List<String> nameservers(String content) {
    List<String> servers = new ArrayList<>();
    for (String line : content.split("\n")) {
      List<String> f = fields(line);
      if (f.size() >= 2 && f.get(0).equals("nameserver")) {
        servers.add(f.get(1));
      }
    }
    return servers;
  }

  /** The last {@code search} (or {@code options}) line's values, as the resolver reads it. */
  static List<String> entries(String content, String keyword) {
    List<String> values = List.of();
    for (String line : content.split("\n")) {
      List<String> f = fields(line);
      if (!f.isEmpty() && f.get(0).equals(keyword)) {
        values = keyword.equals("options") && !values.isEmpty()
            ? concat(values, f.subList(1, f.size())) : f.subList(1, f.size());
      }
    }
    return List.copyOf(values);
  }

  /** Nameservers a container in its own network namespace can reach: not loopback, IPv4. */
  private static List<String> usable(List<String> servers, boolean shareHostNetwork) {
    if (shareHostNetwork) {
      return servers;
    }
    return servers.stream().filter(s -> !IpLiterals.isLoopback(s) && !s.contains(":")).toList();
  }

  private static List<String> fields(String line) {
    String content = line.strip();
    if (content.isEmpty() || content.startsWith("#") || content.startsWith(";")) {
      return List.of();
    }
    return List.of(content.split("\\s+"));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
