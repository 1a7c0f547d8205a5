package dev.edge.runtime.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.json.Json;
import dev.edge.runtime.json.PlainJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;

/** One API call: the request as the handler needs it, and blocking ways to answer it. */
public final class ApiExchange {
  private final Request request;
  private final Response response;
  private final String path;
  private final Map<String, String> pathParams;
  private final Fields query;
  private OutputStream out;

  ApiExchange(Request request, Response response, String path, Map<String, String> pathParams) {
    this.request = request;
    this.response = response;
    this.path = path;
    this.pathParams = pathParams;
    this.query = Request.extractQueryParameters(request);
  }

  public String method() {
    return request.getMethod();
  }

  /** The path without its {@code /v1.NN} prefix. */
  public String path() {
    return path;
  }

  public String pathParam(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalArgumentException("route has no parameter " + name);
    }
    return value;
  }

  public Optional<String> query(String name) {
    return Optional.ofNullable(query.getValue(name)).filter(v -> !v.isEmpty());
  }

  /** Every non-empty value of a repeated parameter ({@code t=a&t=b}), in order. */
  public java.util.List<String> queryAll(String name) {
    java.util.List<String> values = query.getValues(name);
    return values == null ? java.util.List.of()
        : values.stream().filter(v -> v != null && !v.isEmpty()).toList();
  }

  /** Docker's boolean query rule: absent, empty, "0" and "false" are false. */
  public boolean queryFlag(String name) {
    String v = query.getValue(name);
    return v != null && !v.isEmpty() && !v.equals("0") && !v.equalsIgnoreCase("false");
  }

  public Optional<Integer> queryInt(String name) {
    Optional<String> raw = query(name);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(raw.get()));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid value for " + name + ": " + raw.get());
    }
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(request.getHeaders().get(name));
  }

  public InputStream body() {
    return Content.Source.asInputStream(request);
  }

  /** The JSON body mapped to {@code type}; a body that is not valid JSON is a 400. */
  public <T> T readJson(Class<T> type) throws IOException {
    byte[] bytes = body().readAllBytes();
    if (bytes.length == 0) {
      throw ApiException.badRequest("request body is empty; expected a JSON " + type.getSimpleName());
    }
    try {
      return Json.mapper().readValue(bytes, type);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("invalid JSON body: " + e.getOriginalMessage());
    }
  }

  /** The JSON body as a tree, or an empty object when there is none (Docker allows that). */
  public JsonNode readJsonTree() throws IOException {
    byte[] bytes = body().readAllBytes();
    if (bytes.length == 0) {
      return Json.mapper().createObjectNode();
    }
    try {
      return Json.mapper().readTree(bytes);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("invalid JSON body: " + e.getOriginalMessage());
    }
  }

  public ApiExchange header(String name, String value) {
    response.getHeaders().put(name, value);
    return this;
  }

  public void json(int status, Object value) throws IOException {
    byte[] bytes = PlainJson.isPlain(value) ? PlainJson.bytes(value)
        : Json.mapper().writeValueAsBytes(value);
    body(status, "application/json", bytes, true);
  }

  public void text(int status, String contentType, String value) throws IOException {
    body(status, contentType, value.getBytes(StandardCharsets.UTF_8), false);
  }

  public void status(int status) {
    response.setStatus(status);
  }

  /** A newline-delimited JSON stream, flushed per message; long-lived, so no idle timeout. */
  public JsonStream jsonStream(int status) {
    response.setStatus(status);
    response.getHeaders().put("Content-Type", "application/json");
    disableIdleTimeout();
    return new JsonStream(output());
  }

  /** A raw streamed body (logs, archives), flushed by the caller. */
  public OutputStream rawStream(int status, String contentType) {
    response.setStatus(status);
    response.getHeaders().put("Content-Type", contentType);
    disableIdleTimeout();
    return output();
  }

  /**
   * Docker's hijack: answers {@code 101 UPGRADED} ({@code Upgrade: tcp}) and, once Jetty has
   * sent that, runs {@code session} on its own thread with the connection's raw bytes. The
   * session owns the connection until it returns.
   */
  public void upgrade(String contentType, Consumer<RawStream> session) {
    response.setStatus(101);
    response.getHeaders().put("Content-Type", contentType);
    response.getHeaders().put("Connection", "Upgrade");
    response.getHeaders().put("Upgrade", "tcp");
    Connection current = request.getConnectionMetaData().getConnection();
    request.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE,
        new HijackedConnection(current.getEndPoint(),
            request.getComponents().getExecutor(), session));
  }

  /** True when the client asked to hijack the connection ({@code Connection: Upgrade}). */
  public boolean wantsUpgrade() {
    String connection = request.getHeaders().get("Connection");
    return connection != null && connection.toLowerCase(java.util.Locale.ROOT).contains("upgrade");
  }

  public boolean isCommitted() {
    return response.isCommitted();
  }

  private void body(int status, String contentType, byte[] bytes, boolean newline)
      throws IOException {
    response.setStatus(status);
    response.getHeaders().put("Content-Type", contentType);
    response.getHeaders().put("Content-Length", String.valueOf(bytes.length + (newline ? 1 : 0)));
    OutputStream o = output();
    o.write(bytes);
    if (newline) {
      o.write('\n');
    }
  }

  private OutputStream output() {
    if (out == null) {
      out = Content.Sink.asOutputStream(response);
    }
    return out;
  }

  private void disableIdleTimeout() {
    request.getConnectionMetaData().getConnection().getEndPoint().setIdleTimeout(0);
  }

  /** Completes the response; called once by the dispatcher after the handler returns. */
  void finish() throws IOException {
    if (out != null) {
      out.close();
    }
  }
}
