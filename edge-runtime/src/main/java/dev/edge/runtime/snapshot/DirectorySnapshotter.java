package dev.edge.runtime.snapshot;

import dev.edge.runtime.fs.FileTrees;
import dev.edge.runtime.fs.AtomicFiles;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.unpack.Posix;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What both snapshotters share: {@code active/<key>} directories that become
 * {@code committed/<chain-id hex>} by one atomic rename, and removal through {@code removing/} so
 * a half-deleted snapshot is never seen as committed.
 */
abstract class DirectorySnapshotter implements Snapshotter {
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern HEX = Pattern.compile("[a-f0-9]{64}");
  protected final Path active;
  protected final Path committed;
  private final Path removing;
  private final UnsyncedSnapshots unsynced;

  /** @param home this snapshotter's directory, {@code <snapshots dir>/<name>} */
  DirectorySnapshotter(Path home) throws IOException {
    Path snapshots = home.getParent();
    Files.createDirectories(snapshots);
    // Layers carry setuid binaries; host users must not reach them (GHSA-c2h3-6mxw-7mvq).
    Files.setPosixFilePermissions(snapshots, PosixFilePermissions.fromString("rwx------"));
    this.active = Files.createDirectories(home.resolve("active"));
    this.committed = Files.createDirectories(home.resolve("committed"));
    this.removing = Files.createDirectories(home.resolve("removing"));
    this.unsynced = new UnsyncedSnapshots(home.resolve("unsynced"),
        UnsyncedSnapshots.currentBootId());
  }

  @Override
  public Active prepare(String key, Digest parent) throws IOException {
    if (key == null || !KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("invalid snapshot key \"" + key
          + "\": letters, digits and ._- only, at most 128");
    }
    Path dir = active.resolve(key);
    Files.createDirectory(dir);
    try {
      populate(dir, parent);
    } catch (IOException | RuntimeException e) {
      FileTrees.delete(dir);
      throw e;
    }
    return new Active(key, dir);
  }

  /** Fills a fresh active directory before the layer is unpacked into it. */
  protected abstract void populate(Path dir, Digest parent) throws IOException;

  @Override
  public synchronized void commit(Active snapshot, Digest chainId) throws IOException {
    // One syncfs per layer instead of an fsync per file: after a power cut a committed
    // snapshot is complete, and an uncommitted one is swept by recover().
    publish(snapshot, chainId, () -> Posix.syncFileSystem(active));
  }

  @Override
  public synchronized void commitDeferred(Active snapshot, Digest chainId, LayerSource source)
      throws IOException {
    if (!layersIndependent() || unsynced.bootId() == null) {
      // A child copied from an unsynced parent could not be restored on its own.
      commit(snapshot, chainId);
      return;
    }
    publish(snapshot, chainId, () -> unsynced.record(chainId, source));
  }

  /** What makes a commit safe against a power cut, done before the snapshot becomes visible. */
  private interface Durability {
    void ensure() throws IOException;
  }

