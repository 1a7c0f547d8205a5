package dev.edge.agent.jobs;

import dev.edge.runtime.fs.AtomicFiles;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs on disk, one file each ({@code ROOT/jobs/<id>.json}), written atomically when a job is accepted, starts
 * and ends, so a daemon that dies leaves every job it knew of, in its last recorded state.
 */
final class JobStore {
  private static final Logger LOG = LoggerFactory.getLogger(JobStore.class);

  private final Path dir;

  JobStore(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  void save(Job job) {
    try {
      AtomicFiles.write(dir.resolve(job.id() + ".json"), Json.mapper().writeValueAsBytes(job.record()));
    } catch (IOException e) {
      LOG.warn("writing the record of job {} failed: {}", job.id(), e.toString());
    }
  }

  List<JobRecord> load() throws IOException {
    List<JobRecord> records = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path file : files) {
        try {
          records.add(Json.mapper().readValue(file.toFile(), JobRecord.class));
        } catch (IOException | RuntimeException e) {
          LOG.warn("jobs: ignoring unreadable record {}: {}", file, e.getMessage());
        }
      }
    }
    return records;
  }

  void delete(String id) throws IOException {
    Files.deleteIfExists(dir.resolve(id + ".json"));
  }
}
