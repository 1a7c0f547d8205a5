package dev.edge.agent.firmware;

import dev.edge.agent.jobs.JobFailedException;
import dev.edge.agent.jobs.JobProgress;
import dev.edge.runtime.distribution.ImageStore;
import dev.edge.runtime.distribution.PullService;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.Reference;
import dev.edge.runtime.registry.RegistryNotFoundException;
import dev.edge.runtime.store.ImageRecord;
import dev.edge.runtime.store.NoSuchImageException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves toolchain images through the daemon's image store, pulling what is missing; recipes go to a
 * {@link RecipeBuilder}. A present image is used without asking the registry, so a cached build needs no
 * network.
 */
public final class StoreToolchainResolver implements ToolchainResolver {
  private final ImageStore images;
  private final PullService pulls;
  private final RecipeBuilder recipes;

  public StoreToolchainResolver(ImageStore images, PullService pulls, RecipeBuilder recipes) {
    this.images = images;
    this.pulls = pulls;
    this.recipes = recipes;
  }

  @Override
  public ResolvedToolchain image(String reference, JobProgress progress)
      throws JobFailedException, InterruptedException {
    Reference ref = Reference.parse(reference);
    // A digest pins the content: pull by digest alone, so the tag is neither trusted nor moved.
    Reference wanted = ref.digest() != null ? ref.withDigest(ref.digest()) : ref;
    ImageRecord record = local(wanted).orElse(null);
    if (record == null) {
      record = pull(reference, wanted, progress);
    }
    String digest = ref.digest() != null ? ref.digest().toString() : repoDigest(record, ref).orElse(null);
    if (ref.digest() != null && images.index().repoDigests(record.imageId()).stream()
        .noneMatch(d -> d.endsWith("@" + ref.digest()))) {
      throw new JobFailedException("toolchain image " + reference + ": digest mismatch: the image found for it"
          + " does not carry the digest " + ref.digest());
    }
    return new ResolvedToolchain(reference, record.id(), digest);
  }

  @Override
  public ResolvedToolchain recipe(Path recipeDir, JobProgress progress)
      throws JobFailedException, InterruptedException {
    return recipes.build(recipeDir, progress);
  }

  private Optional<ImageRecord> local(Reference ref) {
    try {
      return Optional.of(images.index().resolve(ref.toString()));
    } catch (NoSuchImageException e) {
      return Optional.empty();
    }
  }

  private ImageRecord pull(String reference, Reference ref, JobProgress progress)
      throws JobFailedException, InterruptedException {
    progress.progress(0, "pulling " + ref.familiar(), Map.of());
    try {
      PullService.Resolved resolved = pulls.resolve(ref, Optional.empty(), Optional.empty());
      return pulls.pull(resolved, message -> forward(message, progress));
    } catch (RegistryNotFoundException e) {
      String hint = ref.digest() != null ? "; the registry has no manifest with that digest (if the tag moved,"
          + " `edge firmware lock` pins what it points at now)" : "";
      throw new JobFailedException("toolchain image " + reference + ": " + e.getMessage() + hint, e);
    } catch (IOException e) {
      throw new JobFailedException("toolchain image " + reference + ": pull failed: " + e.getMessage(), e);
    }
  }

  /** Pull status lines go to the log; per-layer byte counts are too many to keep. */
  private static void forward(Map<String, Object> message, JobProgress progress) {
    Object status = message.get("status");
    if (status == null || message.get("progressDetail") instanceof Map<?, ?> d && !d.isEmpty()) {
      return;
    }
    Object id = message.get("id");
    progress.log("pull", id == null ? status.toString() : id + ": " + status);
  }

  /** The registry digest the image is known under for this repository, as {@code docker images --digests}. */
  private Optional<String> repoDigest(ImageRecord record, Reference ref) {
    String prefix = ref.familiarName() + "@";
    return images.index().repoDigests(record.imageId()).stream().filter(d -> d.startsWith(prefix))
        .map(d -> Digest.parse(d.substring(prefix.length())).toString()).findFirst();
  }
}
