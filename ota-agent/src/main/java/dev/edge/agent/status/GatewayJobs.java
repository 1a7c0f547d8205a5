package dev.edge.agent.status;

import dev.edge.agent.jobs.JobHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code gateway.status} {@code {}}: the {@link GatewayFacts} snapshot as the result. {@code no-op} {@code {}}:
 * an empty result at once, so a benchmark measures the job path (admission, engine, status messages) alone.
 */
public final class GatewayJobs {
  public static final String STATUS = "gateway.status";
  public static final String NO_OP = "no-op";
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private GatewayJobs() {
  }

  public static List<JobHandler> handlers(GatewayFacts facts) {
    return List.of(JobHandler.of(STATUS, TIMEOUT, doc -> progress -> facts.snapshot()),
        JobHandler.of(NO_OP, TIMEOUT, doc -> progress -> Map.of()));
  }
}
