package dev.edge.runtime.distribution;

import dev.edge.runtime.image.Descriptor;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.MediaTypes;
import dev.edge.runtime.registry.BlobResponse;
import dev.edge.runtime.registry.RegistryClient;
import dev.edge.runtime.registry.RegistryContentException;
import dev.edge.runtime.registry.RegistryException;
import dev.edge.runtime.snapshot.Active;
import dev.edge.runtime.snapshot.BackgroundSync;
import dev.edge.runtime.snapshot.LayerSource;
import dev.edge.runtime.store.ContentVerificationException;
import dev.edge.runtime.store.Ingest;
import dev.edge.runtime.store.IngestLockedException;
import dev.edge.runtime.store.Leases;
import dev.edge.runtime.unpack.DiffIdMismatchException;
import dev.edge.runtime.unpack.LayerRefusedException;
import dev.edge.runtime.unpack.Limits;
import dev.edge.runtime.unpack.UnpackResult;
import dev.edge.runtime.unpack.UnsupportedLayerException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

/**
 * One layer of a pull, in one pass: download → digest → decompress → untar into a new snapshot,
 * committed under its ChainID only when both the blob digest and the diff_id check out. The
 * download lands in a resumable ingest, so a dropped connection or a killed daemon costs only
 * the bytes not yet stored.
 */
final class LayerPull {
  /** Attempts after a broken download; each resumes from the bytes already stored. */
  static final int ATTEMPTS = 4;
  /** Progress is reported at most this often, in bytes. */
  static final long PROGRESS_STEP = 512 * 1024;
  /** How long a pull waits for another pull that is fetching the same layer. */
  static final long SHARED_LAYER_WAIT_MS = 30 * 60_000;

  private final ImageStore store;
  private final RegistryClient client;
  private final String repository;
  private final Descriptor layer;
  private final Digest diffId;
  private final Digest chainId;
  private final Digest parentChainId;
  private final Progress progress;
  private final Leases.Lease lease;
  private final String id;

  LayerPull(ImageStore store, RegistryClient client, String repository, Descriptor layer,
      Digest diffId, Digest chainId, Digest parentChainId, Progress progress, Leases.Lease lease) {
    this.store = store;
    this.client = client;
    this.repository = repository;
    this.layer = layer;
    this.diffId = diffId;
    this.chainId = chainId;
    this.parentChainId = parentChainId;
    this.progress = progress;
    this.lease = lease;
    this.id = layer.parsedDigest().shortHex();
  }

  String id() {
    return id;
  }

  /** True when the layer is already unpacked: nothing to fetch. */
  boolean present() {
    return store.snapshots().exists(chainId);
  }

  void run() throws IOException, InterruptedException {
    if (present()) {
      progress.layer(id, "Already exists");
      lease.addSnapshot(chainId);
      return;
    }
    IOException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        fetchAndUnpack();
        return;
      } catch (RegistryContentException | ContentVerificationException | LayerRefusedException
          | DiffIdMismatchException | UnsupportedLayerException e) {
        throw e; // the content is wrong: fetching it again would not help
      } catch (RegistryException e) {
        if (e.status() >= 400 && e.status() < 500 && e.status() != 429) {
          throw e;
        }
        last = e;
      } catch (IngestLockedException e) {
        waitForOtherPull();
        return;
      } catch (IOException e) {
        last = e;
      }
      if (attempt < ATTEMPTS) {
        progress.layer(id, "Retrying (" + (attempt + 1) + " of " + ATTEMPTS + "): "
            + last.getMessage());
      }
    }
    throw last;
  }

  private void fetchAndUnpack() throws IOException {
    Digest digest = layer.parsedDigest();
    MediaTypes.Compression compression = MediaTypes.layerCompression(layer.mediaType());
    // Leased before anything is written: a GC running meanwhile must not sweep them.
    lease.addBlob(digest);
    lease.addSnapshot(chainId);
    Active active = null;
    Ingest ingest = null;
    try {
      InputStream source;
      if (store.content().exists(digest)) {
        source = store.content().open(digest); // fetched before (e.g. snapshot was collected)
      } else {
        ingest = store.content().openIngest("layer-" + digest.hex(), digest, layer.size());
        long offset = ingest.offset();
        BlobResponse blob = client.fetchBlob(repository, digest, offset);
        if (blob.offset() != offset) {
          ingest.abort(); // the registry ignored Range: start the file over
          ingest = store.content().openIngest("layer-" + digest.hex(), digest, layer.size());
        }
        source = ingest.tee(new Counted(blob.body(), blob.offset()));
      }
      active = store.snapshots().prepare("pull-" + UUID.randomUUID(), parentChainId);
      UnpackResult result;
      try (InputStream in = source;
          BackgroundSync.Writing writing = store.sync().writing()) {
        result = store.unpacker().apply(in, compression, active.dir(), Limits.defaults());
      }
      if (ingest != null) {
        progress.layer(id, "Verifying Checksum");
        ingest.commit();
        progress.layer(id, "Download complete");
      }
      if (!result.diffId().equals(diffId)) {
        throw new DiffIdMismatchException(diffId, result.diffId());
      }
      // The blob is durable by now, so the snapshot need not wait for the disk: after a power
      // cut before the background sync, the next start unpacks it again from the blob.
      store.snapshots().commitDeferred(active, chainId,
          new LayerSource(digest, layer.mediaType(), diffId));
      active = null;
      store.sync().committed();
      progress.layer(id, "Pull complete");
    } finally {
      if (active != null) {
        store.snapshots().abort(active);
      }
      if (ingest != null) {
        ingest.close(); // keeps a partial download for the next attempt
      }
    }
  }

  /** Another pull holds this layer's download; wait for its snapshot rather than fetch twice. */
  private void waitForOtherPull() throws IOException, InterruptedException {
    progress.layer(id, "Waiting");
    long deadline = System.currentTimeMillis() + SHARED_LAYER_WAIT_MS;
    while (!present()) {
      if (System.currentTimeMillis() > deadline) {
        throw new IOException("layer " + layer.digest() + ": another pull has held its download"
            + " for over " + SHARED_LAYER_WAIT_MS / 60_000 + " minutes");
      }
      Thread.sleep(200);
    }
    lease.addSnapshot(chainId);
    progress.layer(id, "Already exists");
  }

  /** Counts downloaded bytes into "Downloading" progress, a message per step. */
  private final class Counted extends FilterInputStream {
    private long current;
    private long reported;

    Counted(InputStream in, long start) {
      super(in);
      this.current = start;
      this.reported = start;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        advance(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        advance(n);
      }
      return n;
    }

    private void advance(long n) {
      current += n;
      if (current - reported >= PROGRESS_STEP || current == layer.size()) {
        reported = current;
        progress.bytes(id, "Downloading", current, layer.size());
      }
    }
  }
}
