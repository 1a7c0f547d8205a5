package dev.edge.cli.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The daemon half of {@link dev.edge.cli.CdsTraining}: starts the daemon as {@link DaemonMain}
 * would (with the snapshotter named, as {@code edge daemon} names it after probing in the JVM it
 * replaces) and asks it what {@code docker info}, {@code docker version} and a mistyped path ask,
 * over plain socket writes, so that no client class joins the daemon's archive. The caller exits
 * the JVM afterwards, which stops the daemon through its shutdown hook.
 */
public final class DaemonTraining {
  private static final List<String> REQUESTS = List.of(
      "GET /_ping", "HEAD /_ping", "GET /v1.41/version", "GET /v1.41/info", "GET /info",
      "GET /edge/v1/info", "GET /v1.41/no-such-endpoint");

  private DaemonTraining() {}

  /** Trains against a daemon rooted in {@code dir}, which the caller removes once this JVM has exited. */
  public static void run(Path dir) throws Exception {
    Path socket = dir.resolve("edge.sock");
    DaemonCommand daemon = DaemonArgs.parse(List.of("--root=" + dir.resolve("root"),
        "--host=unix://" + socket, "--log-level=warn", "--storage-driver=overlayfs"));
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread serving = new Thread(() -> {
      try {
        daemon.run();
      } catch (Exception e) {
        failure.set(e);
      }
    }, "training-daemon");
    serving.setDaemon(true);
    serving.start();
    awaitAnswer(socket, serving, failure);
    for (String request : REQUESTS) {
      ask(socket, request);
    }
  }

  /** Until the daemon answers: its socket file appears before Jetty accepts on it. */
  private static void awaitAnswer(Path socket, Thread serving, AtomicReference<Exception> failure)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      if (!serving.isAlive()) {
        throw new IllegalStateException("CDS training: the daemon stopped", failure.get());
      }
      try {
        ask(socket, REQUESTS.get(0));
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw new IOException("CDS training: the daemon did not answer on " + socket + " in 60 s",
              notYet);
        }
        Thread.sleep(20);
      }
    }
  }

  private static void ask(Path socket, String request) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.write(ByteBuffer.wrap((request + " HTTP/1.1\r\nHost: edge\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII)));
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(8192);
      while (ch.read(buf) > 0) {
        answer.write(buf.array(), 0, buf.position());
        buf.clear();
      }
      if (answer.size() == 0) {
        throw new IOException("CDS training: no answer to " + request);
      }
    }
  }
}
