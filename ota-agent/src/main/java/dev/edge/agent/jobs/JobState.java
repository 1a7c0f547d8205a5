package dev.edge.agent.jobs;

/** Where a job is in its life; the names are those the fleet's job status topics use. */
public enum JobState {
  QUEUED, IN_PROGRESS, SUCCEEDED, FAILED;

  public boolean done() {
    return this == SUCCEEDED || this == FAILED;
  }
}
