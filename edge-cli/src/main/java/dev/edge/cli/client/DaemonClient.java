package dev.edge.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edge.runtime.api.HostAddress;
import dev.edge.runtime.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The CLI's side of the API: HTTP/1.1 to the daemon over its Unix socket (or loopback TCP), with
 * the daemon's JSON errors turned into {@link DaemonException}s that name the cause.
 */
public final class DaemonClient implements AutoCloseable {
  /** Plain requests answer in well under this; pulls, logs and builds stream without a limit. */
  static final long REQUEST_TIMEOUT_MS = 120_000;

  private final HostAddress host;

  public DaemonClient(HostAddress host) {
    this.host = host;
  }

  public HostAddress host() {
    return host;
  }

  public JsonNode get(String path) {
    return send("GET", path, null);
  }

  public JsonNode post(String path, Object body) {
    return send("POST", path, body);
  }

  /**
   * A POST whose answer may take longer than a plain request (stop with a long grace period,
   * wait); {@code timeoutMs} of 0 waits as long as the daemon takes.
   */
  public JsonNode post(String path, Object body, long timeoutMs) {
    return send("POST", path, body, timeoutMs);
  }

  /**
   * Takes over a connection for Docker's attach or exec start: the raw stream once the daemon
   * answers {@code 101}, otherwise a DaemonException that says why it did not.
   */
  public RawStream hijack(String path, Object body) {
    HttpConnection connection = connect();
    boolean upgraded = false;
    try {
      HttpConnection.Upgrade upgrade = connection.upgrade("POST", path, jsonHeaders(body),
          encode(body));
      if (upgrade.stream() != null) {
        upgraded = true;
        return upgrade.stream();
      }
      HttpConnection.Response response = upgrade.response();
      byte[] content = response.body().readAllBytes();
      if (response.status() >= 400) {
        throw DaemonException.fromResponse(response.status(), content);
      }
      throw new DaemonException(response.status(), "the daemon at " + host
          + " did not take over the connection for POST " + path + ": it answered "
          + response.status() + " instead of 101 UPGRADED");
    } catch (IOException e) {
      throw new DaemonException("the daemon at " + host + " failed POST " + path + ": "
          + e.getMessage(), e);
    } finally {
      if (!upgraded) {
        closeQuietly(connection);
      }
    }
  }

  public JsonNode delete(String path) {
    return send("DELETE", path, null);
  }

  /** Streams newline-delimited JSON to {@code each} until the daemon ends the response. */
  public void stream(String method, String path, Object body, Consumer<JsonNode> each) {
    readJsonLines(open(method, path, body), method, path, each);
  }

  /**
   * Sends {@code body} (a tar from a file, a pipe or stdin) as the streamed request content and
   * passes the daemon's newline-delimited JSON answer to {@code each}; no time limit.
   */
  public void upload(String method, String path, String contentType, InputStream body,
      Consumer<JsonNode> each) {
    HttpConnection connection = connect();
    InputStream answer;
    try {
      HttpConnection.Response response = connection.exchangeStreamed(method, path,
          Map.of("Content-Type", contentType), body);
      if (response.status() >= 400) {
        try (InputStream in = response.body()) {
          throw DaemonException.fromResponse(response.status(), in.readAllBytes());
        }
      }
      answer = response.body();
    } catch (IOException e) {
      closeQuietly(connection);
      throw new DaemonException("the daemon at " + host + " failed " + method + " " + path
          + ": " + e.getMessage(), e);
    } catch (DaemonException e) {
      closeQuietly(connection);
      throw e;
    }
    readJsonLines(answer, method, path, each);
  }

  private static void readJsonLines(InputStream body, String method, String path,
      Consumer<JsonNode> each) {
    try (InputStream in = body;
        BufferedReader lines = new BufferedReader(new InputStreamReader(in,
            StandardCharsets.UTF_8))) {
      ObjectMapper mapper = Json.mapper();
      String line;
      while ((line = lines.readLine()) != null) {
        if (!line.isBlank()) {
          each.accept(mapper.readTree(line));
        }
      }
    } catch (IOException e) {
      throw new DaemonException("reading the response of " + method + " " + path + ": "
          + e.getMessage(), e);
    }
  }

