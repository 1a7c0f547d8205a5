package dev.edge.runtime.distribution;

import dev.edge.runtime.image.Descriptor;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.ImageConfig;
import dev.edge.runtime.image.ImageManifest;
import dev.edge.runtime.image.MediaTypes;
import dev.edge.runtime.image.Platform;
import dev.edge.runtime.image.Reference;
import dev.edge.runtime.json.Json;
import dev.edge.runtime.snapshot.Active;
import dev.edge.runtime.snapshot.ChainIds;
import dev.edge.runtime.store.ImageRecord;
import dev.edge.runtime.store.Ingest;
import dev.edge.runtime.store.Leases;
import dev.edge.runtime.unpack.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Makes images that were not pulled: layers written here (a build step, {@code docker import})
 * go into the content store and the snapshot store as a pulled layer would, then a config and a
 * Docker v2 manifest are written and the image is recorded. Blobs are held by the caller's
 * lease until the record names them, so a concurrent garbage collection cannot take them.
 */
public final class ImageCommitter {
  private final ImageStore store;

  public ImageCommitter(ImageStore store) {
    this.store = store;
  }

  /** A compressed layer file as written, with the digests its writer computed. */
  public record LayerFile(Path file, Digest diffId, Digest digest, long size, String mediaType) {
    /** A gzip layer. */
    public LayerFile(Path file, Digest diffId, Digest digest, long size) {
      this(file, diffId, digest, size, MediaTypes.DOCKER_LAYER_GZIP);
    }
  }

  /**
   * Stores the gzip layer blob and unpacks it as the snapshot above {@code parentDiffIds}.
   *
   * @return the manifest's descriptor of the layer
   */
  public Descriptor addLayer(LayerFile layer, List<Digest> parentDiffIds, Leases.Lease lease)
      throws IOException {
    return addLayer(layer, parentDiffIds, null, lease);
  }

  /**
   * As {@link #addLayer(LayerFile, List, Leases.Lease)}, but {@code unpacked} (may be null) is
   * a directory that already holds the layer in overlay form (a build step's upper directory):
   * with the overlay snapshotter it is moved into place instead of unpacking the blob again,
   * which is most of the cost of committing a large RUN step. It is consumed either way.
   */
  public Descriptor addLayer(LayerFile layer, List<Digest> parentDiffIds, Path unpacked,
      Leases.Lease lease) throws IOException {
    lease.addBlob(layer.digest());
    boolean moveTree = unpacked != null && store.snapshots().layersIndependent()
        && store.snapshots().whiteouts() == dev.edge.runtime.unpack.Whiteouts.OVERLAY;
    if (moveTree && layer.mediaType().equals(MediaTypes.DOCKER_LAYER)) {
      // Our own plain build layer, hashed as it was written: moved in, not copied.
      store.content().adopt(layer.file(), layer.digest());
    } else if (!store.content().exists(layer.digest())) {
      try (Ingest ingest = store.content().openIngest("layer-" + layer.digest().hex(),
          layer.digest(), layer.size())) {
        // An earlier attempt's bytes are kept by the ingest: append the rest.
        try (InputStream in = Files.newInputStream(layer.file());
            OutputStream out = ingest.outputStream()) {
          in.skipNBytes(ingest.offset());
          in.transferTo(out);
        }
        ingest.commit();
      }
    }
    List<Digest> diffIds = new java.util.ArrayList<>(parentDiffIds);
    diffIds.add(layer.diffId());
    List<Digest> chain = ChainIds.of(diffIds);
    Digest chainId = chain.get(chain.size() - 1);
    Digest parentChainId = chain.size() > 1 ? chain.get(chain.size() - 2) : null;
    lease.addSnapshot(chainId);
    if (!store.snapshots().exists(chainId)) {
      Active active = store.snapshots().prepare("commit-" + UUID.randomUUID(), parentChainId);
      try {
        if (moveTree) {
          Files.delete(active.dir());
          Files.move(unpacked, active.dir(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
          store.snapshots().commit(active, chainId);
          return Descriptor.of(layer.mediaType(), layer.digest(), layer.size());
        }
        try (InputStream in = Files.newInputStream(layer.file())) {
          store.unpacker().apply(in, MediaTypes.layerCompression(layer.mediaType()), active.dir(),
              Limits.defaults()).requireDiffId(layer.diffId());
        }
        store.snapshots().commit(active, chainId);
      } catch (IOException | RuntimeException e) {
        store.snapshots().abort(active);
        throw e;
      }
    }
    return Descriptor.of(layer.mediaType(), layer.digest(), layer.size());
  }

  /**
   * Writes {@code config} and its manifest and records the image under {@code names}.
   *
   * @param layers the manifest's layer descriptors, base first, as many as the config's diff_ids
   * @param parent the image a build step started from, or null
   */
  public ImageRecord commit(ImageConfig config, List<Descriptor> layers, Digest parent,
      Collection<Reference> names, Leases.Lease lease) throws IOException {
    byte[] configBytes = Json.mapper().writeValueAsBytes(config);
    Descriptor configDescriptor = Descriptor.of(MediaTypes.DOCKER_CONFIG,
        writeBlob(configBytes, "config", lease), configBytes.length);
    ImageManifest manifest = new ImageManifest(2, MediaTypes.DOCKER_MANIFEST, configDescriptor,
        layers, null);
    byte[] manifestBytes = Json.mapper().writeValueAsBytes(manifest);
    Digest manifestDigest = writeBlob(manifestBytes, "manifest", lease);
    long size = layers.stream().mapToLong(Descriptor::size).sum();
    ImageRecord record = ImageRecord.of(manifestDigest, MediaTypes.DOCKER_MANIFEST, null,
        configDescriptor, layers, config.diffIds(),
        new Platform(config.os(), config.architecture(),
            config.variant() == null ? "" : config.variant()),
        created(config), size, config.config() == null ? null : config.config().labels())
        .withParent(parent);
    store.index().add(record, names);
    return record;
  }

  private Digest writeBlob(byte[] bytes, String kind, Leases.Lease lease) throws IOException {
    Digest digest = Digest.sha256(bytes);
    lease.addBlob(digest);
    if (!store.content().exists(digest)) {
      try (Ingest ingest = store.content().openIngest(kind + "-" + digest.hex(), digest,
          bytes.length)) {
        ingest.outputStream().write(bytes);
        ingest.commit();
      }
    }
    return digest;
  }

  private static Instant created(ImageConfig config) {
    try {
      return config.created() == null ? Instant.EPOCH : Instant.parse(config.created());
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }
}
