package dev.edge.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.api.HostAddress;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blocking HTTP/1.1 exchange against canned responses on a real Unix socket. */
class HttpConnectionTest {
  @TempDir Path dir;

  /** Serves one connection: records the request head, then writes the parts with pauses. */
  private CompletableFuture<String> serve(Path socket, List<String> parts) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    return CompletableFuture.supplyAsync(() -> {
      try (server; SocketChannel ch = server.accept()) {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        StringBuilder request = new StringBuilder();
        while (!request.toString().contains("\r\n\r\n")) {
          buf.clear();
          if (ch.read(buf) < 0) {
            break;
          }
          request.append(new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1));
        }
        for (String part : parts) {
          ch.write(ByteBuffer.wrap(part.getBytes(StandardCharsets.ISO_8859_1)));
          Thread.sleep(20); // the client must cope with a body that arrives in pieces
        }
        return request.toString();
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private HttpConnection.Response get(Path socket, HttpConnection c) throws IOException {
    return c.exchange("GET", "/events?since=1", Map.of(), null);
  }

  @Test
  void chunkedBodiesArriveWholeAcrossManyReads() throws Exception {
    Path socket = dir.resolve("s.sock");
    CompletableFuture<String> request = serve(socket, List.of(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
        "5\r\nhello\r\n", "6\r\n world\r\n", "0\r\n\r\n"));
    try (HttpConnection c = HttpConnection.open(HostAddress.parse("unix://" + socket))) {
      HttpConnection.Response r = get(socket, c);
      assertEquals(200, r.status());
      assertEquals("application/json", r.headers().get("Content-Type"));
      assertEquals("hello world", new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
    }
    String head = request.get();
    assertTrue(head.startsWith("GET /events?since=1 HTTP/1.1\r\n"), head);
    assertTrue(head.contains("Host: localhost"), head);
  }

  @Test
  void contentLengthBodiesAndRequestBodiesAreFramed() throws Exception {
    Path socket = dir.resolve("s.sock");
    CompletableFuture<String> request = serve(socket, List.of(
        "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}"));
    try (HttpConnection c = HttpConnection.open(HostAddress.parse("unix://" + socket))) {
      HttpConnection.Response r = c.exchange("POST", "/x", Map.of("Content-Type",
          "application/json"), "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
      assertEquals(201, r.status());
      assertEquals("{}", new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
    }
    assertTrue(request.get().contains("Content-Length: 7"), request.get());
  }

  @Test
  void streamedBodiesAreSentChunkedAndArriveWhole() throws Exception {
    Path socket = dir.resolve("s.sock");
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
      try (server; SocketChannel ch = server.accept()) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(65536);
        while (!all.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n0\r\n\r\n")) {
          buf.clear();
          if (ch.read(buf) < 0) {
            break;
          }
          all.write(buf.array(), 0, buf.position());
        }
        ch.write(ByteBuffer.wrap("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"
            .getBytes(StandardCharsets.ISO_8859_1)));
        return all.toByteArray();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    byte[] body = new byte[300_000];
    new java.util.Random(7).nextBytes(body);
    try (HttpConnection c = HttpConnection.open(HostAddress.parse("unix://" + socket))) {
      HttpConnection.Response r = c.exchangeStreamed("POST", "/images/create?fromSrc=-", Map.of(),
          new java.io.ByteArrayInputStream(body));
      assertEquals(200, r.status());
      assertEquals("{}", new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
    }
    byte[] raw = received.get();
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    assertTrue(text.substring(0, end).contains("Transfer-Encoding: chunked"), text.substring(0, end));
    java.io.ByteArrayOutputStream decoded = new java.io.ByteArrayOutputStream();
    int at = end + 4;
    while (true) {
      int eol = text.indexOf("\r\n", at);
      int size = Integer.parseInt(text.substring(at, eol).trim(), 16);
      if (size == 0) {
        break;
      }
      decoded.write(raw, eol + 2, size);
      at = eol + 2 + size + 2;
    }
    assertTrue(java.util.Arrays.equals(body, decoded.toByteArray()), "the body arrives whole");
  }

  @Test
  void bodiesEndingAtConnectionCloseAreRead() throws Exception {
    Path socket = dir.resolve("s.sock");
    serve(socket, List.of("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", "raw bytes"));
    try (HttpConnection c = HttpConnection.open(HostAddress.parse("unix://" + socket))) {
      InputStream body = get(socket, c).body();
      assertEquals("raw bytes", new String(body.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void aConnectionCutMidBodyIsAnError() throws Exception {
    Path socket = dir.resolve("s.sock");
    serve(socket, List.of("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this"));
    try (HttpConnection c = HttpConnection.open(HostAddress.parse("unix://" + socket))) {
      InputStream body = get(socket, c).body();
      IOException e = assertThrows(IOException.class, body::readAllBytes);
      assertTrue(e.getMessage().contains("closed the connection"), e.getMessage());
    }
  }

  @Test
  void anEarlyRefusalIsReportedInsteadOfTheBrokenPipe() throws Exception {
    Path socket = dir.resolve("s.sock");
    serve(socket, List.of("HTTP/1.1 404 Not Found\r\nContent-Length: 26\r\n\r\n{\"message\":\"no such port\"}"));
    byte[] large = new byte[8 * 1024 * 1024]; // far more than the socket buffers hold
    try (HttpConnection c = HttpConnection.open(HostAddress.parse("unix://" + socket))) {
      HttpConnection.Response r = c.exchange("POST", "/edge/v1/boards/x/flash", Map.of(), large);
      assertEquals(404, r.status());
      assertTrue(new String(r.body().readAllBytes(), StandardCharsets.UTF_8).contains("no such port"));
    }
  }

  @Test
  void aResponseThatIsNotHttpIsAnError() throws Exception {
    Path socket = dir.resolve("s.sock");
    serve(socket, List.of("SSH-2.0-OpenSSH_9.2\r\n\r\n"));
    try (HttpConnection c = HttpConnection.open(HostAddress.parse("unix://" + socket))) {
      IOException e = assertThrows(IOException.class, () -> get(socket, c));
      assertTrue(e.getMessage().contains("malformed HTTP response"), e.getMessage());
    }
  }
}
