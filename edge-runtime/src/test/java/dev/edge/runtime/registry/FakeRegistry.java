package dev.edge.runtime.registry;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A scripted HTTP server on 127.0.0.1 for precise registry behaviours: each method and path gets
 * a queue of answers (the last one repeats), and every request is recorded.
 */
final class FakeRegistry implements AutoCloseable {
  /** Answers one request. */
  @FunctionalInterface
  interface Answer {
    void answer(HttpExchange exchange) throws IOException;
  }

  /** What the server saw. */
  record Seen(String method, String uri, Headers headers, byte[] body) {
    String header(String name) {
      return headers.getFirst(name);
    }
  }

  /** The exchange attribute holding the request body, which is read before any answer runs. */
  static final String BODY = "fake.body";

  private final HttpServer server;
  private final Map<String, Deque<Answer>> answers = new HashMap<>();
  private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());

  private FakeRegistry(HttpServer server) {
    this.server = server;
  }

  static FakeRegistry start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    FakeRegistry fake = new FakeRegistry(server);
    server.createContext("/", fake::dispatch);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
    return fake;
  }

  /** {@code 127.0.0.1:port}. */
  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  String url() {
    return "http://" + host();
  }

  /** Answers for METHOD PATH (no query), used in turn; the last one answers all later requests. */
  synchronized FakeRegistry on(String method, String path, Answer... queue) {
    answers.put(method + " " + path, new ArrayDeque<>(List.of(queue)));
    return this;
  }

  List<Seen> seen() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  List<Seen> seen(String method, String path) {
    return seen().stream()
        .filter(s -> s.method.equals(method) && s.uri.split("\\?")[0].equals(path))
        .toList();
  }

  private void dispatch(HttpExchange ex) throws IOException {
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readAllBytes();
    }
    ex.setAttribute(BODY, body);
    seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().toString(), ex.getRequestHeaders(), body));
    Answer answer;
    synchronized (this) {
      Deque<Answer> queue = answers.get(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
      answer = queue == null ? null : queue.size() > 1 ? queue.poll() : queue.peek();
    }
    try {
      if (answer == null) {
        json(404, "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"no route in fake\"}]}").answer(ex);
      } else {
        answer.answer(ex);
      }
    } finally {
      ex.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  // ---- answers

  static Answer status(int code, String... headerPairs) {
    return ex -> {
      headers(ex, headerPairs);
      ex.sendResponseHeaders(code, -1);
    };
  }

  static Answer bytes(int code, byte[] body, String... headerPairs) {
    return ex -> {
      headers(ex, headerPairs);
      boolean head = ex.getRequestMethod().equals("HEAD");
      ex.sendResponseHeaders(code, head ? -1 : body.length == 0 ? -1 : body.length);
      if (!head && body.length > 0) {
        ex.getResponseBody().write(body);
      }
    };
  }

  static Answer json(int code, String body, String... headerPairs) {
    String[] all = new String[headerPairs.length + 2];
    all[0] = "Content-Type";
    all[1] = "application/json";
    System.arraycopy(headerPairs, 0, all, 2, headerPairs.length);
    return bytes(code, body.getBytes(StandardCharsets.UTF_8), all);
  }

  /** Promises {@code body.length} bytes, sends {@code sent} of them, then drops the connection. */
  static Answer truncated(byte[] body, int sent) {
    return ex -> {
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body, 0, sent);
      ex.getResponseBody().flush();
      throw new IOException("fake: dropping the connection mid-body");
    };
  }

  /** Drops the connection without answering. */
  static Answer drop() {
    return ex -> {
      throw new IOException("fake: dropping the connection");
    };
  }

  private static void headers(HttpExchange ex, String... pairs) {
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      ex.getResponseHeaders().add(pairs[i], pairs[i + 1]);
    }
  }
}