  /**
   * Renames the active snapshot to its ChainID once {@code durability} has run; when that ChainID
   * is already committed (a parallel pull won), the active one is discarded instead.
   */
  private void publish(Active snapshot, Digest chainId, Durability durability)
      throws IOException {
    Path dir = requireActive(snapshot);
    Path target = committedPath(chainId);
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      FileTrees.delete(dir);
      return;
    }
    durability.ensure();
    AtomicFiles.moveAtomically(dir, target);
    AtomicFiles.fsyncDirectory(committed);
    AtomicFiles.fsyncDirectory(active);
  }

  @Override
  public void syncDeferred() throws IOException {
    List<Digest> pending = unsynced.chainIds();
    if (pending.isEmpty()) {
      return;
    }
    // Each listed snapshot's files were written before its marker, so before this syncfs.
    Posix.syncFileSystem(committed);
    unsynced.clear(pending);
  }

  @Override
  public boolean hasDeferred() throws IOException {
    return !unsynced.chainIds().isEmpty();
  }

  @Override
  public List<UnsyncedSnapshots.Marker> unsyncedFromEarlierBoots() throws IOException {
    List<UnsyncedSnapshots.Marker> earlier = new ArrayList<>();
    List<Digest> neverVisible = new ArrayList<>();
    for (UnsyncedSnapshots.Marker marker : unsynced.list()) {
      if (!marker.bootId().equals(unsynced.bootId())) {
        earlier.add(marker); // restored even if missing: a restore may have been cut short
      } else if (!exists(marker.chainId())) {
        neverVisible.add(marker.chainId());
      }
    }
    unsynced.clear(neverVisible);
    return earlier;
  }

  @Override
  public synchronized void replace(Active snapshot, Digest chainId) throws IOException {
    Path dir = requireActive(snapshot);
    Path target = committedPath(chainId);
    Posix.syncFileSystem(dir);
    Path grave = null;
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      grave = removing.resolve(chainId.hex() + "-" + UUID.randomUUID());
      AtomicFiles.moveAtomically(target, grave);
    }
    AtomicFiles.moveAtomically(dir, target);
    AtomicFiles.fsyncDirectory(committed);
    AtomicFiles.fsyncDirectory(active);
    unsynced.clear(List.of(chainId));
    if (grave != null) {
      FileTrees.delete(grave);
    }
  }

  @Override
  public void abort(Active snapshot) throws IOException {
    FileTrees.delete(requireActive(snapshot));
  }

  @Override
  public boolean exists(Digest chainId) {
    return Files.isDirectory(committedPath(chainId), LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public Optional<Path> path(Digest chainId) {
    return exists(chainId) ? Optional.of(committedPath(chainId)) : Optional.empty();
  }

  @Override
  public boolean remove(Digest chainId) throws IOException {
    Path grave;
    synchronized (this) {
      Path dir = committedPath(chainId);
      if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        unsynced.clear(List.of(chainId)); // e.g. a restore cut short: nothing left to restore
        return false;
      }
      grave = removing.resolve(chainId.hex() + "-" + UUID.randomUUID());
      AtomicFiles.moveAtomically(dir, grave);
      AtomicFiles.fsyncDirectory(committed);
      unsynced.clear(List.of(chainId));
    }
    FileTrees.delete(grave);
    return true;
  }

  @Override
  public List<Digest> list() throws IOException {
    List<Digest> chainIds = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(committed)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (HEX.matcher(name).matches()) {
          chainIds.add(new Digest("sha256", name));
        }
      }
    }
    Collections.sort(chainIds);
    return chainIds;
  }

  @Override
  public long usage(Digest chainId) throws IOException {
    Path dir = path(chainId).orElseThrow(() -> new java.nio.file.NoSuchFileException(
        "snapshot " + chainId + " is not committed"));
    long[] total = {0};
    Set<Object> seen = new HashSet<>();
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile() && seen.add(attrs.fileKey())) {
          total[0] += attrs.size();
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return total[0];
  }

  @Override
  public int recover() throws IOException {
    int removed = 0;
    for (Path parent : List.of(active, removing)) {
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent)) {
        for (Path dir : dirs) {
          FileTrees.delete(dir);
          removed++;
        }
      }
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(committed)) {
      for (Path dir : dirs) {
        if (!HEX.matcher(dir.getFileName().toString()).matches()) {
          FileTrees.delete(dir);
          removed++;
        }
      }
    }
    return removed;
  }

  protected Path committedPath(Digest chainId) {
    if (!chainId.algorithm().equals("sha256")) {
      throw new IllegalArgumentException("chain ids are sha256, not " + chainId);
    }
    return committed.resolve(chainId.hex());
  }

  protected Path requireCommitted(Digest chainId) {
    return path(chainId).orElseThrow(() -> new IllegalArgumentException("snapshot " + chainId
        + " is not committed"));
  }

  private Path requireActive(Active snapshot) {
    Path dir = active.resolve(snapshot.key());
    if (!dir.equals(snapshot.dir()) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException("no active snapshot " + snapshot.key());
    }
    return dir;
  }
}
