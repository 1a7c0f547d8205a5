package dev.edge.runtime.api;

/** Serves one route. Handlers block freely: each request runs on its own pool thread. */
@FunctionalInterface
public interface ApiHandler {
  void handle(ApiExchange exchange) throws Exception;
}
