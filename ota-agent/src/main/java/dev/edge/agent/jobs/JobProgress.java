package dev.edge.agent.jobs;

import java.util.Map;

/** Where a running job reports: phases, progress within a phase, log lines and warnings. */
public interface JobProgress {
  /** Starts a phase ({@code resolve}, {@code build}, {@code flash}, ...) with a one-line description. */
  void phase(String phase, String message);

  /** Progress within the current phase; {@code data} may be empty. */
  void progress(int percent, String message, Map<String, Object> data);

  /** One line of a tool's output ({@code stdout} or {@code stderr}). */
  void log(String stream, String line);

  void warning(String message);

  /**
   * The id of the job reporting here, for messages that must name it ("waiting for board X (job Y has it)");
   * null outside the engine.
   */
  default String jobId() {
    return null;
  }

  /** Reports nowhere: for running job code outside the engine. */
  JobProgress NONE = new JobProgress() {
    @Override
    public void phase(String phase, String message) {
    }

    @Override
    public void progress(int percent, String message, Map<String, Object> data) {
    }

    @Override
    public void log(String stream, String line) {
    }

    @Override
    public void warning(String message) {
    }
  };
}
