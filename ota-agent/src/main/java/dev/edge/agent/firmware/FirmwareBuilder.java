package dev.edge.agent.firmware;

import dev.edge.agent.jobs.JobFailedException;
import dev.edge.agent.jobs.JobProgress;
import dev.edge.runtime.system.EdgeVersion;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code edge firmware build}: descriptor → toolchain → source digest and SOURCE_DATE_EPOCH → cache check →
 * the build command in its container → outputs and {@code provenance.json} in {@code build/edge/}, all owned by
 * the user who asked.
 */
public final class FirmwareBuilder {
  /** Where the pipeline's results go, relative to the project. */
  public static final String OUTPUT_DIR = DescriptorParser.EDGE_OUTPUT_DIR;
  /** Lines of a failed build's log quoted in its error. */
  static final int TAIL_LINES = 20;

  /**
   * What to build and for whom.
   *
   * @param noCache build even when nothing changed
   * @param uid the owner of what the build writes
   */
  public record Options(boolean noCache, int uid, int gid) {}

  /** A finished build: the provenance of what is in build/edge/, and whether it was reused. */
  public record Result(Path outputDir, Provenance provenance, boolean cached) {}

  private final ToolchainResolver toolchains;
  private final BuildRunner runner;
  private final Clock clock;
  private final String version;

  public FirmwareBuilder(ToolchainResolver toolchains, BuildRunner runner) {
    this(toolchains, runner, Clock.systemUTC(), EdgeVersion.get());
  }

  FirmwareBuilder(ToolchainResolver toolchains, BuildRunner runner, Clock clock, String version) {
    this.toolchains = toolchains;
    this.runner = runner;
    this.clock = clock;
    this.version = version;
  }

  public Result build(Path projectDir, Options options, JobProgress progress)
      throws JobFailedException, InterruptedException {
    String startedAt = clock.instant().toString();
    progress.phase("descriptor", "reading " + projectDir.resolve(FirmwareDescriptor.FILE_NAME));
    FirmwareDescriptor d = load(projectDir);
    progress.phase("toolchain", "resolving the toolchain image");
    ResolvedToolchain toolchain = resolve(d, projectDir, progress);
    progress.phase("sources", "hashing the sources");
    Path outputDir = projectDir.resolve(OUTPUT_DIR);
    try {
      Provenance.Source source = sources(d, projectDir, progress);
      String key = BuildCache.key(version, source.descriptorSha256(), source.digest(), toolchain.imageId(),
          source.sourceDateEpoch());
      if (!options.noCache()) {
        Provenance previous = previous(outputDir, progress);
        BuildCache.Decision decision = BuildCache.decide(outputDir, previous, key, source, toolchain.imageId());
        if (decision.hit()) {
          progress.phase("cache", "nothing changed since the last build: reusing " + OUTPUT_DIR + "/");
          return new Result(outputDir, previous, true);
        }
        progress.progress(0, "cache miss: " + decision.reason(), java.util.Map.of());
      }
      prepareOutputDir(projectDir, outputDir, options);
      run(d, projectDir, toolchain, source, options, progress);
      progress.phase("collect", "collecting the outputs into " + OUTPUT_DIR + "/");
      OutputCollector.Collected collected = OutputCollector.collect(d, projectDir, outputDir, progress::warning);
      List<Provenance.FlashImage> images = collected.images().stream()
          .sorted(Comparator.comparingLong(Provenance.FlashImage::offset)).toList();
      Provenance provenance = new Provenance(Provenance.SCHEMA, key,
          new Provenance.Toolchain(toolchain.reference(), toolchain.digest(), toolchain.imageId()), source,
          new Provenance.Build(d.build().command(), d.build().workdir(), "none"),
          new Provenance.Builder("edge", version), collected.outputs(), images,
          new Provenance.Flash(d.flash().mode().argName(), d.flash().size().argName(), d.flash().freq().argName(),
              d.flash().baud()),
          new Provenance.Time(startedAt, clock.instant().toString()));
      provenance.write(outputDir.resolve(Provenance.FILE_NAME));
      Ownership.give(outputDir, options.uid(), options.gid(), progress::warning);
      return new Result(outputDir, provenance, false);
    } catch (IOException e) {
      throw new JobFailedException("firmware build of " + projectDir + ": " + e.getMessage(), e);
    }
  }

