package dev.edge.runtime.snapshot;

import dev.edge.runtime.fs.AtomicFiles;
import dev.edge.runtime.image.Digest;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Snapshots committed before their files reached the disk: one small fsynced file each, written
 * before the snapshot's rename makes it visible. Each names the boot it was committed in (the
 * kernel's boot_id) and the blob the layer came from. A syncfs clears them; one still there at
 * start under another boot id means the machine went down first, so the snapshot may have lost
 * data and must be unpacked again from its blob.
 */
public final class UnsyncedSnapshots {
  private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
  private static final Pattern NAME = Pattern.compile("[a-f0-9]{64}");

  /** One unsynced snapshot, as recorded. */
  public record Marker(Digest chainId, String bootId, LayerSource source) {}

  private final Path dir;
  private final String bootId;

  /** @param bootId this boot's id, or null when unknown (commits are then synced at once) */
  UnsyncedSnapshots(Path dir, String bootId) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.bootId = bootId;
  }

  /** The running kernel's boot id, or null where /proc does not offer one. */
  static String currentBootId() {
    try {
      String id = Files.readString(BOOT_ID, StandardCharsets.US_ASCII).strip();
      return id.isEmpty() ? null : id;
    } catch (IOException e) {
      return null;
    }
  }

  String bootId() {
    return bootId;
  }

  /** Durable when it returns: the caller renames the snapshot into place only afterwards. */
  void record(Digest chainId, LayerSource source) throws IOException {
    Properties p = new Properties();
    p.setProperty("boot", bootId);
    p.setProperty("blob", source.blob().toString());
    p.setProperty("mediaType", source.mediaType());
    p.setProperty("diffId", source.diffId().toString());
    StringWriter text = new StringWriter();
    p.store(text, "committed before a syncfs; see UnsyncedSnapshots");
    AtomicFiles.write(file(chainId), text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The ChainIDs that have a marker, from the file names alone. */
  List<Digest> chainIds() throws IOException {
    List<Digest> chainIds = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (NAME.matcher(name).matches()) { // not AtomicFiles' temp files
          chainIds.add(new Digest("sha256", name));
        }
      }
    }
    return chainIds;
  }

  /** Every marker, read. */
  List<Marker> list() throws IOException {
    List<Marker> markers = new ArrayList<>();
    for (Digest chainId : chainIds()) {
      Path file = file(chainId);
      Properties p = new Properties();
      try {
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        markers.add(new Marker(chainId, p.getProperty("boot", ""),
            new LayerSource(Digest.parse(p.getProperty("blob")), p.getProperty("mediaType"),
                Digest.parse(p.getProperty("diffId")))));
      } catch (NoSuchFileException e) {
        // cleared meanwhile
      } catch (RuntimeException e) {
        throw new IOException("unreadable unsynced-snapshot marker " + file + ": " + e, e);
      }
    }
    return markers;
  }

  void clear(Collection<Digest> chainIds) throws IOException {
    boolean any = false;
    for (Digest chainId : chainIds) {
      any |= Files.deleteIfExists(file(chainId));
    }
    if (any) {
      AtomicFiles.fsyncDirectory(dir);
    }
  }

  private Path file(Digest chainId) {
    return dir.resolve(chainId.hex());
  }
}
