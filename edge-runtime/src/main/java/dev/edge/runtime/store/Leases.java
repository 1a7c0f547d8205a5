package dev.edge.runtime.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.edge.runtime.fs.AtomicFiles;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.json.Json;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Leases keep blobs and snapshots that no image references yet (a pull in progress) safe from
 * the garbage collector. They are files in their directory ({@code ROOT/leases}) with an
 * expiry, so a pull killed mid-way keeps its finished layers for a resume until the lease runs out.
 *
 * <p>A pull must add a digest to its lease before it starts writing that blob or snapshot, and
 * close the lease only after the image index holds the image.
 */
public final class Leases {
  /** Long enough to come back after a power cut or a lost uplink; then GC may reclaim. */
  public static final Duration DEFAULT_PULL_LEASE = Duration.ofHours(24);
  private final Path dir;
  private final Clock clock;

  /** What a lease file holds. */
  private record LeaseFile(
      @JsonProperty("id") String id,
      @JsonProperty("expires") String expires,
      @JsonProperty("blobs") List<String> blobs,
      @JsonProperty("snapshots") List<String> snapshots) {}

  /** @param dir the leases' own directory, normally {@code ROOT/leases} */
  public Leases(Path dir) throws IOException {
    this(dir, Clock.systemUTC());
  }

  Leases(Path dir, Clock clock) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.clock = clock;
  }

  /** A new lease, written to disk at once. */
  public synchronized Lease create(String purpose, Duration ttl) throws IOException {
    Lease lease = new Lease(purpose + "-" + UUID.randomUUID(), clock.instant().plus(ttl));
    save(lease);
    return lease;
  }

  /** Everything held by unexpired leases; expired lease files are deleted on the way. */
  synchronized Held held() throws IOException {
    Set<Digest> blobs = new HashSet<>();
    Set<Digest> snapshots = new HashSet<>();
    Instant now = clock.instant();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        LeaseFile lease;
        try {
          lease = Json.mapper().readValue(file.toFile(), LeaseFile.class);
        } catch (IOException | RuntimeException e) {
          Files.delete(file); // an AtomicFiles temp left by a crash, or garbage
          continue;
        }
        if (Instant.parse(lease.expires()).isBefore(now)) {
          Files.delete(file);
          continue;
        }
        lease.blobs().forEach(d -> blobs.add(Digest.parse(d)));
        lease.snapshots().forEach(d -> snapshots.add(Digest.parse(d)));
      }
    }
    return new Held(blobs, snapshots);
  }

  /** Blobs and snapshots under lease. */
  record Held(Set<Digest> blobs, Set<Digest> snapshots) {}

  private void save(Lease lease) throws IOException {
    LeaseFile file = new LeaseFile(lease.id, lease.expires.toString(),
        lease.blobs.stream().map(Digest::toString).toList(),
        lease.snapshots.stream().map(Digest::toString).toList());
    AtomicFiles.write(dir.resolve(lease.id + ".json"), Json.mapper().writeValueAsBytes(file));
  }

  /** One holder's claim; closing releases it. */
  public final class Lease implements Closeable {
    private final String id;
    private final Instant expires;
    private final Set<Digest> blobs = new LinkedHashSet<>();
    private final Set<Digest> snapshots = new LinkedHashSet<>();

    private Lease(String id, Instant expires) {
      this.id = id;
      this.expires = expires;
    }

    public String id() {
      return id;
    }

    public void addBlob(Digest digest) throws IOException {
      synchronized (Leases.this) {
        if (blobs.add(digest)) {
          save(this);
        }
      }
    }

    public void addSnapshot(Digest chainId) throws IOException {
      synchronized (Leases.this) {
        if (snapshots.add(chainId)) {
          save(this);
        }
      }
    }

    @Override
    public void close() throws IOException {
      synchronized (Leases.this) {
        Files.deleteIfExists(dir.resolve(id + ".json"));
      }
    }
  }
}
