package dev.edge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback TCP proxy that slows the server's answers to a given rate and records the Range
 * headers of the requests it forwards: a registry slow enough to kill a pull in the middle.
 */
final class ThrottlingProxy implements AutoCloseable {
  private static final Pattern RANGE = Pattern.compile("(?i)\r\nRange: bytes=(\\d+)-");

  private final ServerSocket server;
  private final String target;
  private final int targetPort;
  private final long bytesPerSecond;
  private final List<Long> rangeStarts = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  ThrottlingProxy(String targetHost, int targetPort, long bytesPerSecond) throws IOException {
    this.target = targetHost;
    this.targetPort = targetPort;
    this.bytesPerSecond = bytesPerSecond;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  String host() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  /** The N of each {@code Range: bytes=N-} request seen so far. */
  List<Long> rangeStarts() {
    return rangeStarts;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket();
        upstream.connect(new InetSocketAddress(target, targetPort));
        sockets.add(client);
        sockets.add(upstream);
        pump(client.getInputStream(), upstream.getOutputStream(), true, 0);
        pump(upstream.getInputStream(), client.getOutputStream(), false, bytesPerSecond);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(InputStream in, OutputStream out, boolean requests, long rate) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[rate > 0 ? 16 * 1024 : 64 * 1024];
      long start = System.nanoTime();
      long sent = 0;
      try (in; out) {
        int n;
        while ((n = in.read(buf)) > 0) {
          if (requests) {
            Matcher m = RANGE.matcher(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            while (m.find()) {
              rangeStarts.add(Long.parseLong(m.group(1)));
            }
          }
          out.write(buf, 0, n);
          out.flush();
          sent += n;
          if (rate > 0) {
            long due = start + sent * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
              Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
          }
        }
      } catch (IOException | InterruptedException e) {
        // a side closed: the other pump ends too
      }
    }, requests ? "proxy-up" : "proxy-down");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
