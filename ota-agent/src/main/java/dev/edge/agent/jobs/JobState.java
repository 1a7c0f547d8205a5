package dev.edge.agent.jobs;

/**
 * Where a job is in its life; the names are those the fleet's job status topics use. REJECTED is only ever
 * published (a document that failed its checks is never recorded or run); the other final states are recorded.
 */
public enum JobState {
  QUEUED, IN_PROGRESS, SUCCEEDED, FAILED, REJECTED, TIMED_OUT, CANCELED;

  public boolean done() {
    return this != QUEUED && this != IN_PROGRESS;
  }
}
