package dev.edge.agent.firmware;

import dev.edge.agent.jobs.JobFailedException;
import dev.edge.agent.jobs.JobProgress;
import dev.edge.runtime.build.BuildException;
import dev.edge.runtime.build.BuildRequest;
import dev.edge.runtime.build.Builder;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.Reference;
import dev.edge.runtime.store.ImageIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Toolchain recipes built by the daemon's Dockerfile builder: the step cache makes an unchanged
 * recipe cost a few metadata reads, and FROM images are taken from the local store first, so a
 * base made with {@code edge bootstrap} builds with no registry at all.
 */
public final class BuilderRecipes implements RecipeBuilder {
  private final Builder builder;
  private final ImageIndex images;

  public BuilderRecipes(Builder builder, ImageIndex images) {
    this.builder = builder;
    this.images = images;
  }

  @Override
  public ResolvedToolchain build(Path recipeDir, JobProgress progress)
      throws JobFailedException, InterruptedException {
    if (!Files.isRegularFile(recipeDir.resolve("Dockerfile"))) {
      throw new JobFailedException("toolchain.recipe " + recipeDir + ": no Dockerfile there");
    }
    Reference tag = Reference.parse("edge-recipe/" + recipeDir.getFileName().toString()
        .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-") + ":local");
    progress.phase("toolchain", "building the toolchain recipe " + recipeDir + " locally as "
        + tag.familiar() + " (cached steps are reused; FROM images come from the local store"
        + " first, e.g. a base made by `edge bootstrap debian:bookworm`)");
    Digest id;
    try {
      id = builder.build(new BuildRequest(recipeDir, "Dockerfile", List.of(tag), Map.of(),
          Map.of(), null, false, false, null, "host"), text -> {
            String line = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
            progress.log("stdout", line);
          });
    } catch (BuildException e) {
      throw new JobFailedException("toolchain.recipe " + recipeDir + ": " + e.getMessage()
          + (e.getMessage().startsWith("FROM ") ? " (without a registry, make the base image"
              + " with `edge bootstrap debian:bookworm`)" : ""));
    } catch (IOException e) {
      throw new JobFailedException("toolchain.recipe " + recipeDir + ": " + e.getMessage());
    }
    String manifest = images.get(id).map(r -> r.manifest()).orElse(null);
    return new ResolvedToolchain(tag.familiar(), id.toString(), manifest);
  }
}
