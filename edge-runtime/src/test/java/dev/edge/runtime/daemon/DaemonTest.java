package dev.edge.runtime.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.api.ApiVersion;
import dev.edge.runtime.api.HostAddress;
import dev.edge.runtime.api.UnixHttp;
import dev.edge.runtime.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole daemon in this JVM: its Docker system endpoints and its lifecycle. */
class DaemonTest {
  @TempDir Path dir;

  private DaemonConfig config(String socketName) {
    return new DaemonConfig(dir.resolve("root"),
        List.of(HostAddress.parse("unix://" + dir.resolve(socketName))), Optional.empty(),
        List.of("10.1.2.3:5000"));
  }

  private static JsonNode get(UnixHttp http, String path) throws Exception {
    ContentResponse r = http.send("GET", path);
    assertEquals(200, r.getStatus(), r.getContentAsString());
    return Json.mapper().readTree(r.getContent());
  }

  @Test
  void pingVersionAndInfoAnswerAsDockerEngineDoes() throws Exception {
    try (Daemon daemon = new Daemon(config("edge.sock"));
        UnixHttp http = new UnixHttp(dir.resolve("edge.sock"))) {
      daemon.start();
      ContentResponse ping = http.send("HEAD", "/_ping");
      assertEquals(200, ping.getStatus());
      assertEquals(ApiVersion.CURRENT, ping.getHeaders().get("Api-Version"));
      assertEquals("linux", ping.getHeaders().get("Ostype"));
      assertEquals("false", ping.getHeaders().get("Docker-Experimental"));
      assertEquals("1", ping.getHeaders().get("Builder-Version"));
      assertEquals("OK", http.send("GET", "/_ping").getContentAsString());

      JsonNode version = get(http, "/v1.41/version");
      assertEquals(ApiVersion.CURRENT, version.get("ApiVersion").asText());
      assertEquals(ApiVersion.MINIMUM, version.get("MinAPIVersion").asText());
      assertEquals("linux", version.get("Os").asText());

      JsonNode info = get(http, "/info");
      assertEquals(dir.resolve("root").toString(), info.get("DockerRootDir").asText());
      assertEquals(Runtime.getRuntime().availableProcessors(), info.get("NCPU").asInt());
      assertTrue(info.get("MemTotal").asLong() > 0);
      assertEquals(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip(),
          info.get("KernelVersion").asText());
      assertEquals(daemon.engineId(), info.get("ID").asText());
      assertEquals("10.1.2.3:5000",
          info.get("RegistryConfig").get("InsecureRegistries").get(0).asText());
    }
  }

  @Test
  void theEngineIdSurvivesARestart() throws Exception {
    String first;
    try (Daemon daemon = new Daemon(config("a.sock"))) {
      first = daemon.engineId();
    }
    try (Daemon daemon = new Daemon(config("a.sock"))) {
      assertEquals(first, daemon.engineId());
    }
  }

  @Test
  void aSecondDaemonOnTheSameRootIsRefused() throws Exception {
    try (Daemon daemon = new Daemon(config("a.sock"))) {
      DaemonStartException e = assertThrows(DaemonStartException.class,
          () -> new Daemon(config("b.sock")));
      assertTrue(e.getMessage().contains("another edge daemon"), e.getMessage());
    }
  }

  @Test
  void eventsStreamReplaysSinceAndEndsAtUntil() throws Exception {
    try (Daemon daemon = new Daemon(config("edge.sock"));
        UnixHttp http = new UnixHttp(dir.resolve("edge.sock"))) {
      daemon.start();
      long before = System.currentTimeMillis() / 1000 - 1;
      daemon.events().publish("container", "start", "abc", Map.of("name", "web"));
      daemon.events().publish("image", "pull", "busybox", Map.of());
      long until = System.currentTimeMillis() / 1000 + 1;
      ContentResponse r = http.send("GET", "/events?since=" + before + "&until=" + until
          + "&filters=%7B%22type%22%3A%5B%22container%22%5D%7D");
      assertEquals(200, r.getStatus());
      List<JsonNode> events = new ArrayList<>();
      for (String line : new String(r.getContent(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          events.add(Json.mapper().readTree(line));
        }
      }
      assertTrue(events.stream().anyMatch(e -> e.get("Action").asText().equals("start")
          && e.get("Actor").get("Attributes").get("name").asText().equals("web")), events.toString());
      assertFalse(events.stream().anyMatch(e -> e.get("Type").asText().equals("image")));
    }
  }

  @Test
  void aPastUntilStillReplaysTheEventsBeforeIt() throws Exception {
    try (Daemon daemon = new Daemon(config("edge.sock"));
        UnixHttp http = new UnixHttp(dir.resolve("edge.sock"))) {
      daemon.start();
      daemon.events().publish("container", "die", "abc", Map.of());
      Thread.sleep(5);
      long until = System.currentTimeMillis() * 1_000_000L;
      Thread.sleep(20); // the request arrives after its own --until
      ContentResponse r = http.send("GET", "/events?since=1&until=" + until / 1_000_000_000L
          + "." + String.format("%09d", until % 1_000_000_000L));
      assertEquals(200, r.getStatus());
      assertTrue(r.getContentAsString().contains("\"die\""), r.getContentAsString());
    }
  }

  @Test
  void badEventFiltersAre400s() throws Exception {
    try (Daemon daemon = new Daemon(config("edge.sock"));
        UnixHttp http = new UnixHttp(dir.resolve("edge.sock"))) {
      daemon.start();
      assertEquals(400, http.send("GET", "/events?filters=%7Bnot-json").getStatus());
      assertEquals(400, http.send("GET", "/events?filters=%7B%22colour%22%3A%5B%5D%7D")
          .getStatus());
      assertEquals(400, http.send("GET", "/events?since=yesterday").getStatus());
    }
  }
}
