package dev.edge.runtime.store;

import dev.edge.runtime.fs.AtomicFiles;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content store on the local disk, containerd's layout under its directory
 * ({@code ROOT/content}): {@code blobs/sha256/<hex>} (read-only files) and {@code ingest/<ref>/}
 * ({@code data} plus {@code ingest.json}).
 */
public final class LocalContentStore implements ContentStore {
  static final String DATA = "data";
  static final String RECORD = "ingest.json";
  private static final Logger LOG = LoggerFactory.getLogger(LocalContentStore.class);
  private static final Pattern REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@=+-]{0,254}");
  private static final Pattern HEX = Pattern.compile("[a-f0-9]{64}");
  private final Path blobs;
  private final Path ingests;
  private final ConcurrentMap<String, Instant> locks = new ConcurrentHashMap<>();

  /** @param content the store's own directory, normally {@code ROOT/content} */
  public LocalContentStore(Path content) throws IOException {
    this.blobs = content.resolve("blobs").resolve("sha256");
    this.ingests = content.resolve("ingest");
    createPrivateDirectories(content);
    Files.createDirectories(blobs);
    Files.createDirectories(ingests);
  }

  /** Layers may carry setuid binaries; only root should reach them (CVE-2021-41103's lesson). */
  static void createPrivateDirectories(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
  }

  @Override
  public Ingest openIngest(String ref, Digest expected, long expectedSize) throws IOException {
    requireValidRef(ref);
    requireSha256(expected);
    if (expectedSize < 0) {
      throw new IllegalArgumentException("ingest " + ref + ": negative expected size "
          + expectedSize);
    }
    Instant now = Instant.now();
    Instant holder = locks.putIfAbsent(ref, now);
    if (holder != null) {
      throw new IngestLockedException(ref, holder);
    }
    try {
      Path dir = ingests.resolve(ref);
      IngestRecord record =
          new IngestRecord(ref, expected.toString(), expectedSize, now.toString());
      IngestRecord existing = readRecord(dir);
      boolean resumable = existing != null && existing.expected().equals(record.expected())
          && existing.size() == expectedSize && dataLength(dir) <= expectedSize;
      if (!resumable) {
        // A different or damaged previous attempt: its bytes cannot be trusted for this blob.
        deleteIngestDirectory(dir);
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve(RECORD), Json.mapper().writeValueAsBytes(record));
      }
      return new LocalIngest(this, dir, ref, expected, expectedSize);
    } catch (IOException | RuntimeException e) {
      locks.remove(ref);
      throw e;
    }
  }

  @Override
  public boolean exists(Digest digest) {
    return Files.isRegularFile(blobPath(digest));
  }

  @Override
  public Path scratchFile(String purpose) throws IOException {
    Files.createDirectories(blobs);
    // Not a digest name: removeStrayBlobFiles sweeps it at start if it outlives a crash.
    return blobs.resolve("." + purpose + "-" + java.util.UUID.randomUUID());
  }

  @Override
  public void adopt(Path file, Digest digest) throws IOException {
    Path blob = blobPath(digest);
    if (Files.exists(blob)) {
      Files.delete(file);
      return;
    }
    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
        java.nio.file.StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions
        .fromString("r--r--r--"));
    Files.createDirectories(blob.getParent());
    AtomicFiles.moveAtomically(file, blob);
    AtomicFiles.fsyncDirectory(blob.getParent());
  }

  @Override
  public Optional<Path> path(Digest digest) {
    Path path = blobPath(digest);
    return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
  }

  @Override
  public InputStream open(Digest digest) throws IOException {
    try {
      return Files.newInputStream(blobPath(digest));
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(digest);
    }
  }

  @Override
  public long size(Digest digest) throws IOException {
    try {
      return Files.size(blobPath(digest));
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(digest);
    }
  }

  @Override
  public boolean delete(Digest digest) throws IOException {
    boolean deleted = Files.deleteIfExists(blobPath(digest));
    if (deleted) {
      AtomicFiles.fsyncDirectory(blobs);
    }
    return deleted;
  }

  @Override
  public List<Digest> list() throws IOException {
    List<Digest> digests = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(blobs)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (HEX.matcher(name).matches()) {
          digests.add(new Digest("sha256", name));
        }
      }
    }
    Collections.sort(digests);
    return digests;
  }

  @Override
  public void abort(String ref) throws IOException {
    requireValidRef(ref);
    Instant holder = locks.get(ref);
    if (holder != null) {
      throw new IngestLockedException(ref, holder);
    }
    deleteIngestDirectory(ingests.resolve(ref));
  }

  @Override
  public List<IngestStatus> listIngests() throws IOException {
    List<IngestStatus> statuses = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(ingests)) {
      for (Path dir : dirs) {
        IngestStatus status = status(dir);
        if (status != null) {
          statuses.add(status);
        }
      }
    }
    return statuses;
  }

  @Override
  public List<IngestStatus> recover(Duration resumeWindow) throws IOException {
    removeStrayBlobFiles();
    Instant oldest = Instant.now().minus(resumeWindow);
    List<IngestStatus> kept = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(ingests)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (locks.containsKey(name)) {
          continue;
        }
        String why = null;
        IngestStatus status = Files.isDirectory(entry) ? status(entry) : null;
        if (status == null) {
          why = "unreadable or not an ingest";
        } else if (status.offset() > status.expectedSize()) {
          why = "holds more bytes than expected";
        } else if (exists(status.expected())) {
          why = "already committed";
        } else if (status.updatedAt().isBefore(oldest)) {
          why = "no progress since " + status.updatedAt();
        }
        if (why != null) {
          LOG.info("content store: removing ingest {}: {}", name, why);
          deleteIngestDirectory(entry);
        } else {
          removeTempFiles(entry);
          kept.add(status);
        }
      }
    }
    return kept;
  }

  Path blobPath(Digest digest) {
    requireSha256(digest);
    return blobs.resolve(digest.hex());
  }

  Path blobsDirectory() {
    return blobs;
  }

  void release(String ref) {
    locks.remove(ref);
  }

  static void deleteIngestDirectory(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(dir);
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        Files.delete(file);
      }
    }
    Files.delete(dir);
  }

  private IngestStatus status(Path dir) {
    try {
      IngestRecord record = readRecord(dir);
      if (record == null) {
        return null;
      }
      Path data = dir.resolve(DATA);
      long offset = Files.exists(data) ? Files.size(data) : 0;
      Instant updated = Files.getLastModifiedTime(Files.exists(data) ? data
          : dir.resolve(RECORD)).toInstant();
      return new IngestStatus(record.ref(), Digest.parse(record.expected()), record.size(),
          offset, Instant.parse(record.startedAt()), updated);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static IngestRecord readRecord(Path dir) {
    try {
      return Json.mapper().readValue(Files.readAllBytes(dir.resolve(RECORD)),
          IngestRecord.class);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static long dataLength(Path dir) throws IOException {
    Path data = dir.resolve(DATA);
    return Files.exists(data) ? Files.size(data) : 0;
  }

  private void removeStrayBlobFiles() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(blobs)) {
      for (Path file : files) {
        if (!HEX.matcher(file.getFileName().toString()).matches()) {
          LOG.info("content store: removing stray file {}", file);
          Files.delete(file);
        }
      }
    }
  }

  private static void removeTempFiles(Path ingest) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(ingest, ".*.tmp")) {
      for (Path file : files) {
        Files.delete(file);
      }
    }
  }

  private static void requireValidRef(String ref) {
    if (ref == null || !REF.matcher(ref).matches()) {
      throw new IllegalArgumentException("invalid ingest ref \"" + ref
          + "\": letters, digits and ._:@=+- only, at most 255, no slashes");
    }
  }

  private static void requireSha256(Digest digest) {
    if (!digest.algorithm().equals("sha256")) {
      throw new IllegalArgumentException("the content store keeps sha256 blobs only, not "
          + digest);
    }
  }
}
