package dev.edge.agent.firmware;

import dev.edge.agent.jobs.JobFailedException;
import dev.edge.agent.jobs.JobProgress;
import java.nio.file.Path;

/**
 * Builds a toolchain recipe (a directory with a Dockerfile) into a local image: the seam where the Dockerfile
 * builder plugs in ({@link BuilderRecipes}); {@link #NOT_WIRED} explains why a daemon without containers cannot.
 */
@FunctionalInterface
public interface RecipeBuilder {
  ResolvedToolchain build(Path recipeDir, JobProgress progress) throws JobFailedException, InterruptedException;

  RecipeBuilder NOT_WIRED = (dir, progress) -> {
    throw new JobFailedException("toolchain.recipe " + dir + ": building recipes needs the builder, which"
        + " runs RUN steps in containers that this daemon cannot run; use toolchain.image instead");
  };
}
