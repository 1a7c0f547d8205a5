package dev.edge.runtime.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.api.ApiException;
import dev.edge.runtime.api.ApiExchange;
import dev.edge.runtime.api.ApiModule;
import dev.edge.runtime.api.JsonStream;
import dev.edge.runtime.api.Router;
import dev.edge.runtime.events.EventBus;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.Platform;
import dev.edge.runtime.image.Reference;
import dev.edge.runtime.json.Json;
import dev.edge.runtime.registry.Credentials;
import dev.edge.runtime.store.GcResult;
import dev.edge.runtime.store.ImageDeleteResponse;
import dev.edge.runtime.store.ImageRecord;
import dev.edge.runtime.store.ImageSummary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The Docker image endpoints: pull and import ({@code POST /images/create}), list, inspect, tag,
 * remove, prune, push, {@code POST /auth}, and {@code GET /system/df}.
 */
public final class ImagesApi implements ApiModule {
  private final ImageStore store;
  private final PullService pulls;
  private final PushService pushes;
  private final Registries registries;
  private final EventBus events;
  private final Predicate<String> imageInUse;
  private final RootfsImporter importer;

  /** @param importer makes images from root file system tars ({@code fromSrc}); null refuses */
  public ImagesApi(ImageStore store, PullService pulls, PushService pushes, Registries registries,
      EventBus events, Predicate<String> imageInUse, RootfsImporter importer) {
    this.store = store;
    this.importer = importer;
    this.pulls = pulls;
    this.pushes = pushes;
    this.registries = registries;
    this.events = events;
    this.imageInUse = imageInUse;
  }

  @Override
  public void register(Router router) {
    router.post("/images/create", this::create);
    router.get("/images/json", this::list);
    router.post("/images/prune", this::prune);
    router.get("/images/{name*}/json", this::inspect);
    router.get("/images/{name*}/history", this::history);
    router.post("/images/{name*}/tag", this::tag);
    router.post("/images/{name*}/push", this::push);
    router.delete("/images/{name*}", this::remove);
    router.post("/auth", this::login);
    router.delete("/edge/v1/auth", this::logout);
    router.get("/system/df", this::diskUsage);
  }

  private void create(ApiExchange ex) throws Exception {
    Optional<String> source = ex.query("fromSrc");
    if (source.isPresent()) {
      importRootfs(ex, source.get());
      return;
    }
    String from = ex.query("fromImage").orElseThrow(() -> ApiException.badRequest(
        "fromImage is required"));
    String tag = ex.query("tag").orElse("");
    Reference ref = parseReference(from, tag);
    Optional<Platform> platform = ex.query("platform").map(Platform::parse);
    Optional<Credentials> creds = credentials(ex);
    PullService.Resolved resolved;
    try {
      resolved = pulls.resolve(ref, platform, creds);
    } catch (IOException | IllegalArgumentException e) {
      throw RegistryErrors.toApi(e); // nothing streamed yet: a plain HTTP error, as Docker does
    }
    JsonStream out = ex.jsonStream(200);
    try {
      pulls.pull(resolved, out::writeQuietly);
    } catch (IOException | RuntimeException e) {
      out.error(e.getMessage());
    }
  }

