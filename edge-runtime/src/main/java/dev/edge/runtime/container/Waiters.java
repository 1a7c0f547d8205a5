package dev.edge.runtime.container;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Clients blocked in {@code POST /containers/{id}/wait}: those waiting for the next exit and
 * those waiting for removal ({@code docker run --rm}).
 */
final class Waiters {
  /** What a wait returns: the exit status and, when the container never ran, why. */
  record Outcome(int statusCode, String error) {}

  private final Map<String, List<CompletableFuture<Outcome>>> exits = new HashMap<>();
  private final Map<String, List<CompletableFuture<Outcome>>> removals = new HashMap<>();

  synchronized CompletableFuture<Outcome> nextExit(String id) {
    return add(exits, id);
  }

  synchronized CompletableFuture<Outcome> removal(String id) {
    return add(removals, id);
  }

  synchronized void exited(String id, Outcome outcome) {
    complete(exits, id, outcome);
  }

  synchronized void removed(String id, Outcome outcome) {
    complete(exits, id, outcome);
    complete(removals, id, outcome);
  }

  private static CompletableFuture<Outcome> add(
      Map<String, List<CompletableFuture<Outcome>>> map, String id) {
    CompletableFuture<Outcome> f = new CompletableFuture<>();
    map.computeIfAbsent(id, k -> new ArrayList<>()).add(f);
    return f;
  }

  private static void complete(Map<String, List<CompletableFuture<Outcome>>> map, String id,
      Outcome outcome) {
    List<CompletableFuture<Outcome>> list = map.remove(id);
    if (list != null) {
      list.forEach(f -> f.complete(outcome));
    }
  }
}
