package dev.edge.runtime.distribution;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.edge.runtime.events.EventBus;
import dev.edge.runtime.image.Descriptor;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.ImageConfig;
import dev.edge.runtime.image.ImageIndexManifest;
import dev.edge.runtime.image.ImageManifest;
import dev.edge.runtime.image.Platform;
import dev.edge.runtime.image.Reference;
import dev.edge.runtime.json.Json;
import dev.edge.runtime.registry.Credentials;
import dev.edge.runtime.registry.ManifestResponse;
import dev.edge.runtime.registry.PlatformSelector;
import dev.edge.runtime.registry.RegistryAction;
import dev.edge.runtime.registry.RegistryClient;
import dev.edge.runtime.registry.RegistryContentException;
import dev.edge.runtime.snapshot.ChainIds;
import dev.edge.runtime.store.ImageRecord;
import dev.edge.runtime.store.Ingest;
import dev.edge.runtime.store.Leases;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Pulls an image: reference → manifest (platform chosen from an index) → config → layers, each
 * downloaded, verified and unpacked in one pass, several at once. The tag is written last, so a
 * failed or killed pull never leaves a half image behind; what it fetched is kept for the next.
 */
public final class PullService implements AutoCloseable {
  /** Layers fetched and unpacked at once: enough to fill a link, few enough for a Pi's cores. */
  static final int PARALLEL_LAYERS = 3;

  private final ImageStore store;
  private final Registries registries;
  private final Platform hostPlatform;
  private final EventBus events;
  private final ExecutorService layerPool = Executors.newFixedThreadPool(PARALLEL_LAYERS, r -> {
    Thread t = new Thread(r, "layer-pull");
    t.setDaemon(true);
    return t;
  });

  public PullService(ImageStore store, Registries registries, Platform hostPlatform,
      EventBus events) {
    this.store = store;
    this.registries = registries;
    this.hostPlatform = hostPlatform;
    this.events = events;
  }

  /** What a pull resolved before it fetched anything: errors up to here are plain HTTP errors. */
  public final class Resolved {
    final Reference ref;
    final RegistryClient client;
    final ManifestResponse manifestResponse;
    final ImageManifest manifest;
    final Digest indexDigest;
    final byte[] indexBytes;
    final String indexMediaType;

    Resolved(Reference ref, RegistryClient client, ManifestResponse manifestResponse,
        ImageManifest manifest, Digest indexDigest, byte[] indexBytes, String indexMediaType) {
      this.ref = ref;
      this.client = client;
      this.manifestResponse = manifestResponse;
      this.manifest = manifest;
      this.indexDigest = indexDigest;
      this.indexBytes = indexBytes;
      this.indexMediaType = indexMediaType;
    }

    public Reference reference() {
      return ref;
    }

    /** The chosen manifest's layers: their sizes are what a pull downloads at most. */
    public List<Descriptor> layers() {
      return manifest.layers();
    }
  }

  /** Resolves the reference to one image manifest for the wanted platform. */
  public Resolved resolve(Reference ref, Optional<Platform> platform,
      Optional<Credentials> credentials) throws IOException {
    RegistryClient client = registries.client(ref.registry(), credentials);
    ManifestResponse top = client.fetchManifest(ref.repository(), ref.tagOrDigest());
    ManifestResponse chosen = top;
    if (top.isIndex()) {
      ImageIndexManifest index = parse(top.bytes(), ImageIndexManifest.class, ref, "index");
      Descriptor pick = PlatformSelector.select(index.manifests(),
          platform.orElse(hostPlatform));
      chosen = client.fetchManifest(ref.repository(), pick.digest());
      if (chosen.isIndex()) {
        throw bad(ref, "index " + top.digest(), "points to another index for "
            + pick.platform());
      }
    }
    ImageManifest manifest = parse(chosen.bytes(), ImageManifest.class, ref, "manifest");
    try {
      manifest.validate();
    } catch (IllegalArgumentException e) {
      throw bad(ref, "manifest " + chosen.digest(), e.getMessage());
    }
    return new Resolved(ref, client, chosen, manifest, top.isIndex() ? top.digest() : null,
        top.isIndex() ? top.bytes() : null, top.isIndex() ? top.mediaType() : null);
  }

