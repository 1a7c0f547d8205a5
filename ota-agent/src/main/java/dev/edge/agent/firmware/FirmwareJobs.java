package dev.edge.agent.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.agent.artifacts.Artifact;
import dev.edge.agent.jobs.JobFailedException;
import dev.edge.agent.jobs.JobHandler;
import dev.edge.agent.jobs.JobHandler.Run;
import dev.edge.agent.jobs.JobProgress;
import dev.edge.hal.reset.AfterMode;
import dev.edge.hal.reset.BeforeMode;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The firmware job types. Their documents:
 * <ul>
 *   <li>{@code firmware.build}: {@code dir} (absolute path of the project), {@code noCache}, {@code uid} and
 *       {@code gid} (who owns what the build writes; default: the project directory's owner);</li>
 *   <li>{@code firmware.flash}: {@code dir}, {@code port} (a device path or {@code auto}), {@code before},
 *       {@code after} (esptool's reset modes);</li>
 *   <li>{@code firmware.deploy}: the fields of both; build, then flash, then the record of what was written.</li>
 * </ul>
 * With {@link Artifacts}, two more forms, told apart by {@code url}:
 * <ul>
 *   <li>{@code firmware.build} {@code {url, sha256, size?, noCache, uid, gid}}: the project is a tarball
 *       ({@link ProjectTarballs}), built as {@code uid}:{@code gid} (default 0:0, the owner of the unpacked
 *       tree);</li>
 *   <li>{@code firmware.flash} {@code {url, sha256, size, board, address?}}: one image, as {@code ota} flashes
 *       it ({@link ArtifactFlashJob}).</li>
 * </ul>
 * Jobs on one project run one at a time, since they share its {@code build/edge/}; jobs on one board too
 * ({@code BoardLocks}).
 */
public final class FirmwareJobs {
  public static final String BUILD = "firmware.build";
  public static final String FLASH = "firmware.flash";
  public static final String DEPLOY = "firmware.deploy";

  private final FirmwareBuilder builder;
  private final FirmwareFlasher flasher;
  private final Map<Path, ReentrantLock> projects = new ConcurrentHashMap<>();

  public FirmwareJobs(FirmwareBuilder builder, FirmwareFlasher flasher) {
    this.builder = builder;
    this.flasher = flasher;
  }

  /** What the {@code url} forms need: the artifact flash of {@code ota} and the tarball projects. */
  public record Artifacts(ArtifactFlashJob flash, ProjectTarballs tarballs) {}

  /** The three handlers, to register with the job engine; documents with a {@code url} are refused. */
  public List<JobHandler> handlers() {
    return handlers(null);
  }

  /** The three handlers, taking the {@code url} forms too when {@code artifacts} is given. */
  public List<JobHandler> handlers(Artifacts artifacts) {
    return List.of(handler(BUILD, false, true, artifacts), handler(FLASH, true, false, artifacts),
        handler(DEPLOY, true, true, artifacts));
  }

  private JobHandler handler(String type, boolean flashes, boolean builds, Artifacts artifacts) {
    // a flash alone takes a minute or two at 115200 baud; builds may pull a toolchain
    Duration timeout = builds ? Duration.ofHours(1) : Duration.ofMinutes(10);
    return JobHandler.of(type, timeout, doc -> {
      if (doc.has("url")) {
        return prepareUrl(type, doc, artifacts);
      }
      Path dir = projectDir(doc);
      FirmwareBuilder.Options options = builds ? buildOptions(doc, dir) : null;
      FirmwareFlasher.Target target = flashes ? target(doc) : null;
      return progress -> run(dir, options, target, progress);
    });
  }

  private Run prepareUrl(String type, JsonNode doc, Artifacts artifacts) {
    if (doc.has("dir")) {
      throw new IllegalArgumentException("url, dir: give a project dir or an artifact url, not both");
    }
    if (artifacts == null) {
      throw new IllegalArgumentException("url: this daemon takes " + type + " jobs for a project dir only");
    }
    switch (type) {
      case FLASH:
        return artifacts.flash().prepare(doc, FLASH);
      case BUILD:
        Artifact tarball = Artifact.fromDocument(doc, false, ProjectTarballs.MAX_TARBALL_BYTES);
        FirmwareBuilder.Options options = new FirmwareBuilder.Options(doc.path("noCache").asBoolean(false),
            id(doc, "uid", 0), id(doc, "gid", 0));
        return progress -> {
          Path dir;
          try {
            dir = artifacts.tarballs().fetch(tarball, progress);
          } catch (IOException e) {
            throw new JobFailedException(BUILD + (progress.jobId() == null ? "" : " " + progress.jobId()) + ": "
                + e.getMessage(), e);
          }
          Map<String, Object> result = run(dir, options, null, progress);
          result.put("source", Map.of("url", tarball.url().toString(), "sha256", tarball.sha256()));
          return result;
        };
      default:
        throw new IllegalArgumentException("url: " + type + " takes a project dir; build from a url with "
            + BUILD + ", then flash its images with " + FLASH + " or " + ArtifactFlashJob.TYPE);
    }
  }

  private Map<String, Object> run(Path dir, FirmwareBuilder.Options options, FirmwareFlasher.Target target,
      JobProgress progress) throws JobFailedException, InterruptedException {
    ReentrantLock lock = projects.computeIfAbsent(dir, d -> new ReentrantLock());
    if (!lock.tryLock()) {
      progress.progress(0, "waiting for another job on " + dir, Map.of());
      lock.lockInterruptibly();
    }
    try {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("dir", dir.toString());
      if (options != null) {
        FirmwareBuilder.Result built = builder.build(dir, options, progress);
        result.put("cached", built.cached());
        result.put("outputDir", built.outputDir().toString());
        result.put("provenance", Json.mapper().convertValue(built.provenance(), Map.class));
      }
      if (target != null) {
        List<FirmwareFlasher.Written> written = flasher.flash(dir, target, progress);
        result.put("port", target.port());
        result.put("flashed", FirmwareFlasher.toResult(written));
      }
      return result;
    } finally {
      lock.unlock();
    }
  }

  private static Path projectDir(JsonNode doc) {
    String text = doc.path("dir").asText("");
    if (text.isEmpty()) {
      throw new IllegalArgumentException("dir: the project directory is missing");
    }
    Path dir = Path.of(text);
    if (!dir.isAbsolute()) {
      throw new IllegalArgumentException("dir: " + text + " must be an absolute path (the daemon has its own"
          + " working directory)");
    }
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("dir: " + text + " is not a directory");
    }
    return dir.normalize();
  }

  private static FirmwareBuilder.Options buildOptions(JsonNode doc, Path dir) {
    try {
      int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      int group = (Integer) Files.getAttribute(dir, "unix:gid", LinkOption.NOFOLLOW_LINKS);
      return new FirmwareBuilder.Options(doc.path("noCache").asBoolean(false), id(doc, "uid", owner),
          id(doc, "gid", group));
    } catch (IOException e) {
      throw new IllegalArgumentException("dir: " + dir + ": " + e.getMessage());
    }
  }

  private static int id(JsonNode doc, String field, int fallback) {
    JsonNode n = doc.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.canConvertToInt() || n.asInt() < 0) {
      throw new IllegalArgumentException(field + ": " + n + " is not a user or group id");
    }
    return n.asInt();
  }

  private static FirmwareFlasher.Target target(JsonNode doc) {
    String port = doc.path("port").asText("");
    if (port.isEmpty()) {
      throw new IllegalArgumentException("port: missing; give a serial port path or auto");
    }
    String before = doc.path("before").asText("default-reset");
    String after = doc.path("after").asText("hard-reset");
    try {
      BeforeMode.parse(before);
      AfterMode.parse(after);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("before/after: " + e.getMessage());
    }
    return new FirmwareFlasher.Target(port, before, after);
  }
}
