package dev.edge.runtime.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's docker-registry (distribution 2.8) on a free 127.0.0.1 port with its storage in a temp
 * dir: plain HTTP, with htpasswd basic auth, or with TLS from a CA made by openssl for the test.
 * For the registry client's integration tests and the pull/push tests that build on it.
 */
public final class LocalRegistry implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/docker-registry");
  public static final String USER = "edge";
  public static final String PASSWORD = "edge-test-password";
  static final Duration START_TIMEOUT = Duration.ofSeconds(15);
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);

  /** How the registry is reached. */
  public enum Mode { PLAIN, HTPASSWD, TLS }

  private final Mode mode;
  private final Path dir;
  private final int port;
  private final Process process;

  private LocalRegistry(Mode mode, Path dir, int port, Process process) {
    this.mode = mode;
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /** Starts a registry and waits until it accepts connections. */
  public static LocalRegistry start(Mode mode) throws IOException {
    if (!Files.isExecutable(BINARY)) {
      throw new IOException(BINARY + " is missing: run scripts/install-deps --test (package docker-registry)");
    }
    Path dir = Files.createTempDirectory("edge-registry-");
    try {
      int port = freePort();
      Path config = dir.resolve("config.yml");
      Files.writeString(config, config(mode, dir, port));
      if (mode == Mode.HTPASSWD) {
        // distribution accepts only bcrypt entries
        run(dir, "htpasswd", "-Bbc", dir.resolve("htpasswd").toString(), USER, PASSWORD);
      } else if (mode == Mode.TLS) {
        makeCertificates(dir);
      }
      Process process = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("registry.log").toFile())
          .start();
      LocalRegistry registry = new LocalRegistry(mode, dir, port, process);
      registry.awaitListening();
      return registry;
    } catch (IOException | RuntimeException e) {
      deleteTree(dir);
      throw e;
    }
  }

  /** {@code 127.0.0.1:port}, the registry part of image references. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  public String url() {
    return (mode == Mode.TLS ? "https://" : "http://") + host();
  }

  public Mode mode() {
    return mode;
  }

  /** The CA that signed a TLS registry's certificate (PEM). */
  public Path caCertificate() {
    if (mode != Mode.TLS) {
      throw new IllegalStateException("only a TLS registry has a CA");
    }
    return dir.resolve("ca.crt");
  }

  /** The login an HTPASSWD registry accepts. */
  public Credentials credentials() {
    return Credentials.of(USER, PASSWORD);
  }

  /** The temp dir holding config, storage, certificates and log; gone after stop(). */
  Path directory() {
    return dir;
  }

  /** The registry's own log, for failure messages. */
  public String log() {
    try {
      return Files.readString(dir.resolve("registry.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  public void stop() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      deleteTree(dir);
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void awaitListening() throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        String log = log();
        stop();
        throw new IOException("docker-registry exited with " + process.exitValue() + ": " + log);
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException notYet) {
        sleep(Duration.ofMillis(50));
      }
    }
    String log = log();
    stop();
    throw new IOException("docker-registry did not listen on " + port + " within " + START_TIMEOUT + ": " + log);
  }

  private static String config(Mode mode, Path dir, int port) {
    StringBuilder yml = new StringBuilder()
        .append("version: 0.1\n")
        .append("log:\n  level: warn\n  accesslog:\n    disabled: true\n")
        .append("storage:\n  filesystem:\n    rootdirectory: ").append(dir.resolve("data")).append('\n')
        .append("  delete:\n    enabled: true\n")
        .append("http:\n  addr: 127.0.0.1:").append(port).append('\n')
        .append("  secret: edge-test-upload-secret\n");
    if (mode == Mode.TLS) {
      yml.append("  tls:\n    certificate: ").append(dir.resolve("server.crt"))
          .append("\n    key: ").append(dir.resolve("server.key")).append('\n');
    }
    if (mode == Mode.HTPASSWD) {
      yml.append("auth:\n  htpasswd:\n    realm: edge-test\n    path: ").append(dir.resolve("htpasswd")).append('\n');
    }
    return yml.toString();
  }

  /** A throwaway CA and a server certificate for 127.0.0.1 and localhost, by openssl. */
  private static void makeCertificates(Path dir) throws IOException {
    String ec = "ec";
    run(dir, "openssl", "req", "-x509", "-newkey", ec, "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=edge test CA");
    run(dir, "openssl", "req", "-newkey", ec, "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
    Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
        + "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
    run(dir, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "server.ext");
  }

  private static void run(Path dir, String... command) throws IOException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(TOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException(command[0] + " interrupted", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void sleep(Duration d) throws IOException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for docker-registry", e);
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the registry's temp dir " + dir, e);
    }
  }
}
