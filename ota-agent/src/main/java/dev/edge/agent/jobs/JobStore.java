package dev.edge.agent.jobs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.edge.runtime.fs.AtomicFiles;
import dev.edge.runtime.json.Json;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
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

  /**
   * Writes the job's record even from an interrupted thread: a stopping engine interrupts its job threads, and
   * an interrupted thread's file channel refuses to write (ClosedByInterruptException), so a job that finished
   * just then would keep the IN_PROGRESS record and the next daemon would fail it as interrupted.
   */
  void save(Job job) {
    boolean interrupted = Thread.interrupted();
    Path file = dir.resolve(job.id() + ".json");
    try {
      byte[] record = Json.mapper().writeValueAsBytes(job.record());
      try {
        AtomicFiles.write(file, record);
      } catch (ClosedByInterruptException e) { // interrupted during the write: once more, cleared
        interrupted |= Thread.interrupted();
        AtomicFiles.write(file, record);
      }
    } catch (IOException e) {
      LOG.warn("writing the record of job {} failed: {}", job.id(), e.toString());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Every record file. */
  List<Path> files() throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, "*.json")) {
      found.forEach(files::add);
    }
    return files;
  }

  /**
   * Whether the record's top-level {@code state} is a finished one, read with jackson-core's streaming parser
   * alone: a daemon needs only its unfinished jobs to start, and databind's ~800 classes would otherwise stay
   * resident in every daemon that ever ran a job. Anything unclear is "not finished", so {@link #read} decides.
   */
  boolean finished(Path file) {
    try (JsonParser p = Peek.FACTORY.createParser(file.toFile())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals("state")) {
          return p.currentToken() == JsonToken.VALUE_STRING && JobState.valueOf(p.getText()).done();
        }
        p.skipChildren();
      }
      return false;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The records in {@code files}; unreadable ones are left out with a warning. */
  List<JobRecord> read(List<Path> files) {
    List<JobRecord> records = new ArrayList<>();
    for (Path file : files) {
      try {
        records.add(Json.mapper().readValue(file.toFile(), JobRecord.class));
      } catch (IOException | RuntimeException e) {
        LOG.warn("jobs: ignoring unreadable record {}: {}", file, e.getMessage());
      }
    }
    return records;
  }

  /** Made when there is a record to peek at. */
  private static final class Peek {
    static final JsonFactory FACTORY = new JsonFactory();
  }

  void delete(String id) throws IOException {
    Files.deleteIfExists(dir.resolve(id + ".json"));
  }
}
