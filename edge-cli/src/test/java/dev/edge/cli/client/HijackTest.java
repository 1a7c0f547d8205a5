package dev.edge.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.api.HostAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hijacked connection of attach and exec start, against a small server on a real Unix
 * socket that plays Docker's side: 101 UPGRADED, then raw bytes both ways and a half-close.
 */
class HijackTest {
  @TempDir Path dir;

  /** What the server saw: the request head and every byte the client sent after it. */
  record Seen(String head, String afterUpgrade) {}

  /**
   * Accepts one connection, answers {@code response} together with {@code early} in the same
   * write, echoes everything after the request head upper-cased until the client half-closes,
   * then says "bye".
   */
  private CompletableFuture<Seen> serve(Path socket, String response, String early)
      throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    return CompletableFuture.supplyAsync(() -> {
      try (server; SocketChannel ch = server.accept()) {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        StringBuilder in = new StringBuilder();
        while (!in.toString().contains("\r\n\r\n")) {
          buf.clear();
          if (ch.read(buf) < 0) {
            break;
          }
          in.append(new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1));
        }
        String head = in.substring(0, in.indexOf("\r\n\r\n"));
        ch.write(ByteBuffer.wrap((response + early).getBytes(StandardCharsets.ISO_8859_1)));
        StringBuilder after = new StringBuilder(in.substring(in.indexOf("\r\n\r\n") + 4));
        ch.write(ByteBuffer.wrap(after.toString().toUpperCase()
            .getBytes(StandardCharsets.ISO_8859_1))); // a body that came with the head
        while (true) {
          buf.clear();
          int n = ch.read(buf);
          if (n < 0) {
            break; // the client's half-close
          }
          String text = new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1);
          after.append(text);
          ch.write(ByteBuffer.wrap(text.toUpperCase().getBytes(StandardCharsets.ISO_8859_1)));
        }
        ch.write(ByteBuffer.wrap("bye".getBytes(StandardCharsets.ISO_8859_1)));
        return new Seen(head, after.toString());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static final String UPGRADED = "HTTP/1.1 101 UPGRADED\r\n"
      + "Content-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\n"
      + "Upgrade: tcp\r\n\r\n";

  @Test
  void theUpgradedSocketCarriesBytesBothWaysAndHalfCloses() throws Exception {
    Path socket = dir.resolve("d.sock");
    CompletableFuture<Seen> seen = serve(socket, UPGRADED, "early bytes|");
    DaemonClient client = new DaemonClient(HostAddress.parse("unix://" + socket));
    try (RawStream stream = client.hijack("/containers/abc/attach?stream=1&stdin=1", null)) {
      stream.output().write("hello".getBytes(StandardCharsets.UTF_8));
      stream.output().flush();
      byte[] first = new byte[64];
      InputStream in = stream.input();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      while (!got.toString(StandardCharsets.UTF_8).endsWith("HELLO")) {
        int n = in.read(first);
        assertTrue(n > 0, "stream ended early: " + got);
        got.write(first, 0, n);
      }
      stream.closeWrite(); // stdin's end: the server sees EOF but can still answer
      got.writeBytes(in.readAllBytes());
      assertEquals("early bytes|HELLObye", got.toString(StandardCharsets.UTF_8));
    }
    Seen s = seen.get(10, TimeUnit.SECONDS);
    assertTrue(s.head().startsWith("POST /containers/abc/attach?stream=1&stdin=1 HTTP/1.1"),
        s.head());
    assertTrue(s.head().contains("Connection: Upgrade"), s.head());
    assertTrue(s.head().contains("Upgrade: tcp"), s.head());
    assertEquals("hello", s.afterUpgrade());
  }

  @Test
  void aJsonBodyIsSentWithTheUpgradeRequest() throws Exception {
    Path socket = dir.resolve("d.sock");
    CompletableFuture<Seen> seen = serve(socket, UPGRADED, "");
    DaemonClient client = new DaemonClient(HostAddress.parse("unix://" + socket));
    try (RawStream stream = client.hijack("/exec/e1/start", java.util.Map.of("Detach", false))) {
      stream.closeWrite();
      // the server echoes upper-cased what followed the request head: the JSON body
      assertEquals("{\"DETACH\":FALSE}bye", new String(stream.input().readAllBytes(),
          StandardCharsets.UTF_8));
    }
    Seen s = seen.get(10, TimeUnit.SECONDS);
    assertTrue(s.head().contains("Content-Type: application/json"), s.head());
    assertEquals("{\"Detach\":false}", s.afterUpgrade());
  }

  @Test
  void aRefusalIsTheDaemonsError() throws Exception {
    Path socket = dir.resolve("d.sock");
    String body = "{\"message\":\"No such container: abc\"}";
    serve(socket, "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + body.length() + "\r\n\r\n" + body, "");
    DaemonClient client = new DaemonClient(HostAddress.parse("unix://" + socket));
    DaemonException e = assertThrows(DaemonException.class,
        () -> client.hijack("/containers/abc/attach", null));
    assertEquals(404, e.status());
    assertEquals("Error response from daemon: No such container: abc", e.getMessage());
  }

  @Test
  void aDaemonThatDoesNotUpgradeIsAnError() throws Exception {
    Path socket = dir.resolve("d.sock");
    serve(socket, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", "");
    DaemonClient client = new DaemonClient(HostAddress.parse("unix://" + socket));
    DaemonException e = assertThrows(DaemonException.class,
        () -> client.hijack("/containers/abc/attach", null));
    assertTrue(e.getMessage().contains("instead of 101"), e.getMessage());
  }
}
