package dev.edge.agent.images;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.agent.jobs.JobFailedException;
import dev.edge.agent.jobs.JobHandler;
import dev.edge.agent.jobs.JobProgress;
import dev.edge.runtime.image.Platform;
import dev.edge.runtime.image.Reference;
import dev.edge.runtime.store.ImageRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code image.pull} {@code {image, platform?}}: pulls through the daemon's pull service, sharing the transfer
 * with any other job pulling the same image ({@link SharedPulls}). Resumable: a pull picks up the blobs it already
 * has, so one interrupted by a restart simply runs again. Result: {@code image}, {@code id} (the config digest),
 * {@code digest} (the repo digest the tag pointed at), {@code platform}, {@code shared}.
 */
public final class ImagePullJob implements JobHandler {
  public static final String TYPE = "image.pull";

  private final SharedPulls pulls;

  public ImagePullJob(SharedPulls pulls) {
    this.pulls = pulls;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Duration timeout() {
    return Duration.ofHours(1);
  }

  @Override
  public boolean resumable() {
    return true;
  }

  @Override
  public Run prepare(JsonNode doc) {
    JsonNode image = doc.get("image");
    if (image == null || !image.isTextual() || image.asText().isBlank()) {
      throw new IllegalArgumentException("image: missing; give an image reference such as alpine:3.19");
    }
    Reference ref;
    try {
      ref = Reference.parse(image.asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("image: " + e.getMessage(), e);
    }
    // Docker pulls "latest" for a bare name
    Reference named = ref.tag() == null && ref.digest() == null ? ref.withTag(Reference.DEFAULT_TAG) : ref;
    Optional<Platform> platform = platform(doc.get("platform"));
    return progress -> pull(named, platform, progress);
  }

  private static Optional<Platform> platform(JsonNode node) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Platform.parse(node.asText()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("platform: " + e.getMessage(), e);
    }
  }

  private Map<String, Object> pull(Reference ref, Optional<Platform> platform, JobProgress progress)
      throws JobFailedException, InterruptedException {
    progress.phase("pull", "pulling " + ref.familiar() + platform.map(p -> " for " + p).orElse(""));
    SharedPulls.Outcome outcome;
    try {
      outcome = pulls.pull(ref, platform, (percent, message, done, total) -> progress.progress(percent, message,
          total > 0 ? Map.of("bytes", done, "total", total) : Map.of()));
    } catch (IOException | RuntimeException e) {
      throw new JobFailedException(TYPE + (progress.jobId() == null ? "" : " " + progress.jobId()) + ": pull "
          + ref.familiar() + ": " + e.getMessage(), e);
    }
    ImageRecord image = outcome.image();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("image", ref.familiar());
    result.put("id", image.id());
    result.put("digest", image.index() != null ? image.index() : image.manifest());
    if (image.platform() != null) {
      result.put("platform", image.platform().toString());
    }
    result.put("shared", outcome.joined());
    return result;
  }
}
