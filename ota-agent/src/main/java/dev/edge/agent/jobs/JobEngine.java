package dev.edge.agent.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs of every front end (CLI, REST, MQTT) the same way: a document {@code {"type": ..., "id"?: ...,
 * "timeoutSeconds"?: ..., fields of the type}} is checked by its type's {@link JobHandler}, recorded, queued and
 * run on its own thread, reporting through the {@link Job}. A document whose id is already known is not run
 * again: the known job is returned (the fleet redelivers). A job that runs past its timeout is interrupted and
 * ends TIMED_OUT; {@link #cancel} ends one CANCELED.
 *
 * <p>Jobs survive a restart: {@link #resume}, called once the handlers are registered, runs again the jobs that
 * were queued and those running whose type is {@link JobHandler#resumable}; other running jobs are FAILED with
 * {@link #INTERRUPTED}, since nothing can tell how far they got.
 */
public final class JobEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobEngine.class);
  /** Finished jobs kept for GET and the fleet's redeliveries; older ones are forgotten. */
  static final int KEPT_FINISHED = 200;
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  public static final String INTERRUPTED = "interrupted by restart: the daemon stopped while the job was running";
  static final long MAX_TIMEOUT_SECONDS = Duration.ofDays(7).toSeconds();

  private final JobStore store;
  private final Clock clock;
  private final Map<String, JobHandler> handlers = new TreeMap<>();
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private final List<Job> restored = new ArrayList<>();
  /** Records of finished jobs, read at the first call that needs every job (see {@link #allJobs}). */
  private final List<Path> unreadFinished = new ArrayList<>();
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private final List<JobListener> listeners = new CopyOnWriteArrayList<>();
  private final JobListener fanOut = (job, event) -> listeners.forEach(l -> l.changed(job, event));
  private final SecureRandom random = new SecureRandom();
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "job");
    t.setDaemon(true);
    return t;
  });
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "job-timeouts");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean closing;

  /** A started job: its thread once it has one, and how it is to end if it is stopped from outside. */
  private static final class Running {
    volatile Thread thread;
    volatile JobState stopAs;
    volatile String stopWhy;
    volatile ScheduledFuture<?> timer;
  }

  public JobEngine(Path dir) throws IOException {
    this(dir, Clock.systemUTC());
  }

  JobEngine(Path dir, Clock clock) throws IOException {
    this.store = new JobStore(dir);
    this.clock = clock;
    List<Path> unfinished = new ArrayList<>();
    for (Path file : store.files()) {
      (store.finished(file) ? unreadFinished : unfinished).add(file);
    }
    for (Job job : restore(store.read(unfinished))) {
      if (!job.state().done()) {
        restored.add(job);
      }
    }
  }

  /** Adds the recorded jobs, keeping {@link #jobs} in creation order; returns them. */
  private List<Job> restore(List<JobRecord> records) {
    List<Job> added = new ArrayList<>();
    for (JobRecord r : records) {
      Job job = Job.restored(r, clock);
      job.listen(fanOut);
      added.add(job);
    }
    List<Job> all = new ArrayList<>(jobs.values());
    all.addAll(added);
    all.sort(Comparator.comparing(Job::createdAt));
    jobs.clear();
    all.forEach(job -> jobs.put(job.id(), job));
    return added;
  }

  /**
   * Every job, finished ones included: their records are read at the first call that needs them rather than at
   * start, where only the unfinished ones matter ({@link #resume}). Call holding this engine's lock.
   */
  private Map<String, Job> allJobs() {
    if (!unreadFinished.isEmpty()) {
      List<Path> files = List.copyOf(unreadFinished);
      unreadFinished.clear();
      restore(store.read(files));
    }
    return jobs;
  }

  public synchronized JobEngine register(JobHandler handler) {
    handlers.put(handler.type(), handler);
    return this;
  }

  /** Every event of every job goes to {@code listener} too (the fleet agent publishes them). */
  public void addListener(JobListener listener) {
    listeners.add(listener);
  }

  /**
   * Picks up the jobs the last daemon left unfinished: queued ones run, running ones run again if their type
   * can resume and are failed otherwise. Call once, after {@link #register}ing the handlers.
   */
  public void resume() {
    List<Job> pending;
    synchronized (this) {
      pending = new ArrayList<>(restored);
      restored.clear();
    }
    for (Job job : pending) {
      JobHandler handler;
      synchronized (this) {
        handler = handlers.get(job.type());
      }
      boolean wasQueued = job.state() == JobState.QUEUED;
      if (handler == null || !(wasQueued || handler.resumable())) {
        job.failed(handler == null ? "interrupted by restart: no handler for " + job.type() : INTERRUPTED);
        store.save(job);
        if (handler != null) {
          // on a job thread: stopping a container takes its grace period, and the daemon is starting
          threads.execute(() -> {
            try {
              handler.abandoned(job.id(), job.document());
            } catch (RuntimeException e) {
              LOG.warn("job {}: cleaning up after the interrupted {} failed: {}", job.id(), job.type(),
                  e.toString());
            }
          });
        }
        continue;
      }
      try {
        JobHandler.Run run = handler.prepare(job.document());
        if (!wasQueued) {
          job.warning("resumed after a restart");
        }
        start(job, run, timeout(job.document(), handler));
      } catch (IllegalArgumentException e) {
        job.failed("after a restart the job no longer checks: " + e.getMessage());
        store.save(job);
      }
    }
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
      if (requestedId != null && allJobs().containsKey(requestedId)) {
        return jobs.get(requestedId);
      }
      handler = handlers.get(type);
    }
    if (handler == null) {
      throw new IllegalArgumentException(type.isEmpty() ? "the job document has no type (known: "
          + String.join(", ", handlers.keySet()) + ")" : "unknown job type '" + type + "' (known: "
          + String.join(", ", handlers.keySet()) + ")");
    }
    Duration timeout = timeout(document, handler);
    JobHandler.Run run = handler.prepare(document);
    Job job;
    synchronized (this) {
      if (requestedId != null && allJobs().containsKey(requestedId)) {
        return jobs.get(requestedId);
      }
      job = new Job(requestedId != null ? requestedId : newId(), type, document, clock);
      job.listen(fanOut);
      jobs.put(job.id(), job);
      forgetOldJobs();
    }
    store.save(job);
    fanOut.changed(job, null);
    start(job, run, timeout);
    return job;
  }

  private static Duration timeout(JsonNode document, JobHandler handler) {
    JsonNode t = document.get("timeoutSeconds");
    if (t == null || t.isNull()) {
      return handler.timeout();
    }
    if (!t.canConvertToLong() || t.asLong() <= 0 || t.asLong() > MAX_TIMEOUT_SECONDS) {
      throw new IllegalArgumentException("timeoutSeconds: " + t + " is not a number of seconds between 1 and "
          + MAX_TIMEOUT_SECONDS);
    }
    return Duration.ofSeconds(t.asLong());
  }

  private void start(Job job, JobHandler.Run run, Duration timeout) {
    Running r = new Running();
    running.put(job.id(), r);
    try {
      threads.execute(() -> execute(job, run, r));
      r.timer = timers.schedule(() -> stop(job.id(), JobState.TIMED_OUT, "timed out after "
          + timeout.toSeconds() + " s"), timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      running.remove(job.id());
      job.failed("the daemon is stopping");
      store.save(job);
    }
  }

  private void execute(Job job, JobHandler.Run run, Running r) {
    r.thread = Thread.currentThread();
    Thread.currentThread().setName("job-" + job.id());
    try {
      if (r.stopAs != null) {
        job.ended(r.stopAs, r.stopWhy);
        return;
      }
      job.started();
      store.save(job);
      try {
        job.succeeded(run.run(job));
      } catch (JobFailedException e) {
        endStopped(job, r, e.getMessage());
      } catch (InterruptedException e) {
        if (closing && r.stopAs == null) {
          // left IN_PROGRESS on disk: the next daemon resumes it or fails it as interrupted by restart
          return;
        }
        endStopped(job, r, "interrupted");
      } catch (RuntimeException e) {
        LOG.error("job {} ({}) failed unexpectedly", job.id(), job.type(), e);
        endStopped(job, r, job.type() + " failed unexpectedly: " + e);
      }
      store.save(job);
    } finally {
      running.remove(job.id());
      ScheduledFuture<?> timer = r.timer;
      if (timer != null) {
        timer.cancel(false);
      }
      Thread.interrupted();
      Thread.currentThread().setName("job");
    }
  }

  /** A job that threw ends FAILED, unless it was stopped from outside: then as it was told. */
  private static void endStopped(Job job, Running r, String error) {
    if (r.stopAs != null) {
      job.ended(r.stopAs, r.stopWhy);
    } else {
      job.failed(error);
    }
  }

  /**
   * Cancels a queued or running job: it is interrupted and ends CANCELED.
   *
   * @return false when there is no such job or it has already finished
   */
  public boolean cancel(String id, String why) {
    return stop(id, JobState.CANCELED, why == null || why.isBlank() ? "canceled" : why);
  }

  private boolean stop(String id, JobState as, String why) {
    Running r = running.get(id);
    if (r == null || r.stopAs != null) {
      return false;
    }
    r.stopWhy = why;
    r.stopAs = as;
    Thread t = r.thread;
    if (t != null) {
      t.interrupt();
    }
    LOG.info("job {}: {}", id, why);
    return true;
  }

  public synchronized Optional<Job> find(String id) {
    return Optional.ofNullable(allJobs().get(id));
  }

  /** Oldest first. */
  public synchronized List<Job> list() {
    return new ArrayList<>(allJobs().values());
  }

  private void forgetOldJobs() {
    List<Job> finished = allJobs().values().stream().filter(j -> j.state().done()).toList();
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
    } while (allJobs().containsKey(id));
    return id;
  }

  /**
   * Stops the engine: running jobs are interrupted and stay IN_PROGRESS on disk, for {@link #resume} in the
   * next daemon to settle.
   */
  @Override
  public void close() {
    closing = true;
    timers.shutdownNow();
    threads.shutdownNow();
    try {
      threads.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
