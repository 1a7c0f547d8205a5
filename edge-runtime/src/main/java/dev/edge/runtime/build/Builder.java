package dev.edge.runtime.build;

import dev.edge.runtime.build.cache.BuildCache;
import dev.edge.runtime.build.context.BuildContext;
import dev.edge.runtime.build.context.ScopedPaths;
import dev.edge.runtime.build.digest.FileDigestCache;
import dev.edge.runtime.build.dockerfile.Dockerfile;
import dev.edge.runtime.build.dockerfile.DockerfileException;
import dev.edge.runtime.build.dockerfile.DockerfileParser;
import dev.edge.runtime.build.layer.LayerOptions;
import dev.edge.runtime.build.plan.BuildArgs;
import dev.edge.runtime.build.plan.BuildPlan;
import dev.edge.runtime.build.plan.PlannedStage;
import dev.edge.runtime.build.run.StepExecutor;
import dev.edge.runtime.distribution.ImageCommitter;
import dev.edge.runtime.distribution.ImageStore;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.Platform;
import dev.edge.runtime.image.Reference;
import dev.edge.runtime.store.ImageRecord;
import dev.edge.runtime.store.Leases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Docker's classic builder: every step of every needed stage becomes an image (hidden from
 * {@code docker images} while a later step stands on it), looked up first in the step cache so
 * that an unchanged rebuild runs no container and hashes only files whose metadata changed.
 * The tags are written last: a failed or cancelled build leaves them where they were.
 */
public final class Builder {
  /** How long a build may hold its blobs against garbage collection. */
  static final Duration LEASE = Duration.ofHours(6);

  /** The build's progress, as Docker's {@code stream} lines; {@code cancelled} ends it. */
  public interface Output {
    void stream(String text);

    default boolean cancelled() {
      return false;
    }
  }

  /** Finds or pulls a FROM (or COPY --from) image. */
  public interface BaseImages {
    ImageRecord find(Reference ref, Platform platform, boolean pull, Output out)
        throws IOException, InterruptedException;
  }

  private final ImageStore store;
  private final ImageCommitter committer;
  private final BaseImages bases;
  private final StepExecutor executor;
  private final Platform hostPlatform;
  private final Path state;
  private final BuildCache cache;

  /** @param state the builder's directory: ROOT/build (cache, file digests, scratch space) */
  public Builder(ImageStore store, BaseImages bases, StepExecutor executor, Platform hostPlatform,
      Path state) {
    this.store = store;
    this.committer = new ImageCommitter(store);
    this.bases = bases;
    this.executor = executor;
    this.hostPlatform = hostPlatform;
    this.state = state;
    this.cache = new BuildCache(state.resolve("cache"));
  }

  /** Builds the request's target stage and tags it; returns its image id. */
  public Digest build(BuildRequest request, Output out)
      throws BuildException, IOException, InterruptedException {
    Path dockerfilePath = dockerfile(request);
    Dockerfile dockerfile;
    BuildPlan plan;
    BuildArgs args = new BuildArgs(request.buildArgs());
    Platform platform = request.platform() == null || request.platform().isEmpty()
        ? hostPlatform : Platform.parse(request.platform());
    try {
      dockerfile = DockerfileParser.parse(dockerfilePath);
      plan = BuildPlan.create(dockerfile, emptyToNull(request.target()), args,
          automaticArgs(platform));
    } catch (DockerfileException e) {
      throw new BuildException(e.getMessage());
    }
    List<String> sourceLines = Files.readAllLines(dockerfilePath);
    BuildContext context = BuildContext.open(request.context());
    FileDigestCache files = FileDigestCache.open(FileDigestCache.fileFor(state.resolve("files"),
        request.context()));
    LayerOptions layerOptions;
    try {
      layerOptions = LayerOptions.fromEnvironment(request.buildArgs().get("SOURCE_DATE_EPOCH"));
    } catch (IllegalArgumentException e) {
      throw new BuildException(e.getMessage());
    }
    Path scratch = Files.createDirectories(state.resolve("tmp").resolve(UUID.randomUUID()
        .toString()));
    Map<Integer, Digest> stageImages = new HashMap<>();
    StepCounter steps = new StepCounter(plan.stages().stream()
        .mapToInt(s -> 1 + s.stage().instructions().size()).sum());
    try (Leases.Lease lease = store.leases().create("build", LEASE)) {
      StageSteps.Shared shared = new StageSteps.Shared(store, committer, bases, executor, cache,
          files, context, request, platform, layerOptions, lease, scratch, sourceLines, plan,
          stageImages, out, steps);
      for (PlannedStage stage : plan.stages()) {
        Digest id = new StageSteps(shared, stage, dockerfile.shellWords(), args).run();
        stageImages.put(stage.stage().index(), id);
      }
      Digest result = stageImages.get(plan.target().stage().index());
      warnUnusedArgs(args, out);
      files.save();
      out.stream("Successfully built " + result.shortHex() + "\n");
      for (Reference tag : request.tags()) {
        store.index().tag(tag, result);
        out.stream("Successfully tagged " + tag.familiar() + "\n");
      }
      return result;
    } finally {
      dev.edge.runtime.fs.FileTrees.delete(scratch);
    }
  }

  /** Drops step-cache entries whose image is gone (after rmi or prune). */
  public int pruneCache() throws IOException {
    return cache.prune(step -> store.index().get(Digest.parse(step.imageId())).isPresent());
  }

  private static Path dockerfile(BuildRequest request) throws BuildException, IOException {
    Path file;
    try {
      file = ScopedPaths.resolve(request.context(), request.dockerfile());
    } catch (IOException e) {
      throw new BuildException("the Dockerfile " + request.dockerfile() + " is outside the"
          + " build context");
    }
    if (!Files.isRegularFile(file)) {
      throw new BuildException("Cannot locate specified Dockerfile: " + request.dockerfile());
    }
    return file;
  }

  private static void warnUnusedArgs(BuildArgs args, Output out) {
    Set<String> unused = new LinkedHashSet<>(args.unconsumed());
    if (!unused.isEmpty()) {
      out.stream("[Warning] One or more build-args " + unused + " were not consumed\n");
    }
  }

  private static Map<String, String> automaticArgs(Platform p) {
    String platform = p.os() + "/" + p.architecture()
        + (p.variant() == null || p.variant().isEmpty() ? "" : "/" + p.variant());
    Map<String, String> m = new HashMap<>();
    for (String prefix : List.of("TARGET", "BUILD")) {
      m.put(prefix + "PLATFORM", platform);
      m.put(prefix + "OS", p.os());
      m.put(prefix + "ARCH", p.architecture());
      m.put(prefix + "VARIANT", p.variant() == null ? "" : p.variant());
    }
    return m;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** Numbers the steps across stages as Docker's "Step 3/7" does. */
  static final class StepCounter {
    private final int total;
    private int current;

    StepCounter(int total) {
      this.total = total;
    }

    String next() {
      return "Step " + (++current) + "/" + total + " : ";
    }
  }
}
