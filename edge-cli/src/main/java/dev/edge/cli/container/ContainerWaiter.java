package dev.edge.cli.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.client.DaemonException;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /containers/{id}/wait}, asked before the container starts so its exit cannot be
 * missed (condition {@code next-exit}, or {@code removed} when the daemon removes it itself).
 * The daemon answers with headers once it has registered the wait, and with the body at exit.
 */
final class ContainerWaiter {
  /**
   * How long to hold the start back for the daemon's headers: Docker's daemon sends them at
   * once; one that only answers at exit must not delay every run by more than this.
   */
  static final long REGISTRATION_GRACE_MS = 2_000;

  private final CountDownLatch registered = new CountDownLatch(1);
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile int status = ExitCodes.DAEMON_ERROR;
  private volatile String error;

  private ContainerWaiter() {}

  /** Sends the wait and returns once the daemon has taken it (or the grace period is over). */
  static ContainerWaiter begin(DaemonClient client, String id, boolean removed)
      throws InterruptedException {
    ContainerWaiter waiter = new ContainerWaiter();
    String path = "/containers/" + id + "/wait?condition=" + (removed ? "removed" : "next-exit");
    Thread thread = new Thread(new Request(waiter, client, path), "edge-wait");
    thread.setDaemon(true);
    thread.start();
    waiter.registered.await(REGISTRATION_GRACE_MS, TimeUnit.MILLISECONDS);
    return waiter;
  }

  /** The container's exit code; 125 (with the reason on {@code err}) when waiting failed. */
  int await(PrintWriter err) throws InterruptedException {
    done.await();
    if (error != null) {
      err.println("Error waiting for container: " + error);
      err.flush();
    }
    return status;
  }

  private static final class Request implements Runnable {
    private final ContainerWaiter waiter;
    private final DaemonClient client;
    private final String path;

    Request(ContainerWaiter waiter, DaemonClient client, String path) {
      this.waiter = waiter;
      this.client = client;
      this.path = path;
    }

    @Override
    public void run() {
      try (InputStream body = client.open("POST", path, null)) {
        waiter.registered.countDown();
        JsonNode result = Json.mapper().readTree(body);
        JsonNode message = result == null ? null : result.path("Error").get("Message");
        if (result == null || !result.has("StatusCode")) {
          waiter.error = "the daemon's answer has no StatusCode";
        } else if (message != null && !message.isNull() && !message.asText().isEmpty()) {
          waiter.error = message.asText();
        } else {
          waiter.status = result.get("StatusCode").asInt();
        }
      } catch (DaemonException e) {
        waiter.error = e.getMessage();
      } catch (IOException e) {
        waiter.error = "reading the daemon's answer: " + e.getMessage();
      } finally {
        waiter.registered.countDown();
        waiter.done.countDown();
      }
    }
  }
}
