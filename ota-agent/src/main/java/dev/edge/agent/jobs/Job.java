package dev.edge.agent.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One job: its document, its state, and its progress log (the newest {@link #MAX_EVENTS} events). It is its
 * own {@link JobProgress}; every event also updates the job's phase, percent and message, so a status poll
 * sees what a follower of the log sees. Followers block in {@link #eventsAfter} until something new happens.
 */
public final class Job implements JobProgress {
  /** Events kept per job; a chatty build keeps its last lines, and the job's error names the failure. */
  static final int MAX_EVENTS = 5000;
  /** Event numbers of a job restored unfinished continue from the next multiple of this. */
  static final long RESTART_STEP = 1_000_000_000L;

  private final String id;
  private final String type;
  private final JsonNode document;
  private final Clock clock;
  private final Deque<JobEvent> events = new ArrayDeque<>();
  private final String createdAt;
  private JobState state = JobState.QUEUED;
  private String phase;
  private Integer percent;
  private String message;
  private String error;
  private Map<String, Object> result;
  private String startedAt;
  private String finishedAt;
  private long seq;
  private JobListener listener = JobListener.NONE;

  Job(String id, String type, JsonNode document, Clock clock) {
    this(id, type, document, clock, clock.instant().toString());
  }

  /** A job read back from disk. */
  static Job restored(JobRecord r, Clock clock) {
    Job job = new Job(r.id(), r.type(), r.document(), clock, r.createdAt());
    job.state = r.state();
    job.phase = r.phase();
    job.percent = r.percent();
    job.message = r.message();
    job.error = r.error();
    job.result = r.result();
    job.startedAt = r.startedAt();
    job.finishedAt = r.finishedAt();
    r.events().forEach(job.events::addLast);
    job.seq = r.events().isEmpty() ? 0 : r.events().get(r.events().size() - 1).seq();
    if (!job.state.done()) {
      // Records are written at state changes only, so the last daemon may have numbered events past the saved
      // ones; a follower that saw those must not see numbers go back.
      job.seq = (job.seq / RESTART_STEP + 1) * RESTART_STEP;
    }
    return job;
  }

  private Job(String id, String type, JsonNode document, Clock clock, String createdAt) {
    this.id = id;
    this.type = type;
    this.document = document;
    this.clock = clock;
    this.createdAt = createdAt;
  }

  public String id() {
    return id;
  }

  @Override
  public String jobId() {
    return id;
  }

  public String type() {
    return type;
  }

  public synchronized JobState state() {
    return state;
  }

  public synchronized String error() {
    return error;
  }

  public synchronized Map<String, Object> result() {
    return result;
  }

  // ---- progress ----

  @Override
  public synchronized void phase(String phase, String message) {
    this.phase = phase;
    this.percent = null;
    this.message = message;
    add(JobEvent.PHASE, null, null, message, null);
  }

  @Override
  public synchronized void progress(int percent, String message, Map<String, Object> data) {
    this.percent = percent;
    if (message != null) {
      this.message = message;
    }
    add(JobEvent.PROGRESS, percent, null, message, data == null || data.isEmpty() ? null : data);
  }

  @Override
  public synchronized void log(String stream, String line) {
    add(JobEvent.LOG, null, stream, line, null);
  }

  @Override
  public synchronized void warning(String message) {
    add(JobEvent.WARNING, null, null, message, null);
  }

  // ---- lifecycle, driven by the engine ----

  synchronized void started() {
    state = JobState.IN_PROGRESS;
    startedAt = clock.instant().toString();
    add(JobEvent.STATE, null, null, state.name(), null);
  }

  synchronized void succeeded(Map<String, Object> result) {
    this.result = result == null ? Map.of() : result;
    finish(JobState.SUCCEEDED, null);
  }

  synchronized void failed(String error) {
    finish(JobState.FAILED, error);
  }

  /** Ends the job in {@code end} (FAILED, TIMED_OUT, CANCELED) with the reason. */
  synchronized void ended(JobState end, String why) {
    finish(end, why);
  }

  synchronized void listen(JobListener l) {
    this.listener = l == null ? JobListener.NONE : l;
  }

  private void finish(JobState end, String why) {
    state = end;
    error = why;
    finishedAt = clock.instant().toString();
    add(JobEvent.STATE, null, null, why == null ? end.name() : end.name() + ": " + why, null);
  }

  private void add(String kind, Integer pct, String stream, String text, Map<String, Object> data) {
    JobEvent event = new JobEvent(++seq, clock.instant().toString(), kind, phase, pct, stream, text, data);
    events.addLast(event);
    while (events.size() > MAX_EVENTS) {
      events.removeFirst();
    }
    notifyAll();
    listener.changed(this, event);
  }

  /** The number of the job's newest event; status messages carry it so a follower can order them. */
  public synchronized long lastSeq() {
    return seq;
  }

  /**
   * The kept events after {@code seq}; waits up to {@code waitMillis} for one when there are none and the job
   * is not done. An empty list then means nothing happened meanwhile.
   */
  public synchronized List<JobEvent> eventsAfter(long afterSeq, long waitMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + waitMillis;
    while (seq <= afterSeq && !state.done()) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        break;
      }
      wait(left);
    }
    List<JobEvent> after = new ArrayList<>();
    for (JobEvent e : events) {
      if (e.seq() > afterSeq) {
        after.add(e);
      }
    }
    return after;
  }

  /** The job as the API and the fleet show it, without its log. */
  public synchronized Map<String, Object> summary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("type", type);
    m.put("state", state.name());
    m.put("phase", phase);
    m.put("percent", percent);
    m.put("message", message);
    m.put("error", error);
    m.put("result", result);
    m.put("createdAt", createdAt);
    m.put("startedAt", startedAt);
    m.put("finishedAt", finishedAt);
    m.put("lastSeq", seq);
    m.values().removeIf(v -> v == null);
    return m;
  }

  /** ISO-8601, as recorded: the engine keeps its jobs in this order. */
  String createdAt() {
    return createdAt;
  }

  synchronized JobRecord record() {
    return new JobRecord(id, type, document, state, phase, percent, message, error, result, createdAt, startedAt,
        finishedAt, List.copyOf(events));
  }

  /** The document the job was submitted with. */
  public synchronized JsonNode document() {
    return document;
  }
}
