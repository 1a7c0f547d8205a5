package dev.edge.runtime.build;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.edge.runtime.api.ApiException;
import dev.edge.runtime.api.ApiExchange;
import dev.edge.runtime.api.ApiModule;
import dev.edge.runtime.api.JsonStream;
import dev.edge.runtime.api.Router;
import dev.edge.runtime.events.EventBus;
import dev.edge.runtime.fs.FileTrees;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.MediaTypes;
import dev.edge.runtime.image.Reference;
import dev.edge.runtime.json.Json;
import dev.edge.runtime.unpack.LayerUnpacker;
import dev.edge.runtime.unpack.Limits;
import dev.edge.runtime.unpack.Whiteouts;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /build}, Docker's classic-builder endpoint: the body is the context as a tar
 * (plain or gzip), unpacked under the daemon's build directory; the answer is a JSON stream of
 * {@code stream} lines, the {@code aux} image id, and an {@code error} if the build fails.
 * {@code DOCKER_BUILDKIT=0 docker build} and {@code edge build} both use it.
 */
public final class BuildApi implements ApiModule {
  private static final Logger LOG = LoggerFactory.getLogger(BuildApi.class);
  private static final java.util.concurrent.ScheduledExecutorService HEARTBEATS =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "build-heartbeat");
        t.setDaemon(true);
        return t;
      });
  private final Builder builder;
  private final Path contexts;
  private final long contextLimit;
  private final EventBus events;

  /** @param contextLimit the most bytes an unpacked context may have */
  public BuildApi(Builder builder, Path contexts, long contextLimit, EventBus events) {
    this.builder = builder;
    this.contexts = contexts;
    this.contextLimit = contextLimit;
    this.events = events;
  }

  @Override
  public void register(Router router) {
    router.post("/build", this::build);
    router.post("/build/prune", this::prune);
  }

  private void build(ApiExchange ex) throws Exception {
    if (ex.query("remote").isPresent()) {
      throw ApiException.badRequest("building from a remote context (a URL or git repository)"
          + " is not supported; send the context as a tar");
    }
    List<Reference> tags = new ArrayList<>();
    for (String t : ex.queryAll("t")) {
      try {
        Reference ref = Reference.parse(t);
        tags.add(ref.tag() == null && ref.digest() == null ? ref.withTag("latest") : ref);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("invalid tag " + t + ": " + e.getMessage());
      }
    }
    Map<String, String> buildArgs = jsonMap(ex, "buildargs");
    Map<String, String> labels = jsonMap(ex, "labels");
    Path dir = contexts.resolve(UUID.randomUUID().toString());
    try {
      unpackContext(ex.body(), dir);
      BuildRequest request = new BuildRequest(dir, ex.query("dockerfile").orElse("Dockerfile"),
          tags, buildArgs, labels, ex.query("target").orElse(null), ex.queryFlag("nocache"),
          ex.queryFlag("pull"), ex.query("platform").orElse(null),
          ex.query("networkmode").orElse(null));
      JsonStream out = ex.jsonStream(200);
      boolean quiet = ex.queryFlag("q");
      ClientOutput output = new ClientOutput(out, quiet);
      // A blank line each second finds a client that went away (docker build's Ctrl-C)
      // even while a RUN prints nothing, so that the build stops there.
      java.util.concurrent.ScheduledFuture<?> heartbeat = HEARTBEATS.scheduleWithFixedDelay(
          () -> {
            try {
              out.heartbeat();
            } catch (IOException e) {
              output.gone = true;
            }
          }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
      try {
        Digest id = builder.build(request, output);
        out.writeQuietly(Map.of("aux", Map.of("ID", id.toString())));
        if (quiet) {
          out.writeQuietly(Map.of("stream", id + "\n"));
        }
        for (Reference tag : tags) {
          events.publish("image", "tag", id.toString(), Map.of("name", tag.familiar()));
        }
      } catch (BuildException e) {
        out.error(e.getMessage(), e.code());
      } catch (IOException | RuntimeException e) {
        LOG.warn("build failed", e);
        out.error("build failed: " + e.getMessage());
      } finally {
        heartbeat.cancel(false);
      }
    } finally {
      FileTrees.delete(dir);
    }
  }

  /** The build's progress to one client; {@code gone} once it stopped listening. */
  private static final class ClientOutput implements Builder.Output {
    private final JsonStream out;
    private final boolean quiet;
    volatile boolean gone;

    ClientOutput(JsonStream out, boolean quiet) {
      this.out = out;
      this.quiet = quiet;
    }

    @Override
    public void stream(String text) {
      if (quiet || gone) {
        return;
      }
      try {
        out.write(Map.of("stream", text));
      } catch (IOException e) {
        gone = true;
      }
    }

    @Override
    public boolean cancelled() {
      return gone;
    }
  }

  private void unpackContext(InputStream body, Path dir) throws IOException {
    BufferedInputStream in = new BufferedInputStream(body);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 < 0) {
      throw ApiException.badRequest("the build context is empty; send a tar of the context");
    }
    MediaTypes.Compression compression = b0 == 0x1f && b1 == 0x8b
        ? MediaTypes.Compression.GZIP : MediaTypes.Compression.NONE;
    try {
      new LayerUnpacker(Whiteouts.DELETE).apply(in, compression, dir,
          Limits.defaults().withMaxUncompressedBytes(contextLimit));
    } catch (dev.edge.runtime.unpack.LayerRefusedException e) {
      throw ApiException.badRequest("the build context was refused: " + e.getMessage()
          + (e.getMessage().contains("bytes") ? " (the daemon takes at most " + contextLimit
              + " bytes; leave files out with .dockerignore)" : ""));
    } catch (IOException e) {
      throw ApiException.badRequest("the build context is not a readable tar: "
          + e.getMessage());
    }
  }

  private static Map<String, String> jsonMap(ApiExchange ex, String name) {
    String text = ex.query(name).orElse(null);
    if (text == null) {
      return Map.of();
    }
    try {
      Map<String, String> m = Json.mapper().readValue(text,
          new TypeReference<Map<String, String>>() { });
      Map<String, String> out = new LinkedHashMap<>();
      m.forEach((k, v) -> {
        if (v != null) {
          out.put(k, v);
        }
      });
      return out;
    } catch (IOException e) {
      throw ApiException.badRequest(name + " is not a JSON object of strings: "
          + e.getMessage());
    }
  }

  private void prune(ApiExchange ex) throws IOException {
    int removed = builder.pruneCache();
    ex.json(200, Map.of("CachesDeleted", List.of(), "SpaceReclaimed", 0,
        "EntriesRemoved", removed));
  }

  /**
   * The most bytes of an unpacked context: {@code EDGE_BUILD_CONTEXT_LIMIT} (bytes) when set,
   * else the largest layer the daemon would unpack.
   */
  public static long contextLimit(String setting) {
    if (setting == null || setting.isBlank()) {
      return Limits.DEFAULT_MAX_UNCOMPRESSED_BYTES;
    }
    try {
      long bytes = Long.parseLong(setting.strip());
      if (bytes > 0) {
        return bytes;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("EDGE_BUILD_CONTEXT_LIMIT=" + setting
        + " is not a positive number of bytes");
  }
}
