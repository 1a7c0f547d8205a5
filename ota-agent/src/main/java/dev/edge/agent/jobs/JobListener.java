package dev.edge.agent.jobs;

/**
 * Told of every event of every job, while the job's lock is held: it must only hand the news on (the fleet
 * agent queues a status message), never block or call back into the engine.
 */
@FunctionalInterface
public interface JobListener {
  /** {@code event} is null when the job has just been accepted (it is QUEUED, with no event yet). */
  void changed(Job job, JobEvent event);

  JobListener NONE = (job, event) -> { };
}
