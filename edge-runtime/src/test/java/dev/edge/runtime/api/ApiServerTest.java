package dev.edge.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Jetty server on a Unix socket, with a module that reads JSON bodies. */
class ApiServerTest {
  @TempDir Path dir;
  private ApiServer server;

  /** Echoes a JSON body's "name" back; stands for every handler that reads JSON. */
  record Named(String name) {}

  private Path start() throws Exception {
    Path socket = dir.resolve("run/edge.sock");
    Router router = new Router();
    router.post("/echo", ex -> ex.json(201, Map.of("got", ex.readJson(Named.class).name())));
    router.get("/boom", ex -> {
      throw new IllegalStateException("disk on fire");
    });
    router.get("/conflict", ex -> {
      throw ApiException.conflict("name web is already in use");
    });
    router.post("/hijack", ex -> ex.upgrade("application/vnd.docker.raw-stream", raw -> {
      try {
        // Echo upper-cased until the client half-closes, then say goodbye and end our side.
        byte[] buf = new byte[256];
        int n;
        while ((n = raw.input().read(buf)) > 0) {
          raw.output().write(new String(buf, 0, n, StandardCharsets.UTF_8)
              .toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        }
        raw.output().write("bye".getBytes(StandardCharsets.UTF_8));
        raw.shutdownOutput();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }));
    server = new ApiServer(List.of(HostAddress.parse("unix://" + socket)), router, "test");
    server.start();
    return socket;
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static JsonNode json(ContentResponse r) throws IOException {
    return Json.mapper().readTree(r.getContent());
  }

  @Test
  void aHijackedConnectionCarriesRawBytesBothWaysAndHalfCloses() throws Exception {
    Path socket = start();
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      // "early" rides in the same packet as the request, as docker's stdin may.
      ch.write(ByteBuffer.wrap(("POST /v1.44/hijack HTTP/1.1\r\nHost: docker\r\n"
          + "Content-Length: 0\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\nearly ")
          .getBytes(StandardCharsets.US_ASCII)));
      InputStream in = Channels.newInputStream(ch);
      String head = readHead(in);
      assertTrue(head.startsWith("HTTP/1.1 101"), head);
      assertTrue(head.toLowerCase(Locale.ROOT).contains("upgrade: tcp"), head);
      ch.write(ByteBuffer.wrap("late".getBytes(StandardCharsets.US_ASCII)));
      ch.shutdownOutput();
      String rest = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      assertEquals("EARLY LATEbye", rest);
    }
  }

  @Test
  void anEmptyHostHeaderAsDocker2010SendsOnHijackedRequestsIsAccepted() throws Exception {
    Path socket = start();
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      ch.write(ByteBuffer.wrap(("POST /v1.41/hijack HTTP/1.1\r\nHost: \r\n"
          + "Content-Length: 0\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII)));
      String head = readHead(Channels.newInputStream(ch));
      assertTrue(head.startsWith("HTTP/1.1 101"), head);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      head.append((char) c);
    }
    return head.toString();
  }

  @Test
  void createsTheSocketDirectoryAndSocketWithMode0660() throws Exception {
    Path socket = start();
    assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
  }

  @Test
  void unknownEndpointsAreJson404s() throws Exception {
    try (UnixHttp http = new UnixHttp(start())) {
      ContentResponse r = http.send("GET", "/v1.41/no/such/thing");
      assertEquals(404, r.getStatus());
      assertEquals("application/json", r.getMediaType());
      assertTrue(json(r).get("message").asText().contains("/no/such/thing"));
      assertEquals(ApiVersion.CURRENT, r.getHeaders().get("Api-Version"));
    }
  }

  @Test
  void malformedJsonBodiesAre400sAndTheServerKeepsServing() throws Exception {
    try (UnixHttp http = new UnixHttp(start())) {
      ContentResponse bad = http.send("POST", "/echo", "{\"name\": ");
      assertEquals(400, bad.getStatus());
      assertTrue(json(bad).get("message").asText().startsWith("invalid JSON body"));
      ContentResponse empty = http.send("POST", "/echo");
      assertEquals(400, empty.getStatus());
      ContentResponse good = http.send("POST", "/echo", "{\"name\":\"web\"}");
      assertEquals(201, good.getStatus());
      assertEquals("web", json(good).get("got").asText());
    }
  }

  @Test
  void handlerFailuresBecomeJsonErrorsWithTheirStatus() throws Exception {
    try (UnixHttp http = new UnixHttp(start())) {
      ContentResponse boom = http.send("GET", "/boom");
      assertEquals(500, boom.getStatus());
      assertEquals("disk on fire", json(boom).get("message").asText());
      ContentResponse conflict = http.send("GET", "/conflict");
      assertEquals(409, conflict.getStatus());
    }
  }

  @Test
  void aSocketLeftByADeadDaemonIsReplaced() throws Exception {
    Path socket = dir.resolve("run/edge.sock");
    Files.createDirectories(socket.getParent());
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(socket));
    } // closed without unlinking: the file stays, nobody listens
    assertTrue(Files.exists(socket));
    try (UnixHttp http = new UnixHttp(start())) {
      assertEquals(404, http.send("GET", "/x").getStatus());
    }
  }

  @Test
  void aSocketSomebodyListensOnIsNotStolen() throws Exception {
    Path socket = dir.resolve("run/edge.sock");
    Files.createDirectories(socket.getParent());
    try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      live.bind(UnixDomainSocketAddress.of(socket));
      IOException e = assertThrows(IOException.class, this::start);
      assertTrue(e.getMessage().contains("already listening"), e.getMessage());
    }
  }

  @Test
  void closeRemovesTheSocket() throws Exception {
    Path socket = start();
    server.close();
    server = null;
    assertFalse(Files.exists(socket));
  }

  @Test
  void aSocketInAnUncreatableDirectoryIsAClearError() {
    Router router = new Router();
    ApiServer bad = new ApiServer(List.of(HostAddress.parse("unix:///proc/edge-x/edge.sock")),
        router, "test");
    IOException e = assertThrows(IOException.class, bad::start);
    assertTrue(e.getMessage().contains("/proc/edge-x"), e.getMessage());
  }
}