  /** Fetches and unpacks what {@link #resolve} found, then records and tags the image. */
  public ImageRecord pull(Resolved r, Progress progress) throws IOException, InterruptedException {
    Reference ref = r.ref;
    progress.report(Map.of("status", "Pulling from " + ref.repository(), "id",
        ref.tagOrDigest()));
    String purpose = "pull-" + ref.familiar().replaceAll("[^A-Za-z0-9._-]", "_");
    try (Leases.Lease lease = store.leases().create(purpose, Leases.DEFAULT_PULL_LEASE)) {
      Digest manifestDigest = storeSmallBlob(r.manifestResponse.bytes(),
          r.manifestResponse.digest(), lease);
      if (r.indexBytes != null) {
        storeSmallBlob(r.indexBytes, r.indexDigest, lease);
      }
      ImageConfig config = fetchConfig(r, lease);
      List<Digest> diffIds = config.diffIds();
      List<Descriptor> layers = r.manifest.layers();
      if (diffIds.size() != layers.size()) {
        throw bad(ref, "manifest", layers.size() + " layers but the image config lists "
            + diffIds.size() + " diff_ids");
      }
      boolean freshLayers = fetchLayers(r, layers, diffIds, ChainIds.of(diffIds), progress, lease);
      long size = layers.stream().mapToLong(Descriptor::size).sum();
      Digest imageId = r.manifest.config().parsedDigest();
      ImageRecord record = ImageRecord.of(manifestDigest, r.manifestResponse.mediaType(),
          r.indexDigest, r.manifest.config(), layers, diffIds, config.platform(),
          createdOf(config), size, config.config() == null ? null : config.config().labels());
      Digest repoDigest = r.indexDigest != null ? r.indexDigest : manifestDigest;
      // Docker's rule: "up to date" only when nothing was fetched and the name already meant
      // this image; the same image pulled under a new name is "newer" for that name.
      boolean nameUnchanged = ref.tag() != null
          ? store.index().repoTags(imageId).contains(ref.withTag(ref.tag()).familiar())
          : store.index().repoDigests(imageId).contains(ref.withDigest(repoDigest).familiar());
      List<Reference> names = new ArrayList<>();
      names.add(ref.withDigest(repoDigest)); // RepoDigests: what the tag pointed at
      if (ref.tag() != null) {
        names.add(ref.withTag(ref.tag()));
      }
      store.index().add(record, names);
      progress.status("Digest: " + (r.indexDigest != null ? r.indexDigest : manifestDigest));
      progress.status("Status: " + (nameUnchanged && !freshLayers ? "Image is up to date for "
          : "Downloaded newer image for ") + ref.familiar());
      events.publish("image", "pull", ref.familiar(), Map.of("name", ref.familiar()));
      return record;
    }
  }

  private boolean fetchLayers(Resolved r, List<Descriptor> layers, List<Digest> diffIds,
      List<Digest> chainIds, Progress progress, Leases.Lease lease)
      throws IOException, InterruptedException {
    List<LayerPull> pulls = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      pulls.add(new LayerPull(store, r.client, r.ref.repository(), layers.get(i), diffIds.get(i),
          chainIds.get(i), i == 0 ? null : chainIds.get(i - 1), progress, lease));
    }
    boolean fresh = pulls.stream().anyMatch(p -> !p.present());
    if (!store.snapshots().layersIndependent()) {
      for (LayerPull pull : pulls) {
        pull.run(); // each copy-based snapshot starts from its committed parent
      }
      return fresh;
    }
    List<Future<?>> running = new ArrayList<>();
    for (LayerPull pull : pulls) {
      if (!pull.present()) {
        progress.layer(pull.id(), "Waiting");
      }
      running.add(layerPool.submit(() -> {
        pull.run();
        return null;
      }));
    }
    try {
      for (Future<?> f : running) {
        f.get();
      }
    } catch (ExecutionException e) {
      running.forEach(f -> f.cancel(true));
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof InterruptedException ie) {
        throw ie;
      }
      throw new IOException("pull " + r.ref + ": " + cause, cause);
    }
    return fresh;
  }

  private ImageConfig fetchConfig(Resolved r, Leases.Lease lease) throws IOException {
    Descriptor d = r.manifest.config();
    Digest digest = d.parsedDigest();
    lease.addBlob(digest);
    if (!store.content().exists(digest)) {
      try (Ingest ingest = store.content().openIngest("config-" + digest.hex(), digest,
          d.size())) {
        try (InputStream in = ingest.tee(r.client.fetchBlob(r.ref.repository(), digest,
            ingest.offset()).body())) {
          in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        ingest.commit();
      }
    }
    try (InputStream in = store.content().open(digest)) {
      return parse(in.readAllBytes(), ImageConfig.class, r.ref, "config " + digest);
    }
  }

  private Digest storeSmallBlob(byte[] bytes, Digest digest, Leases.Lease lease)
      throws IOException {
    lease.addBlob(digest);
    if (!store.content().exists(digest)) {
      try (Ingest ingest = store.content().openIngest("manifest-" + digest.hex(), digest,
          bytes.length)) {
        ingest.outputStream().write(bytes);
        ingest.commit();
      }
    }
    return digest;
  }

  private static Instant createdOf(ImageConfig config) {
    try {
      return config.created() == null ? Instant.EPOCH : Instant.parse(config.created());
    } catch (java.time.format.DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  private static <T> T parse(byte[] bytes, Class<T> type, Reference ref, String what)
      throws RegistryContentException {
    try {
      return Json.mapper().readValue(bytes, type);
    } catch (JsonProcessingException e) {
      throw bad(ref, what, "not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw bad(ref, what, e.toString());
    }
  }

  private static RegistryContentException bad(Reference ref, String subject, String reason) {
    return new RegistryContentException(new RegistryAction("pull", ref.name(), subject), reason,
        0);
  }

  @Override
  public void close() {
    layerPool.shutdownNow();
  }
}
