package dev.edge.runtime.build.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edge.runtime.build.config.StageConfig;
import dev.edge.runtime.build.layer.LayerDigests;
import dev.edge.runtime.build.layer.LayerOptions;
import dev.edge.runtime.build.layer.LayerWriter;
import dev.edge.runtime.distribution.ImageCommitter;
import dev.edge.runtime.distribution.ImageStore;
import dev.edge.runtime.distribution.RootfsImporter;
import dev.edge.runtime.fs.FileTrees;
import dev.edge.runtime.image.Descriptor;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.ImageConfig;
import dev.edge.runtime.image.MediaTypes.Compression;
import dev.edge.runtime.image.Platform;
import dev.edge.runtime.json.Json;
import dev.edge.runtime.store.ImageRecord;
import dev.edge.runtime.store.Leases;
import dev.edge.runtime.unpack.LayerRefusedException;
import dev.edge.runtime.unpack.LayerUnpacker;
import dev.edge.runtime.unpack.Limits;
import dev.edge.runtime.unpack.UnpackResult;
import dev.edge.runtime.unpack.UnsupportedLayerException;
import dev.edge.runtime.unpack.Whiteouts;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipException;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * {@code docker import} for the daemon: the body (a root file system tar, plain or compressed) is
 * unpacked with the secure unpacker into a private directory, written again as one reproducible
 * layer by {@link LayerWriter} (sorted entries, fixed gzip header, times clamped to
 * SOURCE_DATE_EPOCH when given) and committed as a pulled layer would be. The config starts
 * empty, as Docker's does, and takes the request's {@code changes}.
 */
public final class RootfsImport implements RootfsImporter {
  /** An import holds its blobs this long at most; the image record holds them after. */
  static final Duration LEASE = Duration.ofHours(6);
  private static final int MAGIC_BYTES = 6;
  private final ImageStore store;
  private final ImageCommitter committer;
  private final Path scratch;
  private final Platform hostPlatform;
  private final Limits limits;

  /**
   * @param scratch a directory of the importer's own (ROOT/build/import); what a killed daemon
   *     left there is removed now
   */
  public RootfsImport(ImageStore store, Path scratch, Platform hostPlatform, Limits limits)
      throws IOException {
    this.store = store;
    this.committer = new ImageCommitter(store);
    this.scratch = scratch;
    this.hostPlatform = hostPlatform;
    this.limits = limits;
    FileTrees.delete(scratch);
    Files.createDirectories(scratch);
  }

  @Override
  public Received receive(Request request, InputStream body) throws IOException {
    Platform platform = request.platform() != null ? request.platform() : hostPlatform;
    StageConfig config = StageConfig.scratch(platform.os(), platform.architecture(),
        platform.variant() == null || platform.variant().isEmpty() ? null : platform.variant());
    ImportChanges.apply(config, request.changes());
    Path work = Files.createDirectories(scratch.resolve(UUID.randomUUID().toString()));
    try {
      Path tree = work.resolve("rootfs");
      unpack(body, tree);
      return new Pending(request, config, work, tree);
    } catch (IOException | RuntimeException e) {
      FileTrees.delete(work);
      throw e;
    }
  }

  private void unpack(InputStream body, Path tree) throws IOException {
    BufferedInputStream in = new BufferedInputStream(body, 64 * 1024);
    in.mark(MAGIC_BYTES);
    byte[] magic = in.readNBytes(MAGIC_BYTES);
    in.reset();
    if (magic.length == 0) {
      throw new ImportRefusedException("the request body is empty: send a tar of the root file"
          + " system (plain, gzip, bzip2 or zstd)");
    }
    Compression compression = Compression.NONE;
    InputStream tar = in;
    if (startsWith(magic, 0x1f, 0x8b)) {
      compression = Compression.GZIP;
    } else if (startsWith(magic, 0x28, 0xb5, 0x2f, 0xfd)) {
      compression = Compression.ZSTD;
    } else if (startsWith(magic, 'B', 'Z', 'h')) {
      tar = new BZip2CompressorInputStream(in, true);
    } else if (startsWith(magic, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
      throw new ImportRefusedException("the body is xz-compressed, which edge does not read:"
          + " decompress it first (xz -dc FILE | edge import - NAME) or use gzip");
    }
    UnpackResult result;
    try {
      result = new LayerUnpacker(Whiteouts.DELETE).apply(tar, compression, tree, limits);
    } catch (LayerRefusedException | UnsupportedLayerException | ZipException
        | EOFException e) {
      throw new ImportRefusedException("the body is not a readable root file system tar: "
          + e.getMessage(), e);
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).contains("No space left")) {
        throw e;
      }
      throw new ImportRefusedException("the body is not a readable root file system tar: "
          + e.getMessage(), e);
    }
    if (result.entries() == 0) {
      throw new ImportRefusedException("the body holds no tar entries (" + result.size()
          + " bytes read): it is not a tar of a root file system");
    }
  }

  private static boolean startsWith(byte[] data, int... prefix) {
    if (data.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((data[i] & 0xff) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** A body unpacked into {@code work}, waiting to be written as a layer. */
  private final class Pending implements Received {
    private final Request request;
    private final StageConfig config;
    private final Path work;
    private final Path tree;

    Pending(Request request, StageConfig config, Path work, Path tree) {
      this.request = request;
      this.config = config;
      this.work = work;
      this.tree = tree;
    }

    @Override
    public Digest commit() throws IOException {
      LayerOptions options = new LayerOptions(request.sourceDateEpoch(),
          LayerOptions.DEFAULT_COMPRESSION);
      Path layerFile = work.resolve("layer.tar.gz");
      LayerDigests layer;
      try (OutputStream out = Files.newOutputStream(layerFile)) {
        layer = new LayerWriter(options).write(tree, out);
      }
      FileTrees.delete(tree); // the snapshot is unpacked from the blob; free the space first
      try (Leases.Lease lease = store.leases().create("import", LEASE)) {
        Descriptor descriptor = committer.addLayer(new ImageCommitter.LayerFile(layerFile,
            layer.diffId(), layer.digest(), layer.size()), List.of(), lease);
        config.addLayer(layer.diffId().toString());
        ImageRecord record = committer.commit(withHistory(config.image()), List.of(descriptor),
            null, request.name() == null ? List.of() : List.of(request.name()), lease);
        return record.imageId();
      }
    }

    /** Docker's import history: one entry with the created time and the message. */
    private ImageConfig withHistory(ImageConfig image) {
      Instant epoch = request.sourceDateEpoch();
      String created = (epoch != null ? epoch : Instant.now().truncatedTo(ChronoUnit.SECONDS))
          .toString();
      ObjectNode entry = Json.mapper().createObjectNode();
      entry.put("created", created);
      entry.put("comment", request.message() == null || request.message().isEmpty()
          ? "Imported from -" : request.message());
      List<JsonNode> history = List.of(entry);
      return new ImageConfig(image.architecture(), image.os(), image.variant(), created,
          image.author(), image.config(), image.rootfs(), history);
    }

    @Override
    public void close() throws IOException {
      FileTrees.delete(work);
    }
  }
}
