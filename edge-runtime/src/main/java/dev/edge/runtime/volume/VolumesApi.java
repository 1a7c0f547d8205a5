package dev.edge.runtime.volume;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.api.ApiException;
import dev.edge.runtime.api.ApiExchange;
import dev.edge.runtime.api.ApiModule;
import dev.edge.runtime.api.Router;
import dev.edge.runtime.events.EventBus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The Docker volume endpoints: list, create, inspect, remove and prune. {@code inUse} tells
 * whether any container (running or not) mounts the named volume.
 */
public final class VolumesApi implements ApiModule {
  private final VolumeStore store;
  private final EventBus events;
  private final Predicate<String> inUse;

  public VolumesApi(VolumeStore store, EventBus events, Predicate<String> inUse) {
    this.store = store;
    this.events = events;
    this.inUse = inUse;
  }

  @Override
  public void register(Router router) {
    router.get("/volumes", this::list);
    router.post("/volumes/create", this::create);
    router.post("/volumes/prune", this::prune);
    router.get("/volumes/{name}", this::inspect);
    router.delete("/volumes/{name}", this::remove);
  }

  private void list(ApiExchange ex) throws IOException {
    Predicate<Volume> shown = filters(() -> VolumeFilters.forList(ex.query("filters")
        .orElse(null))).listed(inUse);
    List<Volume> volumes = new ArrayList<>();
    for (Volume v : store.list()) {
      if (shown.test(v)) {
        volumes.add(v);
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Volumes", volumes);
    body.put("Warnings", List.of());
    ex.json(200, body);
  }

  private void create(ApiExchange ex) throws IOException {
    JsonNode body = ex.readJsonTree();
    String driver = body.path("Driver").asText("");
    if (!driver.isEmpty() && !driver.equals(Volume.LOCAL_DRIVER)) {
      throw ApiException.notFound("error looking up volume plugin " + driver + ": plugin \""
          + driver + "\" not found");
    }
    JsonNode opts = body.path("DriverOpts");
    if (opts.isObject() && opts.size() > 0) {
      throw ApiException.badRequest("create " + body.path("Name").asText("") + ": volume driver"
          + " options are not supported by edge's local driver: " + fieldNames(opts));
    }
    Map<String, String> labels = new LinkedHashMap<>();
    body.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(),
        e.getValue().asText()));
    String name = body.path("Name").asText("");
    boolean existed = !name.isEmpty() && VolumeNames.isValid(name)
        && store.find(name).isPresent();
    Volume volume;
    try {
      volume = store.create(name, labels);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    if (!existed) {
      events.publish("volume", "create", volume.name(), Map.of("driver", volume.driver()));
    }
    ex.json(201, volume);
  }

  private void inspect(ApiExchange ex) throws IOException {
    String name = ex.pathParam("name");
    ex.json(200, store.find(name).orElseThrow(() -> ApiException.notFound(
        new NoSuchVolumeException(name).getMessage())));
  }

  private void remove(ApiExchange ex) throws IOException {
    String name = ex.pathParam("name");
    boolean existed = store.find(name).isPresent();
    try {
      store.remove(name, ex.queryFlag("force"), inUse);
    } catch (NoSuchVolumeException e) {
      throw ApiException.notFound(e.getMessage());
    } catch (VolumeInUseException e) {
      throw ApiException.conflict(e.getMessage());
    }
    if (existed) {
      events.publish("volume", "destroy", name, Map.of("driver", Volume.LOCAL_DRIVER));
    }
    ex.status(204);
  }

  private void prune(ApiExchange ex) throws IOException {
    Predicate<Volume> chosen = filters(() -> VolumeFilters.forPrune(ex.query("filters")
        .orElse(null))).pruned();
    VolumeStore.PruneReport report = store.prune(chosen, inUse);
    for (String name : report.deleted()) {
      events.publish("volume", "destroy", name, Map.of("driver", Volume.LOCAL_DRIVER));
    }
    events.publish("volume", "prune", "", Map.of("reclaimed",
        String.valueOf(report.reclaimedBytes())));
    ex.json(200, report.toApi());
  }

  private static VolumeFilters filters(java.util.function.Supplier<VolumeFilters> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private static String fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return String.join(", ", names);
  }
}
