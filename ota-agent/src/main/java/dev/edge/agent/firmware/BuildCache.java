package dev.edge.agent.firmware;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Decides whether {@code build/edge/} can be reused: its provenance must carry the same cache key (builder
 * version, descriptor, source tree digest, toolchain image, SOURCE_DATE_EPOCH) and every image it lists must
 * still be there with the recorded size and hash.
 */
public final class BuildCache {
  private BuildCache() {
  }

  /** The cache key of a build's inputs. */
  public static String key(String builderVersion, String descriptorSha256, String sourceDigest, String imageId,
      long sourceDateEpoch) {
    return "sha256:" + Hashes.sha256("edge-firmware-build/1\nbuilder " + builderVersion + "\ndescriptor "
        + descriptorSha256 + "\nsources " + sourceDigest + "\ntoolchain " + imageId + "\nsource_date_epoch "
        + sourceDateEpoch + "\n");
  }

  /**
   * What to do.
   *
   * @param hit reuse the outputs
   * @param reason why not, for the log (null on a hit)
   */
  public record Decision(boolean hit, String reason) {}

  public static Decision decide(Path outputDir, Provenance previous, String key, Provenance.Source source,
      String imageId) throws IOException {
    if (previous == null) {
      return new Decision(false, "no previous build in " + outputDir);
    }
    if (!key.equals(previous.cacheKey())) {
      return new Decision(false, changed(previous, source, imageId));
    }
    for (Provenance.FlashImage image : previous.images()) {
      Path file = outputDir.resolve(image.file());
      if (!Files.isRegularFile(file)) {
        return new Decision(false, image.file() + " is missing from " + outputDir);
      }
      if (Files.size(file) != image.size() || !Hashes.sha256(file).equals(image.sha256())) {
        return new Decision(false, image.file() + " no longer matches " + Provenance.FILE_NAME);
      }
    }
    return new Decision(true, null);
  }

  private static String changed(Provenance previous, Provenance.Source source, String imageId) {
    Provenance.Source was = previous.source();
    if (was == null) {
      return "the previous build left no inputs in its provenance";
    }
    // The descriptor is one of the sources: name it first, it is the more precise reason.
    if (!Objects.equals(was.descriptorSha256(), source.descriptorSha256())) {
      return "edge-firmware.yaml changed";
    }
    if (!Objects.equals(was.digest(), source.digest())) {
      return "the sources changed";
    }
    if (previous.toolchain() == null || !Objects.equals(previous.toolchain().imageId(), imageId)) {
      return "the toolchain image changed";
    }
    if (was.sourceDateEpoch() != source.sourceDateEpoch()) {
      return "SOURCE_DATE_EPOCH changed";
    }
    return "the previous build was made by another version of edge";
  }
}
