package dev.edge.cli.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.cli.client.DaemonClient;
import dev.edge.runtime.api.HostAddress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wait asked before start: registered when the headers come, answered at exit. */
class ContainerWaiterTest {
  @TempDir Path dir;

  /**
   * One connection: after {@code headerDelayMs} the chunked headers, then the body once
   * {@code exit} is counted down. Returns the request line.
   */
  private CompletableFuture<String> daemon(Path socket, long headerDelayMs, CountDownLatch exit,
      String body) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    return CompletableFuture.supplyAsync(() -> {
      try (server; SocketChannel ch = server.accept()) {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        ch.read(buf);
        String request = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        Thread.sleep(headerDelayMs);
        write(ch, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n");
        exit.await();
        write(ch, Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n");
        return request.substring(0, request.indexOf("\r\n"));
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static void write(SocketChannel ch, String text) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  @Test
  void beginReturnsOnceRegisteredAndAwaitGivesTheExitCode() throws Exception {
    Path socket = dir.resolve("d.sock");
    CountDownLatch exit = new CountDownLatch(1);
    CompletableFuture<String> request = daemon(socket, 0, exit, "{\"StatusCode\":3}");
    DaemonClient client = new DaemonClient(HostAddress.parse("unix://" + socket));
    long start = System.nanoTime();
    ContainerWaiter waiter = ContainerWaiter.begin(client, "abc", true);
    assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(
        ContainerWaiter.REGISTRATION_GRACE_MS), "did not wait for the grace period");
    exit.countDown();
    StringWriter err = new StringWriter();
    assertEquals(3, waiter.await(new PrintWriter(err)));
    assertEquals("", err.toString());
    assertEquals("POST /containers/abc/wait?condition=removed HTTP/1.1", request.get());
  }

  @Test
  void aDaemonThatAnswersOnlyAtExitDelaysTheStartByTheGracePeriodAtMost() throws Exception {
    Path socket = dir.resolve("d.sock");
    CountDownLatch exit = new CountDownLatch(1);
    daemon(socket, 60_000, exit, "{\"StatusCode\":0}");
    DaemonClient client = new DaemonClient(HostAddress.parse("unix://" + socket));
    long start = System.nanoTime();
    ContainerWaiter.begin(client, "abc", false);
    long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(waitedMs >= ContainerWaiter.REGISTRATION_GRACE_MS - 50
        && waitedMs < ContainerWaiter.REGISTRATION_GRACE_MS + 2_000, waitedMs + " ms");
    exit.countDown(); // lets the fake daemon finish
  }

  @Test
  void aWaitErrorIsReportedAndExits125() throws Exception {
    Path socket = dir.resolve("d.sock");
    CountDownLatch exit = new CountDownLatch(0);
    daemon(socket, 0, exit, "{\"StatusCode\":0,\"Error\":{\"Message\":\"container vanished\"}}");
    DaemonClient client = new DaemonClient(HostAddress.parse("unix://" + socket));
    StringWriter err = new StringWriter();
    assertEquals(125, ContainerWaiter.begin(client, "abc", false).await(new PrintWriter(err)));
    assertEquals("Error waiting for container: container vanished", err.toString().strip());
  }
}
