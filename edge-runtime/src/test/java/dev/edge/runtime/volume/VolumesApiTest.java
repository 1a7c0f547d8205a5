package dev.edge.runtime.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.api.ApiServer;
import dev.edge.runtime.api.HostAddress;
import dev.edge.runtime.api.Router;
import dev.edge.runtime.api.UnixHttp;
import dev.edge.runtime.events.Event;
import dev.edge.runtime.events.EventBus;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Docker volume endpoints over the daemon's real HTTP server on a Unix socket. */
class VolumesApiTest {
  @TempDir Path dir;
  private final Set<String> inUse = new HashSet<>();
  private final EventBus events = new EventBus();
  private VolumeStore store;
  private ApiServer server;
  private UnixHttp http;

  @BeforeEach
  void start() throws Exception {
    store = new VolumeStore(dir.resolve("volumes"));
    Router router = new Router();
    new VolumesApi(store, events, inUse::contains).register(router);
    Path socket = dir.resolve("edge.sock");
    server = new ApiServer(List.of(HostAddress.parse("unix://" + socket)), router, "test");
    server.start();
    http = new UnixHttp(socket);
  }

  @AfterEach
  void stop() throws Exception {
    if (http != null) {
      http.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static JsonNode json(ContentResponse r) throws IOException {
    return Json.mapper().readTree(r.getContent());
  }

  @Test
  void createInspectListAndRemoveAsTheDockerCliDoes() throws Exception {
    ContentResponse created = http.send("POST", "/v1.44/volumes/create",
        "{\"Name\":\"cache\",\"Labels\":{\"team\":\"fw\"}}");
    assertEquals(201, created.getStatus());
    assertEquals("cache", json(created).path("Name").asText());
    assertEquals("fw", json(created).path("Labels").path("team").asText());
    assertEquals(store.dataPath("cache").toString(), json(created).path("Mountpoint").asText());

    JsonNode inspected = json(http.send("GET", "/v1.44/volumes/cache"));
    assertEquals("local", inspected.path("Driver").asText());
    JsonNode listed = json(http.send("GET", "/v1.44/volumes"));
    assertEquals(1, listed.path("Volumes").size());

    assertEquals(204, http.send("DELETE", "/v1.44/volumes/cache").getStatus());
    ContentResponse gone = http.send("GET", "/v1.44/volumes/cache");
    assertEquals(404, gone.getStatus());
    assertEquals("get cache: no such volume", json(gone).path("message").asText());
    List<String> actions = events.recent().stream().map(Event::action).toList();
    assertEquals(List.of("create", "destroy"), actions);
  }

  @Test
  void badRequestsGetDockersStatuses() throws Exception {
    ContentResponse badName = http.send("POST", "/volumes/create", "{\"Name\":\"no/slash\"}");
    assertEquals(400, badName.getStatus());
    assertTrue(json(badName).path("message").asText().contains("invalid characters"));
    assertEquals(404, http.send("POST", "/volumes/create",
        "{\"Name\":\"x1\",\"Driver\":\"nfs\"}").getStatus());
    assertEquals(400, http.send("POST", "/volumes/create",
        "{\"Name\":\"x1\",\"DriverOpts\":{\"type\":\"nfs\"}}").getStatus());
    assertEquals(404, http.send("DELETE", "/volumes/ghost").getStatus());
    assertEquals(204, http.send("DELETE", "/volumes/ghost?force=1").getStatus());
    assertEquals(400, http.send("GET", "/volumes?filters=%7B%22colour%22%3A%5B%22red%22%5D%7D")
        .getStatus());
  }

  @Test
  void aVolumeInUseCannotBeRemoved() throws Exception {
    store.create("busy", Map.of());
    inUse.add("busy");
    ContentResponse refused = http.send("DELETE", "/volumes/busy?force=true");
    assertEquals(409, refused.getStatus());
    assertEquals("remove busy: volume is in use", json(refused).path("message").asText());
  }

  @Test
  void danglingFilterAndPruneSeeWhatContainersUse() throws Exception {
    Volume used = store.createAnonymous();
    Volume unused = store.createAnonymous();
    store.create("named", Map.of());
    inUse.add(used.name());
    JsonNode dangling = json(http.send("GET",
        "/volumes?filters=%7B%22dangling%22%3A%5B%22true%22%5D%7D"));
    assertEquals(2, dangling.path("Volumes").size());

    JsonNode pruned = json(http.send("POST", "/volumes/prune"));
    assertEquals(List.of(unused.name()), List.of(pruned.path("VolumesDeleted").get(0).asText()));
    assertEquals(1, pruned.path("VolumesDeleted").size());
    assertTrue(pruned.has("SpaceReclaimed"));

    JsonNode all = json(http.send("POST",
        "/volumes/prune?filters=%7B%22all%22%3A%5B%22true%22%5D%7D"));
    assertEquals("named", all.path("VolumesDeleted").get(0).asText());
    assertEquals(List.of(used.name()), store.list().stream().map(Volume::name).toList());
  }
}