  /** A streamed response body with no time limit; the caller closes it. */
  public InputStream open(String method, String path, Object body) {
    HttpConnection connection = connect();
    try {
      HttpConnection.Response response = connection.exchange(method, path, jsonHeaders(body),
          encode(body));
      if (response.status() >= 400) {
        try (InputStream in = response.body()) {
          throw DaemonException.fromResponse(response.status(), in.readAllBytes());
        }
      }
      return response.body();
    } catch (IOException e) {
      closeQuietly(connection);
      throw new DaemonException("the daemon at " + host + " failed " + method + " " + path + ": "
          + e.getMessage(), e);
    }
  }

  private JsonNode send(String method, String path, Object body) {
    return send(method, path, body, REQUEST_TIMEOUT_MS);
  }

  private JsonNode send(String method, String path, Object body, long timeoutMs) {
    HttpConnection connection = connect();
    Watchdog watchdog = timeoutMs > 0 ? new Watchdog(connection, timeoutMs) : null;
    try (connection) {
      HttpConnection.Response response = connection.exchange(method, path, jsonHeaders(body),
          encode(body));
      byte[] content = response.body().readAllBytes();
      if (response.status() >= 400) {
        throw DaemonException.fromResponse(response.status(), content);
      }
      if (content.length == 0) {
        return Json.mapper().nullNode();
      }
      return Json.mapper().readTree(content);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new DaemonException("the daemon at " + host + " sent a response that is not JSON: "
          + e.getOriginalMessage(), e);
    } catch (IOException e) {
      if (watchdog != null && watchdog.fired()) {
        throw new DaemonException("the daemon at " + host + " did not answer " + method + " "
            + path + " within " + timeoutMs / 1000 + "s", e);
      }
      throw new DaemonException("the daemon at " + host + " failed " + method + " " + path + ": "
          + e.getMessage(), e);
    } finally {
      if (watchdog != null) {
        watchdog.cancel();
      }
    }
  }

  private HttpConnection connect() {
    try {
      return HttpConnection.open(host);
    } catch (IOException e) {
      throw connectionFailure(e);
    }
  }

  private static Map<String, String> jsonHeaders(Object body) {
    return body == null ? Map.of() : Map.of("Content-Type", "application/json");
  }

  private static byte[] encode(Object body) {
    if (body == null || body instanceof byte[]) {
      return (byte[]) body;
    }
    try {
      return Json.mapper().writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode request body: " + e, e);
    }
  }

  private DaemonException connectionFailure(IOException cause) {
    String why;
    String message = String.valueOf(cause.getMessage());
    if (host.isUnix() && !Files.exists(host.socketPath())) {
      why = "no socket at " + host.socketPath();
    } else if (message.contains("Permission denied")) {
      why = "permission denied (run as root, or join the socket's group: usermod -aG edge $USER)";
    } else if (message.contains("Connection refused")) {
      why = "nobody is listening there";
    } else {
      why = message;
    }
    return new DaemonException("Cannot connect to the edge daemon at " + host + ": " + why
        + ". Is the daemon running? Start it with `edge daemon` (or `systemctl start edge`),"
        + " or point -H / EDGE_HOST at it.", cause);
  }

  private static void closeQuietly(HttpConnection connection) {
    try {
      connection.close();
    } catch (IOException e) {
      // already failing; the first error is the one to report
    }
  }

  @Override
  public void close() {
    // connections are per exchange; nothing is held between calls
  }

  /** Closes a connection whose exchange outlives its time limit, which unblocks its reader. */
  private static final class Watchdog {
    private final Thread thread;
    private volatile boolean fired;

    Watchdog(HttpConnection connection, long timeoutMs) {
      thread = new Thread(() -> {
        try {
          Thread.sleep(timeoutMs);
          fired = true;
          connection.close();
        } catch (InterruptedException | IOException e) {
          // cancelled: the exchange finished in time
        }
      }, "edge-request-watchdog");
      thread.setDaemon(true);
      thread.start();
    }

    boolean fired() {
      return fired;
    }

    void cancel() {
      thread.interrupt();
    }
  }
}
