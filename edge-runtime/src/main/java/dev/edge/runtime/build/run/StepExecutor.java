package dev.edge.runtime.build.run;

import java.io.IOException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs a RUN step in a container; the builder's only need of the container runtime. Everything
 * else (COPY, ADD, metadata, layers, cache) the builder does on directory trees itself.
 */
public interface StepExecutor {
  /**
   * Starts {@code step} in a container whose root file system is the image {@code parentImageId}
   * (its layers so far) and waits for it.
   *
   * @param cancelled turns true when the build's client went away: the step is stopped
   * @param output receives the process's output line by line, for the build's progress stream
   * @return the outcome; the caller writes the layer from {@code changes} and then calls
   *     {@link #release}
   */
  RunOutcome run(String parentImageId, RunStep step, Consumer<String> output,
      BooleanSupplier cancelled) throws IOException, InterruptedException;

  /** Frees what {@link #run} kept for the caller (the container and its upper directory). */
  void release(RunOutcome outcome) throws IOException;
}
