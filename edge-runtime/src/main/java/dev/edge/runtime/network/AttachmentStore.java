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

/** One JSON file per attached container under {@code DIR/<containerId>.json}, replaced atomically. */
final class AttachmentStore {
  private static final String SUFFIX = ".json";

  private final Path dir;

  AttachmentStore(Path dir) {
    this.dir = dir;
  }

  void write(AttachmentRecord record) throws NetworkException {
    Path file = file(record.containerId());
    try {
      AtomicFiles.write(file, Json.mapper().writeValueAsBytes(record));
    } catch (IOException e) {
      throw new NetworkException("write network state " + file + ": " + IoErrors.describe(e), e);
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

  List<AttachmentRecord> readAll() throws NetworkException {
    List<AttachmentRecord> records = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        read(name.substring(0, name.length() - SUFFIX.length())).ifPresent(records::add);
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
      if (Files.deleteIfExists(file)) {
        AtomicFiles.fsyncDirectory(dir);
      }
    } catch (IOException e) {
      throw new NetworkException("remove network state " + file + ": " + IoErrors.describe(e), e);
    }
  }

  private Path file(String containerId) {
    return dir.resolve(containerId + SUFFIX);
  }
}
