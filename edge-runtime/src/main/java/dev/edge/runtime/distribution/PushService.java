package dev.edge.runtime.distribution;

import dev.edge.runtime.events.EventBus;
import dev.edge.runtime.image.Descriptor;
import dev.edge.runtime.image.MediaTypes;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.Reference;
import dev.edge.runtime.registry.Credentials;
import dev.edge.runtime.registry.RegistryClient;
import dev.edge.runtime.store.ImageRecord;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pushes an image: each blob the registry lacks is mounted from another repository of the same
 * registry when one has it, else uploaded; then the manifest, byte for byte as stored, so the
 * digest a pull saw is the digest the push makes.
 */
public final class PushService {
  private final ImageStore store;
  private final Registries registries;
  private final EventBus events;

  private final PushCompression compression;

  public PushService(ImageStore store, Registries registries, EventBus events) {
    this.compression = new PushCompression(store.content());
    this.store = store;
    this.registries = registries;
    this.events = events;
  }

  /** The references a push of {@code name} with {@code tag} means (all tags when empty). */
  public List<Reference> targets(String name, String tag) {
    Reference base = Reference.parse(name);
    if (!tag.isEmpty()) {
      Reference one = base.withTag(tag);
      store.index().resolve(one.toString()); // throws NoSuchImageException when absent
      return List.of(one);
    }
    List<Reference> all = new ArrayList<>();
    for (ImageRecord record : store.index().records()) {
      for (String repoTag : store.index().repoTags(record.imageId())) {
        Reference r = Reference.parse(repoTag);
        if (r.name().equals(base.name())) {
          all.add(r);
        }
      }
    }
    if (all.isEmpty()) {
      throw new dev.edge.runtime.store.NoSuchImageException(name);
    }
    return all;
  }

  public void push(Reference target, Optional<Credentials> credentials, Progress progress)
      throws IOException {
    ImageRecord record = store.index().resolve(target.toString());
    progress.status("The push refers to repository [" + target.name() + "]");
    RegistryClient client = registries.client(target.registry(), credentials);
    String repo = target.repository();
    List<Descriptor> layers = new ArrayList<>();
    boolean compressedHere = false;
    for (Descriptor layer : record.layers()) {
      Descriptor sent = compression.forPush(layer);
      compressedHere |= sent != layer;
      layers.add(sent);
    }
    List<Descriptor> topFirst = new ArrayList<>(layers);
    java.util.Collections.reverse(topFirst); // docker lists the top layer first
    for (Descriptor layer : topFirst) {
      pushBlob(client, target, layer, progress, true);
    }
    pushBlob(client, target, record.config(), progress, false);
    byte[] manifest;
    String manifestType = record.manifestMediaType();
    if (compressedHere) {
      // The local manifest names the uncompressed layers; the registry gets the gzip ones.
      manifest = dev.edge.runtime.json.Json.mapper().writeValueAsBytes(
          new dev.edge.runtime.image.ImageManifest(2, MediaTypes.DOCKER_MANIFEST,
              record.config(), layers, null));
      manifestType = MediaTypes.DOCKER_MANIFEST;
    } else {
      try (InputStream in = store.content().open(record.manifestDigest())) {
        manifest = in.readAllBytes();
      }
    }
    Digest digest = client.pushManifest(repo, target.tag(), manifest, manifestType);
    progress.status(target.tag() + ": digest: " + digest + " size: " + manifest.length);
    progress.aux(Map.of("Tag", target.tag(), "Digest", digest.toString(), "Size",
        manifest.length));
    events.publish("image", "push", target.familiar(), Map.of("name", target.familiar()));
  }

  private void pushBlob(RegistryClient client, Reference target, Descriptor blob,
      Progress progress, boolean visible) throws IOException {
    Digest digest = blob.parsedDigest();
    String id = digest.shortHex();
    if (visible) {
      progress.layer(id, "Preparing");
    }
    if (client.blobExists(target.repository(), digest)) {
      if (visible) {
        progress.layer(id, "Layer already exists");
      }
      return;
    }
    Optional<String> source = mountSource(target, digest);
    if (source.isPresent() && client.mountBlob(target.repository(), digest, source.get())) {
      if (visible) {
        progress.layer(id, "Mounted from " + source.get());
      }
      return;
    }
    if (!store.content().exists(digest)) {
      throw new IOException("push " + target + ": blob " + digest + " is not in the local store"
          + " (the image was pulled without it); pull the image again, then push");
    }
    client.pushBlob(target.repository(), digest, blob.size(), () -> store.content().open(digest),
        sent -> {
          if (visible) {
            progress.bytes(id, "Pushing", sent, blob.size());
          }
        });
    if (visible) {
      progress.layer(id, "Pushed");
    }
  }

  /** Another repository of the same registry that an image with this blob came from. */
  private Optional<String> mountSource(Reference target, Digest digest) {
    for (ImageRecord record : store.index().records()) {
      boolean has = record.layers().stream().anyMatch(l -> l.digest().equals(digest.toString()));
      if (!has) {
        continue;
      }
      for (String repoDigest : store.index().repoDigests(record.imageId())) {
        Reference r = Reference.parse(repoDigest);
        if (r.registry().equals(target.registry())
            && !r.repository().equals(target.repository())) {
          return Optional.of(r.repository());
        }
      }
    }
    return Optional.empty();
  }
}
