package dev.edge.runtime.network;

import dev.edge.runtime.fs.AtomicFiles;
import dev.edge.runtime.fs.IoErrors;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON file per attached container under {@code DIR/<containerId>.json}, replaced by rename
 * so that a reader (a restarted daemon) sees the old record or the new one, never a mix.
 *
 * <p>Unlike the image store these writes are not fsynced: what they describe (namespaces in
 * /run, veths, NAT rules) does not survive a power cut either, and the one thing that does,
 * host-local's address files, is swept by {@link ContainerNetworks#reconcile} even without a
 * record. That keeps two fsyncs off every container start.
 */
final class AttachmentStore {
  private static final Logger LOG = LoggerFactory.getLogger(AttachmentStore.class);
  private static final String SUFFIX = ".json";

  private final Path dir;

  AttachmentStore(Path dir) {
    this.dir = dir;
  }

  void write(AttachmentRecord record) throws NetworkException {
    Path file = file(record.containerId());
    Path temp = null;
    try {
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
      Files.write(temp, Json.mapper().writeValueAsBytes(record));
      AtomicFiles.moveAtomically(temp, file);
    } catch (IOException e) {
      throw new NetworkException("write network state " + file + ": " + IoErrors.describe(e), e);
    } finally {
      deleteQuietly(temp);
    }
  }

  private static void deleteQuietly(Path temp) {
    if (temp != null) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // a hidden .tmp file is harmless: readAll lists *.json only
      }
    }
  }

  Optional<AttachmentRecord> read(String containerId) throws NetworkException {
    Path file = file(containerId);
    try {
      return Optional.of(Json.mapper().readValue(Files.readAllBytes(file),
          AttachmentRecord.class));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new NetworkException("read network state " + file + ": " + IoErrors.describe(e), e);
    }
  }

  /**
   * Every readable record. A damaged one is skipped with a warning rather than stopping the
   * daemon: what it described is swept by reconcile as unknown namespaces and addresses.
   */
  List<AttachmentRecord> readAll() throws NetworkException {
    List<AttachmentRecord> records = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        try {
          read(name.substring(0, name.length() - SUFFIX.length())).ifPresent(records::add);
        } catch (NetworkException e) {
          LOG.warn("skipping {}", e.getMessage());
        }
      }
    } catch (NoSuchFileException e) {
      return records;
    } catch (IOException e) {
      throw new NetworkException("list network state in " + dir + ": " + IoErrors.describe(e), e);
    }
    return records;
  }

  void delete(String containerId) throws NetworkException {
    Path file = file(containerId);
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new NetworkException("remove network state " + file + ": " + IoErrors.describe(e), e);
    }
  }

  private Path file(String containerId) {
    return dir.resolve(containerId + SUFFIX);
  }
}