  private static FirmwareDescriptor load(Path projectDir) throws JobFailedException {
    try {
      return DescriptorParser.load(projectDir);
    } catch (DescriptorException e) {
      throw new JobFailedException(e.getMessage(), e);
    }
  }

  private ResolvedToolchain resolve(FirmwareDescriptor d, Path projectDir, JobProgress progress)
      throws JobFailedException, InterruptedException {
    if (d.toolchain().recipe().isPresent()) {
      return toolchains.recipe(projectDir.resolve(d.toolchain().recipe().get()).normalize(), progress);
    }
    String image = d.toolchain().image().orElseThrow();
    if (!d.toolchain().pinned()) {
      progress.warning("toolchain image " + image + " is not pinned by digest, so another build may get other"
          + " tools; `edge firmware lock " + projectDir + "` pins it");
    }
    return toolchains.image(image, progress);
  }

  private static Provenance.Source sources(FirmwareDescriptor d, Path projectDir, JobProgress progress)
      throws IOException {
    Set<String> excluded = new HashSet<>();
    excluded.add(OUTPUT_DIR);
    d.outputs().forEach(o -> excluded.add(o.path()));
    SourceTree.Digest tree = SourceTree.digest(projectDir, excluded);
    SourceDateEpoch epoch = SourceDateEpoch.resolve(d, projectDir, tree, progress::warning);
    progress.progress(100, tree.files() + " files, " + tree.digest() + "; SOURCE_DATE_EPOCH=" + epoch.seconds()
        + " (from " + epoch.origin() + ")", java.util.Map.of());
    return new Provenance.Source(tree.digest(), tree.files(), Hashes.sha256(d.bytes()), epoch.seconds(),
        epoch.origin());
  }

  private static Provenance previous(Path outputDir, JobProgress progress) {
    try {
      return Provenance.read(outputDir.resolve(Provenance.FILE_NAME)).orElse(null);
    } catch (IOException e) {
      progress.warning("ignoring the previous build: " + e.getMessage());
      return null;
    }
  }

  /** Empties build/edge/ first: a failed build must not leave the last build's provenance beside new files. */
  private static void prepareOutputDir(Path projectDir, Path outputDir, Options options) throws IOException {
    Ownership.createDirectories(projectDir, outputDir, options.uid(), options.gid());
    try (DirectoryStream<Path> old = Files.newDirectoryStream(outputDir)) {
      for (Path p : old) {
        if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p)) {
          Files.delete(p);
        }
      }
    }
  }

  private void run(FirmwareDescriptor d, Path projectDir, ResolvedToolchain toolchain, Provenance.Source source,
      Options options, JobProgress progress) throws JobFailedException, InterruptedException {
    if (!Files.isDirectory(projectDir.resolve(d.build().workdir()))) {
      throw new JobFailedException(d.file() + ": build.workdir " + d.build().workdir() + " is not a directory of "
          + projectDir);
    }
    BuildInvocation inv = new BuildInvocation(toolchain.imageId(), projectDir, d.build().workdir(),
        d.build().command(), source.sourceDateEpoch(), options.uid(), options.gid());
    progress.phase("build", "running " + String.join(" ", d.build().command()) + " in " + toolchain.reference()
        + " (network none, SOURCE_DATE_EPOCH=" + source.sourceDateEpoch() + ")");
    Deque<String> tail = new ArrayDeque<>();
    int status = runner.run(inv, (stream, line) -> {
      progress.log(stream, line);
      tail.addLast(line);
      if (tail.size() > TAIL_LINES) {
        tail.removeFirst();
      }
    });
    if (status != 0) {
      StringBuilder message = new StringBuilder("build failed: " + String.join(" ", d.build().command())
          + " exited with status " + status + " in " + toolchain.reference());
      if (!tail.isEmpty()) {
        message.append("; the last lines of its log:");
        tail.forEach(l -> message.append("\n  ").append(l));
      }
      throw new JobFailedException(message.toString());
    }
  }
}
