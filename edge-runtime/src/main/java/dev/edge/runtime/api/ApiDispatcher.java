package dev.edge.runtime.api;

import dev.edge.runtime.json.PlainJson;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes every request, adds Docker's response headers and turns failures into JSON errors. */
final class ApiDispatcher extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(ApiDispatcher.class);

  private final Router router;
  private final String serverHeader;

  ApiDispatcher(Router router, String serverVersion) {
    this.router = router;
    this.serverHeader = "edge/" + serverVersion + " (linux)";
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    response.getHeaders().put("Api-Version", ApiVersion.CURRENT);
    response.getHeaders().put("Docker-Experimental", "false");
    response.getHeaders().put("Ostype", "linux");
    response.getHeaders().put("Server", serverHeader);
    ApiExchange exchange = null;
    try {
      String path = ApiVersion.stripPrefix(request.getHttpURI().getCanonicalPath());
      Router.Match match = router.match(request.getMethod(), path);
      if (!match.found()) {
        throw new ApiException(
            match.missStatus(),
            match.missStatus() == 405
                ? "method " + request.getMethod() + " not allowed on " + path
                : "page not found: " + request.getMethod() + " " + path);
      }
      exchange = new ApiExchange(request, response, path, match.params());
      match.handler().handle(exchange);
      exchange.finish();
      callback.succeeded();
    } catch (Throwable failure) {
      fail(request, response, callback, exchange, failure);
    }
    return true;
  }

  private void fail(
      Request request, Response response, Callback callback, ApiExchange exchange, Throwable e) {
    int status = e instanceof ApiException api ? api.status() : 500;
    if (status >= 500) {
      LOG.warn("{} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
    } else {
      LOG.debug("{} {}: {} {}", request.getMethod(), request.getHttpURI().getPath(), status,
          e.getMessage());
    }
    if (response.isCommitted()) {
      // The status line is gone; all we can do is cut the stream so the client sees a failure.
      callback.failed(e);
      return;
    }
    try {
      response.reset();
      response.setStatus(status);
      response.getHeaders().put("Api-Version", ApiVersion.CURRENT);
      response.getHeaders().put("Content-Type", "application/json");
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      byte[] body = PlainJson.bytes(Map.of("message", message));
      try (OutputStream out = Content.Sink.asOutputStream(response)) {
        out.write(body);
        out.write('\n');
      }
      callback.succeeded();
    } catch (IOException | RuntimeException writeFailure) {
      callback.failed(writeFailure);
    }
  }
}
