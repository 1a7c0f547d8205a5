package dev.edge.agent.mqtt;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Debian's mosquitto on a loopback port it picks, for tests: persistence on (so persistent sessions and
 * retained messages survive {@link #restart}), the configuration given by the test, logs in its directory.
 */
public final class MosquittoBroker implements AutoCloseable {
  private final Path dir;
  private final int port;
  private Process process;

  private MosquittoBroker(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** An open broker: anonymous clients, plain TCP. */
  public static MosquittoBroker startOpen(Path dir) throws Exception {
    return start(dir, port -> "listener " + port + " 127.0.0.1\nallow_anonymous true\n");
  }

  /**
   * A broker whose listener section {@code config} writes for the port; persistence lines are added.
   */
  public static MosquittoBroker start(Path dir, IntFunction<String> config) throws Exception {
    Files.createDirectories(dir);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    // Started as root, mosquitto drops to the "mosquitto" user, which can neither write the
    // persistence file into a test's private temp directory nor read TLS files there; run as
    // another user, mosquitto ignores this line.
    Files.writeString(dir.resolve("mosquitto.conf"), "user root\n" + config.apply(port) + "persistence true\n"
        + "persistence_location " + dir + "/\nmax_queued_messages 10000\n");
    MosquittoBroker broker = new MosquittoBroker(dir, port);
    broker.launch();
    return broker;
  }

  public int port() {
    return port;
  }

  /** {@code mqtt://127.0.0.1:PORT}, as edge's flags name it. */
  public String url() {
    return "mqtt://127.0.0.1:" + port;
  }

  /** {@code tcp://127.0.0.1:PORT}, as Paho names it. */
  public String tcpUri() {
    return "tcp://127.0.0.1:" + port;
  }

  public Path dir() {
    return dir;
  }

  private void launch() throws Exception {
    process = new ProcessBuilder("mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile())).start();
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline && process.isAlive()) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(30);
      }
    }
    throw new AssertionError("mosquitto did not start: " + Files.readString(dir.resolve("mosquitto.log")));
  }

  /** Stops the broker (SIGTERM: it saves its persistent sessions and retained messages). */
  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  public void restart() throws Exception {
    stop();
    launch();
  }

  public String log() throws IOException {
    return Files.readString(dir.resolve("mosquitto.log"));
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
