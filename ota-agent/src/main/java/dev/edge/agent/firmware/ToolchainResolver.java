package dev.edge.agent.firmware;

import dev.edge.agent.jobs.JobFailedException;
import dev.edge.agent.jobs.JobProgress;
import java.nio.file.Path;

/** Finds, pulls or builds the toolchain image a descriptor names. */
public interface ToolchainResolver {
  /**
   * A pinned reference ({@code name[:tag]@sha256:...}) is used if present and otherwise pulled by digest; a
   * tag is used if present and otherwise pulled.
   */
  ResolvedToolchain image(String reference, JobProgress progress) throws JobFailedException, InterruptedException;

  /** Builds (or finds in the builder's cache) the image of a recipe directory holding a Dockerfile. */
  ResolvedToolchain recipe(Path recipeDir, JobProgress progress) throws JobFailedException, InterruptedException;
}
