package dev.edge.cli.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The daemon half of {@link dev.edge.cli.CdsTraining}: starts the daemon as {@link DaemonMain}
 * would and asks it what {@code docker info}, {@code docker version} and a mistyped path ask,
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
        "--host=unix://" + socket, "--log-level=warn"));
    Thread serving = new Thread(() -> {
      try {
        daemon.run();
      } catch (Exception e) {
        throw new IllegalStateException("CDS training: the daemon failed", e);
      }
    }, "training-daemon");
    serving.setDaemon(true);
    serving.start();
    for (int i = 0; i < 300 && !Files.exists(socket); i++) {
      Thread.sleep(20);
    }
    for (String request : REQUESTS) {
      ask(socket, request);
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
