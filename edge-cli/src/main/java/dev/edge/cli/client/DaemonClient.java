package dev.edge.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edge.runtime.api.HostAddress;
import dev.edge.runtime.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The CLI's side of the API: HTTP/1.1 to the daemon over its Unix socket (or loopback TCP), with
 * the daemon's JSON errors turned into {@link DaemonException}s that name the cause.
 */
public final class DaemonClient implements AutoCloseable {
  /** Plain requests answer in well under this; pulls and builds use the streaming calls. */
  private static final long REQUEST_TIMEOUT_S = 120;

  private final HostAddress host;
  private final HttpClient http;

  public DaemonClient(HostAddress host) {
    this.host = host;
    QueuedThreadPool pool = new QueuedThreadPool(4, 1);
    pool.setName("edge-client");
    pool.setReservedThreads(0);
    pool.setDaemon(true);
    this.http = new HttpClient(new HttpClientTransportOverHTTP(new PlainConnector()));
    http.setExecutor(pool);
    http.setUserAgentField(null);
    http.setFollowRedirects(false);
  }

  public HostAddress host() {
    return host;
  }

  public JsonNode get(String path) {
    return send(request("GET", path));
  }

  public JsonNode post(String path, Object body) {
    return send(withJson(request("POST", path), body));
  }

  public JsonNode delete(String path) {
    return send(request("DELETE", path));
  }

  /** Streams newline-delimited JSON to {@code each} until the daemon ends the response. */
  public void stream(String method, String path, Object body, Consumer<JsonNode> each) {
    try (InputStream in = open(method, path, body);
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
      throw new DaemonException("reading the response of " + method + " " + path + ": " + e, e);
    }
  }

  /** A raw streamed response body; the caller closes it. */
  public InputStream open(String method, String path, Object body) {
    Request request = request(method, path).timeout(0, TimeUnit.SECONDS).idleTimeout(0,
        TimeUnit.SECONDS);
    if (body != null) {
      withJson(request, body);
    }
    InputStreamResponseListener listener = new InputStreamResponseListener();
    request.send(listener);
    try {
      Response response = listener.get(REQUEST_TIMEOUT_S, TimeUnit.SECONDS);
      InputStream in = listener.getInputStream();
      if (response.getStatus() >= 400) {
        try (in) {
          throw DaemonException.fromResponse(response.getStatus(), in.readAllBytes());
        }
      }
      return in;
    } catch (ExecutionException e) {
      throw connectionFailure(e.getCause());
    } catch (TimeoutException e) {
      throw new DaemonException("the daemon at " + host + " did not answer " + method + " " + path
          + " within " + REQUEST_TIMEOUT_S + "s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DaemonException("interrupted", e);
    } catch (IOException e) {
      throw connectionFailure(e);
    }
  }

  private Request request(String method, String path) {
    start();
    String base = host.isUnix() ? "http://localhost" : "http://" + host.tcpHost() + ":"
        + host.tcpPort();
    Request request = http.newRequest(base + path).method(method)
        .timeout(REQUEST_TIMEOUT_S, TimeUnit.SECONDS);
    if (host.isUnix()) {
      request.transport(new Transport.TCPUnix(host.socketPath()));
    }
    return request;
  }

  private static Request withJson(Request request, Object body) {
    try {
      byte[] bytes = body instanceof byte[] b ? b : Json.mapper().writeValueAsBytes(body);
      return request.body(new BytesRequestContent("application/json", bytes));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode request body: " + e, e);
    }
  }

  private JsonNode send(Request request) {
    ContentResponse response;
    try {
      response = request.send();
    } catch (ExecutionException e) {
      throw connectionFailure(e.getCause());
    } catch (TimeoutException e) {
      throw new DaemonException("the daemon at " + host + " did not answer within "
          + REQUEST_TIMEOUT_S + "s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DaemonException("interrupted", e);
    }
    byte[] content = response.getContent();
    if (response.getStatus() >= 400) {
      throw DaemonException.fromResponse(response.getStatus(), content);
    }
    if (content.length == 0) {
      return Json.mapper().nullNode();
    }
    try {
      return Json.mapper().readTree(content);
    } catch (IOException e) {
      throw new DaemonException("the daemon at " + host + " sent a response that is not JSON: "
          + e.getMessage(), e);
    }
  }

  private DaemonException connectionFailure(Throwable cause) {
    String why;
    if (host.isUnix() && !Files.exists(host.socketPath())) {
      why = "no socket at " + host.socketPath();
    } else if (cause instanceof ConnectException || cause instanceof NoSuchFileException) {
      why = "nobody is listening there";
    } else if (cause instanceof java.nio.file.AccessDeniedException
        || String.valueOf(cause).contains("Permission denied")) {
      why = "permission denied (run as root, or add your user to the socket's group)";
    } else {
      why = String.valueOf(cause);
    }
    return new DaemonException("Cannot connect to the edge daemon at " + host + ": " + why
        + ". Is the daemon running? Start it with `edge daemon` (or `systemctl start edge`),"
        + " or point -H / EDGE_HOST at it.", cause);
  }

  private void start() {
    if (!http.isStarted()) {
      try {
        http.start();
      } catch (Exception e) {
        throw new DaemonException("cannot start the HTTP client: " + e, e);
      }
    }
  }

  /**
   * The daemon speaks plain HTTP on a local socket. Jetty would otherwise build a TLS context at
   * start-up, which loads ~200 classes and costs a third of the CLI's start time.
   */
  private static final class PlainConnector extends ClientConnector {
    @Override
    protected SslContextFactory.Client newSslContextFactory() {
      return null;
    }
  }

  @Override
  public void close() {
    try {
      http.stop();
    } catch (Exception e) {
      // the process is about to exit; nothing useful to do
    }
  }
}
