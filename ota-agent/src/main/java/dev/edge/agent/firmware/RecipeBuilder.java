package dev.edge.agent.firmware;

import dev.edge.agent.jobs.JobFailedException;
import dev.edge.agent.jobs.JobProgress;
import java.nio.file.Path;

/**
 * Builds a toolchain recipe (a directory with a Dockerfile) into a local image: the seam where the Dockerfile
 * builder plugs in. Until it does, {@link #NOT_WIRED} explains why a recipe cannot be used.
 */
@FunctionalInterface
public interface RecipeBuilder {
  ResolvedToolchain build(Path recipeDir, JobProgress progress) throws JobFailedException, InterruptedException;

  RecipeBuilder NOT_WIRED = (dir, progress) -> {
    throw new JobFailedException("toolchain.recipe " + dir + ": building recipes needs the builder (not wired"
        + " yet); use toolchain.image with a pulled or pushed image, e.g. one built from that Dockerfile");
  };
}
