package dev.edge.agent.firmware;

import dev.edge.agent.jobs.JobFailedException;
import java.util.function.BiConsumer;

/** Runs a build command in its toolchain, hermetically. */
public interface BuildRunner {
  /**
   * Runs the command to its end.
   *
   * @param log receives each line of output with its stream ({@code stdout} or {@code stderr})
   * @return the command's exit status
   * @throws JobFailedException when the command could not be run at all
   */
  int run(BuildInvocation invocation, BiConsumer<String, String> log) throws JobFailedException, InterruptedException;
}
