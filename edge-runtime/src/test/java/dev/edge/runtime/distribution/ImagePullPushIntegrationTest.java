package dev.edge.runtime.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.api.HostAddress;
import dev.edge.runtime.api.UnixHttp;
import dev.edge.runtime.daemon.Daemon;
import dev.edge.runtime.daemon.DaemonConfig;
import dev.edge.runtime.image.MediaTypes;
import dev.edge.runtime.image.Platform;
import dev.edge.runtime.image.fixtures.OciLayout;
import dev.edge.runtime.image.fixtures.TarBuilder;
import dev.edge.runtime.image.fixtures.TestImages;
import dev.edge.runtime.json.Json;
import dev.edge.runtime.registry.LocalRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;

/**
 * Pull, list, inspect, tag, remove and push through the daemon's Docker API, against Debian's
 * docker-registry, with fixture images made here and pushed by skopeo.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImagePullPushIntegrationTest {
  private static Path dir;
  private static LocalRegistry registry;
  private static Daemon daemon;
  private static UnixHttp http;
  private static String reg;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("edge-images-it");
    registry = LocalRegistry.start(LocalRegistry.Mode.PLAIN);
    reg = registry.host();
    OciLayout layout = new OciLayout(dir.resolve("layout"));
    TestImages.busybox(layout, "busybox", new Platform("linux", "amd64", ""));
    TestImages.multiArchBusybox(layout, "multi", dir);
    byte[] base = new TarBuilder().dir("etc", 0755).file("etc/keep", bytes("keep"), 0644)
        .file("etc/gone", bytes("gone"), 0644).dir("cache", 0755)
        .file("cache/old", bytes("old"), 0644).build();
    byte[] top = new TarBuilder().whiteout("etc", "gone").opaque("cache")
        .file("cache/new", bytes("new"), 0644).build();
    layout.tag("whiteouts", layout.image(new Platform("linux", "amd64", ""),
        List.of(OciLayout.Layer.of(base, MediaTypes.Compression.GZIP),
            OciLayout.Layer.of(top, MediaTypes.Compression.ZSTD)), TestImages.shell(),
        MediaTypes.OCI_MANIFEST));
    for (String name : List.of("busybox", "multi", "whiteouts")) {
      TestImages.skopeoPush(layout.dir(), name, reg + "/fixtures/" + name + ":1",
          name.equals("busybox"));
    }
    daemon = new Daemon(new DaemonConfig(dir.resolve("root"),
        List.of(HostAddress.parse("unix://" + dir.resolve("edge.sock"))), Optional.empty(),
        List.of()));
    daemon.start();
    http = new UnixHttp(dir.resolve("edge.sock"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (http != null) {
      http.close();
    }
    if (daemon != null) {
      daemon.close();
    }
    if (registry != null) {
      registry.close();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** POSTs /images/create and returns the JSON messages of the progress stream. */
  private static List<JsonNode> pull(String query) throws Exception {
    ContentResponse r = http.request("POST", "/v1.41/images/create?" + query)
        .timeout(120, java.util.concurrent.TimeUnit.SECONDS).send();
    assertEquals(200, r.getStatus(), r.getContentAsString());
    List<JsonNode> messages = new ArrayList<>();
    for (String line : r.getContentAsString().split("\r?\n")) {
      if (!line.isBlank()) {
        messages.add(Json.mapper().readTree(line));
      }
    }
    return messages;
  }

  private static boolean said(List<JsonNode> messages, String status) {
    return messages.stream().anyMatch(m -> m.path("status").asText().startsWith(status));
  }

  private static JsonNode json(String method, String path, int expectedStatus) throws Exception {
    ContentResponse r = http.send(method, path);
    assertEquals(expectedStatus, r.getStatus(), r.getContentAsString());
    return r.getContent().length == 0 ? null : Json.mapper().readTree(r.getContent());
  }

  @Test
  @Order(1) // first: later tests pull busybox too, and then its layer already exists
  void pullUnpacksTheImageAndASecondPullFindsItUpToDate() throws Exception {
    List<JsonNode> first = pull("fromImage=" + reg + "/fixtures/busybox&tag=1");
    assertTrue(said(first, "Pull complete"), first.toString());
    assertTrue(said(first, "Status: Downloaded newer image for " + reg + "/fixtures/busybox:1"),
        first.toString());
    JsonNode inspect = json("GET", "/images/" + reg + "/fixtures/busybox:1/json", 200);
    assertEquals("amd64", inspect.get("Architecture").asText());
    assertEquals(1, inspect.get("RootFS").get("Layers").size());
    Path top = Path.of(inspect.get("GraphDriver").get("Data").get("UpperDir").asText());
    Path busybox = top.resolve("bin/busybox");
    assertTrue(Files.getPosixFilePermissions(busybox).contains(PosixFilePermission.OWNER_EXECUTE));
    assertEquals(Files.size(TestImages.HOST_BUSYBOX), Files.size(busybox));
    assertEquals("busybox", Files.readSymbolicLink(top.resolve("bin/sh")).toString());

    List<JsonNode> second = pull("fromImage=" + reg + "/fixtures/busybox&tag=1");
    assertTrue(said(second, "Already exists"), second.toString());
    assertTrue(said(second, "Status: Image is up to date"), second.toString());
    JsonNode list = json("GET", "/images/json", 200);
    assertTrue(list.toString().contains(reg + "/fixtures/busybox:1"), list.toString());
    assertTrue(inspect.get("RepoDigests").get(0).asText().startsWith(reg
        + "/fixtures/busybox@sha256:"), inspect.toString());
  }

  @Test
  void aMultiArchIndexGivesThisMachinesPlatformOrTheOneAskedFor() throws Exception {
    pull("fromImage=" + reg + "/fixtures/multi&tag=1");
    assertEquals("amd64", json("GET", "/images/" + reg + "/fixtures/multi:1/json", 200)
        .get("Architecture").asText());
    pull("fromImage=" + reg + "/fixtures/multi&tag=1&platform=linux/arm64");
    JsonNode arm = json("GET", "/images/" + reg + "/fixtures/multi:1/json", 200);
    assertEquals("arm64", arm.get("Architecture").asText());
    Path top = Path.of(arm.get("GraphDriver").get("Data").get("UpperDir").asText());
    byte[] head = new byte[20];
    try (var in = Files.newInputStream(top.resolve("bin/busybox"))) {
      in.readNBytes(head, 0, 20);
    }
    assertEquals(0xB7, head[18] & 0xff, "e_machine of the arm64 busybox is EM_AARCH64");

    ContentResponse missing = http.send("POST", "/images/create?fromImage=" + reg
        + "/fixtures/multi&tag=1&platform=linux/s390x");
    assertEquals(404, missing.getStatus());
    assertTrue(missing.getContentAsString().contains("linux/arm64"),
        missing.getContentAsString());
  }

  @Test
  void whiteoutsAndZstdLayersUnpack() throws Exception {
    List<JsonNode> messages = pull("fromImage=" + reg + "/fixtures/whiteouts&tag=1");
    assertTrue(said(messages, "Status: Downloaded newer image"), messages.toString());
    JsonNode inspect = json("GET", "/images/" + reg + "/fixtures/whiteouts:1/json", 200);
    assertEquals(2, inspect.get("RootFS").get("Layers").size());
    Path top = Path.of(inspect.get("GraphDriver").get("Data").get("UpperDir").asText());
    assertTrue(Files.exists(top.resolve("cache/new")));
    assertFalse(Files.exists(top.resolve("etc/.wh.gone")), "whiteout markers are not files");
  }

  @Test
  void tagAndRemoveFollowDockersSemantics() throws Exception {
    pull("fromImage=" + reg + "/fixtures/busybox&tag=1");
    json("POST", "/images/" + reg + "/fixtures/busybox:1/tag?repo=extra/bb&tag=2", 201);
    JsonNode untag = json("DELETE", "/images/extra/bb:2", 200);
    assertEquals("[{\"Untagged\":\"extra/bb:2\"}]", untag.toString());
    json("GET", "/images/" + reg + "/fixtures/busybox:1/json", 200);
    json("GET", "/images/extra/bb:2/json", 404);
  }

  @Test
  void pushedImagesAreServedByTheRegistryToSkopeo() throws Exception {
    pull("fromImage=" + reg + "/fixtures/busybox&tag=1");
    json("POST", "/images/" + reg + "/fixtures/busybox:1/tag?repo=" + reg + "/pushed/bb&tag=7",
        201);
    ContentResponse r = http.request("POST", "/images/" + reg + "/pushed/bb/push?tag=7")
        .timeout(120, java.util.concurrent.TimeUnit.SECONDS).send();
    assertEquals(200, r.getStatus());
    String stream = r.getContentAsString();
    assertFalse(stream.contains("\"error\""), stream);
    assertTrue(stream.contains("Mounted from fixtures/busybox"), stream);
    JsonNode manifest = Json.mapper().readTree(TestImages.skopeoInspectRaw(reg + "/pushed/bb:7"));
    JsonNode local = json("GET", "/images/" + reg + "/fixtures/busybox:1/json", 200);
    assertEquals(local.get("Id").asText(), manifest.get("config").get("digest").asText());
  }

  @Test
  void missingImagesAndBadReferencesAreClearErrorsAndTheDaemonKeepsServing() throws Exception {
    ContentResponse missing = http.send("POST", "/images/create?fromImage=" + reg
        + "/fixtures/nope&tag=1");
    assertEquals(404, missing.getStatus(), missing.getContentAsString());
    assertTrue(missing.getContentAsString().contains("nope"), missing.getContentAsString());
    ContentResponse bad = http.send("POST", "/images/create?fromImage=UPPER%2Fbad/Name&tag=1");
    assertEquals(400, bad.getStatus(), bad.getContentAsString());
    json("GET", "/images/no-such-image:1/json", 404);
    json("DELETE", "/images/no-such-image:1", 404);
    assertEquals(200, http.send("GET", "/_ping").getStatus());
  }
}
