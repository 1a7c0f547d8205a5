package dev.edge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.MediaTypes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A registry on loopback that serves one small image, so the AppCDS training can run a real
 * pull: a fresh daemon's first pull then finds the registry client, the JDK's HttpClient and the
 * unpacker in the archive instead of loading and verifying ~2,000 classes while the user waits.
 * Only for package time; it speaks just the read side of the distribution API.
 */
final class TrainingRegistry implements AutoCloseable {
  static final String REPOSITORY = "edge-training";
  private final HttpServer server;
  private final Map<String, byte[]> blobs = new HashMap<>();
  private final byte[] manifest;
  private final Digest manifestDigest;

  TrainingRegistry() throws IOException {
    byte[] tar = layerTar();
    byte[] layer = gzip(tar);
    ObjectMapper json = new ObjectMapper();
    byte[] config = json.writeValueAsBytes(Map.of(
        "architecture", hostArchitecture(), "os", "linux",
        "config", Map.of("Cmd", List.of("/bin/true")),
        "rootfs", Map.of("type", "layers", "diff_ids", List.of(Digest.sha256(tar).toString()))));
    Digest configDigest = store(config);
    Digest layerDigest = store(layer);
    manifest = json.writeValueAsBytes(Map.of(
        "schemaVersion", 2, "mediaType", MediaTypes.DOCKER_MANIFEST,
        "config", Map.of("mediaType", MediaTypes.DOCKER_CONFIG, "size", config.length,
            "digest", configDigest.toString()),
        "layers", List.of(Map.of("mediaType", MediaTypes.DOCKER_LAYER_GZIP,
            "size", layer.length, "digest", layerDigest.toString()))));
    manifestDigest = Digest.sha256(manifest);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v2/", this::serve);
    server.start();
  }

  /** Its registry host, e.g. {@code 127.0.0.1:40123}. */
  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** The reference to pull, e.g. {@code 127.0.0.1:40123/edge-training:latest}. */
  String reference() {
    return host() + "/" + REPOSITORY + ":latest";
  }

  private Digest store(byte[] blob) {
    Digest digest = Digest.sha256(blob);
    blobs.put(digest.toString(), blob);
    return digest;
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String prefix = "/v2/" + REPOSITORY + "/";
      byte[] body = null;
      String type = "application/json";
      if (path.equals("/v2/")) {
        body = "{}".getBytes(StandardCharsets.US_ASCII);
      } else if (path.startsWith(prefix + "manifests/")) {
        body = manifest;
        type = MediaTypes.DOCKER_MANIFEST;
        exchange.getResponseHeaders().set("Docker-Content-Digest", manifestDigest.toString());
      } else if (path.startsWith(prefix + "blobs/")) {
        body = blobs.get(path.substring((prefix + "blobs/").length()));
        type = "application/octet-stream";
      }
      if (body == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.getResponseHeaders().set("Docker-Distribution-Api-Version", "registry/2.0");
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(200, head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  /** What a toolchain layer holds in kind: directories, files, a symlink and a hard link. */
  private static byte[] layerTar() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      TarArchiveEntry dir = new TarArchiveEntry("usr/bin/");
      dir.setMode(040755);
      tar.putArchiveEntry(dir);
      tar.closeArchiveEntry();
      byte[] content = "#!/bin/sh\nexit 0\n".getBytes(StandardCharsets.US_ASCII);
      TarArchiveEntry file = new TarArchiveEntry("usr/bin/true");
      file.setMode(0100755);
      file.setSize(content.length);
      tar.putArchiveEntry(file);
      tar.write(content);
      tar.closeArchiveEntry();
      TarArchiveEntry link = new TarArchiveEntry("bin", TarArchiveEntry.LF_SYMLINK);
      link.setLinkName("usr/bin");
      tar.putArchiveEntry(link);
      tar.closeArchiveEntry();
      TarArchiveEntry hard = new TarArchiveEntry("usr/bin/false", TarArchiveEntry.LF_LINK);
      hard.setLinkName("usr/bin/true");
      tar.putArchiveEntry(hard);
      tar.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  private static String hostArchitecture() {
    String arch = System.getProperty("os.arch");
    return switch (arch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64" -> "arm64";
      case "arm" -> "arm";
      default -> arch;
    };
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
