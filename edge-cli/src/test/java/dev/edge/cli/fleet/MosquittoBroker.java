package dev.edge.cli.fleet;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's mosquitto on a loopback port it picks, open to anonymous clients, for the fleet CLI's tests. A copy
 * of ota-agent's test fixture of the same name (test classes do not cross modules here), cut to what these
 * tests use.
 */
final class MosquittoBroker implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final Process process;

  private MosquittoBroker(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  static MosquittoBroker startOpen(Path dir) throws Exception {
    Files.createDirectories(dir);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.writeString(dir.resolve("mosquitto.conf"), "listener " + port + " 127.0.0.1\nallow_anonymous true\n"
        + "persistence true\npersistence_location " + dir + "/\n");
    Process process = new ProcessBuilder("mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile())).start();
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline && process.isAlive()) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return new MosquittoBroker(dir, port, process);
      } catch (IOException e) {
        Thread.sleep(30);
      }
    }
    process.destroyForcibly();
    throw new AssertionError("mosquitto did not start: " + Files.readString(dir.resolve("mosquitto.log")));
  }

  /** {@code mqtt://127.0.0.1:PORT}, as the CLI's --broker takes it. */
  String url() {
    return "mqtt://127.0.0.1:" + port;
  }

  String log() throws IOException {
    return Files.readString(dir.resolve("mosquitto.log"));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