  /**
   * {@code docker import}: the body is the tar ({@code fromSrc=-}). Errors in the body or the
   * changes are plain 400s, as nothing has been streamed yet; once the tar is read the answer is
   * Docker's stream, ending in {@code {"status":"sha256:<id>"}}.
   */
  private void importRootfs(ApiExchange ex, String source) throws IOException {
    if (importer == null) {
      throw ApiException.badRequest("this daemon cannot import root file systems");
    }
    if (!source.equals("-")) {
      throw ApiException.badRequest("importing from a URL (fromSrc=" + source + ") is not"
          + " supported: download it and send the tar as the request body (docker import FILE"
          + " or -)");
    }
    if (!ex.query("fromImage").orElse("").isEmpty()) {
      throw ApiException.badRequest("give fromImage (pull) or fromSrc (import), not both");
    }
    Reference name = importName(ex.query("repo").orElse(""), ex.query("tag").orElse(""));
    Platform platform;
    try {
      platform = ex.query("platform").filter(p -> !p.isEmpty()).map(Platform::parse)
          .map(dev.edge.runtime.registry.PlatformSelector::normalize).orElse(null);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    RootfsImporter.Request request = new RootfsImporter.Request(name, ex.queryAll("changes"),
        ex.query("message").orElse(null), platform, sourceDateEpoch(ex));
    RootfsImporter.Received received;
    try {
      received = importer.receive(request, ex.body());
    } catch (RootfsImporter.ImportRefusedException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    try (received) {
      JsonStream out = ex.jsonStream(200);
      try {
        Digest id = received.commit();
        events.publish("image", "import", id.toString(), name == null ? Map.of()
            : Map.of("name", name.familiar()));
        out.write(Map.of("status", id.toString()));
      } catch (IOException | RuntimeException e) {
        out.error("import failed: " + e.getMessage());
      }
    }
  }

  /** Docker's import naming: none, or REPO[:TAG] with {@code tag} winning and latest by default. */
  private static Reference importName(String repo, String tag) {
    if (repo.isEmpty()) {
      return null;
    }
    Reference ref = parseReference(repo, tag);
    if (ref.digest() != null) {
      throw ApiException.badRequest("cannot import to a digest reference: " + repo);
    }
    return ref.tag() == null ? ref.withTag("latest") : ref;
  }

  /** edge's extension: {@code sourceDateEpoch} (seconds) pins the created time and file times. */
  private static java.time.Instant sourceDateEpoch(ApiExchange ex) {
    Optional<String> value = ex.query("sourceDateEpoch").filter(v -> !v.isBlank());
    if (value.isEmpty()) {
      return null;
    }
    try {
      return java.time.Instant.ofEpochSecond(Long.parseLong(value.get().trim()));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("sourceDateEpoch=" + value.get()
          + " is not a number of seconds since 1970");
    }
  }

  private void push(ApiExchange ex) throws Exception {
    String name = ex.pathParam("name");
    String tag = ex.query("tag").orElse("");
    Optional<Credentials> creds = credentials(ex);
    List<Reference> targets;
    try {
      targets = pushes.targets(name, tag);
    } catch (RuntimeException e) {
      throw RegistryErrors.toApi(e);
    }
    JsonStream out = ex.jsonStream(200);
    try {
      for (Reference target : targets) {
        pushes.push(target, creds, out::writeQuietly);
      }
    } catch (IOException | RuntimeException e) {
      out.error(e.getMessage());
    }
  }

  private void list(ApiExchange ex) throws IOException {
    Optional<String> reference = ex.query("filters").map(ImagesApi::referenceFilter)
        .orElse(Optional.empty());
    List<ImageSummary> all = store.index().list(ex.query("all").map(v -> v.equals("1")
        || v.equalsIgnoreCase("true")).orElse(false));
    List<ImageSummary> shown = new ArrayList<>();
    for (ImageSummary s : all) {
      if (reference.isEmpty() || s.repoTags().stream().anyMatch(t -> matches(t,
          reference.get()))) {
        shown.add(s);
      }
    }
    ex.json(200, shown);
  }

  private void inspect(ApiExchange ex) throws IOException {
    ImageRecord record = resolve(ex.pathParam("name"));
    java.nio.file.Path top = record.chainIds().isEmpty() ? null
        : store.snapshots().path(record.chainIds().get(record.chainIds().size() - 1))
            .orElse(null);
    ex.json(200, ImageViews.inspect(record, store.index(), store.content(),
        store.snapshots().name(), top));
  }

  private void history(ApiExchange ex) throws IOException {
    ImageRecord record = resolve(ex.pathParam("name"));
    ex.json(200, ImageViews.history(record, store.index(), store.content()));
  }

  private void tag(ApiExchange ex) throws IOException {
    ImageRecord record = resolve(ex.pathParam("name"));
    String repo = ex.query("repo").orElseThrow(() -> ApiException.badRequest("repo is required"));
    Reference target = parseReference(repo, ex.query("tag").orElse(""));
    if (target.tag() == null) {
      throw ApiException.badRequest("refusing to create a tag with a digest reference");
    }
    store.index().tag(target, record.imageId());
    events.publish("image", "tag", record.imageId().toString(), Map.of("name",
        target.familiar()));
    ex.status(201);
  }

  private void remove(ApiExchange ex) throws IOException {
    String name = ex.pathParam("name");
    List<ImageDeleteResponse> result;
    try {
      result = store.index().remove(name, ex.queryFlag("force"), imageInUse);
    } catch (RuntimeException e) {
      throw RegistryErrors.toApi(e);
    }
    if (!ex.queryFlag("noprune")) {
      store.garbageCollector().collect();
    }
    for (ImageDeleteResponse r : result) {
      events.publish("image", r.untagged() != null ? "untag" : "delete",
          r.untagged() != null ? r.untagged() : r.deleted(), Map.of("name", name));
    }
    ex.json(200, result);
  }

  private void prune(ApiExchange ex) throws IOException {
    boolean danglingOnly = ex.query("filters").map(ImagesApi::danglingOnly).orElse(true);
    List<Map<String, String>> deleted = new ArrayList<>();
    if (danglingOnly) {
      for (Digest id : store.index().pruneDangling(imageInUse)) {
        deleted.add(Map.of("Deleted", id.toString()));
      }
    } else {
      for (ImageRecord record : store.index().records()) {
        if (!imageInUse.test(record.imageId().toString())) {
          store.index().remove(record.imageId().toString(), true, imageInUse).forEach(r ->
              deleted.add(r.untagged() != null ? Map.of("Untagged", r.untagged())
                  : Map.of("Deleted", r.deleted())));
        }
      }
    }
    GcResult gc = store.garbageCollector().collect();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ImagesDeleted", deleted);
    body.put("SpaceReclaimed", gc.reclaimedBytes());
    events.publish("image", "prune", "", Map.of("reclaimed", String.valueOf(gc.reclaimedBytes())));
    ex.json(200, body);
  }

  private void login(ApiExchange ex) throws IOException {
    JsonNode body = ex.readJsonTree();
    String user = body.path("username").asText("");
    String password = body.path("password").asText("");
    String server = serverOf(body.path("serveraddress").asText(""));
    if (user.isEmpty() || password.isEmpty()) {
      throw ApiException.badRequest("username and password are required");
    }
    Credentials creds = Credentials.of(user, password);
    try {
      registries.client(server, Optional.of(creds)).checkLogin();
    } catch (IOException e) {
      throw RegistryErrors.toApi(e);
    }
    registries.credentials().put(server, creds);
    ex.json(200, Map.of("Status", "Login Succeeded", "IdentityToken", ""));
  }

  private void logout(ApiExchange ex) throws IOException {
    String server = serverOf(ex.query("serveraddress").orElse(""));
    ex.json(200, Map.of("Removed", registries.credentials().remove(server)));
  }

  private void diskUsage(ApiExchange ex) throws IOException {
    long layers = 0;
    for (Digest chain : store.snapshots().list()) {
      layers += store.snapshots().usage(chain);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("LayersSize", layers);
    body.put("Images", store.index().list());
    body.put("Containers", List.of());
    body.put("Volumes", List.of());
    body.put("BuildCache", List.of());
    ex.json(200, body);
  }

  private ImageRecord resolve(String name) {
    try {
      return store.index().resolve(name);
    } catch (RuntimeException e) {
      throw RegistryErrors.toApi(e);
    }
  }

  /** {@code serveraddress} as the CLI sends it (scheme, /v1/) reduced to the registry host. */
  static String serverOf(String address) {
    if (address.isEmpty() || address.contains("index.docker.io")
        || address.equals("docker.io")) {
      return Reference.DOCKER_HUB;
    }
    return address.replaceFirst("^https?://", "").replaceFirst("/.*$", "");
  }

  private static Reference parseReference(String name, String tag) {
    try {
      if (tag.isEmpty()) {
        return Reference.parse(name);
      }
      return Reference.parse(name + (tag.contains(":") ? "@" : ":") + tag);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private static Optional<Credentials> credentials(ApiExchange ex) {
    try {
      return Registries.fromHeader(ex.header("X-Registry-Auth").orElse(null));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private static Optional<String> referenceFilter(String filters) {
    try {
      JsonNode node = Json.mapper().readTree(filters).path("reference");
      if (node.isObject() && node.fieldNames().hasNext()) {
        return Optional.of(node.fieldNames().next());
      }
      if (node.isArray() && node.size() > 0) {
        return Optional.of(node.get(0).asText());
      }
      return Optional.empty();
    } catch (IOException e) {
      throw ApiException.badRequest("invalid filters: " + e.getMessage());
    }
  }

  private static boolean danglingOnly(String filters) {
    try {
      JsonNode node = Json.mapper().readTree(filters).path("dangling");
      return !(node.has("false") || node.toString().contains("\"false\"")
          || node.toString().contains("\"0\""));
    } catch (IOException e) {
      throw ApiException.badRequest("invalid filters: " + e.getMessage());
    }
  }

  /** Docker's reference filter: a familiar name with an optional tag, glob-free. */
  private static boolean matches(String repoTag, String filter) {
    String shown = Reference.parse(repoTag).familiar();
    return shown.equals(filter) || shown.startsWith(filter + ":")
        || repoTag.equals(filter) || repoTag.startsWith(filter + ":");
  }
}
