package dev.edge.runtime.build.dockerfile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.util.List;

/**
 * {@code HEALTHCHECK [--interval=D] [--timeout=D] [--start-period=D] [--start-interval=D]
 * [--retries=N] CMD command} or {@code HEALTHCHECK NONE}. {@code test} is the config's form:
 * {@code ["NONE"]}, {@code ["CMD", argv...]} or {@code ["CMD-SHELL", text]}; unset options are
 * null (the runtime's defaults apply).
 */
public record HealthcheckInstruction(@JsonIgnore int line, List<String> test, Duration interval,
    Duration timeout, Duration startPeriod, Duration startInterval, Integer retries)
    implements Instruction {
  public HealthcheckInstruction {
    test = List.copyOf(test);
  }

  @Override
  public String keyword() {
    return "HEALTHCHECK";
  }

  public boolean disabled() {
    return test.equals(List.of("NONE"));
  }
}
