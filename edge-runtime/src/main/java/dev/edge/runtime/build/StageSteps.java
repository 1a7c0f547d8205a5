package dev.edge.runtime.build;

import dev.edge.runtime.build.cache.BuildCache;
import dev.edge.runtime.build.cache.CacheKey;
import dev.edge.runtime.build.cache.CachedStep;
import dev.edge.runtime.build.config.HistoryText;
import dev.edge.runtime.build.config.StageConfig;
import dev.edge.runtime.build.context.BuildContext;
import dev.edge.runtime.build.context.ContextSourceException;
import dev.edge.runtime.build.context.DockerIgnore;
import dev.edge.runtime.build.context.ScopedPaths;
import dev.edge.runtime.build.context.SourceRoot;
import dev.edge.runtime.build.copy.Archives;
import dev.edge.runtime.build.copy.CopyStager;
import dev.edge.runtime.build.copy.CopyTarget;
import dev.edge.runtime.build.copy.CopyTargets;
import dev.edge.runtime.build.copy.Ownership;
import dev.edge.runtime.build.copy.OwnershipResolver;
import dev.edge.runtime.build.copy.Workdirs;
import dev.edge.runtime.build.digest.FileDigestCache;
import dev.edge.runtime.build.digest.SourceDigester;
import dev.edge.runtime.build.dockerfile.AddInstruction;
import dev.edge.runtime.build.dockerfile.CopyInstruction;
import dev.edge.runtime.build.dockerfile.EnvInstruction;
import dev.edge.runtime.build.dockerfile.Heredoc;
import dev.edge.runtime.build.dockerfile.Instruction;
import dev.edge.runtime.build.dockerfile.InstructionException;
import dev.edge.runtime.build.dockerfile.RunInstruction;
import dev.edge.runtime.build.dockerfile.ShellWords;
import dev.edge.runtime.build.dockerfile.WorkdirInstruction;
import dev.edge.runtime.build.layer.LayerDigests;
import dev.edge.runtime.build.layer.LayerOptions;
import dev.edge.runtime.build.layer.LayerWriter;
import dev.edge.runtime.build.plan.BuildArgs;
import dev.edge.runtime.build.plan.BuildPlan;
import dev.edge.runtime.build.plan.PlannedStage;
import dev.edge.runtime.build.plan.StageBase;
import dev.edge.runtime.build.plan.StageScope;
import dev.edge.runtime.build.run.RunFailedException;
import dev.edge.runtime.build.run.RunOutcome;
import dev.edge.runtime.build.run.RunStep;
import dev.edge.runtime.build.run.StepExecutor;
import dev.edge.runtime.distribution.ImageCommitter;
import dev.edge.runtime.distribution.ImageStore;
import dev.edge.runtime.image.Descriptor;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.Platform;
import dev.edge.runtime.image.Reference;
import dev.edge.runtime.store.ImageRecord;
import dev.edge.runtime.store.Leases;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** One stage's walk: each instruction expanded, looked up in the cache, else run and committed. */
final class StageSteps {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StageSteps.class);
  /** What every stage of one build shares. */
  record Shared(ImageStore store, ImageCommitter committer, Builder.BaseImages bases,
      StepExecutor executor, BuildCache cache, FileDigestCache files, BuildContext context,
      BuildRequest request, Platform platform, LayerOptions layerOptions, Leases.Lease lease,
      Path scratch, List<String> sourceLines, BuildPlan plan, Map<Integer, Digest> stageImages,
      Builder.Output out, Builder.StepCounter steps) {}

  private final Shared b;
  private final PlannedStage stage;
  private final ShellWords shell;
  private final BuildArgs args;
  private ImageState current;
  private StageScope scope;

  StageSteps(Shared shared, PlannedStage stage, ShellWords shell, BuildArgs args) {
    this.b = shared;
    this.stage = stage;
    this.shell = shell;
    this.args = args;
  }

  Digest run() throws BuildException, IOException, InterruptedException {
    say(b.steps().next() + text(stage.from()));
    current = base();
    scope = new StageScope(shell, args, b.plan().globals(), current.config.env());
    for (Instruction instruction : stage.stage().instructions()) {
      if (b.out().cancelled()) {
        throw new BuildException("the build was cancelled; nothing after the last finished"
            + " step was kept");
      }
      say(b.steps().next() + text(instruction));
      step(instruction);
    }
    if (current.imageId == null) {
      // FROM scratch and nothing else: Docker's classic builder refuses the same way.
      throw new BuildException("No image was generated. Is your Dockerfile empty?");
    }
    return current.imageId;
  }

  // ---- the stage's base ----

  private ImageState base() throws BuildException, IOException, InterruptedException {
    StageBase base = stage.base();
    if (base instanceof StageBase.Scratch) {
      return new ImageState(null, StageConfig.scratch(b.platform().os(),
          b.platform().architecture(), b.platform().variant()), List.of(), List.of());
    }
    ImageRecord record;
    if (base instanceof StageBase.Stage s) {
      record = b.store().index().get(b.stageImages().get(s.index())).orElseThrow();
    } else {
      StageBase.Image image = (StageBase.Image) base;
      record = findImage(image.reference(), image.platform());
    }
    say(" ---> " + record.imageId().shortHex());
    return ImageState.of(b.store(), record);
  }

  private ImageRecord findImage(String name, String platform)
      throws BuildException, IOException, InterruptedException {
    Reference ref;
    try {
      ref = Reference.parse(name);
    } catch (IllegalArgumentException e) {
      throw new BuildException("invalid reference format: " + name + " (" + e.getMessage() + ")");
    }
    Platform wanted = platform == null || platform.isEmpty() ? b.platform()
        : Platform.parse(platform);
    try {
      return b.bases().find(ref, wanted, b.request().pull(), b.out());
    } catch (IOException | RuntimeException e) {
      throw new BuildException("FROM " + name + ": " + e.getMessage());
    }
  }

  // ---- one step ----

  private void step(Instruction instruction)
      throws BuildException, IOException, InterruptedException {
    Instruction expanded;
    try {
      expanded = scope.step(instruction);
    } catch (InstructionException e) {
      throw new BuildException(fileName()
          + ":" + instruction.line() + ": " + e.getMessage());
    }
    if (expanded instanceof EnvInstruction) {
      current.config.setEnv(scope.environment());
    }
    Sources sources = sources(expanded);
    try {
      Digest sourceDigest = sources == null ? null
          : new SourceDigester(b.files()).digest(sources.roots(), chown(expanded),
              chmod(expanded));
      CacheKey key = CacheKey.of(current.parentKey(), expanded, scope.argsInUse(), sourceDigest);
      String createdBy = HistoryText.of(expanded, current.config.shell(), scope.argsInUse(),
          sourceDigest);
      Optional<ImageRecord> hit = b.request().noCache() ? Optional.empty() : cached(key);
      if (hit.isPresent()) {
        say(" ---> Using cache");
        current = ImageState.of(b.store(), hit.get());
      } else {
        current = execute(expanded, sources, createdBy, key);
      }
      say(" ---> " + current.imageId.shortHex());
    } finally {
      if (sources != null) {
        sources.close();
      }
    }
  }

  private Optional<ImageRecord> cached(CacheKey key) throws IOException {
    Optional<CachedStep> step = b.cache().lookup(key);
    if (step.isEmpty()) {
      return Optional.empty();
    }
    Optional<ImageRecord> record = b.store().index().get(Digest.parse(step.get().imageId()));
    if (record.isEmpty()) {
      b.cache().remove(key); // its image was removed since
    }
    return record;
  }

  private ImageState execute(Instruction expanded, Sources sources, String createdBy,
      CacheKey key) throws BuildException, IOException, InterruptedException {
    long started = System.nanoTime();
    String created = created();
    StageConfig config = current.config;
    StoredLayer layer = null;
    Path layerFile = b.scratch().resolve("layer-" + UUID.randomUUID() + ".tar");
    try {
      if (expanded instanceof RunInstruction run) {
        layer = runStep(run, layerFile);
      } else if (expanded instanceof WorkdirInstruction) {
        config.apply(expanded);
        layer = workdirStep(config.workdir(), layerFile);
      } else if (sources != null) {
        layer = copyStep(expanded, sources, layerFile);
      } else {
        config.apply(expanded);
      }
      List<Descriptor> layers = current.layers;
      List<Digest> diffIds = current.diffIds;
      if (layer != null) {
        config.addLayer(layer.digests().diffId().toString());
        layers = current.layersWith(layer.descriptor());
        diffIds = current.diffIdsWith(layer.digests().diffId());
      }
      config.addHistory(created, createdBy, layer == null);
      ImageRecord record = b.committer().commit(config.image(), layers, current.imageId,
          List.of(), b.lease());
      b.cache().record(key, new CachedStep(record.imageId().toString(),
          layer == null ? null : CachedStep.Layer.of(layer.digests()), createdBy, created));
      LOG.debug("{} line {}: {} ms", expanded.keyword(), expanded.line(),
          (System.nanoTime() - started) / 1_000_000);
      return new ImageState(record.imageId(), config, layers, diffIds);
    } finally {
      Files.deleteIfExists(layerFile);
    }
  }

  /** A step's layer: written, stored as a blob and as a snapshot. */
  private record StoredLayer(LayerDigests digests, Descriptor descriptor) {}

  /**
   * Writes the layer of {@code changes} (an overlay upper directory) and stores it; the
   * directory itself becomes the layer's snapshot, so it is gone afterwards.
   */
  private StoredLayer storeLayer(Path changes, Path layerFile) throws IOException {
    long t = System.nanoTime();
    LayerDigests digests;
    // Uncompressed, as Docker's builder keeps layers: a push compresses them (PushService).
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(layerFile),
        1 << 16)) {
      digests = new LayerWriter(b.layerOptions()).writeUncompressed(changes, out);
    }
    long written = System.nanoTime();
    Descriptor descriptor = b.committer().addLayer(new ImageCommitter.LayerFile(layerFile,
        digests.diffId(), digests.digest(), digests.size(),
        dev.edge.runtime.image.MediaTypes.DOCKER_LAYER), current.diffIds, changes, b.lease());
    LOG.info("layer {}: {} entries, {} bytes, written in {} ms, stored in {} ms",
        digests.diffId().shortHex(), digests.entries(), digests.size(),
        (written - t) / 1_000_000, (System.nanoTime() - written) / 1_000_000);
    return new StoredLayer(digests, descriptor);
  }

  // ---- RUN ----

  private StoredLayer runStep(RunInstruction run, Path layerFile)
      throws BuildException, IOException, InterruptedException {
    if (current.imageId == null || current.layers.isEmpty()) {
      throw new BuildException("RUN on line " + run.line() + " needs an image with a shell;"
          + " the stage has no files yet (FROM scratch)");
    }
    RunStep step = RunStep.of(run, current.config, scope.runArgs());
    String network = run.network() == null || run.network().equals(RunInstruction.NETWORK_DEFAULT)
        ? b.request().network() : run.network();
    step = new RunStep(step.argv(), step.env(), step.user(), step.workdir(), network,
        step.files());
    RunOutcome outcome;
    try {
      outcome = b.executor().run(current.imageId.toString(), step,
          line -> b.out().stream(line + "\n"), b.out()::cancelled);
    } catch (IOException | RuntimeException e) {
      throw new BuildException("RUN on line " + run.line() + ": " + e.getMessage());
    }
    try {
      if (b.out().cancelled()) {
        throw new BuildException("the build was cancelled during RUN on line " + run.line()
            + "; its container was stopped and nothing of it was kept");
      }
      if (outcome.exitCode() != 0) {
        throw new BuildException(new RunFailedException(String.join(" ",
            run.command().argv(current.config.shell())), outcome.exitCode(),
            outcome.lastOutputLines()).getMessage(), outcome.exitCode());
      }
      return storeLayer(outcome.changes(), layerFile);
    } finally {
      b.executor().release(outcome);
    }
  }

  // ---- WORKDIR ----

  private StoredLayer workdirStep(String dir, Path layerFile) throws IOException {
    try (StepRoot root = mount("workdir")) {
      Ownership owner = ownerOfUser(root.root());
      boolean made = Workdirs.create(root.root(), dir, owner);
      root.unmount();
      return made ? storeLayer(root.changes(), layerFile) : null;
    }
  }

  private Ownership ownerOfUser(Path root) throws IOException {
    String user = current.config.run().user();
    if (user == null || user.isEmpty()) {
      return Ownership.ROOT;
    }
    try {
      return OwnershipResolver.forRoot(root).resolve(user);
    } catch (IllegalArgumentException | IOException e) {
      return Ownership.ROOT; // BuildKit too falls back to root for a user it cannot find
    }
  }

  // ---- COPY / ADD ----

  /** A step's sources and, for COPY --from, the mounted stage or image they come from. */
  private record Sources(List<SourceRoot> roots, StepRoot view, Path downloads)
      implements AutoCloseable {
    /** ADD does not extract archives it downloaded. */
    boolean downloaded(SourceRoot root) {
      return downloads != null && root.entries().get(0).path().startsWith(downloads);
    }

    @Override
    public void close() throws IOException {
      if (view != null) {
        view.close();
      }
    }
  }

  private Sources sources(Instruction expanded) throws BuildException, IOException,
      InterruptedException {
    List<String> names;
    String from = null;
    if (expanded instanceof CopyInstruction copy) {
      names = copy.sources();
      from = copy.from();
    } else if (expanded instanceof AddInstruction add) {
      names = add.sources();
    } else {
      return null;
    }
    StepRoot view = null;
    BuildContext context = b.context();
    if (from != null) {
      view = mountFrom(from);
      context = new BuildContext(view.root(), DockerIgnore.none());
    }
    Path downloads = null;
    try {
      List<SourceRoot> roots = new ArrayList<>();
      for (String name : names) {
        if (expanded instanceof AddInstruction add && AddInstruction.isUrl(name)) {
          if (downloads == null) {
            downloads = b.scratch().resolve("downloads-" + UUID.randomUUID());
          }
          Path dir = downloads.resolve(Integer.toString(roots.size()));
          Path file = new RemoteSources().fetch(name, dir, add.checksum());
          roots.addAll(new BuildContext(dir, DockerIgnore.none()).select(
              file.getFileName().toString()));
        } else {
          roots.addAll(context.select(name));
        }
      }
      return new Sources(roots, view, downloads);
    } catch (ContextSourceException e) {
      if (view != null) {
        view.close();
      }
      // The context lives in a daemon directory the user never sees: name it by its role.
      String reason = e.getMessage().replace(" " + context.root(), "");
      throw new BuildException(fileName() + ":" + expanded.line() + ": " + expanded.keyword()
          + " failed: " + reason);
    }
  }

  private StepRoot mountFrom(String from) throws BuildException, IOException,
      InterruptedException {
    Optional<Digest> stageImage = b.plan().dockerfile().stage(from)
        .map(s -> b.stageImages().get(s.index()));
    ImageRecord record;
    if (stageImage.isPresent()) {
      record = b.store().index().get(stageImage.get()).orElseThrow();
    } else if (from.matches("\\d+")) {
      throw new BuildException("COPY --from=" + from + ": no earlier stage " + from);
    } else {
      record = findImage(from, null);
    }
    return StepRoot.mount(b.store().snapshots(), record.chainIds(),
        b.scratch().resolve("from-" + UUID.randomUUID()));
  }

  private StoredLayer copyStep(Instruction expanded, Sources sources, Path layerFile)
      throws BuildException, IOException {
    String destination = expanded instanceof CopyInstruction c ? c.destination()
        : ((AddInstruction) expanded).destination();
    List<Heredoc> heredocs = expanded instanceof CopyInstruction c ? c.heredocs()
        : ((AddInstruction) expanded).heredocs();
    boolean add = expanded instanceof AddInstruction;
    try (StepRoot root = mount("copy")) {
      Ownership owner;
      try {
        owner = OwnershipResolver.forRoot(root.root()).resolve(chown(expanded));
      } catch (IllegalArgumentException e) {
        throw new BuildException(fileName() + ":" + expanded.line() + ": " + e.getMessage());
      }
      String chmod = chmod(expanded);
      List<SourceRoot> copied = new ArrayList<>();
      List<SourceRoot> archives = new ArrayList<>();
      for (SourceRoot r : sources.roots()) {
        boolean archive = add && !r.directory() && !sources.downloaded(r)
            && Archives.detect(r.entries().get(0).path()).isPresent();
        (archive ? archives : copied).add(r);
      }
      try {
        List<CopyTarget> targets = CopyTargets.resolve(expanded.keyword(), destination,
            current.config.workdir(), copied, heredocs, p -> isDirectory(root.root(), p));
        new CopyStager(owner, chmod == null ? null : Integer.parseInt(chmod, 8),
            Instant.parse(created())).stage(targets, root.root());
        for (SourceRoot archive : archives) {
          Path file = archive.entries().get(0).path();
          String dir = destination.startsWith("/") ? destination
              : current.config.workdir() + "/" + destination;
          Archives.extract(file, Archives.detect(file).orElseThrow(),
              ScopedPaths.resolve(root.root(), dir));
        }
      } catch (IllegalArgumentException e) {
        throw new BuildException(fileName() + ":" + expanded.line() + ": " + e.getMessage());
      }
      root.unmount();
      return storeLayer(root.changes(), layerFile);
    }
  }

  private static boolean isDirectory(Path root, String imagePath) {
    try {
      return Files.isDirectory(ScopedPaths.resolve(root, imagePath));
    } catch (IOException e) {
      return false;
    }
  }

  private static String chown(Instruction i) {
    return i instanceof CopyInstruction c ? c.chown()
        : i instanceof AddInstruction a ? a.chown() : null;
  }

  private static String chmod(Instruction i) {
    return i instanceof CopyInstruction c ? c.chmod()
        : i instanceof AddInstruction a ? a.chmod() : null;
  }

  // ---- helpers ----

  private StepRoot mount(String purpose) throws IOException {
    return StepRoot.mount(b.store().snapshots(), current.chainIds(),
        b.scratch().resolve(purpose + "-" + UUID.randomUUID()));
  }

  /** Docker's created time; SOURCE_DATE_EPOCH pins it so the config digest repeats. */
  private String created() {
    Instant epoch = b.layerOptions().sourceDateEpoch();
    return (epoch != null ? epoch : Instant.now().truncatedTo(ChronoUnit.SECONDS)).toString();
  }

  private String text(Instruction instruction) {
    int line = instruction.line();
    List<String> lines = b.sourceLines();
    return line >= 1 && line <= lines.size() ? lines.get(line - 1).strip()
        : instruction.keyword();
  }

  private String fileName() {
    return b.request().dockerfile();
  }

  private void say(String text) {
    b.out().stream(text + "\n");
  }
}
