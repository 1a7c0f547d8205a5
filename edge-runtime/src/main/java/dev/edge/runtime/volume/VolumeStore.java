package dev.edge.runtime.volume;

import dev.edge.runtime.fs.AtomicFiles;
import dev.edge.runtime.fs.FileTrees;
import dev.edge.runtime.fs.IoErrors;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Named volumes on disk: {@code ROOT/volumes/<name>/_data} with the volume's metadata beside it.
 * A volume appears and disappears by one rename, so a power cut leaves it whole or absent;
 * half-made and half-removed directories are swept when the store opens.
 */
public final class VolumeStore {
  public static final String DATA_DIR = "_data";
  public static final String METADATA_FILE = "volume.json";
  private static final String STAGING_PREFIX = ".staging-";
  private static final String REMOVING_PREFIX = ".removing-";
  /** As Docker's volumes root: others may pass through to a bind-mounted _data, not list it. */
  private static final String ROOT_MODE = "rwx-----x";

  private final Path root;

  /** Opens (creating) the store in {@code root}, which is {@code ROOT/volumes}. */
  public VolumeStore(Path root) throws IOException {
    this.root = root.toAbsolutePath();
    Files.createDirectories(this.root);
    Files.setPosixFilePermissions(this.root, PosixFilePermissions.fromString(ROOT_MODE));
    sweepUnfinished();
  }

  public Path root() {
    return root;
  }

  /** Where the volume's content lives on the host; what containers bind-mount. */
  public Path dataPath(String name) {
    VolumeNames.validate(name);
    return root.resolve(name).resolve(DATA_DIR);
  }

  /**
   * Creates the volume, or returns the existing one of that name unchanged, as Docker's
   * {@code POST /volumes/create} does. An empty name gets a random one.
   */
  public synchronized Volume create(String name, Map<String, String> labels) throws IOException {
    String chosen = name == null || name.isEmpty() ? VolumeNames.random() : name;
    VolumeNames.validate(chosen);
    Optional<Volume> existing = find(chosen);
    if (existing.isPresent()) {
      return existing.get();
    }
    Path staging = root.resolve(STAGING_PREFIX + VolumeNames.random());
    try {
      Files.createDirectories(staging.resolve(DATA_DIR));
      Volume stored = new Volume(chosen, Volume.LOCAL_DRIVER, null,
          Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), labels, "local", null);
      AtomicFiles.write(staging.resolve(METADATA_FILE), Json.mapper().writeValueAsBytes(stored));
      AtomicFiles.fsyncDirectory(staging);
      AtomicFiles.moveAtomically(staging, root.resolve(chosen));
      AtomicFiles.fsyncDirectory(root);
    } catch (IOException e) {
      FileTrees.delete(staging);
      throw new IOException("create volume " + chosen + ": " + IoErrors.describe(e), e);
    }
    return get(chosen);
  }

  /** A volume with a random name, labelled anonymous as Docker labels them. */
  public Volume createAnonymous() throws IOException {
    return create(VolumeNames.random(), Map.of(Volume.ANONYMOUS_LABEL, ""));
  }

  /** The named volume, created now if this is its first use ({@code -v name:/path}). */
  public Volume ensure(String name) throws IOException {
    return create(name, Map.of());
  }

  public synchronized Optional<Volume> find(String name) throws IOException {
    if (!VolumeNames.isValid(name)) {
      return Optional.empty();
    }
    if (!Files.isDirectory(root.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    Path metadata = root.resolve(name).resolve(METADATA_FILE);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(metadata);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    Volume stored = Json.mapper().readValue(bytes, Volume.class);
    return Optional.of(new Volume(name, stored.driver(), dataPath(name).toString(),
        stored.createdAt(), stored.labels(), stored.scope(), stored.options()));
  }

  public Volume get(String name) throws IOException {
    return find(name).orElseThrow(() -> new NoSuchVolumeException(name));
  }

  /** Every volume, by name. */
  public synchronized List<Volume> list() throws IOException {
    List<Volume> all = new ArrayList<>();
    try (Stream<Path> entries = Files.list(root)) {
      for (Path p : entries.sorted().toList()) {
        String name = p.getFileName().toString();
        if (VolumeNames.isValid(name)) {
          find(name).ifPresent(all::add);
        }
      }
    }
    return all;
  }

  /**
   * Removes the volume unless a container uses it. {@code force} only forgives a missing
   * volume, as {@code docker volume rm -f} does; a volume in use is never removed.
   */
  public synchronized void remove(String name, boolean force, Predicate<String> inUse)
      throws IOException {
    if (find(name).isEmpty()) {
      if (force) {
        return;
      }
      throw new NoSuchVolumeException(name);
    }
    if (inUse.test(name)) {
      throw new VolumeInUseException(name);
    }
    Path doomed = root.resolve(REMOVING_PREFIX + name + "-" + VolumeNames.random());
    AtomicFiles.moveAtomically(root.resolve(name), doomed);
    AtomicFiles.fsyncDirectory(root);
    FileTrees.delete(doomed);
  }

  /** Removes every volume that {@code selected} picks and no container uses. */
  public synchronized PruneReport prune(Predicate<Volume> selected, Predicate<String> inUse)
      throws IOException {
    List<String> deleted = new ArrayList<>();
    long reclaimed = 0;
    for (Volume v : list()) {
      if (selected.test(v) && !inUse.test(v.name())) {
        long size = usage(v.name());
        remove(v.name(), false, inUse);
        deleted.add(v.name());
        reclaimed += size;
      }
    }
    return new PruneReport(deleted, reclaimed);
  }

  /** Bytes held under the volume's data directory (links not followed). */
  public long usage(String name) throws IOException {
    long[] total = {0};
    Path data = dataPath(name);
    if (!Files.isDirectory(data, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    Files.walkFileTree(data, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        total[0] += attrs.size();
        return FileVisitResult.CONTINUE;
      }
    });
    return total[0];
  }

  /** The result of a prune: names removed and bytes freed. */
  public record PruneReport(List<String> deleted, long reclaimedBytes) {
    public PruneReport {
      deleted = List.copyOf(deleted);
    }

    public Map<String, Object> toApi() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("VolumesDeleted", deleted);
      body.put("SpaceReclaimed", reclaimedBytes);
      return body;
    }
  }

  private void sweepUnfinished() throws IOException {
    try (Stream<Path> entries = Files.list(root)) {
      for (Path p : entries.toList()) {
        String n = p.getFileName().toString();
        if (n.startsWith(STAGING_PREFIX) || n.startsWith(REMOVING_PREFIX)) {
          FileTrees.delete(p);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
