package dev.edge.agent.jobs;

/** A job that cannot finish; its message is the job's error, shown to the user as it is. */
public class JobFailedException extends Exception {
  public JobFailedException(String message) {
    super(message);
  }

  public JobFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
