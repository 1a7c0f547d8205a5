package dev.edge.agent.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs of every front end (CLI, REST, MQTT) the same way: a document {@code {"type": ..., "id"?: ...,
 * fields of the type}} is checked by its type's {@link JobHandler}, recorded, queued and run on its own thread,
 * reporting through the {@link Job}. A document whose id is already known is not run again: the known job is
 * returned (the fleet redelivers). Jobs that were queued or running when the daemon stopped are failed at
 * start, since nothing can tell how far they got.
 */
public final class JobEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobEngine.class);
  /** Finished jobs kept for GET and the fleet's redeliveries; older ones are forgotten. */
  static final int KEPT_FINISHED = 200;
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  static final String INTERRUPTED = "interrupted: the daemon stopped while the job was queued or running";

  private final JobStore store;
  private final Clock clock;
  private final Map<String, JobHandler> handlers = new TreeMap<>();
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "job");
    t.setDaemon(true);
    return t;
  });

  public JobEngine(Path dir) throws IOException {
    this(dir, Clock.systemUTC());
  }

  JobEngine(Path dir, Clock clock) throws IOException {
    this.store = new JobStore(dir);
    this.clock = clock;
    List<JobRecord> records = store.load();
    records.sort(Comparator.comparing(JobRecord::createdAt));
    for (JobRecord r : records) {
      Job job = Job.restored(r, clock);
      if (!job.state().done()) {
        job.failed(INTERRUPTED);
        store.save(job);
      }
      jobs.put(job.id(), job);
    }
  }

  public synchronized JobEngine register(JobHandler handler) {
    handlers.put(handler.type(), handler);
    return this;
  }

  /**
   * Checks, records and starts a job.
   *
   * @throws IllegalArgumentException for a document that cannot run: unknown type, bad id, bad fields
   */
  public Job submit(JsonNode document) {
    if (document == null || !document.isObject()) {
      throw new IllegalArgumentException("a job document is a JSON object with a type");
    }
    String type = document.path("type").asText("");
    String requestedId = document.hasNonNull("id") ? document.get("id").asText() : null;
    if (requestedId != null && !ID.matcher(requestedId).matches()) {
      throw new IllegalArgumentException("id '" + requestedId + "': use 1-64 letters, digits, '.', '_' or '-'");
    }
    JobHandler handler;
    synchronized (this) {
      if (requestedId != null && jobs.containsKey(requestedId)) {
        return jobs.get(requestedId);
      }
      handler = handlers.get(type);
    }
    if (handler == null) {
      throw new IllegalArgumentException(type.isEmpty() ? "the job document has no type (known: "
          + String.join(", ", handlers.keySet()) + ")" : "unknown job type '" + type + "' (known: "
          + String.join(", ", handlers.keySet()) + ")");
    }
    JobHandler.Run run = handler.prepare(document);
    Job job;
    synchronized (this) {
      if (requestedId != null && jobs.containsKey(requestedId)) {
        return jobs.get(requestedId);
      }
      job = new Job(requestedId != null ? requestedId : newId(), type, document, clock);
      jobs.put(job.id(), job);
      forgetOldJobs();
    }
    store.save(job);
    try {
      threads.execute(() -> execute(job, run));
    } catch (RejectedExecutionException e) {
      job.failed("the daemon is stopping");
      store.save(job);
    }
    return job;
  }

  private void execute(Job job, JobHandler.Run run) {
    Thread.currentThread().setName("job-" + job.id());
    job.started();
    store.save(job);
    try {
      job.succeeded(run.run(job));
    } catch (JobFailedException e) {
      job.failed(e.getMessage());
    } catch (InterruptedException e) {
      job.failed("interrupted: the daemon is stopping");
    } catch (RuntimeException e) {
      LOG.error("job {} ({}) failed unexpectedly", job.id(), job.type(), e);
      job.failed(job.type() + " failed unexpectedly: " + e);
    }
    store.save(job);
  }

  public synchronized Optional<Job> find(String id) {
    return Optional.ofNullable(jobs.get(id));
  }

  /** Oldest first. */
  public synchronized List<Job> list() {
    return new ArrayList<>(jobs.values());
  }

  private void forgetOldJobs() {
    List<Job> finished = jobs.values().stream().filter(j -> j.state().done()).toList();
    for (int i = 0; i < finished.size() - KEPT_FINISHED; i++) {
      Job old = finished.get(i);
      jobs.remove(old.id());
      try {
        store.delete(old.id());
      } catch (IOException e) {
        LOG.warn("removing the record of job {}: {}", old.id(), e.toString());
      }
    }
  }

  private String newId() {
    byte[] bytes = new byte[8];
    String id;
    do {
      random.nextBytes(bytes);
      id = HexFormat.of().formatHex(bytes);
    } while (jobs.containsKey(id));
    return id;
  }

  @Override
  public void close() {
    threads.shutdownNow();
    // Interrupted jobs still write their last record; let them, so nothing writes after close.
    try {
      threads.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
